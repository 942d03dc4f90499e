# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/ground-truth: the live audit of the exerciser.
# The exerciser's own ground truth (TSV) and the audit's report both come
# back, and what tracefs holds of ours afterwards.
T=/sys/kernel/tracing
dmabuf-audit live --json /out/live.json -- sh -c \
	'dmabuf-audit exercise --format tsv >/out/exercise.tsv 2>/out/exercise.err; echo $? >/out/exercise.rc' \
	>/out/live.txt 2>/out/live.err
echo $? >/out/live.rc
cat /out/live.txt /out/live.err
ls $T/instances >/out/instances.after
grep dmabuf_audit $T/dynamic_events >/out/probes.after
true
