# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/ground-truth: the live audit of the exerciser.
# The exerciser's own ground truth (TSV) and the audit's report both come
# back, and what tracefs holds of ours afterwards.
T=/sys/kernel/tracing
# every node and heap the guest has, for the exerciser to cover (check_nodes)
ls -d /dev/video* /dev/vbi* /dev/swradio* /dev/v4l-touch* /dev/dma_heap/* \
	>/out/nodes.txt 2>/dev/null
# check first: what it says live would place, and that it places nothing
{ cat $T/dynamic_events; ls $T/instances; } >/tmp/check.before
dmabuf-audit check >/out/check.txt 2>/out/check.err
echo $? >/out/check.rc
{ cat $T/dynamic_events; ls $T/instances; } >/tmp/check.after
cmp -s /tmp/check.before /tmp/check.after && echo unchanged >/out/check.placed ||
	diff /tmp/check.before /tmp/check.after >/out/check.placed
dmabuf-audit live --json /out/live.json -- sh -c \
	'dmabuf-audit exercise --format tsv --json /out/exercise.json >/out/exercise.tsv 2>/out/exercise.err; echo $? >/out/exercise.rc' \
	>/out/live.txt 2>/out/live.err
echo $? >/out/live.rc
cat /out/live.txt /out/live.err
ls $T/instances >/out/instances.after
grep dmabuf_audit $T/dynamic_events >/out/probes.after

# Once more for the other formats (checked by check_exercise): the live
# audit in markdown, the exerciser in KTAP, each with its JSON.
dmabuf-audit live --format markdown --json /out/live2.json -- sh -c \
	'dmabuf-audit exercise --format ktap --json /out/exercise2.json >/out/exercise.ktap 2>/out/exercise2.err' \
	>/out/live.md 2>/out/live2.err
ls $T/instances >>/out/instances.after
grep dmabuf_audit $T/dynamic_events >>/out/probes.after

# A filtered live audit (--exporter): only the violator's mappings, said so.
dmabuf-audit live --exporter videobuf2_vmalloc --json /out/live-filter.json -- \
	dmabuf-audit exercise --format tsv >/dev/null 2>/out/live-filter.err
echo $? >/out/live-filter.rc

# A live audit from C (samples/live-audit.c, built by tests/lab/ground-truth
# against the installed header and pkg-config; check_sample): its verdicts,
# read through the API, must be live's. Then live's JUnit XML of the same
# workload, checked on the host against the JUnit schema and its JSON.
if command -v live-audit >/dev/null; then
	live-audit -- sh -c 'dmabuf-audit exercise --format tsv >/dev/null' \
		>/out/sample.txt 2>/out/sample.err
	echo $? >/out/sample.rc
	ls $T/instances >>/out/instances.after
	grep dmabuf_audit $T/dynamic_events >>/out/probes.after
fi
dmabuf-audit live --format junit --json /out/live-junit.json -- \
	sh -c 'dmabuf-audit exercise --format tsv >/dev/null' >/out/live-junit.xml 2>/out/live-junit.err
echo $? >/out/live-junit.rc
true

# The same workload recorded with trace-cmd; the host audits the file.
dmabuf-audit record -o /out/trace.dat -- sh -c \
	'dmabuf-audit exercise --format tsv >/out/rec-exercise.tsv 2>&1' 2>/out/record.err
echo $? >/out/record.rc

# Bad situations: each must give one line, exit 2 (or run without what it
# does not need), and leave nothing behind.
bad() {
	name=$1
	shift
	"$@" >/tmp/bad.out 2>&1
	printf '%s\t%s\t%s\n' "$name" "$?" "$(grep -m1 'dmabuf-audit' /tmp/bad.out)" >>/out/bad.tsv
}
: >/out/bad.tsv
mount -t tmpfs none /sys/kernel/btf
bad no-btf dmabuf-audit live --json /out/no-btf.json -- true
umount /sys/kernel/btf
# debugfs carries its own tracefs automount (debug/tracing): both go
umount $T
umount /sys/kernel/debug
bad no-tracefs dmabuf-audit live -- true
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs $T
bad not-root su nobody -s /bin/sh -c 'dmabuf-audit live -- true'
bad no-cmd dmabuf-audit live -- /nonexistent/cmd
# SIGINT ends a system-wide watch: a report (nothing mapped: incomplete)
dmabuf-audit live >/tmp/sigint.out 2>&1 &
sleep 2
kill -INT $!
wait $!
printf 'sigint\t%s\t%s\n' "$?" "$(grep -m1 'no dma-buf was mapped' /tmp/sigint.out)" >>/out/bad.tsv
ls $T/instances >>/out/instances.after
grep dmabuf_audit $T/dynamic_events >>/out/probes.after
true

# ---- snapshot (checked by check_snapshot in tests/lab/ground-truth) ----
# The exerciser holds a mapping of every exporter (--hold) while a snapshot
# of the whole system is taken, by root and by nobody; SIGUSR1 ends the hold.
dmabuf-audit exercise --hold 300 --format tsv >/out/hold.tsv 2>/tmp/hold.err &
holder=$!
i=0
while ! grep -q holding /tmp/hold.err && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
dmabuf-audit snapshot --json /out/snapshot.json --save /out/snapshot.tar \
	>/out/snapshot.txt 2>&1
echo $? >/out/snapshot.rc
su nobody -s /bin/sh -c 'dmabuf-audit snapshot --format json' \
	>/out/snapshot-nobody.json 2>/out/snapshot-nobody.err
echo $? >/out/snapshot-nobody.rc
kill -USR1 $holder
wait $holder
cat /tmp/hold.err /out/snapshot.txt
true

# ---- O_DIRECT (checked by check_exercise) ----
# exercise's O_DIRECT attempt needs a filesystem that does direct I/O (the
# initramfs root is tmpfs or ramfs, where it is not tried): ext2 on a RAM
# disk (brd and ext4, loaded by tests/lab/ground-truth) as $TMPDIR.
if [ -b /dev/ram0 ] && mke2fs /dev/ram0 >/dev/null 2>&1 && mkdir -p /mnt/dio &&
	mount -t ext4 /dev/ram0 /mnt/dio; then
	TMPDIR=/mnt/dio dmabuf-audit exercise --format tsv --json /out/dio.json \
		>/out/dio.tsv 2>/out/dio.err
	umount /mnt/dio
fi
true

# ---- mappings that move or split before GUP (checked by check_reshaped) ----
# --move: each mapping is moved with mremap (MREMAP_DONTUNMAP tried first)
# before it is touched; --split: its middle third is mprotect'ed and back,
# three VMAs. Live and a recording must attribute every GUP at the new
# place, or on every piece, to its exporter.
for w in move split; do
	dmabuf-audit live --json /out/live-$w.json -- sh -c \
		"dmabuf-audit exercise --$w --format tsv --json /out/exercise-$w.json >/out/exercise-$w.tsv 2>/out/exercise-$w.err" \
		>/dev/null 2>/out/live-$w.err
	echo $? >/out/live-$w.rc
	dmabuf-audit record -o /out/trace-$w.dat -- sh -c \
		"dmabuf-audit exercise --$w --format tsv >/out/rec-exercise-$w.tsv 2>&1" 2>/out/record-$w.err
	echo $? >/out/record-$w.rc
done
true

# ---- the forwarded path (checked by check_forward) ----
# Every DRM driver importing another's dumb buffer, mapping it through its
# own node: each step's errno, or the mapping's VmFlags if all worked.
lab-forward-probe >/out/forward.tsv 2>&1
true

# ---- an amd64 trace.dat of the fixtures, reported here (check_cross_report) ----
fixture=$(find / -xdev -path '*/tests/fixtures/trace/7.dat' 2>/dev/null | head -n 1)
[ -z "$fixture" ] || dmabuf-audit report --json /out/cross-report.json "$fixture" >/dev/null 2>&1
true
