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
#include "probes.h"
#include "schema.h"

struct evinfo {
	enum da_role role;
	struct tep_format_field *f[DA_F_COUNT];
};

/* What one task has in flight: an mmap, a GUP. */
struct task {
	int pid;
	bool used;
	/* mmap: identity seen, waiting for the return (and maybe the VMA) */
	bool map_id, map_await_vma;
	enum da_map_path map_path;
	uint64_t map_size, map_ino, map_vma;	/* map_vma: 0 if the entry had none */
	char map_exp[DA_EXP_NAME_MAX];
	/* GUP frames: a fast one may hold a slow fallback */
	bool fast_open, slow_open, fell_back;
	uint64_t fast_start, fast_nr, slow_mm, slow_start, slow_nr;
	/* mremap: copy_vma entry seen, waiting for its return */
	bool move_open;
	uint64_t move_mm, move_vma_start, move_vma_pgoff, move_new_start,
		 move_new_pgoff, move_len;
	char comm[DA_COMM_MAX];
};

#define NR_IDS		65536	/* common_type is 16 bits */
#define TASK_SLOTS	1024	/* tasks with something in flight: few */
#define COMMON_SIZE	8	/* struct trace_entry: type, flags, preempt, pid */

struct da_decoder {
	struct tep_handle *tep;
	da_emit_fn emit;
	void *data;
	int16_t *idx_by_id;
	struct evinfo info[64];
	int nr_info;
	unsigned int roles_present;	/* bit per role */
	bool ret_lacks_vma;		/* mmap_ret carries only ret: vma_final needed */
	bool tracepoint_id;		/* identity from dma_buf tracepoints */
	struct task tasks[TASK_SLOTS];
	unsigned long unpaired;		/* returns or entries whose mate was lost */
	int err;
};

static void add_event(struct da_decoder *d, struct tep_event *ev, int role)
{
	struct evinfo *in;
	int i;

	if (d->nr_info >= (int)ARRAY_SIZE(d->info) || ev->id < 0 || ev->id >= NR_IDS)
		return;
	in = &d->info[d->nr_info];
	in->role = role;
	for (i = 0; i < DA_F_COUNT; i++)
		in->f[i] = tep_find_field(ev, da_field_name(i));
	d->idx_by_id[ev->id] = d->nr_info++;
	d->roles_present |= 1u << role;
	if (role == DA_ROLE_MMAP_RET && !in->f[DA_F_FLAGS])
		d->ret_lacks_vma = true;
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
	return d;
}

void da_decoder_free(struct da_decoder *d)
{
	if (!d)
		return;
	free(d->idx_by_id);
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
				t->slow_open || t->move_open))
			keep[n++] = *t;
	}
	memset(d->tasks, 0, sizeof(d->tasks));
	for (i = 0; i < n; i++)
		*task_get(d, keep[i].pid, false) = keep[i];
	free(keep);
}

/* The field lies within the record: a damaged one may be shorter. */
static bool in_record(const struct tep_format_field *fld, const struct tep_record *rec)
{
	return fld->offset >= 0 && fld->size >= 0 &&
	       (long long)fld->offset + fld->size <= rec->size;
}

static uint64_t num(const struct evinfo *in, enum da_field_id f, struct tep_record *rec)
{
	unsigned long long v = 0;

	if (in->f[f] && in_record(in->f[f], rec))
		tep_read_number_field(in->f[f], rec->data, &v);
	return v;
}

static long long snum(const struct evinfo *in, enum da_field_id f, struct tep_record *rec)
{
	uint64_t v = num(in, f, rec);

	if (in->f[f] && in->f[f]->size == 4)
		return (int32_t)v;
	return (int64_t)v;
}

/* A string field: fixed array (comm) or __data_loc / __rel_loc. */
static void str(const struct evinfo *in, enum da_field_id f, struct tep_record *rec,
		char *out, size_t size)
{
	const struct tep_format_field *fld = in->f[f];
	unsigned int off, len;

	out[0] = '\0';
	if (!fld || !in_record(fld, rec))
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

static void base(struct da_decoder *d, struct da_event *ev, enum da_event_type type,
		 struct tep_record *rec, int pid)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	ev->pid = pid;
}

static void emit(struct da_decoder *d, const struct da_event *ev)
{
	if (!d->err)
		d->err = d->emit(ev, d->data);
}

/*
 * A trace with the dma-buf's identity but no return probe (a plain
 * `trace-cmd record -e dma_buf`): the mapping happened, its flags are
 * unknown.
 */
static void emit_map_unknown(struct da_decoder *d, struct tep_record *rec,
			     struct task *t)
{
	struct da_event ev;

	base(d, &ev, DA_EV_MAP, rec, t->pid);
	ev.map.ino = t->map_ino;
	ev.map.size = t->map_size;
	ev.map.path = t->map_path;
	ev.map.flags_unknown = true;
	memcpy(ev.map.exp_name, t->map_exp, sizeof(ev.map.exp_name));
	t->map_id = false;
	emit(d, &ev);
}

static void on_map_id(struct da_decoder *d, const struct evinfo *in,
		      struct tep_record *rec, struct task *t)
{
	if (t->map_id || t->map_await_vma)
		d->unpaired++;	/* the previous mmap never returned */
	t->map_id = true;
	t->map_await_vma = false;
	t->map_path = in->role == DA_ROLE_MMAP_FWD_ID ? DA_MAP_FORWARDED : DA_MAP_DMABUF_FD;
	str(in, DA_F_EXP, rec, t->map_exp, sizeof(t->map_exp));
	t->map_size = num(in, DA_F_SIZE, rec);
	t->map_ino = num(in, DA_F_INO, rec);
	t->map_vma = num(in, DA_F_VMA, rec);
	if (!(d->roles_present & (1u << (in->role == DA_ROLE_MMAP_ID ?
					 DA_ROLE_MMAP_RET : DA_ROLE_MMAP_FWD_RET))))
		emit_map_unknown(d, rec, t);
}

static void emit_map(struct da_decoder *d, const struct evinfo *in,
		     struct tep_record *rec, struct task *t)
{
	struct da_event ev;

	base(d, &ev, DA_EV_MAP, rec, t->pid);
	snprintf(ev.comm, sizeof(ev.comm), "%s", t->comm);
	if (in->f[DA_F_COMM])
		str(in, DA_F_COMM, rec, ev.comm, sizeof(ev.comm));
	ev.map.mm = num(in, DA_F_MM, rec);
	ev.map.vma = num(in, DA_F_VMA, rec);
	ev.map.start = num(in, DA_F_START, rec);
	ev.map.end = num(in, DA_F_END, rec);
	ev.map.flags = num(in, DA_F_FLAGS, rec);
	ev.map.ino = t->map_ino;
	ev.map.size = t->map_size;
	ev.map.path = t->map_path;
	memcpy(ev.map.exp_name, t->map_exp, sizeof(ev.map.exp_name));
	t->map_id = t->map_await_vma = false;
	emit(d, &ev);
}

/* The return of dma_buf_mmap_internal/dma_buf_mmap. */
static void on_map_ret(struct da_decoder *d, const struct evinfo *in,
		       struct tep_record *rec, struct task *t)
{
	if (!t->map_id) {
		/* identity lost; the mapping is still worth counting */
		d->unpaired++;
		t->map_exp[0] = '\0';
		t->map_size = t->map_ino = t->map_vma = 0;
		t->map_path = in->role == DA_ROLE_MMAP_FWD_RET ?
			DA_MAP_FORWARDED : DA_MAP_DMABUF_FD;
	}
	if (snum(in, DA_F_RET, rec) != 0) {
		t->map_id = t->map_await_vma = false;	/* the mmap failed */
		return;
	}
	if (in->f[DA_F_COMM])
		str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
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
	if (t->map_await_vma && (!t->map_vma || t->map_vma == num(in, DA_F_VMA, rec)))
		emit_map(d, in, rec, t);
}

static void on_gup_fast(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	if (t->fast_open)
		d->unpaired++;	/* the previous one's return was lost */
	t->fast_open = true;
	t->fell_back = false;
	t->slow_mm = 0;
	t->fast_start = num(in, DA_F_START, rec);
	t->fast_nr = num(in, DA_F_NR, rec);
	str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
}

static void on_gup_slow(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	if (t->fast_open) {
		/* the fast path's fallback: it tells us the mm */
		if (!t->fell_back)
			t->slow_mm = num(in, DA_F_MM, rec);
		t->fell_back = true;
		return;
	}
	if (t->slow_open)
		d->unpaired++;
	t->slow_open = true;
	t->slow_mm = num(in, DA_F_MM, rec);
	t->slow_start = num(in, DA_F_START, rec);
	t->slow_nr = num(in, DA_F_NR, rec);
	str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
}

static void emit_gup(struct da_decoder *d, struct tep_record *rec, struct task *t,
		     enum da_gup_path path, uint64_t mm, uint64_t start,
		     uint64_t nr, long long ret)
{
	struct da_event ev;

	base(d, &ev, DA_EV_GUP, rec, t->pid);
	memcpy(ev.comm, t->comm, sizeof(ev.comm));
	ev.gup.mm = mm;
	ev.gup.start = start;
	ev.gup.nr_pages = nr;
	ev.gup.path = path;
	ev.gup.ret = ret;
	emit(d, &ev);
}

static void on_gup_slow_ret(struct da_decoder *d, const struct evinfo *in,
			    struct tep_record *rec, struct task *t)
{
	if (t->fast_open)
		return;		/* reported with the fast path's return */
	if (!t->slow_open) {
		d->unpaired++;
		return;
	}
	t->slow_open = false;
	emit_gup(d, rec, t, DA_GUP_SLOW, t->slow_mm, t->slow_start, t->slow_nr,
		 snum(in, DA_F_RET, rec));
}

static void on_gup_fast_ret(struct da_decoder *d, const struct evinfo *in,
			    struct tep_record *rec, struct task *t)
{
	if (!t->fast_open) {
		d->unpaired++;
		return;
	}
	t->fast_open = false;
	emit_gup(d, rec, t, t->fell_back ? DA_GUP_FAST_SLOW : DA_GUP_FAST,
		 t->fell_back ? t->slow_mm : 0, t->fast_start, t->fast_nr,
		 snum(in, DA_F_RET, rec));
}

static void on_vma_move(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	if (t->move_open)
		d->unpaired++;
	t->move_open = true;
	t->move_mm = num(in, DA_F_MM, rec);
	t->move_vma_start = num(in, DA_F_START, rec);
	t->move_vma_pgoff = num(in, DA_F_PGOFF, rec);
	t->move_new_start = num(in, DA_F_NEW_START, rec);
	t->move_new_pgoff = num(in, DA_F_NEW_PGOFF, rec);
	t->move_len = num(in, DA_F_LEN, rec);
}

/* copy_vma returned the new VMA (NULL: nothing moved, mremap fails). */
static void on_vma_move_ret(struct da_decoder *d, const struct evinfo *in,
			    struct tep_record *rec, struct task *t)
{
	struct da_event ev;

	if (!t->move_open) {
		d->unpaired++;
		return;
	}
	t->move_open = false;
	if (!num(in, DA_F_RET, rec))
		return;
	base(d, &ev, DA_EV_MOVE, rec, t->pid);
	memcpy(ev.comm, t->comm, sizeof(ev.comm));
	ev.move.mm = t->move_mm;
	ev.move.vma_start = t->move_vma_start;
	ev.move.vma_pgoff = t->move_vma_pgoff;
	ev.move.new_start = t->move_new_start;
	ev.move.new_pgoff = t->move_new_pgoff;
	ev.move.len = t->move_len;
	emit(d, &ev);
}

/* Events that need no pairing. */
static void on_simple(struct da_decoder *d, const struct evinfo *in,
		      struct tep_record *rec, int pid)
{
	struct da_event ev;

	switch (in->role) {
	case DA_ROLE_VMA_FREE:
		base(d, &ev, DA_EV_UNMAP, rec, pid);
		ev.unmap.mm = num(in, DA_F_MM, rec);
		ev.unmap.start = num(in, DA_F_START, rec);
		ev.unmap.end = num(in, DA_F_END, rec);
		break;
	case DA_ROLE_MM_EXIT:
		base(d, &ev, DA_EV_MM_GONE, rec, pid);
		ev.mm_gone.mm = num(in, DA_F_MM, rec);
		break;
	case DA_ROLE_TASK_NEW:
		base(d, &ev, DA_EV_TASK_NEW, rec, pid);
		ev.task_new.child = (int)snum(in, DA_F_PID, rec);
		ev.task_new.tgid = (int)snum(in, DA_F_TGID, rec);
		ev.task_new.mm = num(in, DA_F_MM, rec);
		ev.task_new.parent_mm = num(in, DA_F_PARENT_MM, rec);
		break;
	case DA_ROLE_TASK_EXEC:
		base(d, &ev, DA_EV_TASK_EXEC, rec, pid);
		break;
	case DA_ROLE_TASK_EXIT:
		base(d, &ev, DA_EV_TASK_EXIT, rec, pid);
		break;
	default:
		return;
	}
	emit(d, &ev);
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
	[DA_ROLE_GUP_FAST] = on_gup_fast,
	[DA_ROLE_GUP_FAST_RET] = on_gup_fast_ret,
	[DA_ROLE_GUP_SLOW] = on_gup_slow,
	[DA_ROLE_GUP_SLOW_RET] = on_gup_slow_ret,
	[DA_ROLE_VMA_MOVE] = on_vma_move,
	[DA_ROLE_VMA_MOVE_RET] = on_vma_move_ret,
};

int da_decoder_feed(struct da_decoder *d, struct tep_record *rec)
{
	const struct evinfo *in;
	struct task *t;
	int id, pid;

	/* a damaged record may lack even common_type and common_pid */
	if (rec->size < COMMON_SIZE)
		return d->err;
	id = tep_data_type(d->tep, rec);
	if (id < 0 || id >= NR_IDS || d->idx_by_id[id] < 0)
		return d->err;
	in = &d->info[d->idx_by_id[id]];
	pid = tep_data_pid(d->tep, rec);
	if (in->role >= DA_ROLE_VMA_FREE) {
		on_simple(d, in, rec, pid);
		return d->err;
	}
	t = task_get(d, pid, true);
	if (!t) {
		d->unpaired++;	/* over TASK_SLOTS calls in flight at once */
		return d->err;
	}
	on_paired[in->role](d, in, rec, t);
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
	emit(d, &ev);
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
		if (t->fast_open || t->slow_open) {
			da_debug("pid %d: GUP never returned\n", t->pid);
			d->unpaired++;
		}
		if (t->move_open) {
			da_debug("pid %d: mremap's copy_vma never returned\n", t->pid);
			d->unpaired++;
		}
		t->map_id = t->map_await_vma = t->fast_open = t->slow_open = false;
		t->move_open = false;
	}
}
