// SPDX-License-Identifier: LGPL-2.1
/*
 * The decoder's side of kernel stacks (stacks.h): an ftrace kernel_stack
 * record belongs to the event just before it on the same CPU, written for
 * the same task; it is kept with that task's call until the call's event
 * is emitted. A stack after anything else (an event of ours that takes no
 * stack, a filtered-out hit whose trigger fired anyway) is dropped.
 */
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "events-local.h"
#include "stacks.h"

#define MAX_CPUS	4096

void da_stack_init(struct da_decoder *d)
{
	struct tep_event *ev = tep_find_event_by_name(d->tep, "ftrace", "kernel_stack");

	d->kstack_id = -1;
	d->stack_asked = DA_STACK_ROLES;
	if (!ev)
		return;
	d->kstack_size = tep_find_field(ev, "size");
	d->kstack_caller = tep_find_field(ev, "caller");
	if (d->kstack_size && d->kstack_caller &&
	    !(d->kstack_caller->flags & TEP_FIELD_IS_DYNAMIC))
		d->kstack_id = ev->id;
}

void da_decoder_stacks(struct da_decoder *d, unsigned int asked, unsigned int refused)
{
	d->stack_asked = asked & DA_STACK_ROLES;
	d->stack_refused = refused & DA_STACK_ROLES;
}

unsigned long da_decoder_stacks_seen(const struct da_decoder *d)
{
	return d->stacks_seen;
}

static struct cpu_last *cpu_last(struct da_decoder *d, int cpu)
{
	size_t old = d->cap_last;

	if (cpu < 0 || cpu >= MAX_CPUS)
		return NULL;
	if ((size_t)cpu >= d->cap_last) {
		if (da_grow((void **)&d->last, &d->cap_last, cpu + 1, sizeof(*d->last)))
			return NULL;
		memset(d->last + old, 0xff, (d->cap_last - old) * sizeof(*d->last));
	}
	return &d->last[cpu];
}

void da_stack_last(struct da_decoder *d, struct tep_record *rec, int pid, int role,
		   struct task *t)
{
	struct cpu_last *l;

	if (d->kstack_id < 0 || !(l = cpu_last(d, rec->cpu)))
		return;
	l->pid = pid;
	l->role = t && role >= 0 && (DA_STACK_ROLES & (1u << role)) ? role : -1;
	l->t = t;
}

/* The task's call of @role is still open and has no stack yet. */
static bool call_waits(const struct task *t, int role)
{
	switch (role) {
	case DA_ROLE_MMAP_ID:
	case DA_ROLE_MMAP_FWD_ID:
		return t->map_id;
	case DA_ROLE_GUP_FAST:
		return t->fast_open;
	case DA_ROLE_GUP_SLOW:
		return t->slow_open && !t->fast_open;	/* not a fallback */
	default:
		return false;
	}
}

void da_on_stack(struct da_decoder *d, struct tep_record *rec, int pid)
{
	struct cpu_last *l = cpu_last(d, rec->cpu);
	const struct tep_format_field *c = d->kstack_caller;
	unsigned long long nr = 0;
	struct task *t;
	int role;

	if (!l || l->role < 0 || l->pid != pid)
		return;
	role = l->role;
	l->role = -1;		/* one stack per event */
	t = l->t;
	if (!t->used || t->pid != pid || !call_waits(t, role) ||
	    (int)c->offset > rec->size)
		return;
	if (da_field_in_record(d->kstack_size, rec))
		tep_read_number_field(d->kstack_size, rec->data, &nr);
	da_stack_from_record(&t->stack, (long)nr, (const char *)rec->data + c->offset,
			     rec->size - c->offset, tep_get_long_size(d->tep),
			     tep_is_file_bigendian(d->tep) != tep_is_local_bigendian(d->tep));
	t->stacked = 1u << role;
	d->stacks_seen++;
}

void da_ev_stack(struct da_decoder *d, struct da_event *ev, const struct task *t,
		 enum da_role role)
{
	if (t->stacked & (1u << role) && t->stack.nr) {
		ev->stack = &t->stack;
		ev->nostack = DA_NOSTACK_NONE;
	} else if (d->stack_refused & (1u << role)) {
		ev->nostack = DA_NOSTACK_REFUSED;
	} else if (d->stack_asked & (1u << role)) {
		ev->nostack = DA_NOSTACK_MISSING;
	} else {
		ev->nostack = DA_NOSTACK_NOT_ASKED;
	}
}
