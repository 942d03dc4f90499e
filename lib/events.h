/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Raw trace records (from tracefs or a trace.dat, through libtraceevent)
 * to the typed events of model.h.
 */
#ifndef _DA_EVENTS_H
#define _DA_EVENTS_H

#include <stdbool.h>
#include "model.h"

struct tep_handle;
struct tep_record;
struct da_decoder;

/* Receives each complete event; a non-zero return is kept and returned. */
typedef int (*da_emit_fn)(const struct da_event *ev, void *data);

/* Knows the events of @tep that play a role (probes.h); NULL on ENOMEM. */
struct da_decoder *da_decoder_alloc(struct tep_handle *tep, da_emit_fn emit,
				    void *data);
void da_decoder_free(struct da_decoder *d);

/* Feed records in time order. Returns the first error emit returned. */
int da_decoder_feed(struct da_decoder *d, struct tep_record *rec);
/* The source lost @count events (0: an unknown number) on @cpu. */
int da_decoder_lost(struct da_decoder *d, unsigned long long ts, int cpu,
		    unsigned long long count);

/* The source ended: calls still waiting for their other half count as unpaired. */
void da_decoder_finish(struct da_decoder *d);
/* Bit (1 << role) for each role some event of the source plays. */
unsigned int da_decoder_roles(const struct da_decoder *d);
/* Bits of the roles an audit needs that the source does not have. */
unsigned int da_decoder_missing(const struct da_decoder *d);
/* The dma-buf identity comes from dma_buf tracepoints, not a probe. */
bool da_decoder_has_tracepoint_id(const struct da_decoder *d);
/* Entries whose return, or returns whose entry, never came. */
unsigned long da_decoder_unpaired(const struct da_decoder *d);

#endif /* _DA_EVENTS_H */
