/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Event filters of our instances: every write of a filter goes through
 * da_event_filter_set(), so that whatever else must follow a filter (a
 * trigger that fires for records the filter drops) has one place to hook.
 */
#ifndef _DA_EVENT_FILTER_H
#define _DA_EVENT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tracefs_instance;

/*
 * The kernel's limit on a filter's text (it refuses a page or more);
 * longer sets are not filtered at all.
 */
#define DA_FILTER_MAX	4000

/* A filter that no record passes (the kernel takes "0" as "no filter"). */
#define DA_FILTER_NONE	"common_pid < 0"

/*
 * Set the filter of @system:@event in @inst to @filter; NULL or "" removes
 * it (every record passes). 0, or a negative errno after one line naming
 * the event and the kernel's reason.
 */
int da_event_filter_set(struct tracefs_instance *inst, const char *system,
			const char *event, const char *filter);

/*
 * Into @buf: "FIELD == V1 || FIELD == V2 ..." (or with @negate, "FIELD !=
 * V1 && ..."), V in hex when @hex, decimal otherwise. No values: "" with
 * @negate (all pass), DA_FILTER_NONE without. Returns the length, or
 * -E2BIG when it would not fit in @size or exceed DA_FILTER_MAX.
 */
int da_filter_build(char *buf, size_t size, const char *field,
		    const uint64_t *vals, size_t n, bool negate, bool hex);

#endif /* _DA_EVENT_FILTER_H */
