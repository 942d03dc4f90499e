/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The contract every source of a report follows: tracefs ring buffers
 * (live.c), a trace.dat (trace-file.c), and the sources of typed events
 * (snapshot.c, exercise-report.c). A new source is a new file that calls,
 * in this order:
 *
 *   da_source_begin()   allocates the report. Always first. The source
 *                       then says what it knows of the kernel and its
 *                       method (da_report_set_kernel/_method, report.h).
 *   da_source_decode()  only for a source of raw trace records: a decoder
 *                       of @tep's events that feeds the report. A source of
 *                       typed events skips it and feeds the report itself
 *                       (da_report_feed(), report.h).
 *   da_source_feed()    each raw record, in time order, with the ring
 *                       buffer's marker of missed events when it has one.
 *   da_source_ring_lost()  at the end, the ring buffer's own loss
 *                       counters (overruns, dropped events) in all: only
 *                       what the records' markers did not count is added.
 *   da_source_lost()    any other loss the source learned of beside its
 *                       records (kprobe misses, ...): added as it is.
 *   da_source_finish()  calls waiting for their other half count as
 *                       unpaired, and the roles the records lack are named
 *                       in a note if asked.
 *   da_source_take()    hands the report over to the caller (a source
 *                       whose handle keeps the report, as live's session
 *                       does, does not call it).
 *   da_source_end()     frees the decoder, and the report unless it was
 *                       taken. Always last, also on error; accepts a
 *                       zeroed struct that never began, and a second call.
 *
 * The struct lives in the source's own state (on the stack or in its
 * handle); everything it points to belongs to it until da_source_take().
 */
#ifndef _DA_SOURCE_H
#define _DA_SOURCE_H

#include <stdbool.h>

#include "report.h"

struct tep_handle;
struct tep_record;
struct dmabuf_audit_report;
struct da_decoder;

struct da_source_ctx {
	struct dmabuf_audit_report *report;
	struct da_decoder *dec;		/* NULL for a source of typed events */
	unsigned long long missed;	/* counted by the records' markers */
	bool unknown_missed;		/* a marker that could not count */
};

/* @kind: the report's source, as da_report_alloc() takes it. 0 or -ENOMEM. */
int da_source_begin(struct da_source_ctx *s, enum da_source kind, long page_size);
/* 0 or -ENOMEM. */
int da_source_decode(struct da_source_ctx *s, struct tep_handle *tep);
/* The missed-events marker first, then the record. 0 or the decoder's error. */
int da_source_feed(struct da_source_ctx *s, struct tep_record *rec, int cpu);
/* Events lost in all by the ring buffer: what the markers missed is added. */
void da_source_ring_lost(struct da_source_ctx *s, unsigned long long total);
/* Events lost that no marker or ring counter counts: @count is added. */
void da_source_lost(struct da_source_ctx *s, unsigned long long count);
/* Ring-buffer losses in a tracefs stats text: "overrun: N" + "dropped events: N". */
unsigned long long da_source_ring_losses(const char *stats);
void da_source_finish(struct da_source_ctx *s, bool note_lacking);
struct dmabuf_audit_report *da_source_take(struct da_source_ctx *s);
void da_source_end(struct da_source_ctx *s);

#endif /* _DA_SOURCE_H */
