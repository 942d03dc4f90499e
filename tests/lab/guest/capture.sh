# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/lab/capture-fixtures: small recordings of the
# exerciser for the host's tests, and two traces that are not enough.
dmabuf-audit record -o /out/trace.dat -- sh -c \
	'dmabuf-audit exercise --size 64k --format tsv >/out/exercise.tsv' 2>/out/record.err
if [ -d /sys/kernel/tracing/events/dma_buf ]; then
	trace-cmd record -q -e dma_buf:dma_buf_mmap_internal -o /out/dma_buf-only.dat -- \
		dmabuf-audit exercise --size 64k >/dev/null 2>&1
fi
trace-cmd record -q -e sched:sched_process_exec -o /out/foreign.dat -- true >/dev/null 2>&1
true
