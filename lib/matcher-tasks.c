// SPDX-License-Identifier: LGPL-2.1
/*
 * The matcher's address spaces and tasks (matcher-local.h): which mm each
 * known task runs in, the mms with something mapped or someone running in
 * them, and the pids a live -- CMD audit follows. matcher.c feeds events
 * through these; matcher-mm.c keeps each mm's live mappings.
 */
#include <errno.h>
#include <stdlib.h>

#include "matcher-local.h"

uint64_t da_pid_key(int pid)
{
	return (uint32_t)pid;
}

struct da_mm *da_mm_find(const struct da_matcher *m, uint64_t mm)
{
	struct da_hnode *n = da_hash_find(&m->mms, mm);

	return n ? container_of(n, struct da_mm, node) : NULL;
}

struct da_mm *da_mm_get(struct da_matcher *m, uint64_t mm)
{
	struct da_mm *r = da_mm_find(m, mm);

	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->node.key = mm;
	da_hash_add(&m->mms, &r->node);
	return r;
}

/* Nothing mapped and nobody known to run in it: keep no trace of it. */
void da_mm_forget_if_idle(struct da_matcher *m, struct da_mm *r)
{
	if (r->nr || r->tasks)
		return;
	da_hash_del(&m->mms, &r->node);
	free(r->maps);
	free(r);
}

struct da_task *da_task_find(const struct da_matcher *m, int pid)
{
	struct da_hnode *n = da_hash_find(&m->tasks, da_pid_key(pid));

	return n ? container_of(n, struct da_task, node) : NULL;
}

/* The mm @pid runs in, 0 if unknown. */
uint64_t da_pid_mm(const struct da_matcher *m, int pid)
{
	struct da_task *t = da_task_find(m, pid);

	return t ? t->mm->node.key : 0;
}

void da_task_free(struct da_matcher *m, struct da_task *t)
{
	da_hash_del(&m->tasks, &t->node);
	da_link_del(&t->in_mm);
	free(t);
}

void da_task_forget(struct da_matcher *m, int pid)
{
	struct da_task *t = da_task_find(m, pid);
	struct da_mm *r;

	if (!t)
		return;
	r = t->mm;
	da_task_free(m, t);
	da_mm_forget_if_idle(m, r);
}

int da_task_set_mm(struct da_matcher *m, int pid, uint64_t mm)
{
	struct da_task *t = da_task_find(m, pid);
	struct da_mm *r;

	if (t && t->mm->node.key == mm)
		return 0;
	r = da_mm_get(m, mm);
	if (!r)
		return -ENOMEM;
	if (t) {
		da_link_del(&t->in_mm);
		da_mm_forget_if_idle(m, t->mm);
	} else {
		t = calloc(1, sizeof(*t));
		if (!t)
			return -ENOMEM;
		t->node.key = da_pid_key(pid);
		da_hash_add(&m->tasks, &t->node);
	}
	t->mm = r;
	da_link_add(&r->tasks, &t->in_mm);
	return 0;
}

bool da_in_scope(const struct da_matcher *m, int pid)
{
	return !m->scoped || da_hash_find(&m->scope, da_pid_key(pid));
}

int da_scope_add(struct da_matcher *m, int pid)
{
	struct da_hnode *n;

	if (da_hash_find(&m->scope, da_pid_key(pid)))
		return 0;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->key = da_pid_key(pid);
	da_hash_add(&m->scope, n);
	return 0;
}

void da_scope_del(struct da_matcher *m, int pid)
{
	struct da_hnode *n = da_hash_find(&m->scope, da_pid_key(pid));

	if (n) {
		da_hash_del(&m->scope, n);
		free(n);
	}
}

/*
 * The address spaces holding a dma-buf mapping the audit keeps, each
 * followed by the pids known to run in it: @fn(mm, 0) then @fn(mm, pid)
 * for each. A non-zero return of @fn stops the walk and is returned.
 */
int da_matcher_interest(const struct da_matcher *m, da_interest_fn fn, void *data)
{
	const struct da_link *l, *t;
	size_t i;
	int err = 0;

	for (i = 0; m->mms.buckets && i < 1UL << m->mms.bits && !err; i++) {
		for (l = m->mms.buckets[i]; l && !err; l = l->next) {
			const struct da_mm *r = container_of(l, struct da_mm, node.link);

			if (!r->nr)
				continue;
			err = fn(r->node.key, 0, data);
			for (t = r->tasks; t && !err; t = t->next)
				err = fn(r->node.key, (int)container_of(t, struct da_task,
						      in_mm)->node.key, data);
		}
	}
	return err;
}
