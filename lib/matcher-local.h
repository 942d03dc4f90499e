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

#endif /* _DA_MATCHER_LOCAL_H */
