# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/gup-filter (busybox sh, run by tests/lab/lab).
# Needs: K (exerciser runs), ROUNDS (gup-load rounds), CROUNDS (churn
# rounds), QROUNDS (gup-load rounds alone), LOAD (gup-load), CHURN
# (tests/bench/churn).
# (race) a system-wide live audit while the exerciser runs K times, each
# run a new process that maps every exporter and tries GUP on each mapping
# at once; (load) a system-wide live audit while churn maps, GUPs and
# unmaps a vgem dma-buf over and over and gup-load makes GUP calls on
# anonymous memory as fast as it can; (quiet, quiet-nostacks) gup-load
# alone, with and without kernel stacks: the records it costs. Then the dma-buf halves again under
# `record`, which filters nothing, for reference: /out/ref-*.dat.
T=/sys/kernel/tracing

cat >/tmp/exercises <<EOS
i=1
while [ \$i -le $K ]; do
	dmabuf-audit exercise --format tsv >"/out/\$1-\$i.tsv" 2>>/out/\$1.err
	i=\$((i + 1))
done
EOS

# start NAME [OPTION...]: a system-wide live audit, its pid in $LP once it is set up
start() {
	name=$1
	shift
	DMABUF_AUDIT_DEBUG=1 dmabuf-audit live "$@" --json "/out/live-$name.json" \
		>"/out/live-$name.txt" 2>"/out/live-$name.err" &
	LP=$!
	n=0
	# its windows made and its own instance tracing: the audit runs
	while { [ ! -d "$T/instances/dmabuf_audit_${LP}_w2" ] ||
		[ "$(cat "$T/instances/dmabuf_audit_$LP/tracing_on" 2>/dev/null)" != 1 ]; } &&
	      [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.5
}

# stop NAME: SIGINT, then what tracefs holds of ours
stop() {
	sleep 1
	kill -INT $LP
	wait $LP
	echo $? >"/out/live-$1.rc"
	{ ls $T/instances; grep dmabuf_audit $T/dynamic_events; } >>/out/left.after
}

: >/out/left.after
start race
# the filters as placed, for the log
for i in $T/instances/dmabuf_audit_${LP}*; do
	echo "== ${i##*/}"
	for e in gup_fast gup_fast_ret gup_slow gup_slow_ret; do
		f=$i/events/dmabuf_audit_$LP/$e
		[ -d "$f" ] && echo "$e enable=$(cat "$f/enable") filter=$(head -c 200 "$f/filter")"
	done
	grep -v '^#' $i/events/*/*/trigger 2>/dev/null
	echo "options/stacktrace=$(cat $i/options/stacktrace)"
done >/out/filters.txt 2>&1
sh /tmp/exercises race
stop race

start load
"$CHURN" "$CROUNDS" 0 >/out/churn.txt 2>&1 &
CP=$!
"$LOAD" --delay 2 "$ROUNDS" >/out/load.txt 2>&1
wait $CP
stop load

start quiet
"$LOAD" --delay 2 "$QROUNDS" >/out/quiet.txt 2>&1
stop quiet
start quiet-nostacks --no-stacks
"$LOAD" --delay 2 "$QROUNDS" >/out/quiet-nostacks.txt 2>&1
stop quiet-nostacks

dmabuf-audit record -o /out/ref-race.dat -- sh /tmp/exercises ref >/out/record.txt 2>&1
echo $? >/out/record-race.rc
dmabuf-audit record -o /out/ref-load.dat -- "$CHURN" "$CROUNDS" 0 >>/out/record.txt 2>&1
echo $? >/out/record-load.rc
cat /out/live-race.txt /out/live-load.txt /out/load.txt /out/churn.txt
tail -n 3 /out/live-race.err /out/live-load.err
