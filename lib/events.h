/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Raw trace records (from tracefs or a trace.dat, through libtraceevent)
 * to the typed events of model.h.
 */
#ifndef _DA_EVENTS_H
#define _DA_EVENTS_H

#include <stdbool.h>
#include "model.h"
#include "schema.h"

struct tep_handle;
struct tep_event;
struct tep_record;
struct tep_format_field;
struct da_decoder;

/* Why records of an event could not be decoded (event-check.c). */
enum da_undec_why {
	DA_UNDEC_MISSING,	/* the format lacks the field */
	DA_UNDEC_TYPE,		/* a string where a number belongs, or the reverse */
	DA_UNDEC_SIZE,		/* a number of a width our probes never have */
	DA_UNDEC_OVERLAP,	/* two fields share bytes */
	DA_UNDEC_SHORT,		/* the record ends before the field */
	DA_UNDEC_RANGE,		/* a value no kernel gives (start >= end, ...) */
	DA_UNDEC_EMPTY,		/* an empty string where one is needed */
	DA_UNDEC_NR,
};

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
/*
 * Kernel stacks (stacks.h): the entry roles the source asked a stack for
 * (bits 1 << role), and those whose trigger the kernel refused. Without a
 * call every stack role is asked (a trace.dat: a finding without a stack
 * says it is missing).
 */
void da_decoder_stacks(struct da_decoder *d, unsigned int asked, unsigned int refused);
/* kernel_stack records given to an event so far. */
unsigned long da_decoder_stacks_seen(const struct da_decoder *d);
/* Entries whose return, or returns whose entry, never came. */
unsigned long da_decoder_unpaired(const struct da_decoder *d);
/*
 * The kernel filters GUP (live's event filters): a GUP return whose entry
 * never came, or an entry whose return never came, was filtered, not
 * lost, and is not counted (ring-buffer losses are counted on their own).
 */
void da_decoder_set_gup_filtered(struct da_decoder *d);

/*
 * The @i-th kind of undecodable records (event, field, why): their count,
 * 0 past the last kind. Each kind makes the audit incomplete.
 */
unsigned long da_decoder_undecodable(const struct da_decoder *d, int i,
				     const char **event, enum da_field_id *field,
				     enum da_undec_why *why);
const char *da_undec_why_str(enum da_undec_why why);
/* Records of event @id play a role: a reader may drop all others unseen. */
bool da_decoder_wants(const struct da_decoder *d, int id);
/* Records whose type no format of the source describes (a damaged trace). */
unsigned long da_decoder_unknown_types(const struct da_decoder *d);

/* event-check.c: the checks behind the above */
/* The fields @role's event must have, given the fields @f it has. */
unsigned int da_check_wanted(const struct tep_event *ev, enum da_role role,
			     struct tep_format_field *const *f);
/* The first field of @want whose format is wrong (*why says how), or -1. */
int da_check_format(struct tep_handle *tep, const struct tep_event *ev,
		    unsigned int want, struct tep_format_field *const *f,
		    enum da_undec_why *why);
/* The first field of @want that lies beyond @rec's end, or -1. */
int da_check_record(unsigned int want, struct tep_format_field *const *f,
		    const struct tep_record *rec);
bool da_field_in_record(const struct tep_format_field *fld,
			const struct tep_record *rec);
/* The field of a DA_EV_MAP that no kernel could give (*why), or -1. */
int da_check_map(const struct da_event *ev, enum da_undec_why *why);

#endif /* _DA_EVENTS_H */
