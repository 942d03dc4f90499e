# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tests/bench/gup-heavy (busybox sh, run by tests/lab/lab).
# tests/bench/gup-heavy puts in front: LOAD (gup-load), RUNS, ROUNDS, SECS,
# MODES, PIN (a taskset mask for the workload, or empty), PROFILE (modes to
# profile with perf, or empty).
# Writes to /out:
#   times   "RUN MODE secs=S reads=N attempts=N lost=N", one per timed run
#   rate    the SECS-long runs at the highest rate, one per line:
#           "MODE gup=N secs=S reads=N lost=N complete=B"
#   rate.json     the report of the system-wide one
#   profile-MODE  perf's kernel and user symbols by samples, for each PROFILE mode
#   errors  anything that went wrong
#
# The modes (each a live audit as `dmabuf-audit live` makes it, the parts
# the audit is made of taken away one by one with tracefs, not with code
# of the audit's own, so that what is measured is what live sets up):
#   bare, bare2  no audit (bare2: the A/A noise)
#   nord     probes, filters and windows, the reader stopped (SIGSTOP) after
#            it closed the windows the workload's fork opened: what the
#            kernel pays per unrelated GUP, nobody reading
#   nowin    the windows' triggers removed (so their GUP events go away
#            once closed): probes and filters of our instance only, reader on
#   noprobe  also our instance's GUP events disabled (the kprobes disarmed):
#            the reader polling and nothing else
#   nostack  a system-wide live audit with --no-stacks
#   sys      a system-wide live audit around the workload
#   cmd      live -- CMD
T=/sys/kernel/tracing
EXERCISE=
PERF=
# a live audit records everything for a moment after each new task
# (tests/lab/gup-filter): the loop starts after it
DELAY=1

err() { echo "$*" >>/out/errors; }
# json FILE KEY: the first value of KEY in a pretty-printed JSON report
json() { sed -n "s/^ *\"$2\": *\([^,]*\),*\$/\1/p" "$1" | head -n 1; }
secs() { sed -n 's/.*secs=\([0-9.]*\).*/\1/p' "$1"; }
reads() { sed -n 's/.*live: \([0-9]*\) records read.*/\1/p' "$1"; }
# load ARGS...: the workload (with PERF set, under perf record of the whole guest)
load() {
	${PERF:+perf record -q -a -e cpu-clock -o /tmp/perf.data --} \
		${PIN:+taskset "$PIN"} "$LOAD" --delay $DELAY "$@"
}

# ticks PID: its user and system CPU ticks
ticks() { awk '{ print $14 + $15 }' /proc/$1/stat 2>/dev/null || echo 0; }

# wait_live PID: until its windows are made and its own instance traces
wait_live() {
	n=0
	while { [ ! -d "$T/instances/dmabuf_audit_$1_w2" ] ||
		[ "$(cat "$T/instances/dmabuf_audit_$1/tracing_on" 2>/dev/null)" != 1 ]; } &&
	      [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.5
}

# unwin PID: remove the enable_event triggers of its windows
unwin() {
	for f in "$T"/instances/dmabuf_audit_"$1"_w*/events/dmabuf_audit_"$1"/*/trigger; do
		grep '^enable_event' "$f" 2>/dev/null | cut -d: -f1-3 |
		while read -r t; do echo "!$t" >>"$f" || err "cannot remove $t from $f"; done
	done
}

# noprobe PID: our instance's GUP events off, and their stacktrace
# triggers (which hold them in soft mode) removed
noprobe() {
	for d in "$T"/instances/dmabuf_audit_"$1"/events/dmabuf_audit_"$1"/*gup*; do
		grep -q '^stacktrace' "$d/trigger" && echo '!stacktrace' >>"$d/trigger"
		echo 0 >"$d/enable" || err "cannot disable $d"
	done
}

# audited MODE ARGS...: a system-wide live audit around "load ARGS" >/tmp/load,
# taken apart as MODE says
audited() {
	m=$1
	shift
	opt=
	[ "$m" = nostack ] && opt=--no-stacks
	DMABUF_AUDIT_DEBUG=1 dmabuf-audit live $opt --json /tmp/live.json >/dev/null 2>/tmp/live.err &
	lp=$!
	wait_live $lp
	# a dma-buf mapping for the audit to check (the flat-out run)
	# (its exit status says which exporters it reached: not ours to judge)
	[ -z "$EXERCISE" ] || dmabuf-audit exercise --size 64k --format tsv >/tmp/exercise 2>&1
	case $m in
	nowin) unwin $lp ;;
	noprobe) unwin $lp; noprobe $lp ;;
	esac
	load "$@" >/tmp/load 2>&1 &
	wp=$!
	c0=$(ticks $lp)
	if [ "$m" = nord ]; then
		# the windows the fork opened are closed within three polls
		sleep 0.5
		kill -STOP $lp
	fi
	wait $wp || err "gup-load failed: $(cat /tmp/load)"
	# the reader's CPU while the workload ran (its delay included)
	echo $(($(ticks $lp) - c0)) >/tmp/rcpu
	[ "$m" = nord ] && kill -CONT $lp
	kill -INT $lp
	wait $lp
}

# one RUN MODE: a timed run, its line in /out/times
one() {
	rm -f /tmp/live.json /tmp/live.err /tmp/load
	case $2 in
	bare | bare2) load "$ROUNDS" >/tmp/load 2>&1 ;;
	cmd) DMABUF_AUDIT_DEBUG=1 dmabuf-audit live --json /tmp/live.json -- \
		sh -c "${PIN:+taskset $PIN} $LOAD --delay $DELAY $ROUNDS >/tmp/load 2>&1" \
		>/dev/null 2>/tmp/live.err ;;
	*) audited "$2" "$ROUNDS" ;;
	esac
	[ -s /tmp/load ] || err "run $1 $2: no output"
	if [ -s /tmp/live.json ]; then
		echo "$1 $2 secs=$(secs /tmp/load) reads=$(reads /tmp/live.err)" \
			"attempts=$(json /tmp/live.json gup_attempts)" \
			"lost=$(json /tmp/live.json lost_events)" >>/out/times
	else
		echo "$1 $2 secs=$(secs /tmp/load)" >>/out/times
	fi
}

# profile MODE: perf's samples of the whole guest while MODE's workload runs
profile() {
	rm -f /tmp/live.json /tmp/live.err /tmp/load /tmp/perf.data
	PERF=1
	case $1 in
	bare) load "$ROUNDS" >/tmp/load 2>&1 ;;
	*) audited "$1" "$ROUNDS" ;;
	esac
	PERF=
	[ -s /tmp/perf.data ] || { err "profile $1: no perf.data: $(cat /tmp/load)"; return; }
	# the workload and the reader, not the idle vCPU
	perf report -i /tmp/perf.data --stdio -n --sort sym --no-children \
		--comms gup-load,dmabuf-audit 2>>/out/errors |
		grep -v '^#' | grep . >/out/profile-"$1"
}

# The GUP probes alone, placed by hand in an instance of their own, every
# record filtered out (what the kernel pays per unrelated GUP once all four
# are filtered), in variants: COST_MODES of
#   kp    kprobe entries and kretprobe returns, as lib/probes.c places them
#   fp    fprobe entries and fprobe returns (f: and f:%return)
#   kpw   kp, and three more instances holding the events in soft mode
#         (an enable_event trigger on an event that never fires), as live's
#         windows do
#   kpl   kp with filters of 64 terms each (a large set)
# Writes "RUN MODE secs=S" to /out/cost, or "MODE unsupported" once.
C=gupcost
fast_fn() {
	for f in gup_fast_fallback internal_get_user_pages_fast; do
		grep -q "^$f\b" $T/available_filter_functions && { echo $f; return; }
	done
}

# cost_place MODE: the events of MODE in instance $C (and its soft ones)
cost_place() {
	fn=$(fast_fn)
	case $1 in
	fp) e='f:' x='f:' xs='%return' ;;
	*) e='p:' x='r:' xs= ;;
	esac
	{
		echo "${e}$C/fast $fn start=\$arg1:x64 nr=\$arg2:u64 comm=\$comm"
		echo "${x}$C/fast_ret $fn$xs ret=\$retval:s32"
		echo "${e}$C/slow __get_user_pages mm=\$arg1:x64 start=\$arg2:x64 nr=\$arg3:u64 comm=\$comm"
		echo "${x}$C/slow_ret __get_user_pages$xs ret=\$retval:s32"
		echo "p:$C/never dma_buf_mmap_internal"
	} | while read -r d; do echo "$d" >>$T/dynamic_events || exit 1; done || return 1
	mkdir $T/instances/$C || return 1
	flt="common_pid == 1"
	if [ "$1" = kpl ]; then
		i=2
		while [ $i -le 64 ]; do flt="$flt || common_pid == $i"; i=$((i + 1)); done
	fi
	for ev in fast fast_ret slow_ret; do echo "$flt" >$T/instances/$C/events/$C/$ev/filter; done
	echo "${flt//common_pid/mm}" >$T/instances/$C/events/$C/slow/filter
	for ev in fast fast_ret slow slow_ret; do echo 1 >$T/instances/$C/events/$C/$ev/enable; done
	[ "$1" = kpw ] || return 0
	for w in 0 1 2; do
		mkdir $T/instances/${C}_w$w || return 1
		for ev in fast fast_ret slow; do
			echo "enable_event:$C:$ev" >>$T/instances/${C}_w$w/events/$C/never/trigger
		done
		echo 1 >$T/instances/${C}_w$w/events/$C/never/enable
	done
}

cost_remove() {
	for w in 0 1 2; do
		d=$T/instances/${C}_w$w
		[ -d $d ] || continue
		echo 0 >$d/events/$C/never/enable
		for ev in fast fast_ret slow; do echo "!enable_event:$C:$ev" >>$d/events/$C/never/trigger; done
		rmdir $d
	done
	[ -d $T/instances/$C ] && { echo 0 >$T/instances/$C/events/$C/enable; rmdir $T/instances/$C; }
	for ev in fast fast_ret slow slow_ret never; do echo "-:$C/$ev" >>$T/dynamic_events; done 2>/dev/null
}

# cost_one RUN MODE
cost_one() {
	rm -f /tmp/load
	if [ "$2" != bare ] && ! cost_place "$2" 2>>/out/errors; then
		cost_remove
		grep -q "^$2 unsupported" /out/cost 2>/dev/null || echo "$2 unsupported" >>/out/cost
		return
	fi
	load "$ROUNDS" >/tmp/load 2>&1
	cost_remove
	echo "$1 $2 secs=$(secs /tmp/load)" >>/out/cost
}

[ -n "$PIN" ] && ! taskset "$PIN" true 2>/dev/null && { err "taskset $PIN failed: not pinned"; PIN=; }
# warm-up, not counted: TCG translates kernel code on first use
for m in $MODES; do one 0 $m; done
: >/out/times
r=1
while [ $r -le "$RUNS" ]; do
	# rotate the order of the modes from run to run
	set -- $MODES
	i=1
	while [ $i -lt "$r" ]; do m=$1; shift; set -- "$@" $m; i=$((i + 1)); done
	for m in "$@"; do one $r $m; done
	r=$((r + 1))
done

# the highest rate: SECS seconds flat out, bare, then under a system-wide
# live audit with default buffers
: >/out/rate
for m in bare sys; do
	rm -f /tmp/live.json /tmp/live.err /tmp/load
	if [ $m = bare ]; then
		load --for "$SECS" >/tmp/load 2>&1
	else
		EXERCISE=1
		audited sys --for "$SECS"
		EXERCISE=
	fi
	echo "$m $(sed -n 's/.*\(gup=[0-9]*\) \(secs=[0-9.]*\).*/\1 \2/p' /tmp/load)" \
		"reads=$(reads /tmp/live.err) lost=$(json /tmp/live.json lost_events)" \
		"complete=$(json /tmp/live.json complete)" \
		"rcpu=$([ $m = bare ] || cat /tmp/rcpu)" >>/out/rate
done
cp /tmp/live.json /out/rate.json 2>/dev/null
cp /tmp/live.err /out/rate.err 2>/dev/null
for m in $PROFILE; do profile $m; done
if [ -n "$COST_MODES" ]; then
	for m in bare $COST_MODES; do cost_one 0 $m; done
	: >/out/cost
	r=1
	while [ $r -le "$RUNS" ]; do
		set -- bare $COST_MODES
		i=1
		while [ $i -lt "$r" ]; do m=$1; shift; set -- "$@" $m; i=$((i + 1)); done
		for m in "$@"; do cost_one $r $m; done
		r=$((r + 1))
	done
fi
cat /out/times /out/rate
