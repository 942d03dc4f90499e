// SPDX-License-Identifier: LGPL-2.1
/*
 * The matcher: which dma-buf mapping, if any, every GUP attempt touched.
 *
 * State is bounded by what is alive, never by the number of events:
 * - mms: hash of mm id -> sorted array of the live mappings in it (a few
 *   hundred at most, so a binary search and a memmove are cheap), plus the
 *   list of tasks known to run in it, so MM_GONE drops them without a scan;
 * - tasks: hash of pid (thread id) -> its mm, learned from MAP and TASK_NEW.
 * An mm with nothing mapped and no known task is forgotten at once.
 * Exporter stats and findings grow only with what is found.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "matcher-local.h"
#include "stacks.h"

/* include/linux/mm.h: fork() leaves such VMAs out of the child */
#define DA_VM_DONTCOPY		0x00020000UL
#define DA_UNKNOWN_EXPORTER	"(unknown)"

/* Kernel strings may fill their buffer without a NUL. */
static void copy_str(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Only drm_gem_prime_export() names its dma-bufs "drm" (KBUILD_MODNAME of
 * drm_prime.c), and it makes their priv the GEM object.
 */
bool da_exporter_is_gem(const char *exp_name)
{
	return !strcmp(exp_name, "drm");
}

static int exporter_get(struct da_matcher *m, const struct da_mapping *map, size_t *idx)
{
	struct da_exporter_stats *e;
	struct da_exp_mark *mk;

	for (*idx = 0; *idx < m->nr_exps; (*idx)++)
		if (!strcmp(m->exps[*idx].label, map->label))
			return 0;
	if (da_grow((void **)&m->exps, &m->cap_exps, m->nr_exps + 1, sizeof(*e)) ||
	    da_grow((void **)&m->marks, &m->cap_marks, m->nr_exps + 1, sizeof(*mk)))
		return -ENOMEM;
	e = m->exps;
	mk = m->marks;
	memset(&e[*idx], 0, sizeof(*e));
	memset(&mk[*idx], 0, sizeof(*mk));
	copy_str(e[*idx].name, map->exp_name, sizeof(e->name));
	copy_str(e[*idx].driver, map->driver, sizeof(e->driver));
	copy_str(e[*idx].label, map->label, sizeof(e->label));
	e[*idx].driver_why = map->driver_why;
	m->nr_exps++;
	return 0;
}

static struct da_finding *finding_add(struct da_matcher *m,
				      enum da_finding_kind kind,
				      const struct da_mapping *map)
{
	struct da_finding *f;

	if (da_grow((void **)&m->finds, &m->cap_finds, m->nr_finds + 1, sizeof(*f)))
		return NULL;
	f = &m->finds[m->nr_finds++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->map = *map;
	return f;
}

/*
 * A GEM export's driver, or why it is unknown; every other exporter names
 * itself, and whatever its probe read through priv means nothing.
 */
static void mapping_driver(struct da_mapping *map, const struct da_event *ev)
{
	if (!da_exporter_is_gem(map->exp_name)) {
		snprintf(map->label, sizeof(map->label), "%s", map->exp_name);
		return;
	}
	copy_str(map->driver, ev->map.driver, sizeof(map->driver));
	if (map->driver[0]) {
		snprintf(map->label, sizeof(map->label), "%s (%s)", map->exp_name,
			 map->driver);
		return;
	}
	map->driver_why = ev->map.driver_why ? ev->map.driver_why : DA_DRV_NO_FIELD;
	snprintf(map->label, sizeof(map->label), "%s (driver unknown)", map->exp_name);
}

static void addr_only(uint64_t ip, char *buf, size_t size, void *data)
{
	snprintf(buf, size, "0x%llx", (unsigned long long)ip);
}

/* @f's stack: @ev's, as lines; or why it has none. 0 or -ENOMEM. */
static int finding_stack(struct da_matcher *m, struct da_finding *f,
			 const struct da_event *ev)
{
	int n;

	free(f->stack);
	f->stack = NULL;
	f->nr_stack = 0;
	if (!ev->stack || !ev->stack->nr) {
		f->nostack = ev->nostack ?: DA_NOSTACK_NO_TRACE;
		return 0;
	}
	n = da_stack_lines(ev->stack, m->sym ?: addr_only, m->sym_data, &f->stack);
	if (n < 0)
		return n;
	f->nr_stack = n;
	f->nostack = DA_NOSTACK_NONE;
	return 0;
}

void da_matcher_set_symbols(struct da_matcher *m, da_matcher_sym_fn fn, void *data)
{
	m->sym = fn;
	m->sym_data = data;
}

void da_matcher_no_stacks(struct da_matcher *m)
{
	size_t i;

	for (i = 0; i < m->nr_finds; i++)
		if (m->finds[i].nostack == DA_NOSTACK_MISSING)
			m->finds[i].nostack = DA_NOSTACK_NOT_RECORDED;
}

static void mapping_from_event(struct da_mapping *map,
			       const struct da_event *ev, uint64_t mm)
{
	memset(map, 0, sizeof(*map));
	map->mm = mm;
	map->vma = ev->map.vma;
	map->start = ev->map.start;
	map->end = ev->map.end;
	map->flags = ev->map.flags;
	map->ino = ev->map.ino;
	map->size = ev->map.size;
	map->path = ev->map.path;
	map->pid = ev->pid;
	map->cpu = ev->cpu;
	map->ts = ev->ts;
	copy_str(map->comm, ev->comm, sizeof(map->comm));
	copy_str(map->exp_name, ev->map.exp_name, sizeof(map->exp_name));
	if (!map->exp_name[0])
		copy_str(map->exp_name, DA_UNKNOWN_EXPORTER, sizeof(map->exp_name));
	mapping_driver(map, ev);
}

int da_matcher_follow(struct da_matcher *m, int pid)
{
	m->scoped = true;
	return da_scope_add(m, pid);
}

void da_matcher_set_filter(struct da_matcher *m, const struct da_filter *f)
{
	m->filter = f;
}

void da_matcher_counts_only(struct da_matcher *m)
{
	m->counts_only = true;
}

static int feed_map(struct da_matcher *m, const struct da_event *ev)
{
	uint64_t mm = ev->map.mm ? ev->map.mm : da_pid_mm(m, ev->pid);
	struct da_live l = { .start = ev->map.start, .end = ev->map.end };
	struct da_mm *r;
	int err;

	mapping_from_event(&l.map, ev, mm);
	if (!da_in_scope(m, ev->pid) || (m->filter && !da_filter_match(m->filter, &l.map)))
		return 0;	/* another program's mapping: not what we audit */
	err = exporter_get(m, &l.map, &l.exp);
	if (err)
		return err;
	m->exps[l.exp].mmaps++;
	if (ev->map.flags_unknown) {
		/* a trace with the dma-buf but not the VMA: count, judge nothing */
		m->exps[l.exp].mmaps_flags_unknown++;
		return 0;
	}
	if (l.map.flags & DMABUF_AUDIT_VM_PFNMAP) {
		m->exps[l.exp].mmaps_pfnmap++;
	} else {
		struct da_finding *f = finding_add(m, DA_FIND_NOT_PFNMAP, &l.map);

		if (!f || finding_stack(m, f, ev))
			return -ENOMEM;
	}
	/* counted, but with no address space to put it in it can't be blamed */
	if (!mm || l.start >= l.end || m->counts_only)
		return 0;
	r = da_mm_get(m, mm);
	if (!r)
		return -ENOMEM;
	err = da_live_add(r, &l);
	return err ? err : da_task_set_mm(m, ev->pid, mm);
}

static int feed_unmap(struct da_matcher *m, const struct da_event *ev)
{
	uint64_t mm = ev->unmap.mm ? ev->unmap.mm : da_pid_mm(m, ev->pid);
	struct da_mm *r = da_mm_find(m, mm);
	int err;

	if (!r)
		return 0;
	err = da_live_punch(r, ev->unmap.start, ev->unmap.end);
	da_mm_forget_if_idle(m, r);
	return err;
}

/*
 * mremap moved [from, from + len) of a VMA to @to: the live mappings there
 * keep their exporter, flags and history at the new place (the old place
 * is unmapped by the vm_area_free that follows). Copied first, as adding
 * them moves the array.
 */
static int feed_move(struct da_matcher *m, const struct da_event *ev)
{
	uint64_t mm = ev->move.mm ? ev->move.mm : da_pid_mm(m, ev->pid);
	uint64_t from = ev->move.vma_start +
			(ev->move.new_pgoff - ev->move.vma_pgoff) * m->page_size;
	uint64_t to = ev->move.new_start, end = from + ev->move.len;
	struct da_mm *r = da_mm_find(m, mm);
	struct da_live *moved;
	size_t i, n = 0;
	int err = 0;

	if (!r || !r->nr || !ev->move.len)
		return 0;
	moved = malloc(r->nr * sizeof(*moved));
	if (!moved)
		return -ENOMEM;
	for (i = da_live_first_after(r, from); i < r->nr && r->maps[i].start < end; i++) {
		moved[n] = r->maps[i];
		moved[n].start = (moved[n].start > from ? moved[n].start : from) - from + to;
		moved[n].end = (moved[n].end < end ? moved[n].end : end) - from + to;
		n++;
	}
	for (i = 0; i < n && !err; i++)
		err = da_live_add(r, &moved[i]);
	free(moved);
	return err;
}

static void feed_mm_gone(struct da_matcher *m, const struct da_event *ev)
{
	struct da_mm *r = da_mm_find(m, ev->mm_gone.mm);

	if (!r)
		return;
	while (r->tasks)
		da_task_free(m, container_of(r->tasks, struct da_task, in_mm));
	r->nr = 0;
	da_mm_forget_if_idle(m, r);
}

/*
 * fork(): @to is a fresh mm (anything we still hold for it is left over
 * from a reused pointer whose teardown we missed) that gets a copy of every
 * dma-buf VMA of @from except the VM_DONTCOPY ones. Copies are not mmaps.
 */
static int mm_fork(struct da_matcher *m, uint64_t from, uint64_t to)
{
	struct da_mm *p = from ? da_mm_find(m, from) : NULL;
	struct da_mm *c = da_mm_find(m, to);
	size_t i;

	if (c)
		c->nr = 0;
	if (!p || !p->nr)
		return 0;
	c = da_mm_get(m, to);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < p->nr; i++) {
		if (p->maps[i].map.flags & DA_VM_DONTCOPY)
			continue;
		if (da_live_insert_at(c, c->nr, &p->maps[i]))
			return -ENOMEM;
		c->maps[c->nr - 1].map.mm = to;
	}
	return 0;
}

static int feed_task_new(struct da_matcher *m, const struct da_event *ev)
{
	int child = ev->task_new.child;
	uint64_t mm = ev->task_new.mm;
	int err;

	if (m->scoped && da_in_scope(m, ev->pid)) {
		err = da_scope_add(m, child);	/* CMD's children are CMD too */
		if (err)
			return err;
	}
	if (!mm) {
		da_task_forget(m, child);
		return 0;
	}
	/* CLONE_THREAD implies CLONE_VM; CLONE_VM alone (vfork) shares too */
	if (child == ev->task_new.tgid && mm != ev->task_new.parent_mm) {
		err = mm_fork(m, ev->task_new.parent_mm, mm);
		if (err)
			return err;
	}
	return da_task_set_mm(m, child, mm);
}

/* start + pages * page_size, saturated rather than wrapped */
static uint64_t range_end(uint64_t start, uint64_t pages, unsigned long ps)
{
	uint64_t len, end;

	if (__builtin_mul_overflow(pages, (uint64_t)ps, &len) ||
	    __builtin_add_overflow(start, len, &end))
		return UINT64_MAX;
	return end;
}

static void finding_set_gup(struct da_finding *f, const struct da_event *ev,
			    bool remote)
{
	f->gup_pid = ev->pid;
	f->gup_cpu = ev->cpu;
	copy_str(f->gup_comm, ev->comm, sizeof(f->gup_comm));
	f->gup_ts = ev->ts;
	f->gup_start = ev->gup.start;
	f->gup_nr_pages = ev->gup.nr_pages;
	f->gup_ret = ev->gup.ret;
	f->gup_path = ev->gup.path;
	copy_str(f->gup_mech, ev->gup.mech, sizeof(f->gup_mech));
	f->remote = remote;
}

/*
 * @l overlaps the attempt; @pinned_end ends the pinned range that starts
 * with the attempt (0: nothing pinned).
 */
static int gup_touch(struct da_matcher *m, const struct da_event *ev,
		     const struct da_live *l, uint64_t pinned_end, bool remote)
{
	unsigned long seq = m->totals.gup_attempts;
	struct da_exp_mark *mk = &m->marks[l->exp];
	struct da_finding *f;

	if (mk->attempt != seq) {
		mk->attempt = seq;
		m->exps[l->exp].gup_attempts++;
	}
	if (pinned_end <= l->start)
		return 0;
	if (mk->pinned != seq) {
		mk->pinned = seq;
		m->exps[l->exp].gup_succeeded++;
	}
	f = finding_add(m, DA_FIND_GUP_SUCCEEDED, &l->map);
	if (!f)
		return -ENOMEM;
	finding_set_gup(f, ev, remote);
	return finding_stack(m, f, ev);
}

/*
 * Attribute by the target mm and the address range, never by the pid
 * alone: GUP may run on another process's mm, and an address whose dma-buf
 * was unmapped may now hold anonymous memory.
 */
static int feed_gup(struct da_matcher *m, const struct da_event *ev)
{
	uint64_t own = da_pid_mm(m, ev->pid);
	uint64_t target = ev->gup.mm ? ev->gup.mm : own;
	uint64_t s = ev->gup.start, e, pinned_end = 0;
	struct da_mm *r;
	size_t i;
	int err;

	m->totals.gup_attempts++;
	if (!target) {
		m->totals.gup_unattributed++;
		return 0;
	}
	r = da_mm_find(m, target);
	e = range_end(s, ev->gup.nr_pages, m->page_size);
	if (!r || s >= e)
		return 0;
	if (ev->gup.ret > 0)
		pinned_end = range_end(s, ev->gup.ret, m->page_size);
	for (i = da_live_first_after(r, s); i < r->nr && r->maps[i].start < e; i++) {
		err = gup_touch(m, ev, &r->maps[i], pinned_end,
				own && target != own);
		if (err)
			return err;
	}
	return 0;
}

static int feed_one(struct da_matcher *m, const struct da_event *ev)
{
	switch (ev->type) {
	case DA_EV_MAP:
		return feed_map(m, ev);
	case DA_EV_UNMAP:
		return feed_unmap(m, ev);
	case DA_EV_MOVE:
		return feed_move(m, ev);
	case DA_EV_MM_GONE:
		feed_mm_gone(m, ev);
		return 0;
	case DA_EV_GUP:
		return feed_gup(m, ev);
	case DA_EV_TASK_NEW:
		return feed_task_new(m, ev);
	case DA_EV_TASK_EXIT:
		da_scope_del(m, ev->pid);	/* the pid may come back as someone else */
		/* fall through */
	case DA_EV_TASK_EXEC:	/* a fresh mm we know nothing of yet */
		da_task_forget(m, ev->pid);
		return 0;
	case DA_EV_LOST:
		m->totals.lost_chunks++;
		m->totals.lost_events += ev->lost.count;
		return 0;
	}
	return 0;
}

int da_matcher_feed(struct da_matcher *m, const struct da_event *ev)
{
	if (m->err)
		return m->err;
	m->totals.events++;
	m->err = feed_one(m, ev);
	return m->err;
}

struct da_matcher *da_matcher_alloc(unsigned long page_size)
{
	struct da_matcher *m;

	if (!page_size) {
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->page_size = page_size;
	if (da_hash_init(&m->mms) || da_hash_init(&m->tasks) || da_hash_init(&m->scope)) {
		da_matcher_free(m);
		errno = ENOMEM;
		return NULL;
	}
	return m;
}

void da_matcher_free(struct da_matcher *m)
{
	struct da_mm *r;
	size_t i;

	if (!m)
		return;
	for (i = 0; m->tasks.buckets && i < 1UL << m->tasks.bits; i++)
		while (m->tasks.buckets[i])
			da_task_free(m, container_of(m->tasks.buckets[i],
						  struct da_task, node.link));
	for (i = 0; m->mms.buckets && i < 1UL << m->mms.bits; i++) {
		while (m->mms.buckets[i]) {
			r = container_of(m->mms.buckets[i], struct da_mm, node.link);
			r->nr = 0;
			da_mm_forget_if_idle(m, r);
		}
	}
	for (i = 0; m->scope.buckets && i < 1UL << m->scope.bits; i++)
		while (m->scope.buckets[i]) {
			struct da_hnode *n = container_of(m->scope.buckets[i],
							  struct da_hnode, link);

			da_hash_del(&m->scope, n);
			free(n);
		}
	free(m->scope.buckets);
	free(m->tasks.buckets);
	free(m->mms.buckets);
	free(m->exps);
	free(m->marks);
	for (i = 0; i < m->nr_finds; i++)
		free(m->finds[i].stack);
	free(m->finds);
	free(m);
}

size_t da_matcher_exporters(const struct da_matcher *m,
			    const struct da_exporter_stats **out)
{
	*out = m->exps;
	return m->nr_exps;
}

size_t da_matcher_findings(const struct da_matcher *m,
			   const struct da_finding **out)
{
	*out = m->finds;
	return m->nr_finds;
}

void da_matcher_totals(const struct da_matcher *m, struct da_matcher_totals *t)
{
	const struct da_link *l;
	size_t i;

	*t = m->totals;
	t->live_mappings = 0;
	for (i = 0; i < 1UL << m->mms.bits; i++)
		for (l = m->mms.buckets[i]; l; l = l->next)
			t->live_mappings += container_of(l, struct da_mm,
							 node.link)->nr;
}
