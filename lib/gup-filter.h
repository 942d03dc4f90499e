/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Live GUP filtering (gup-filter.c): the kernel records GUP only by or on
 * the address spaces that hold a dma-buf mapping, and records everything
 * for a while after each dma-buf mmap or new task, until the reader has
 * put the new address space in the filter.
 */
#ifndef _DA_GUP_FILTER_H
#define _DA_GUP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "probes.h"

/* Open windows: at least one stays open two polls after the mmap (see .c). */
#define DA_GUP_WINDOWS	3
/* The GUP events filtered: fast entry and return, slow entry and return. */
#define DA_GUP_FILTERED	4

struct tracefs_instance;
struct dmabuf_audit_report;

struct da_gup_set {
	uint64_t *v;
	size_t n, cap;
};

struct da_gup_filter {
	const struct da_plan *plan;
	struct tracefs_instance *main;
	struct tracefs_instance *win[DA_GUP_WINDOWS];
	int next;			/* the window closed at the next update */
	bool active;
	struct da_gup_set mms, pids;	/* in the filters now, sorted */
	struct da_gup_set new_mms, new_pids;
	unsigned long updates;		/* filter writes, for the debug line */
	char *text[DA_GUP_FILTERED];	/* our instance's filters now */
	unsigned int stacked;		/* bit per filtered event: its trigger follows */
};

/* What the filters leave out, for the report ("GUP filtered"). */
const char *da_gup_filter_scope(const struct da_plan *plan);
/* The window instances of @group, "<group>_w<N>": for stale sweeps too. */
void da_gup_window_name(char *buf, size_t size, const char *group, int n);

/*
 * Create the window instances (per-CPU buffers of @buffer_kb KiB, 0: the
 * kernel's default) and put the GUP filters in place in @main, before
 * tracing starts. 0, or a negative errno after one line; then call
 * da_gup_filter_stop() all the same.
 */
int da_gup_filter_start(struct da_gup_filter *g, const struct da_plan *plan,
			struct tracefs_instance *main, unsigned int buffer_kb);
/*
 * Kernel stacks for the GUP entry of @role in our instance: a stacktrace
 * trigger that follows the filter from now on. 0, -ENOENT when @role is
 * not filtered here (set it as any other), or -errno after one line.
 */
int da_gup_filter_stack_on(struct da_gup_filter *g, enum da_role role);
/* Kernel stacks for what the windows record. 0 or -errno. */
int da_gup_filter_stacks(struct da_gup_filter *g);
/* Tracing on in the windows: before our instance, never after. 0 or -errno. */
int da_gup_filter_on(struct da_gup_filter *g);
/* After each poll fed the matcher: the filters follow its address spaces. */
int da_gup_filter_update(struct da_gup_filter *g, struct dmabuf_audit_report *r);
/* Remove the window instances (before the probes); accepts a zeroed one. */
void da_gup_filter_stop(struct da_gup_filter *g, const char *group);
/* Remove the window instances of a dead session's @group. */
int da_gup_windows_remove(const char *group);

#endif /* _DA_GUP_FILTER_H */
