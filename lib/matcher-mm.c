// SPDX-License-Identifier: LGPL-2.1
/*
 * The matcher's containers: a hash of 64-bit keys (mm pointers, pids) with
 * hlist-style links, and the per-mm sorted array of live dma-buf mappings
 * that munmap() punches holes in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "matcher-local.h"

#define DA_HASH_MIN_BITS	6

void da_link_add(struct da_link **head, struct da_link *n)
{
	n->next = *head;
	if (n->next)
		n->next->pprev = &n->next;
	*head = n;
	n->pprev = head;
}

void da_link_del(struct da_link *n)
{
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
}

/* Fibonacci hashing: mm pointers share their low bits, pids are small. */
static size_t hash_slot(unsigned int bits, uint64_t key)
{
	return (size_t)((key * 0x61c8864680b583ebULL) >> (64 - bits));
}

int da_hash_init(struct da_hash *h)
{
	h->bits = DA_HASH_MIN_BITS;
	h->nr = 0;
	h->buckets = calloc(1UL << h->bits, sizeof(*h->buckets));
	return h->buckets ? 0 : -ENOMEM;
}

struct da_hnode *da_hash_find(const struct da_hash *h, uint64_t key)
{
	struct da_link *l;
	struct da_hnode *n;

	for (l = h->buckets[hash_slot(h->bits, key)]; l; l = l->next) {
		n = container_of(l, struct da_hnode, link);
		if (n->key == key)
			return n;
	}
	return NULL;
}

/* Best effort: if the bigger table can't be had, chains just get longer. */
static void hash_grow(struct da_hash *h)
{
	unsigned int bits = h->bits + 1;
	struct da_link **nb = calloc(1UL << bits, sizeof(*nb));
	struct da_hnode *n;
	size_t i;

	if (!nb)
		return;
	for (i = 0; i < 1UL << h->bits; i++) {
		while (h->buckets[i]) {
			n = container_of(h->buckets[i], struct da_hnode, link);
			da_link_del(&n->link);
			da_link_add(&nb[hash_slot(bits, n->key)], &n->link);
		}
	}
	free(h->buckets);
	h->buckets = nb;
	h->bits = bits;
}

void da_hash_add(struct da_hash *h, struct da_hnode *n)
{
	if (h->nr >= 1UL << h->bits)
		hash_grow(h);
	da_link_add(&h->buckets[hash_slot(h->bits, n->key)], &n->link);
	h->nr++;
}

void da_hash_del(struct da_hash *h, struct da_hnode *n)
{
	da_link_del(&n->link);
	h->nr--;
}

/* Index of the first mapping ending after @addr (ends are sorted too). */
size_t da_live_first_after(const struct da_mm *r, uint64_t addr)
{
	size_t lo = 0, hi = r->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->maps[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int da_live_insert_at(struct da_mm *r, size_t i, const struct da_live *l)
{
	struct da_live *p;

	if (da_grow((void **)&r->maps, &r->cap, r->nr + 1, sizeof(*p)))
		return -ENOMEM;
	p = r->maps;
	memmove(p + i + 1, p + i, (r->nr - i) * sizeof(*p));
	p[i] = *l;
	r->nr++;
	return 0;
}

/*
 * munmap(): what lies inside [s, e) goes, what sticks out stays mapped (and
 * attributed to the same exporter). Only a mapping that contains the whole
 * hole is split, so at most one piece is added.
 */
int da_live_punch(struct da_mm *r, uint64_t s, uint64_t e)
{
	size_t i = da_live_first_after(r, s), j;
	struct da_live *l, tail;

	if (s >= e || i == r->nr || r->maps[i].start >= e)
		return 0;
	l = &r->maps[i];
	if (l->start < s && l->end > e) {
		tail = *l;
		tail.start = e;
		l->end = s;
		return da_live_insert_at(r, i + 1, &tail);
	}
	if (l->start < s) {
		l->end = s;
		i++;
	}
	for (j = i; j < r->nr && r->maps[j].end <= e; j++)
		;
	memmove(r->maps + i, r->maps + j, (r->nr - j) * sizeof(*r->maps));
	r->nr -= j - i;
	if (i < r->nr && r->maps[i].start < e)
		r->maps[i].start = e;
	return 0;
}

/* A new mapping replaces whatever overlapped it: the kernel unmapped that. */
int da_live_add(struct da_mm *r, const struct da_live *l)
{
	int err = da_live_punch(r, l->start, l->end);

	if (err)
		return err;
	return da_live_insert_at(r, da_live_first_after(r, l->start), l);
}
