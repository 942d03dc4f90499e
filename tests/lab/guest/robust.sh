# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/robustness: signals, crashes, SIGKILL recovery,
# lost events, concurrency. Results as "name<TAB>value" in /out/robust.tsv.
T=/sys/kernel/tracing
res() { printf '%s\t%s\n' "$1" "$2" >>/out/robust.tsv; }
ours() { echo "$(ls $T/instances | grep -c '^dmabuf_audit_') $(grep -c ':dmabuf_audit' $T/dynamic_events)"; }
# GUP windows of live sessions (of group $1, else any), and their triggers
wins() {
	n=0 t=0
	for w in $(ls $T/instances | grep "^dmabuf_audit_${1:-[0-9]*}_w[0-9]*\$"); do
		n=$((n + 1))
		t=$((t + $(cat $T/instances/$w/events/*/*/trigger 2>/dev/null | grep -vc '^#')))
	done
	echo "$n $t"
}
: >/out/robust.tsv

# A CMD that ignores SIGINT: passed on, then SIGKILL after the grace period.
dmabuf-audit live --json /out/sigint.json -- sh -c \
	'trap "" INT; dmabuf-audit exercise >/dev/null 2>&1; sleep 60' >/dev/null 2>/out/sigint.err &
sleep 5
kill -INT $!
wait $!
res sigint.rc $?
for sig in TERM HUP; do
	dmabuf-audit live --json /out/sig$sig.json -- sh -c \
		'dmabuf-audit exercise >/dev/null 2>&1; sleep 60' >/dev/null 2>&1 &
	sleep 5
	kill -$sig $!
	wait $!
	res sig$sig.rc $?
done
# A CMD that crashes.
dmabuf-audit live --json /out/crash.json -- sh -c \
	'dmabuf-audit exercise >/dev/null 2>&1; kill -SEGV $$' >/dev/null 2>&1
res crash.rc $?
res left.after-signals "$(ours)"
res windows.after-signals "$(wins)"

# SIGKILL: the next start cleans up; nobody else's instance or probe is touched.
mkdir $T/instances/someone_else
echo 'p:other_tool/openat do_sys_openat2' >>$T/dynamic_events
dmabuf-audit live -- sleep 60 >/dev/null 2>&1 &
sleep 3
kill -KILL $!
wait $!
res left.after-kill "$(ours)"
res windows.after-kill "$(wins)"
dmabuf-audit probes show >/out/show.txt
dmabuf-audit live --duration 1 >/dev/null 2>/out/recover.err
res recover.rc $?
res left.after-recover "$(ours)"
res windows.after-recover "$(wins)"
dmabuf-audit live -- sleep 60 >/dev/null 2>&1 &
sleep 3
kill -KILL $!
wait $!
dmabuf-audit probes remove --stale >/out/stale.txt 2>&1
res stale.rc $?
res left.after-stale "$(ours)"
res windows.after-stale "$(wins)"
res others "$(ls $T/instances | grep -c '^someone_else$') $(grep -c ':other_tool/openat' $T/dynamic_events)"
rmdir $T/instances/someone_else
echo '-:other_tool/openat' >>$T/dynamic_events

# A program of another name holding a live session (lab-session-holder, on
# the library): its lock keeps its probes and instance while dmabuf-audit
# sweeps stale groups and starts anew; once it is killed, they are stale.
group() { echo "$(ls $T/instances | grep -c "^dmabuf_audit_$1\$") $(grep -c ":dmabuf_audit_$1/" $T/dynamic_events)"; }
await() { i=0; while [ ! -s "$1" ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done; }
lab-session-holder /tmp/holder.ready /out/holder.json 2>/out/holder.err &
h=$!
await /tmp/holder.ready
res holder.comm "$(cat /proc/$h/comm)"
res holder.before "$(group $h)"
res holder.windows "$(wins $h)"
dmabuf-audit probes show >/out/holder-show.txt 2>&1
dmabuf-audit probes remove --stale >/out/holder-stale.txt 2>&1
res holder.stale.rc $?
res holder.after-stale "$(group $h)"
res holder.windows-after-stale "$(wins $h)"
dmabuf-audit live --duration 1 >/dev/null 2>/out/holder-live.err
res holder.live.rc $?
res holder.after-live "$(group $h)"
res holder.windows-after-live "$(wins $h)"
kill -TERM $h
wait $h
res holder.rc $?
res holder.after-close "$(group $h)"
res holder.windows-after-close "$(wins $h)"
res holder.locks "$(ls /run/dmabuf-audit /tmp/dmabuf-audit 2>/dev/null | grep -c "_$h.lock")"
lab-session-holder /tmp/holder2.ready /out/holder2.json 2>/dev/null &
h=$!
await /tmp/holder2.ready
kill -KILL $h
wait $h
res holder.killed "$(group $h)"
res holder.killed-windows "$(wins $h)"
dmabuf-audit probes remove --stale >/dev/null 2>&1
res holder.killed-after-stale "$(group $h)"
res holder.killed-windows-after-stale "$(wins $h)"
res holder.killed-locks "$(ls /run/dmabuf-audit /tmp/dmabuf-audit 2>/dev/null | grep -c "_$h.lock")"

# A tiny buffer and a busy workload: lost events, never a pass.
dmabuf-audit live --buffer-kb 4 --json /out/lost.json -- sh -c \
	'dmabuf-audit exercise --size 16m >/dev/null 2>&1; i=0; while [ $i -lt 300 ]; do cat /proc/version >/dev/null; i=$((i + 1)); done' \
	>/dev/null 2>&1
res lost.rc $?

# Two sessions on different workloads, and a trace-cmd record, at once.
trace-cmd record -q -e sched:sched_process_exec -o /tmp/other.dat -- sleep 12 >/dev/null 2>&1 &
tc=$!
sleep 2
dmabuf-audit live --json /out/c1.json -- sh -c \
	'dmabuf-audit exercise --format tsv >/out/c1.tsv' >/dev/null 2>&1 &
a=$!
dmabuf-audit live --json /out/c2.json -- sh -c \
	'dmabuf-audit exercise --size 64k --format tsv >/out/c2.tsv' >/dev/null 2>&1 &
b=$!
wait $a
res c1.rc $?
wait $b
res c2.rc $?
wait $tc
res tc.rc $?
res tc.execs "$(trace-cmd report -i /tmp/other.dat 2>/dev/null | grep -c sched_process_exec)"
# --user: CMD runs unprivileged while the audit runs as root
dmabuf-audit live --json /out/user.json --user nobody -- sh -c 'echo "uid=$(id -u)" >&2' \
	>/dev/null 2>/out/user.err
res user.rc $?
res user.uid "$(sed -n 's/^uid=//p' /out/user.err)"
res left.at-end "$(ours)"
res windows.at-end "$(wins)"
res locks.at-end "$(ls /run/dmabuf-audit /tmp/dmabuf-audit 2>/dev/null | grep -c '\.lock$')"
true
