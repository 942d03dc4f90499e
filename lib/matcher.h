/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The matcher: per-mm interval maps of live dma-buf mappings, fed with the
 * typed events of model.h in time order. It attributes every GUP attempt to
 * the mapping it touched (by target mm and address range, never by the
 * calling pid alone), and keeps per-exporter counts and findings.
 */
#ifndef _DA_MATCHER_H
#define _DA_MATCHER_H

#include <stddef.h>
#include "model.h"

struct da_matcher;

enum da_finding_kind {
	DA_FIND_NOT_PFNMAP,	/* a dma-buf mapping without VM_PFNMAP */
	DA_FIND_GUP_SUCCEEDED,	/* GUP pinned pages of a dma-buf mapping */
};

/* "drm (vgem)", "drm (driver unknown)", "system": an exporter's row */
#define DA_LABEL_MAX	(DA_EXP_NAME_MAX + DA_DRIVER_MAX + 24)

/* One mapping as the matcher knows it; copied into findings. */
struct da_mapping {
	uint64_t mm, vma, start, end, flags, ino, size;
	char exp_name[DA_EXP_NAME_MAX];	/* "(unknown)" when the source had none */
	char driver[DA_DRIVER_MAX];	/* a GEM export's driver, else "" */
	enum da_driver_why driver_why;	/* why a GEM export's driver is "" */
	char label[DA_LABEL_MAX];	/* its exporter's row */
	enum da_map_path path;
	int pid;			/* who mapped it */
	char comm[DA_COMM_MAX];
	int cpu;			/* where, -1 if unknown */
	unsigned long long ts;		/* when */
};

struct da_finding {
	enum da_finding_kind kind;
	struct da_mapping map;		/* the mapping concerned, as at mmap time */
	/* DA_FIND_GUP_SUCCEEDED only: */
	int gup_pid;			/* the task that ran the GUP */
	char gup_comm[DA_COMM_MAX];
	int gup_cpu;			/* -1 if unknown */
	unsigned long long gup_ts;
	uint64_t gup_start, gup_nr_pages;
	long long gup_ret;
	enum da_gup_path gup_path;
	char gup_mech[DA_MECH_MAX];
	bool remote;			/* the GUP ran on another process's mm */
	/*
	 * The kernel call chain that led to it, innermost first (NOT_PFNMAP:
	 * the mmap's; GUP_SUCCEEDED: the GUP's), NULL-terminated; or NULL and
	 * why not.
	 */
	char **stack;
	int nr_stack;
	enum da_nostack nostack;
};

/*
 * One row per exporter, and per driver for GEM exports ("drm"): the
 * exporter is its exp_name, the row its label.
 */
struct da_exporter_stats {
	char name[DA_EXP_NAME_MAX];	/* exp_name */
	char driver[DA_DRIVER_MAX];	/* a GEM export's driver, or "" */
	enum da_driver_why driver_why;	/* why "" for a GEM export */
	char label[DA_LABEL_MAX];
	unsigned long mmaps;		/* DA_EV_MAP events for this exporter */
	unsigned long mmaps_pfnmap;	/* of which with VM_PFNMAP */
	unsigned long mmaps_flags_unknown; /* of which the source had no vm_flags */
	unsigned long gup_attempts;	/* GUP attempts that touched its mappings */
	unsigned long gup_succeeded;	/* of which pinned pages of a mapping */
};

struct da_matcher_totals {
	unsigned long events;		/* everything fed */
	unsigned long long lost_events;	/* sum of DA_EV_LOST counts */
	unsigned long lost_chunks;	/* DA_EV_LOST events (count may be unknown) */
	unsigned long gup_attempts;	/* all GUP attempts seen */
	unsigned long gup_unattributed;	/* fast-path GUP by a task whose mm is unknown */
	unsigned long live_mappings;	/* mappings still mapped at the end */
};

/* Exporters whose dma_buf's priv is a GEM object: their driver is a row. */
bool da_exporter_is_gem(const char *exp_name);

/* Allocate a matcher; page_size converts GUP page counts to bytes. */
struct da_matcher *da_matcher_alloc(unsigned long page_size);
void da_matcher_free(struct da_matcher *m);	/* accepts NULL */

/*
 * Audit only the mappings made by @pid and the tasks it forks from now on
 * (live -- CMD). GUP by anyone on those mappings still counts. Without a
 * call, every mapping counts. 0 or -ENOMEM.
 */
int da_matcher_follow(struct da_matcher *m, int pid);

/*
 * Keep only the mappings @f matches (report-filter.c; NULL: all), and so
 * only their GUP, findings and counts. Call before feeding; @f must
 * outlive the matcher.
 */
struct da_filter;
void da_matcher_set_filter(struct da_matcher *m, const struct da_filter *f);
bool da_filter_match(const struct da_filter *f, const struct da_mapping *map);

/*
 * No GUP attempt will be fed (a snapshot): count mappings and keep findings,
 * but no address spaces to attribute GUP to. Call before feeding.
 */
void da_matcher_counts_only(struct da_matcher *m);

/*
 * How findings' stack addresses become lines (stacks.h's da_stack_symbol
 * with the source's symbols); without it they stay addresses.
 */
typedef void (*da_matcher_sym_fn)(uint64_t ip, char *buf, size_t size, void *data);
void da_matcher_set_symbols(struct da_matcher *m, da_matcher_sym_fn fn, void *data);
/* The source turned out to hold no stacks at all: findings say so. */
void da_matcher_no_stacks(struct da_matcher *m);

/* Feed one event. Returns 0, or -ENOMEM (the matcher is then unusable). */
int da_matcher_feed(struct da_matcher *m, const struct da_event *ev);

/*
 * The address spaces that hold a dma-buf mapping now (of those the audit
 * keeps), each as @fn(mm, 0, data) followed by @fn(mm, pid, data) for
 * every pid known to run in it. A non-zero return stops the walk.
 */
typedef int (*da_interest_fn)(uint64_t mm, int pid, void *data);
int da_matcher_interest(const struct da_matcher *m, da_interest_fn fn, void *data);

/* Exporters in order of first appearance, and findings in time order. */
size_t da_matcher_exporters(const struct da_matcher *m,
			    const struct da_exporter_stats **out);
size_t da_matcher_findings(const struct da_matcher *m,
			   const struct da_finding **out);
void da_matcher_totals(const struct da_matcher *m, struct da_matcher_totals *t);

#endif /* _DA_MATCHER_H */
