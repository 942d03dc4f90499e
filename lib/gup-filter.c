// SPDX-License-Identifier: LGPL-2.1
/*
 * GUP filtered in the kernel, for live audits on GUP-heavy machines.
 *
 * Every GUP entry probe fires; the event filters of our instance decide
 * what is written. F, the filter: fast GUP (entry and return) by the pids
 * known to run in an address space that holds a dma-buf mapping (fast GUP
 * always works on the caller's own mm), slow GUP entries on such an mm
 * (its mm argument: a remote GUP too), and their returns by the same mm
 * where return probes take $argN (6.12, 7.x); elsewhere (6.1) the return
 * carries nothing to filter on and stays unfiltered: one record per
 * unrelated slow GUP, and the report says so.
 *
 * The race: a new dma-buf mapping can be GUPed before the reader has read
 * its mmap and put its mm in F. Windows close it in the kernel: instances
 * of their own holding the same GUP events, filtered with the complement
 * of F (so no record is written twice), soft-disabled, and an enable_event
 * trigger on every dma-buf mmap entry and every new task (fork copies
 * mappings, a new thread is a new pid) that enables them all at once,
 * before the mapping exists. Each poll reads the buffers, feeds the
 * matcher up to what it has read the poll before, writes F, then closes
 * one window, round robin. A mapping made while poll k reads is read by
 * poll k + 1 at the latest and fed by poll k + 2, which writes its F;
 * from its mmap until then polls k and k + 1 close two windows, and the
 * third stays open until poll k + 2 closes it after writing F. So every
 * GUP on a dma-buf mapping is recorded by one instance or another.
 *
 * F grows before its complement shrinks: the main filter is written with
 * the union of the old and new sets first, then the windows', then the
 * main one again; a GUP can be recorded twice only by an address space
 * leaving F while a window is open.
 *
 * Stacks. A stacktrace trigger is a post trigger: the kernel evaluates it
 * for every hit, before the event's filter or soft-disable drops the
 * record (trace_trigger_soft_disabled() and __event_trigger_test_discard()
 * on 6.1, 6.12 and 7.x). So in our instance each stack role's trigger is
 * "stacktrace if F", rewritten with every write of F; the kernel keeps one
 * stacktrace trigger an event, so a rewrite removes it and adds the new
 * one, and a hit in between is recorded without a stack (its finding says
 * so). A trigger in a window would stack every unrelated GUP even while
 * the window is closed: the windows have the instance option stacktrace
 * instead, which stacks what they commit and nothing else, right after
 * the record (the reader keeps or drops a stack with the record before it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "event-filter.h"
#include "gup-filter.h"
#include "report.h"
#include "stacks.h"

/* The events F applies to, and the field each is filtered on. */
static const struct {
	enum da_role role;
	const char *field;
	bool mm;		/* by the mm set, else by the pid set */
	bool ret_mm;		/* only where the slow return has its mm */
} filtered[] = {
	{ DA_ROLE_GUP_FAST, "common_pid", false, false },
	{ DA_ROLE_GUP_FAST_RET, "common_pid", false, false },
	{ DA_ROLE_GUP_SLOW, "mm", true, false },
	{ DA_ROLE_GUP_SLOW_RET, "mm", true, true },
};
_Static_assert(ARRAY_SIZE(filtered) == DA_GUP_FILTERED, "one text per filtered event");

/* What opens the windows. */
static const enum da_role openers[] = {
	DA_ROLE_MMAP_ID, DA_ROLE_MMAP_FWD_ID, DA_ROLE_TASK_NEW,
};

const char *da_gup_filter_scope(const struct da_plan *plan)
{
	if (plan->gup_ret_mm)
		return "GUP by address spaces that held no dma-buf mapping was not "
		       "recorded (kernel event filters)";
	return "GUP by address spaces that held no dma-buf mapping was not recorded "
	       "(kernel event filters), but slow GUP returns were not filtered (this "
	       "kernel's return probes take no $argN): one record per unrelated slow GUP";
}

void da_gup_window_name(char *buf, size_t size, const char *group, int n)
{
	snprintf(buf, size, "%s_w%d", group, n);
}

/* The plan's event of @role, or -1. */
static int plan_event(const struct da_plan *plan, enum da_role role)
{
	int i;

	for (i = 0; i < plan->nr_events; i++)
		if (da_role_of(plan->events[i].system, plan->events[i].name) == (int)role)
			return i;
	return -1;
}

/* The plan's event filtered[@k], or -1: not placed, or nothing to filter on. */
static int event_of(const struct da_gup_filter *g, size_t k)
{
	if (filtered[k].ret_mm && !g->plan->gup_ret_mm)
		return -1;
	return plan_event(g->plan, filtered[k].role);
}

static int set_add(struct da_gup_set *s, uint64_t v)
{
	int err = s->n < s->cap ? 0 : da_grow((void **)&s->v, &s->cap, s->n + 1,
					       sizeof(*s->v));

	if (!err)
		s->v[s->n++] = v;
	return err;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static void set_sort(struct da_gup_set *s)
{
	size_t i, n = 0;

	qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
	for (i = 0; i < s->n; i++)
		if (!n || s->v[n - 1] != s->v[i])
			s->v[n++] = s->v[i];
	s->n = n;
}

static bool set_equal(const struct da_gup_set *a, const struct da_gup_set *b)
{
	return a->n == b->n && (!a->n || !memcmp(a->v, b->v, a->n * sizeof(*a->v)));
}

/* @out = @a + @b (both sorted). */
static int set_union(struct da_gup_set *out, const struct da_gup_set *a,
		     const struct da_gup_set *b)
{
	size_t i;

	out->n = 0;
	for (i = 0; i < a->n; i++)
		if (set_add(out, a->v[i]))
			return -ENOMEM;
	for (i = 0; i < b->n; i++)
		if (set_add(out, b->v[i]))
			return -ENOMEM;
	set_sort(out);
	return 0;
}

/* Our instance's stacktrace trigger of filtered[@k] as its filter (see the top). */
static int set_trigger(struct da_gup_filter *g, int k)
{
	int i = event_of(g, k);
	int err = da_stack_trigger_set(g->main, g->plan->events[i].system,
				   g->plan->events[i].name, g->text[k]);

	if (err)
		g->stacked &= ~(1u << k);
	return err;
}

/* Our instance's filter of filtered[@k] is now @text: its trigger follows. */
static int follow_stack(struct da_gup_filter *g, int k, const char *text)
{
	bool same = g->text[k] && !strcmp(g->text[k], text);

	if (same)
		return 0;
	free(g->text[k]);
	g->text[k] = strdup(text);
	if (!g->text[k])
		return -ENOMEM;
	/* a refused one costs stacks, not the audit */
	if ((g->stacked & (1u << k)) && set_trigger(g, k))
		da_warn("the kernel refused the new stack trigger of %s: its GUP go "
			"without kernel stacks\n", g->plan->events[event_of(g, k)].name);
	return 0;
}

/*
 * Write the filter of filtered[@k] in @inst from @s: F, or with @negate
 * its complement. A set too long for the kernel is not filtered at all:
 * F passes everything, its complement nothing.
 */
static int write_one(struct da_gup_filter *g, struct tracefs_instance *inst,
		     int k, const struct da_gup_set *s, bool negate)
{
	int i = event_of(g, k), err;
	char buf[DA_FILTER_MAX + 1];

	if (i < 0)
		return 0;
	if (da_filter_build(buf, sizeof(buf), filtered[k].field, s->v, s->n, negate,
			    filtered[k].mm) < 0)
		snprintf(buf, sizeof(buf), "%s", negate ? DA_FILTER_NONE : "");
	g->updates++;
	err = da_event_filter_set(inst, g->plan->events[i].system,
				  g->plan->events[i].name, buf);
	return err || inst != g->main ? err : follow_stack(g, k, buf);
}

/* Every filtered event of @inst from @mms and @pids. */
static int write_all(struct da_gup_filter *g, struct tracefs_instance *inst,
		     const struct da_gup_set *mms, const struct da_gup_set *pids,
		     bool negate)
{
	size_t k;
	int err = 0;

	for (k = 0; k < ARRAY_SIZE(filtered) && !err; k++)
		err = write_one(g, inst, k, filtered[k].mm ? mms : pids, negate);
	return err;
}

static int write_windows(struct da_gup_filter *g, const struct da_gup_set *mms,
			 const struct da_gup_set *pids)
{
	int w, err = 0;

	for (w = 0; w < DA_GUP_WINDOWS && !err; w++)
		err = write_all(g, g->win[w], mms, pids, true);
	return err;
}

/* Soft-disable the GUP events of window @w (they stay registered). */
static int close_window(struct da_gup_filter *g, int w)
{
	size_t k;
	int i;

	for (k = 0; k < ARRAY_SIZE(filtered); k++) {
		i = event_of(g, k);
		if (i >= 0 && tracefs_event_file_write(g->win[w], g->plan->events[i].system,
						       g->plan->events[i].name, "enable", "0") < 0)
			return -errno;
	}
	return 0;
}

/* Triggers on every opener: "enable_event:GROUP:EVENT" for each GUP event. */
static int arm_window(struct da_gup_filter *g, struct tracefs_instance *w)
{
	char trig[2 * DA_GROUP_MAX + 64];
	size_t o, k;
	int i, j;

	for (o = 0; o < ARRAY_SIZE(openers); o++) {
		i = plan_event(g->plan, openers[o]);
		if (i < 0)
			continue;
		/* the trigger fires for records its event's filter drops */
		if (da_event_filter_set(w, g->plan->events[i].system,
					g->plan->events[i].name, DA_FILTER_NONE))
			return -EINVAL;
		for (k = 0; k < ARRAY_SIZE(filtered); k++) {
			j = event_of(g, k);
			if (j < 0)
				continue;
			snprintf(trig, sizeof(trig), "enable_event:%s:%s",
				 g->plan->events[j].system, g->plan->events[j].name);
			if (tracefs_event_file_write(w, g->plan->events[i].system,
						     g->plan->events[i].name, "trigger",
						     trig) < 0)
				return -errno;
		}
		if (tracefs_event_enable(w, g->plan->events[i].system,
					 g->plan->events[i].name) < 0)
			return -errno;
	}
	return 0;
}

static int make_window(struct da_gup_filter *g, int n, unsigned int buffer_kb)
{
	char name[DA_GROUP_MAX + 8];
	struct tracefs_instance *w;
	int err;

	da_gup_window_name(name, sizeof(name), g->plan->group, n);
	w = g->win[n] = tracefs_instance_create(name);
	if (!w) {
		da_warn("cannot create tracefs instance %s: %s\n", name, strerror(errno));
		return -errno;
	}
	/* nobody reads it yet: on with our instance (da_gup_filter_on()) */
	tracefs_trace_off(w);
	tracefs_option_disable(w, TRACEFS_OPTION_OVERWRITE);
	tracefs_instance_file_write(w, "trace_clock", "mono");
	if (buffer_kb && tracefs_instance_set_buffer_size(w, buffer_kb, -1) < 0)
		return -errno;
	err = write_all(g, w, &g->mms, &g->pids, true);
	err = err ?: arm_window(g, w);
	if (err)
		da_warn("cannot set up the GUP window %s: %s\n", name, strerror(-err));
	return err;
}

int da_gup_filter_start(struct da_gup_filter *g, const struct da_plan *plan,
			struct tracefs_instance *main, unsigned int buffer_kb)
{
	int w, err;

	g->plan = plan;
	g->main = main;
	err = write_all(g, main, &g->mms, &g->pids, false);
	for (w = 0; w < DA_GUP_WINDOWS && !err; w++)
		err = make_window(g, w, buffer_kb);
	g->active = !err;
	return err;
}

int da_gup_filter_stack_on(struct da_gup_filter *g, enum da_role role)
{
	size_t k;

	for (k = 0; g->active && k < ARRAY_SIZE(filtered); k++) {
		if (filtered[k].role != role || event_of(g, k) < 0 || !g->text[k])
			continue;
		g->stacked |= 1u << k;
		return set_trigger(g, k);
	}
	return -ENOENT;
}

int da_gup_filter_stacks(struct da_gup_filter *g)
{
	int w;

	for (w = 0; g->active && w < DA_GUP_WINDOWS; w++)
		if (tracefs_option_enable(g->win[w], TRACEFS_OPTION_STACKTRACE) < 0)
			return -errno;
	return 0;
}

int da_gup_filter_on(struct da_gup_filter *g)
{
	int w;

	for (w = 0; w < DA_GUP_WINDOWS; w++)
		if (g->win[w] && tracefs_trace_on(g->win[w]) < 0)
			return -errno;
	return 0;
}

/* Collects the matcher's address spaces and pids. */
static int collect(uint64_t mm, int pid, void *data)
{
	struct da_gup_filter *g = data;

	return pid ? set_add(&g->new_pids, (uint64_t)pid) : set_add(&g->new_mms, mm);
}

/*
 * Threads of the known tasks that the audit never saw start (they existed
 * before it): their fast GUP works on the same mm. The matcher cannot
 * attribute it (it does not know their mm), but counts it, as it would
 * without the filter.
 */
static int add_threads(struct da_gup_filter *g)
{
	size_t i, n = g->new_pids.n;
	char path[48];
	struct dirent *e;
	DIR *d;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		snprintf(path, sizeof(path), "/proc/%llu/task",
			 (unsigned long long)g->new_pids.v[i]);
		d = opendir(path);
		while (d && !err && (e = readdir(d)))
			if (e->d_name[0] != '.')
				err = set_add(&g->new_pids, strtoull(e->d_name, NULL, 10));
		if (d)
			closedir(d);
	}
	return err;
}

/* F from the old sets to the new ones, never narrower than either meanwhile. */
static int rewrite(struct da_gup_filter *g)
{
	struct da_gup_set um = { 0 }, up = { 0 };
	int err;

	err = set_union(&um, &g->mms, &g->new_mms) ?: set_union(&up, &g->pids, &g->new_pids);
	err = err ?: write_all(g, g->main, &um, &up, false);
	err = err ?: write_windows(g, &g->new_mms, &g->new_pids);
	if (!err && (!set_equal(&um, &g->new_mms) || !set_equal(&up, &g->new_pids)))
		err = write_all(g, g->main, &g->new_mms, &g->new_pids, false);
	free(um.v);
	free(up.v);
	return err;
}

static void set_swap(struct da_gup_set *a, struct da_gup_set *b)
{
	struct da_gup_set t = *a;

	*a = *b;
	*b = t;
}

int da_gup_filter_update(struct da_gup_filter *g, struct dmabuf_audit_report *r)
{
	int err;

	if (!g->active)
		return 0;
	g->new_mms.n = g->new_pids.n = 0;
	err = da_report_interest(r, collect, g) ?: add_threads(g);
	if (err)
		return err;
	set_sort(&g->new_mms);
	set_sort(&g->new_pids);
	if (!set_equal(&g->mms, &g->new_mms) || !set_equal(&g->pids, &g->new_pids)) {
		err = rewrite(g);
		if (err)
			return err;
		set_swap(&g->mms, &g->new_mms);
		set_swap(&g->pids, &g->new_pids);
	}
	/* only after F holds what this poll fed (see the top of this file) */
	err = close_window(g, g->next);
	g->next = (g->next + 1) % DA_GUP_WINDOWS;
	return err;
}

static int destroy(const char *name, struct tracefs_instance *inst)
{
	struct tracefs_instance *own = NULL;
	int n = 0;

	if (!inst && tracefs_instance_exists(name))
		inst = own = tracefs_instance_alloc(NULL, name);
	if (inst) {
		tracefs_trace_off(inst);
		if (tracefs_instance_destroy(inst) < 0)
			da_warn("cannot remove tracefs instance %s: %s\n", name, strerror(errno));
		else
			n = 1;
	}
	tracefs_instance_free(own);
	return n;
}

void da_gup_filter_stop(struct da_gup_filter *g, const char *group)
{
	char name[DA_GROUP_MAX + 8];
	int w;

	for (w = 0; w < DA_GUP_WINDOWS; w++) {
		if (g->win[w]) {
			da_gup_window_name(name, sizeof(name), group, w);
			destroy(name, g->win[w]);
			tracefs_instance_free(g->win[w]);
			g->win[w] = NULL;
		}
	}
	for (w = 0; w < DA_GUP_FILTERED; w++) {
		free(g->text[w]);
		g->text[w] = NULL;
	}
	g->stacked = 0;
	free(g->mms.v);
	free(g->pids.v);
	free(g->new_mms.v);
	free(g->new_pids.v);
	g->mms = g->pids = g->new_mms = g->new_pids = (struct da_gup_set){ 0 };
	g->active = false;
}

int da_gup_windows_remove(const char *group)
{
	char name[DA_GROUP_MAX + 8];
	int w, n = 0;

	for (w = 0; w < DA_GUP_WINDOWS; w++) {
		da_gup_window_name(name, sizeof(name), group, w);
		n += destroy(name, NULL);
	}
	return n;
}
