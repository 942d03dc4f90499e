# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/bench/traces: record the exerciser plus a flood of
# raw_syscalls events (not ours: what real recordings are mostly made of),
# for each size asked in /share/sizes ("EVENTS" per line).
#
# trace-cmd records into a tmpfs of the guest, then the whole file is
# copied to the host's directory: recording straight onto the 9p share was
# too slow to drain the ring buffer (the 1e7 trace lost 22% of its events).
# The tmpfs is mounted here, not the rootfs /tmp: rootfs is capped at half
# the guest's RAM, and the 1e7 trace needs about 1 GB while trace-cmd
# merges its per-CPU files into the output.
# A trace reaches /share under its final name only once wholly copied.
set -eu

mkdir -p /tmp/rec
mount -t tmpfs -o size=90% tmpfs /tmp/rec
rc=0
while read -r n; do
	f=/tmp/rec/trace-$n.dat log=/share/record-$n.err
	# dd bs=1 makes two syscalls a byte, each an enter and an exit event
	bytes=$((n / 4))
	start=$(cut -d' ' -f1 /proc/uptime)
	if ! dmabuf-audit record -o "$f" --buffer-kb 100000 -e raw_syscalls -- sh -c \
		"dmabuf-audit exercise --size 64k >/dev/null; dd if=/dev/zero of=/dev/null bs=1 count=$bytes 2>/dev/null" \
		2>"$log"; then
		echo "guest-trace: recording $n events failed (see $log)"
		rc=1
		rm -f "$f"
		continue
	fi
	{
		echo "recorded in $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" \
			'BEGIN { printf "%.1f", b - a }') s of guest time"
		df -k /tmp/rec | tail -n 1
		grep -E '^(MemTotal|MemAvailable):' /proc/meminfo
	} >>"$log"
	if ! { cp "$f" "/share/trace-$n.dat.part" &&
	       mv "/share/trace-$n.dat.part" "/share/trace-$n.dat"; }; then
		echo "guest-trace: copying trace-$n.dat to the host failed"
		rm -f "/share/trace-$n.dat.part"
		rc=1
	fi
	rm -f "$f"
done </share/sizes
exit $rc
