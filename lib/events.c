// SPDX-License-Identifier: LGPL-2.1
/*
 * From raw trace records to the typed model (model.h).
 *
 * The kernel gives us pieces: an entry here, a return there, a tracepoint
 * before the exporter's mmap and the VMA after it. This file pairs them per
 * task (entry and return of one call run on the same task, nested calls
 * strictly nested) and hands complete events to the matcher. Which probe
 * produced a piece does not matter: every candidate of a role has the same
 * event name and field names (schema.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "events-local.h"
#include "probes.h"
#include "schema.h"

static void add_event(struct da_decoder *d, struct tep_event *ev, int role)
{
	struct evinfo *in;
	int i;

	if (d->nr_info >= (int)ARRAY_SIZE(d->info) || ev->id < 0 || ev->id >= NR_IDS)
		return;
	in = &d->info[d->nr_info];
	in->role = role;
	in->name = ev->name;
	for (i = 0; i < DA_F_COUNT; i++)
		in->f[i] = tep_find_field(ev, da_field_name(i));
	in->want = da_check_wanted(ev, role, in->f);
	in->bad_field = da_check_format(d->tep, ev, in->want, in->f, &in->bad_why);
	if (in->bad_field >= 0)
		da_debug("event %s: field '%s' %s\n", ev->name,
			 da_field_name(in->bad_field), da_undec_why_str(in->bad_why));
	d->idx_by_id[ev->id] = d->nr_info++;
	d->roles_present |= 1u << role;
	if (role == DA_ROLE_MMAP_RET && !in->f[DA_F_FLAGS])
		d->ret_lacks_vma = true;
	in->tracepoint = !da_group_is_ours(ev->system);
	if (role == DA_ROLE_MMAP_ID && !strcmp(ev->system, "dma_buf"))
		d->tracepoint_id = true;
}

struct da_decoder *da_decoder_alloc(struct tep_handle *tep, da_emit_fn emit,
				    void *data)
{
	struct da_decoder *d = calloc(1, sizeof(*d));
	struct tep_event **all;
	int i, role;

	if (!d)
		return NULL;
	d->idx_by_id = malloc(NR_IDS * sizeof(*d->idx_by_id));
	all = tep_list_events(tep, TEP_EVENT_SORT_ID);
	if (!d->idx_by_id || !all) {
		free(d->idx_by_id);
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	memset(d->idx_by_id, 0xff, NR_IDS * sizeof(*d->idx_by_id));
	d->tep = tep;
	d->emit = emit;
	d->data = data;
	for (i = 0; all[i]; i++) {
		role = da_role_of(all[i]->system, all[i]->name);
		if (role >= 0)
			add_event(d, all[i], role);
	}
	da_stack_init(d);
	return d;
}

void da_decoder_free(struct da_decoder *d)
{
	if (!d)
		return;
	free(d->idx_by_id);
	free(d->last);
	free(d);
}

unsigned int da_decoder_roles(const struct da_decoder *d)
{
	return d->roles_present;
}

bool da_decoder_has_tracepoint_id(const struct da_decoder *d)
{
	return d->tracepoint_id;
}

unsigned int da_decoder_missing(const struct da_decoder *d)
{
	unsigned int want = ((1u << DA_ROLE_COUNT) - 1) & ~(1u << DA_ROLE_VMA_FINAL);

	if (d->ret_lacks_vma)
		want |= 1u << DA_ROLE_VMA_FINAL;
	return want & ~d->roles_present;
}

unsigned long da_decoder_unpaired(const struct da_decoder *d)
{
	return d->unpaired;
}

void da_decoder_set_gup_filtered(struct da_decoder *d)
{
	d->gup_filtered = true;
}

static void tasks_compact(struct da_decoder *d);

/* The task's slot, made on first use; NULL if every slot is busy. */
static struct task *task_get(struct da_decoder *d, int pid, bool compact)
{
	unsigned int h = (unsigned int)pid * 2654435761u % TASK_SLOTS, i;
	struct task *free_slot = NULL;

	for (i = 0; i < TASK_SLOTS; i++) {
		struct task *t = &d->tasks[(h + i) % TASK_SLOTS];

		if (t->used && t->pid == pid)
			return t;
		if (!t->used) {
			free_slot = t;
			break;
		}
	}
	if (!free_slot) {
		if (!compact)
			return NULL;
		tasks_compact(d);
		return task_get(d, pid, false);
	}
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->pid = pid;
	return free_slot;
}

/*
 * Slots are never emptied (open addressing without tombstones); a task with
 * nothing in flight keeps its slot. Reset the table when it fills up with
 * idle tasks.
 */
static void tasks_compact(struct da_decoder *d)
{
	struct task *keep = malloc(sizeof(d->tasks));
	int i, n = 0;

	if (!keep) {
		memset(d->tasks, 0, sizeof(d->tasks));
		return;
	}
	for (i = 0; i < TASK_SLOTS; i++) {
		struct task *t = &d->tasks[i];

		if (t->used && (t->map_id || t->map_await_vma || t->fast_open ||
				t->slow_open || t->move_open || t->bad_ret))
			keep[n++] = *t;
	}
	memset(d->tasks, 0, sizeof(d->tasks));
	for (i = 0; i < n; i++)
		*task_get(d, keep[i].pid, false) = keep[i];
	free(keep);
}

uint64_t da_ev_num(const struct evinfo *in, enum da_field_id f, struct tep_record *rec)
{
	unsigned long long v = 0;

	if (in->f[f] && da_field_in_record(in->f[f], rec))
		tep_read_number_field(in->f[f], rec->data, &v);
	return v;
}

long long da_ev_snum(const struct evinfo *in, enum da_field_id f, struct tep_record *rec)
{
	uint64_t v = da_ev_num(in, f, rec);

	if (in->f[f] && in->f[f]->size == 4)
		return (int32_t)v;
	return (int64_t)v;
}

/* A string field: fixed array (comm) or __data_loc / __rel_loc. */
void da_ev_str(const struct evinfo *in, enum da_field_id f, struct tep_record *rec,
	       char *out, size_t size)
{
	const struct tep_format_field *fld = in->f[f];
	unsigned int off, len;

	out[0] = '\0';
	if (!fld || !da_field_in_record(fld, rec))
		return;
	if (fld->flags & TEP_FIELD_IS_DYNAMIC) {
		uint32_t loc = 0;

		memcpy(&loc, (const char *)rec->data + fld->offset,
		       fld->size < 4 ? fld->size : 4);
		off = loc & 0xffff;
		len = loc >> 16;
		if (fld->flags & TEP_FIELD_IS_RELATIVE)
			off += fld->offset + fld->size;
	} else {
		off = fld->offset;
		len = fld->size;
	}
	if (off + len > (unsigned int)rec->size)
		return;		/* a damaged record: leave it empty */
	if (len >= size)
		len = size - 1;
	memcpy(out, (const char *)rec->data + off, len);
	out[len] = '\0';
	out[strnlen(out, len)] = '\0';
}

void da_ev_base(struct da_decoder *d, struct da_event *ev, enum da_event_type type,
		struct tep_record *rec, int pid)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	ev->pid = pid;
}

/* A record of @in that cannot be believed: counted, never an event. */
static void undecodable(struct da_decoder *d, const struct evinfo *in,
			int field, enum da_undec_why why)
{
	short info = in - d->info;
	int i;

	for (i = 0; i < d->nr_undec; i++)
		if (d->undec[i].info == info && d->undec[i].field == field &&
		    d->undec[i].why == why)
			break;
	if (i == d->nr_undec) {
		if (i == UNDEC_KINDS)
			i--;	/* too many kinds: the last one counts the rest */
		else
			d->nr_undec++;
		d->undec[i] = (struct undec){ info, field, why, 0 };
	}
	d->undec[i].n++;
}

bool da_decoder_wants(const struct da_decoder *d, int id)
{
	/* kernel_stack records too: they belong to our event just before */
	return id >= 0 && ((id < NR_IDS && d->idx_by_id[id] >= 0) || id == d->kstack_id);
}

unsigned long da_decoder_unknown_types(const struct da_decoder *d)
{
	return d->unknown_type;
}

unsigned long da_decoder_undecodable(const struct da_decoder *d, int i,
				     const char **event, enum da_field_id *field,
				     enum da_undec_why *why)
{
	if (i < 0 || i >= d->nr_undec)
		return 0;
	*event = d->info[d->undec[i].info].name;
	*field = d->undec[i].field;
	*why = d->undec[i].why;
	return d->undec[i].n;
}

void da_ev_emit(struct da_decoder *d, const struct da_event *ev)
{
	if (!d->err)
		d->err = d->emit(ev, d->data);
}

/* What the entry of @t's mmap said about the dma-buf. */
static void map_identity(struct da_event *ev, const struct task *t)
{
	ev->map.ino = t->map_ino;
	ev->map.size = t->map_size;
	ev->map.path = t->map_path;
	memcpy(ev->map.exp_name, t->map_exp, sizeof(ev->map.exp_name));
	memcpy(ev->map.driver, t->map_drv, sizeof(ev->map.driver));
	ev->map.driver_why = t->map_drv_why;
}

/*
 * A trace with the dma-buf's identity but no return probe (a plain
 * `trace-cmd record -e dma_buf`): the mapping happened, its flags are
 * unknown.
 */
static enum da_role map_role(const struct task *t)
{
	return t->map_path == DA_MAP_FORWARDED ? DA_ROLE_MMAP_FWD_ID : DA_ROLE_MMAP_ID;
}

static void emit_map_unknown(struct da_decoder *d, struct tep_record *rec,
			     struct task *t)
{
	struct da_event ev;

	da_ev_base(d, &ev, DA_EV_MAP, rec, t->pid);
	map_identity(&ev, t);
	ev.map.flags_unknown = true;
	da_ev_stack(d, &ev, t, map_role(t));
	t->map_id = false;
	da_ev_emit(d, &ev);
}

/*
 * The driver of a GEM export, as the entry read it: empty when the kernel
 * read faulted. Whether the exporter is a GEM export is the matcher's to
 * say (it ignores the field for every other exporter).
 */
static void map_driver(const struct evinfo *in, struct tep_record *rec, struct task *t)
{
	t->map_drv[0] = '\0';
	if (in->f[DA_F_DRIVER]) {
		da_ev_str(in, DA_F_DRIVER, rec, t->map_drv, sizeof(t->map_drv));
		t->map_drv_why = t->map_drv[0] ? DA_DRV_KNOWN : DA_DRV_FAULT;
	} else {
		t->map_drv_why = in->tracepoint ? DA_DRV_TRACEPOINT : DA_DRV_NO_FIELD;
	}
}

static void on_map_id(struct da_decoder *d, const struct evinfo *in,
		      struct tep_record *rec, struct task *t)
{
	if (t->map_id || t->map_await_vma)
		d->unpaired++;	/* the previous mmap never returned */
	t->map_id = true;
	t->map_await_vma = false;
	t->stacked = 0;
	t->map_path = in->role == DA_ROLE_MMAP_FWD_ID ? DA_MAP_FORWARDED : DA_MAP_DMABUF_FD;
	da_ev_str(in, DA_F_EXP, rec, t->map_exp, sizeof(t->map_exp));
	if (!t->map_exp[0]) {
		/* every exporter has a name: the record is damaged */
		undecodable(d, in, DA_F_EXP, DA_UNDEC_EMPTY);
		t->map_id = false;
		t->bad_ret |= 1u << (in->role == DA_ROLE_MMAP_ID ? DA_ROLE_MMAP_RET :
				     DA_ROLE_MMAP_FWD_RET);
		return;
	}
	map_driver(in, rec, t);
	t->map_size = da_ev_num(in, DA_F_SIZE, rec);
	t->map_ino = da_ev_num(in, DA_F_INO, rec);
	t->map_vma = da_ev_num(in, DA_F_VMA, rec);
	if (!(d->roles_present & (1u << (in->role == DA_ROLE_MMAP_ID ?
					 DA_ROLE_MMAP_RET : DA_ROLE_MMAP_FWD_RET))))
		emit_map_unknown(d, rec, t);
}

static void emit_map(struct da_decoder *d, const struct evinfo *in,
		     struct tep_record *rec, struct task *t)
{
	enum da_undec_why why;
	struct da_event ev;
	int bad;

	da_ev_base(d, &ev, DA_EV_MAP, rec, t->pid);
	snprintf(ev.comm, sizeof(ev.comm), "%s", t->comm);
	if (in->f[DA_F_COMM])
		da_ev_str(in, DA_F_COMM, rec, ev.comm, sizeof(ev.comm));
	ev.map.mm = da_ev_num(in, DA_F_MM, rec);
	ev.map.vma = da_ev_num(in, DA_F_VMA, rec);
	ev.map.start = da_ev_num(in, DA_F_START, rec);
	ev.map.end = da_ev_num(in, DA_F_END, rec);
	ev.map.flags = da_ev_num(in, DA_F_FLAGS, rec);
	map_identity(&ev, t);
	da_ev_stack(d, &ev, t, map_role(t));
	t->map_id = t->map_await_vma = false;
	bad = da_check_map(&ev, &why);
	if (bad >= 0)
		undecodable(d, in, bad, why);
	else
		da_ev_emit(d, &ev);
}

/* The return of dma_buf_mmap_internal/dma_buf_mmap. */
static void on_map_ret(struct da_decoder *d, const struct evinfo *in,
		       struct tep_record *rec, struct task *t)
{
	if (!t->map_id) {
		/* identity lost; the mapping is still worth counting */
		d->unpaired++;
		t->map_exp[0] = t->map_drv[0] = '\0';
		t->map_drv_why = DA_DRV_KNOWN;
		t->map_size = t->map_ino = t->map_vma = 0;
		t->map_path = in->role == DA_ROLE_MMAP_FWD_RET ?
			DA_MAP_FORWARDED : DA_MAP_DMABUF_FD;
	}
	if (da_ev_snum(in, DA_F_RET, rec) != 0) {
		t->map_id = t->map_await_vma = false;	/* the mmap failed */
		return;
	}
	if (in->f[DA_F_COMM])
		da_ev_str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
	if (in->f[DA_F_FLAGS]) {
		emit_map(d, in, rec, t);
		return;
	}
	t->map_id = false;
	t->map_await_vma = true;	/* perf_event_mmap will tell */
}

/*
 * perf_event_mmap() of the VMA the exporter just set up; when the entry
 * told us the VMA, anything else is another mapping of this task.
 */
static void on_vma_final(struct da_decoder *d, const struct evinfo *in,
			 struct tep_record *rec, struct task *t)
{
	if (t->map_await_vma && (!t->map_vma || t->map_vma == da_ev_num(in, DA_F_VMA, rec)))
		emit_map(d, in, rec, t);
}


/* Events that need no pairing. */
static void on_simple(struct da_decoder *d, const struct evinfo *in,
		      struct tep_record *rec, int pid)
{
	struct da_event ev;

	switch (in->role) {
	case DA_ROLE_VMA_FREE:
		da_ev_base(d, &ev, DA_EV_UNMAP, rec, pid);
		ev.unmap.mm = da_ev_num(in, DA_F_MM, rec);
		ev.unmap.start = da_ev_num(in, DA_F_START, rec);
		ev.unmap.end = da_ev_num(in, DA_F_END, rec);
		break;
	case DA_ROLE_MM_EXIT:
		da_ev_base(d, &ev, DA_EV_MM_GONE, rec, pid);
		ev.mm_gone.mm = da_ev_num(in, DA_F_MM, rec);
		break;
	case DA_ROLE_TASK_NEW:
		da_ev_base(d, &ev, DA_EV_TASK_NEW, rec, pid);
		ev.task_new.child = (int)da_ev_snum(in, DA_F_PID, rec);
		ev.task_new.tgid = (int)da_ev_snum(in, DA_F_TGID, rec);
		ev.task_new.mm = da_ev_num(in, DA_F_MM, rec);
		ev.task_new.parent_mm = da_ev_num(in, DA_F_PARENT_MM, rec);
		break;
	case DA_ROLE_TASK_EXEC:
		da_ev_base(d, &ev, DA_EV_TASK_EXEC, rec, pid);
		break;
	case DA_ROLE_TASK_EXIT:
		da_ev_base(d, &ev, DA_EV_TASK_EXIT, rec, pid);
		break;
	default:
		return;
	}
	da_ev_emit(d, &ev);
}

/* The roles below DA_ROLE_VMA_FREE: halves of a call, paired per task. */
typedef void (*on_fn)(struct da_decoder *d, const struct evinfo *in,
		      struct tep_record *rec, struct task *t);

static const on_fn on_paired[DA_ROLE_VMA_FREE] = {
	[DA_ROLE_MMAP_ID] = on_map_id,
	[DA_ROLE_MMAP_FWD_ID] = on_map_id,
	[DA_ROLE_MMAP_RET] = on_map_ret,
	[DA_ROLE_MMAP_FWD_RET] = on_map_ret,
	[DA_ROLE_VMA_FINAL] = on_vma_final,
	[DA_ROLE_GUP_FAST] = da_on_gup_fast,
	[DA_ROLE_GUP_FAST_RET] = da_on_gup_fast_ret,
	[DA_ROLE_GUP_SLOW] = da_on_gup_slow,
	[DA_ROLE_GUP_SLOW_RET] = da_on_gup_slow_ret,
	[DA_ROLE_VMA_MOVE] = da_on_vma_move,
	[DA_ROLE_VMA_MOVE_RET] = da_on_vma_move_ret,
};

/* The return of each entry role (0: not an entry). */
static const enum da_role ret_of[DA_ROLE_VMA_FREE] = {
	[DA_ROLE_MMAP_ID] = DA_ROLE_MMAP_RET,
	[DA_ROLE_MMAP_FWD_ID] = DA_ROLE_MMAP_FWD_RET,
	[DA_ROLE_GUP_FAST] = DA_ROLE_GUP_FAST_RET,
	[DA_ROLE_GUP_SLOW] = DA_ROLE_GUP_SLOW_RET,
	[DA_ROLE_VMA_MOVE] = DA_ROLE_VMA_MOVE_RET,
};

/*
 * An undecodable half of a call ends the call: its other half is not
 * reported as unpaired, and a return whose entry was undecodable emits
 * nothing (a mapping without its exporter, a GUP without its range).
 */
static void drop_call(const struct evinfo *in, struct task *t)
{
	switch (in->role) {
	case DA_ROLE_GUP_FAST:
	case DA_ROLE_GUP_FAST_RET:
		t->fast_open = false;
		break;
	case DA_ROLE_GUP_SLOW:
	case DA_ROLE_GUP_SLOW_RET:
		if (t->fast_open)
			return;		/* the fast path's fallback */
		t->slow_open = false;
		break;
	case DA_ROLE_VMA_MOVE:
	case DA_ROLE_VMA_MOVE_RET:
		t->move_open = false;
		break;
	default:
		t->map_id = t->map_await_vma = false;
	}
	if (ret_of[in->role])
		t->bad_ret |= 1u << ret_of[in->role];
}

/* The record's half of a call, unless it belongs to an undecodable entry. */
static void on_half(struct da_decoder *d, const struct evinfo *in,
		    struct tep_record *rec, struct task *t, int bad)
{
	if (bad >= 0) {
		drop_call(in, t);
		return;
	}
	if (t->bad_ret & (1u << in->role)) {
		t->bad_ret &= ~(1u << in->role);
		return;
	}
	if (ret_of[in->role])
		t->bad_ret &= ~(1u << ret_of[in->role]);
	on_paired[in->role](d, in, rec, t);
}

int da_decoder_feed(struct da_decoder *d, struct tep_record *rec)
{
	const struct evinfo *in;
	struct task *t;
	int id, pid, bad;

	/* a damaged record may lack even common_type and common_pid */
	if (rec->size < COMMON_SIZE)
		return d->err;
	id = tep_data_type(d->tep, rec);
	if (id >= 0 && id == d->kstack_id) {
		da_on_stack(d, rec, tep_data_pid(d->tep, rec));
		return d->err;
	}
	if (id < 0 || id >= NR_IDS || d->idx_by_id[id] < 0) {
		da_stack_last(d, rec, -1, -1, NULL);
		/* a damaged format section: our events may hide among them */
		if (!tep_find_event(d->tep, id))
			d->unknown_type++;
		return d->err;
	}
	in = &d->info[d->idx_by_id[id]];
	pid = tep_data_pid(d->tep, rec);
	bad = in->bad_field;
	if (bad >= 0)
		undecodable(d, in, bad, in->bad_why);
	else if ((bad = da_check_record(in->want, in->f, rec)) >= 0)
		undecodable(d, in, bad, DA_UNDEC_SHORT);
	if (in->role >= DA_ROLE_VMA_FREE) {
		da_stack_last(d, rec, pid, -1, NULL);
		if (bad < 0)
			on_simple(d, in, rec, pid);
		return d->err;
	}
	t = task_get(d, pid, true);
	da_stack_last(d, rec, pid, bad < 0 ? (int)in->role : -1, t);
	if (!t) {
		d->unpaired++;	/* over TASK_SLOTS calls in flight at once */
		return d->err;
	}
	on_half(d, in, rec, t, bad);
	return d->err;
}

int da_decoder_lost(struct da_decoder *d, unsigned long long ts, int cpu,
		    unsigned long long count)
{
	struct da_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = DA_EV_LOST;
	ev.ts = ts;
	ev.cpu = cpu;
	ev.lost.count = count;
	da_ev_emit(d, &ev);
	return d->err;
}

/*
 * At the end of a source, a call still waiting for its other half lost
 * it (the CMD has finished; a system-wide watch may cut one short, and
 * then saying "incomplete" is still right).
 */
void da_decoder_finish(struct da_decoder *d)
{
	int i;

	for (i = 0; i < TASK_SLOTS; i++) {
		struct task *t = &d->tasks[i];

		if (!t->used)
			continue;
		if (t->map_id || t->map_await_vma) {
			da_debug("pid %d: mmap of %s never completed\n", t->pid,
				 t->map_exp[0] ? t->map_exp : "a dma-buf");
			d->unpaired++;
		}
		if ((t->fast_open || t->slow_open) && !d->gup_filtered) {
			da_debug("pid %d: GUP never returned\n", t->pid);
			d->unpaired++;
		}
		if (t->move_open) {
			da_debug("pid %d: mremap's copy_vma never returned\n", t->pid);
			d->unpaired++;
		}
		t->map_id = t->map_await_vma = t->fast_open = t->slow_open = false;
		t->move_open = false;
		t->bad_ret = 0;
	}
}
