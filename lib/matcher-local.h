/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Private to the matcher (matcher.c, matcher-mm.c): the hash it keys mms,
 * tasks and the followed pids by, and the per-mm interval list of live
 * mappings.
 */
#ifndef _DA_MATCHER_LOCAL_H
#define _DA_MATCHER_LOCAL_H

#include <stddef.h>
#include <stdint.h>
#include "matcher.h"

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* hlist-style link: removal in O(1) without walking to the previous node */
struct da_link {
	struct da_link *next, **pprev;
};

struct da_hnode {
	struct da_link link;
	uint64_t key;
};

struct da_hash {
	struct da_link **buckets;
	unsigned int bits;
	size_t nr;
};

/* A live mapping: what is still mapped of it, and how it was mapped. */
struct da_live {
	uint64_t start, end;
	size_t exp;			/* index in da_matcher.exps */
	struct da_mapping map;		/* as at mmap time */
};

struct da_mm {
	struct da_hnode node;		/* key: the kernel's mm pointer */
	struct da_live *maps;		/* sorted by start, never overlapping */
	size_t nr, cap;
	struct da_link *tasks;		/* da_task.in_mm */
};

void da_link_add(struct da_link **head, struct da_link *n);
void da_link_del(struct da_link *n);

int da_hash_init(struct da_hash *h);
struct da_hnode *da_hash_find(const struct da_hash *h, uint64_t key);
void da_hash_add(struct da_hash *h, struct da_hnode *n);
void da_hash_del(struct da_hash *h, struct da_hnode *n);

/* Index of the first mapping of @r ending after @addr. */
size_t da_live_first_after(const struct da_mm *r, uint64_t addr);
/* 0 or -ENOMEM. */
int da_live_insert_at(struct da_mm *r, size_t i, const struct da_live *l);
/* munmap() of [s, e): 0 or -ENOMEM. */
int da_live_punch(struct da_mm *r, uint64_t s, uint64_t e);
/* A new mapping, replacing what it overlaps: 0 or -ENOMEM. */
int da_live_add(struct da_mm *r, const struct da_live *l);

/* The matcher's state: matcher.c feeds it, matcher-tasks.c keeps its mms and tasks. */
struct da_task {
	struct da_hnode node;		/* key: the pid */
	struct da_link in_mm;
	struct da_mm *mm;
};

/* Which GUP attempt last counted for an exporter: count it once per attempt. */
struct da_exp_mark {
	unsigned long attempt, pinned;
};

struct da_matcher {
	unsigned long page_size;
	int err;			/* sticky: -ENOMEM leaves state half-done */
	struct da_hash mms, tasks;
	bool scoped;			/* only mappings made by the pids in scope */
	bool counts_only;		/* no GUP to come: keep no address spaces */
	const struct da_filter *filter;	/* mappings kept, or NULL: all */
	struct da_hash scope;		/* of struct da_hnode, key: pid */
	struct da_exporter_stats *exps;
	struct da_exp_mark *marks;
	size_t nr_exps, cap_exps, cap_marks;
	struct da_finding *finds;
	size_t nr_finds, cap_finds;
	struct da_matcher_totals totals;
	da_matcher_sym_fn sym;		/* stack addresses to lines, or NULL */
	void *sym_data;
};

/* matcher-tasks.c */
uint64_t da_pid_key(int pid);
struct da_mm *da_mm_find(const struct da_matcher *m, uint64_t mm);
/* The mm's entry, made on first use; NULL on ENOMEM. */
struct da_mm *da_mm_get(struct da_matcher *m, uint64_t mm);
/* Nothing mapped and nobody known to run in it: keep no trace of it. */
void da_mm_forget_if_idle(struct da_matcher *m, struct da_mm *r);
struct da_task *da_task_find(const struct da_matcher *m, int pid);
/* The mm @pid runs in, 0 if unknown. */
uint64_t da_pid_mm(const struct da_matcher *m, int pid);
void da_task_free(struct da_matcher *m, struct da_task *t);
void da_task_forget(struct da_matcher *m, int pid);
/* @pid runs in @mm from now on: 0 or -ENOMEM. */
int da_task_set_mm(struct da_matcher *m, int pid, uint64_t mm);
/* Is @pid's mapping audited (live -- CMD follows some pids only)? */
bool da_in_scope(const struct da_matcher *m, int pid);
int da_scope_add(struct da_matcher *m, int pid);
void da_scope_del(struct da_matcher *m, int pid);

#endif /* _DA_MATCHER_LOCAL_H */
