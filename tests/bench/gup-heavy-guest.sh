# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tests/bench/gup-heavy (busybox sh, run by tests/lab/lab).
# tests/bench/gup-heavy puts in front: LOAD (gup-load), RUNS, ROUNDS, SECS.
# Writes to /out:
#   times   "RUN MODE secs=S reads=N attempts=N lost=N", one per timed run
#   rate    the SECS-long run at the highest rate: "gup=N secs=S reads=N lost=N complete=B"
#   errors  anything that went wrong
T=/sys/kernel/tracing
MODES="bare cmd bare2 sys"

err() { echo "$*" >>/out/errors; }
# json FILE KEY: the first value of KEY in a pretty-printed JSON report
json() { sed -n "s/^ *\"$2\": *\([^,]*\),*\$/\1/p" "$1" | head -n 1; }
secs() { sed -n 's/.*secs=\([0-9.]*\).*/\1/p' "$1"; }
reads() { sed -n 's/.*live: \([0-9]*\) records read.*/\1/p' "$1"; }

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

# sys_live ARGS...: a system-wide live audit around "$LOAD ARGS" >/tmp/load
sys_live() {
	DMABUF_AUDIT_DEBUG=1 dmabuf-audit live --json /tmp/live.json >/dev/null 2>/tmp/live.err &
	lp=$!
	wait_live $lp
	"$LOAD" "$@" >/tmp/load 2>&1 || err "gup-load failed: $(cat /tmp/load)"
	kill -INT $lp
	wait $lp
}

# one RUN MODE: a timed run, its line in /out/times
one() {
	rm -f /tmp/live.json /tmp/live.err /tmp/load
	case $2 in
	bare | bare2) "$LOAD" "$ROUNDS" >/tmp/load 2>&1 ;;
	cmd) DMABUF_AUDIT_DEBUG=1 dmabuf-audit live --json /tmp/live.json -- \
		sh -c "$LOAD $ROUNDS >/tmp/load 2>&1" >/dev/null 2>/tmp/live.err ;;
	sys) sys_live "$ROUNDS" ;;
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

# the highest rate: SECS seconds flat out, system-wide live, default buffers
sys_live --for "$SECS"
echo "$(sed -n 's/.*\(gup=[0-9]*\) \(secs=[0-9.]*\).*/\1 \2/p' /tmp/load)" \
	"reads=$(reads /tmp/live.err) lost=$(json /tmp/live.json lost_events)" \
	"complete=$(json /tmp/live.json complete)" >/out/rate
cp /tmp/live.json /out/rate.json 2>/dev/null
cat /out/times /out/rate
