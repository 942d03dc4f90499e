/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * live.c's reader of tracefs ring buffers: every CPU's trace_pipe_raw of
 * each instance (a stream), read a whole page per read(), kept as pages,
 * split with trace-ringbuf.c's walk and merged in time order across the
 * streams. No record is copied or sorted: each stream's pages are already
 * in time order, so a heap of the streams' next records merges them.
 */
#ifndef _DA_LIVE_READ_H
#define _DA_LIVE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "trace-reader.h"

struct tep_record;

struct da_lr_stream {
	int fd;			/* trace_pipe_raw, non-blocking; -1: none */
	int cpu;
	int win;		/* its instance: on equal times, lower goes first */
	unsigned char **pages;	/* read, not yet released: a FIFO */
	size_t head, nr, cap;
	struct da_rb_page pg;	/* the walk of pages[head] */
	bool loaded;		/* pg walks pages[head] */
	bool cur;		/* pg is on a record not yet released */
	long long missed;	/* marker for its next record: -1 unknown count */
};

struct da_live_read {
	struct da_lr_stream *s;
	int nr;
	unsigned int page_size;
	unsigned char **spare;	/* released pages, for the next reads */
	size_t nr_spare, cap_spare, nr_pages;
	int *heap;		/* streams by their next record's time */
	int nr_heap;
	unsigned long long newest_prev, newest_now, upto;
	unsigned long records;	/* released */
	unsigned long damaged;	/* pages (or their ends) that did not parse */
};

/* Called with each record in time order, and its stream's @win; non-zero stops. */
typedef int (*da_lr_fn)(struct tep_record *rec, int win, void *data);

/* @nr streams, none open (fd -1). 0 or -ENOMEM. */
int da_lr_init(struct da_live_read *r, int nr, unsigned int page_size,
	       bool big_endian, int long_size);
/* Closes the streams' files and frees everything; a zeroed @r is fine. */
void da_lr_free(struct da_live_read *r);
/* Everything each open stream holds now, then da_lr_epoch(). 0 or -ENOMEM. */
int da_lr_read(struct da_live_read *r);
/* One page (a read() of trace_pipe_raw) for stream @i. 0 or -ENOMEM. */
int da_lr_add_page(struct da_live_read *r, int i, const void *page, size_t len);
/*
 * Every stream has been read once more: what the previous round saw is
 * now safe to release (see live.c), what this one saw waits for the next.
 */
void da_lr_epoch(struct da_live_read *r);
/* Records up to the safe time (all of them if @all) to @fn, in order. */
int da_lr_release(struct da_live_read *r, bool all, da_lr_fn fn, void *data);

#endif /* _DA_LIVE_READ_H */
