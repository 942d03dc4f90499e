# SPDX-License-Identifier: GPL-2.0
# Lab smoke test (busybox sh, run by /init): what this kernel offers the
# project, into /out/smoke.txt; plus bufinfo and whether trace-cmd (copied
# in with --with, with its ldd closure) runs.
{
	echo "release $(uname -r)"
	echo "line ${LAB_LINE:-?}"
	if [ -d /sys/kernel/tracing/events/dma_buf ]; then
		echo "dma_buf-events $(cd /sys/kernel/tracing/events/dma_buf && for e in */; do printf '%s ' "${e%/}"; done)"
	else
		echo "dma_buf-events none"
	fi
	for d in /dev/dri/* /dev/video* /dev/dma_heap/* /dev/udmabuf; do
		[ -e "$d" ] && echo "device $d"
	done
	[ -e /sys/kernel/btf/vmlinux ] && echo "btf yes" || echo "btf no"
	echo "modules $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
} >/out/smoke.txt
cat /out/smoke.txt

[ -r /sys/kernel/debug/dma_buf/bufinfo ] && cp /sys/kernel/debug/dma_buf/bufinfo /out/bufinfo.txt
# trace-cmd 3.1.6 exits 255 after --version: judge by what it printed
trace-cmd --version 2>&1 | grep '^trace-cmd version' >/out/trace-cmd-version.txt
rc=$?
cat /out/trace-cmd-version.txt
exit $rc
