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

/* One mapping as the matcher knows it; copied into findings. */
struct da_mapping {
	uint64_t mm, vma, start, end, flags, ino, size;
	char exp_name[DA_EXP_NAME_MAX];	/* "(unknown)" when the source had none */
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
};

struct da_exporter_stats {
	char name[DA_EXP_NAME_MAX];
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
