# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tests/bench/live (busybox sh, run by tests/lab/lab).
# tests/bench/live puts these variables in front of it:
#   C (churn), RUNS, R (tight rounds), TR (typical rounds), WORK_US,
#   MAPPINGS (the lost-events run), PERF (1: profile with perf)
# Writes to /out:
#   info      "key value" lines (calibration, probe plan, trace-cmd line)
#   times     "RUN MODE PHASE loop=S cpu=S watch=S busy=S", one per phase
#   hits      "EVENT KPROBE-HITS RECORDS" of COUNT_ROUNDS tight rounds
#   checks    what each traced run reported about completeness
#   100k      the MAPPINGS run under live and under trace-cmd record
#   perf-*    perf reports, when PERF=1
#   errors    anything that went wrong

T=/sys/kernel/tracing
I=$T/instances/bench
MODES="bare bare2 probes live live-nostacks trace-cmd"
NR_MODES=6
COUNT_ROUNDS=1000

err() { echo "$*" >>/out/errors; }
# json FILE KEY: the first value of KEY in a pretty-printed JSON report
json() { sed -n "s/^ *\"$2\": *\([^,]*\),*\$/\1/p" "$1" | head -n 1; }
# overruns DAT: events a trace-cmd recording lost (overwritten or dropped)
overruns() {
	trace-cmd report --stat -i "$1" 2>/dev/null |
		awk '/^overrun:|^dropped events:/ { n += $NF } END { print n + 0 }'
}

# calibrated now for the warm-up, again after it for the timed runs: right
# after boot the guest sometimes runs slower for a while
W=$($C --calibrate "$WORK_US")
echo "params $RUNS $R $TR $WORK_US $MAPPINGS" >>/out/info
echo "cpus $(grep -c ^processor /proc/cpuinfo)" >>/out/info
echo "top_clock $(sed 's/.*\[\(.*\)\].*/\1/' $T/trace_clock)" >>/out/info
echo "buffer_kb $(sed 's/.*expanded: \([0-9]*\).*/\1/' $T/buffer_size_kb)" >>/out/info

inst=$(dmabuf-audit probes install) || err "probes install failed"
line=$(echo "$inst" | sed -n 's/^\(trace-cmd record.*\) -- CMD$/\1/p')
echo "method $(echo "$inst" | sed -n 's/^# placed in [^ ]* (\(.*\)):$/\1/p')" >>/out/info
echo "trace_cmd $line" >>/out/info
echo "$inst" | grep -v '^#' | grep -v '^trace-cmd' >/out/probes
dmabuf-audit probes remove >/dev/null

# the events and filters of the trace-cmd line, "EVENT|FILTER" a line
eval "set -- ${line#trace-cmd record}"
: >/tmp/evs
while [ $# -gt 1 ]; do
	case $1 in
	-e) echo "$2|" >>/tmp/evs ;;
	-f) sed -i "\$s/|.*/|$2/" /tmp/evs ;;
	esac
	shift 2
done

# probes: the same probes and filters as live, in an instance of their own
# with live's clock, overwriting when full: the kernel's work, no reader
pon() {
	dmabuf-audit probes install >/dev/null || err "probes install failed"
	mkdir $I
	! grep -qw mono $I/trace_clock || echo mono >$I/trace_clock
	while IFS='|' read -r ev f; do
		[ -z "$f" ] || echo "$f" >"$I/events/${ev%%:*}/${ev#*:}/filter"
		echo 1 >"$I/events/${ev%%:*}/${ev#*:}/enable"
	done </tmp/evs
}
poff() {
	echo 0 >$I/events/enable
	rmdir $I || err "cannot remove instance bench"
	dmabuf-audit probes remove >/dev/null
}

# run MODE PHASE-ARGS...: churn's phases under MODE, its lines in /tmp/t
run() {
	m=$1
	shift
	rm -f /tmp/t
	case $m in
	bare|bare2) $C "$@" >/tmp/t ;;
	probes) pon; $C "$@" >/tmp/t; poff ;;
	live|live-nostacks)
		# live takes kernel stacks by default; --no-stacks: what they cost
		CHURN_WATCH=dmabuf-audit dmabuf-audit live --json /tmp/live.json \
			$([ $m = live ] || echo --no-stacks) -- $C "$@" >/tmp/t 2>/tmp/err
		echo "$m $(json /tmp/live.json complete) $(json /tmp/live.json lost_events)" \
			"$(json /tmp/live.json mmaps)" >>/out/checks ;;
	trace-cmd) dmabuf-audit probes install >/dev/null
		eval "CHURN_WATCH=trace-cmd $line -q -o /tmp/t.dat -- $C $*" >/tmp/t 2>/tmp/err
		echo "trace-cmd $(overruns /tmp/t.dat)" >>/out/checks
		dmabuf-audit probes remove >/dev/null
		rm -f /tmp/t.dat* ;;
	esac
	[ "$(grep -c '^loop=' /tmp/t)" = $(($# / 2)) ] ||
		err "$m $*: $(cat /tmp/t /tmp/err 2>/dev/null | tail -n 5)"
}

rotate() {	# rotate N WORDS...: the words, turned left N times
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		x=$1
		shift
		set -- "$@" "$x"
		n=$((n - 1))
	done
	echo "$@"
}

# warm-up, not counted: TCG translates the kernel paths on first use
for m in $MODES; do run $m $((R / 10)) 0 $((TR / 10)) "$W"; done
W1=$($C --calibrate "$WORK_US")
echo "work_iters $W $W1" >>/out/info
W=$((W > W1 ? W : W1))

i=1
while [ $i -le "$RUNS" ]; do
	order=$(rotate $(((i - 1) % NR_MODES)) $MODES)
	if [ $((i % 2)) = 0 ]; then
		order=$(echo $order | tr ' ' '\n' | tac | tr '\n' ' ')
		phases="typical tight"
		set -- "$TR" "$W" "$R" 0
	else
		phases="tight typical"
		set -- "$R" 0 "$TR" "$W"
	fi
	for m in $order; do
		run $m "$@"
		p=$phases
		grep '^loop=' /tmp/t | while read -r l; do
			echo "$i $m ${p%% *} $l" >>/out/times
			p=${p#* }
		done
	done
	i=$((i + 1))
done

# what the probes see per round: kprobe hits (before filters) and records
pon
cat $T/kprobe_profile >/tmp/kp0
echo >$I/trace
$C $COUNT_ROUNDS 0 >/dev/null
cat $T/kprobe_profile >/tmp/kp1
awk '!/^#/ {
	for (i = 1; i < NF; i++)
		if ($i ~ /^[0-9]+\.[0-9]+:$/) { sub(/:$/, "", $(i + 1)); n[$(i + 1)]++; break }
} END { for (e in n) print e, n[e] }' $I/trace >/tmp/recs
poff
while IFS='|' read -r ev f; do
	e=${ev#*:}
	h0=$(awk -v e="$e" '$1 == e { print $2 }' /tmp/kp0)
	h1=$(awk -v e="$e" '$1 == e { print $2 }' /tmp/kp1)
	h=-
	[ -z "$h1" ] || h=$((h1 - ${h0:-0}))
	echo "$ev $h $(awk -v e="$e" '$1 == e { print $2 }' /tmp/recs)" >>/out/hits
done </tmp/evs
echo "count_rounds $COUNT_ROUNDS" >>/out/info

# the lost-events run: MAPPINGS tight rounds at the default buffer size
# (debug output: how many records live read, window copies and stacks included)
DMABUF_AUDIT_DEBUG=1 CHURN_WATCH=dmabuf-audit dmabuf-audit live --json /out/100k.json \
	-- $C "$MAPPINGS" 0 >/tmp/t 2>/tmp/err || err "live $MAPPINGS: $(tail -n 3 /tmp/err)"
echo "live $(grep '^loop=' /tmp/t)" \
	"records=$(sed -n 's/.*live: \([0-9]*\) records read.*/\1/p' /tmp/err | tail -n 1)" >>/out/100k
dmabuf-audit probes install >/dev/null
eval "CHURN_WATCH=trace-cmd $line -q -o /tmp/t.dat -- $C $MAPPINGS 0" >/tmp/t 2>/tmp/err ||
	err "trace-cmd $MAPPINGS: $(tail -n 3 /tmp/err)"
dmabuf-audit probes remove >/dev/null
echo "trace-cmd $(grep '^loop=' /tmp/t) overrun=$(overruns /tmp/t.dat)" >>/out/100k
rm -f /tmp/t.dat*

# where the time goes, by perf's cpu-clock samples on all CPUs during the
# tight loop under live (setup and teardown left out): who uses the CPUs,
# what in the workload is tracing, what the reader does
if [ "$PERF" = 1 ]; then
	# fifos, so that waiting costs no CPU: perf starts when CMD is ready,
	# CMD's loop when perf is, and perf stops when the loop is over
	mkfifo /tmp/f-ready /tmp/f-go /tmp/f-done
	dmabuf-audit live --json /tmp/pl.json -- sh -c "echo >/tmp/f-ready; read x </tmp/f-go
		$C $R 0; echo >/tmp/f-done" >/tmp/t 2>/tmp/err &
	read -r x </tmp/f-ready
	perf record -q -N -F 999 -e cpu-clock -a -o /tmp/p.data -- \
		sh -c "echo >/tmp/f-go; read x </tmp/f-done" 2>/tmp/perr ||
		err "perf record: $(tail -n 3 /tmp/perr)"
	wait
	echo "perf $(grep '^loop=' /tmp/t)" >>/out/info
	rep() { perf report -i /tmp/p.data --stdio "$@" 2>/dev/null | grep -v '^#' | grep .; }
	rep --sort comm >/out/perf-comm
	rep --comm churn --percentage relative --sort sym --percent-limit 0 >/out/perf-churn
	rep --comm dmabuf-audit --percentage relative --sort dso,sym --percent-limit 1 |
		head -n 20 >/out/perf-reader
	rep --comm dmabuf-audit --percentage relative --sort dso >/out/perf-reader-dso
	rm -f /tmp/p.data
fi
true
