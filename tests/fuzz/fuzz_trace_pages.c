// SPDX-License-Identifier: GPL-2.0
/*
 * Our own reader of a trace.dat's ring-buffer data on any bytes: the
 * layout (v6 flyrecord, v7 sections and BUFFER option, compressed
 * sections), the chunk tables, zstd and zlib chunks, the pages and their
 * records (lib/trace-layout.c, trace-pages.c, trace-ringbuf.c). Unlike
 * fuzz_trace_file, no libtracecmd stands in front, so every byte may be
 * mutated. Seeds: those of fuzz_trace_file (v7, v7 zstd, v6).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "fuzz.h"
#include "trace-reader.h"

static bool all[65536];

/* Touches every byte of the record: ASan sees a read past the page. */
static int sum_record(struct tep_record *rec, int cpu, void *data)
{
	const unsigned char *p = rec->data;
	unsigned long *sum = data;
	int i;

	for (i = 0; i < rec->size; i++)
		*sum += p[i];
	*sum += cpu + rec->ts;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tep_handle *tep;
	const char *path = fuzz_file(data, size);
	struct da_trace_walk w = { .wanted = all, .fn = sum_record };
	struct da_trace_layout l = { 0 };
	unsigned long sum = 0;
	char why[160];
	int fd;

	if (!tep) {
		memset(all, 1, sizeof(all));
		tep = tep_alloc();
	}
	if (!path || !tep)
		abort();	/* the harness, not the input: stop and say so */
	fd = open(path, O_RDONLY);
	if (fd < 0)
		abort();
	w.tep = tep;
	w.data = &sum;
	if (!da_trace_check_file(fd, why, sizeof(why)) &&
	    !da_trace_layout_read(fd, &l))
		da_trace_walk(fd, &l, &w);
	da_trace_layout_free(&l);
	close(fd);
	return sum == 1;	/* the sum is used: the reads stay */
}
