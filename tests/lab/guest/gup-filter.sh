# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/gup-filter: a system-wide live audit while an
# unrelated process makes GUP calls as fast as it can and the exerciser
# runs K times (each run a new process that maps every exporter and tries
# GUP on each mapping right away: the race with live's filter update); then
# the same K runs under `record`, which filters nothing, for reference.
# Needs: K (runs), ROUNDS (gup-load rounds), LOAD (the gup-load binary).
T=/sys/kernel/tracing
K=${K:-5}
ROUNDS=${ROUNDS:-20000}

# exercises NAME: K exerciser runs, /out/NAME-N.tsv
cat >/tmp/exercises <<EOS
i=1
while [ \$i -le $K ]; do
	dmabuf-audit exercise --format tsv >"/out/\$1-\$i.tsv" 2>>/out/\$1.err
	i=\$((i + 1))
done
EOS

DMABUF_AUDIT_DEBUG=1 dmabuf-audit live --json /out/live.json >/out/live.txt 2>/out/live.err &
LP=$!
n=0
while [ ! -d $T/instances/dmabuf_audit_${LP}_w2 ] && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
# the filters as placed, for the log
for i in $T/instances/dmabuf_audit_${LP}*; do
	echo "== ${i##*/}"
	for e in gup_fast gup_fast_ret gup_slow gup_slow_ret; do
		f=$i/events/dmabuf_audit_$LP/$e
		[ -d "$f" ] && echo "$e enable=$(cat "$f/enable") filter=$(head -c 200 "$f/filter")"
	done
	cat $i/events/dmabuf_audit_$LP/*/trigger $i/events/dma_buf/*/trigger 2>/dev/null |
		grep -v '^#'
done >/out/filters.txt 2>&1
"$LOAD" "$ROUNDS" >/out/load.txt 2>&1 &
GP=$!
sh /tmp/exercises live
wait $GP
sleep 1
kill -INT $LP
wait $LP
echo $? >/out/live.rc
ls $T/instances >/out/instances.after
grep dmabuf_audit $T/dynamic_events >/out/probes.after

# the reference: nothing filtered
dmabuf-audit record -o /out/ref.dat -- sh /tmp/exercises ref >/out/record.txt 2>&1
echo $? >/out/record.rc
cat /out/live.txt /out/load.txt
tail -n 3 /out/live.err
