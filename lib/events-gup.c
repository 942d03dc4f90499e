// SPDX-License-Identifier: LGPL-2.1
/*
 * The halves of a GUP (a fast path that may fall back to the slow one, or
 * the slow path alone) and of mremap's copy_vma, paired per task.
 */
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "events-local.h"

/* A call's entry: the previous one of the task lost its return if still open. */
static void call_open(struct da_decoder *d, bool *open)
{
	if (*open)
		d->unpaired++;
	*open = true;
}

/*
 * Under live's GUP filter an entry may lose its return to the filter (a
 * window closed meanwhile, by design only on GUP of no interest): not a loss.
 */
static void gup_open(struct da_decoder *d, bool *open)
{
	if (d->gup_filtered)
		*open = false;
	call_open(d, open);
}

void da_on_gup_fast(struct da_decoder *d, const struct evinfo *in,
		    struct tep_record *rec, struct task *t)
{
	gup_open(d, &t->fast_open);
	t->stacked = 0;
	t->fell_back = false;
	t->slow_mm = 0;
	t->fast_start = da_ev_num(in, DA_F_START, rec);
	t->fast_nr = da_ev_num(in, DA_F_NR, rec);
	da_ev_str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
}

void da_on_gup_slow(struct da_decoder *d, const struct evinfo *in,
		    struct tep_record *rec, struct task *t)
{
	if (t->fast_open) {
		/* the fast path's fallback: it tells us the mm */
		if (!t->fell_back)
			t->slow_mm = da_ev_num(in, DA_F_MM, rec);
		t->fell_back = true;
		return;
	}
	gup_open(d, &t->slow_open);
	t->stacked = 0;
	t->slow_mm = da_ev_num(in, DA_F_MM, rec);
	t->slow_start = da_ev_num(in, DA_F_START, rec);
	t->slow_nr = da_ev_num(in, DA_F_NR, rec);
	da_ev_str(in, DA_F_COMM, rec, t->comm, sizeof(t->comm));
}

static void emit_gup(struct da_decoder *d, struct tep_record *rec, struct task *t,
		     enum da_gup_path path, uint64_t mm, uint64_t start,
		     uint64_t nr, long long ret)
{
	struct da_event ev;

	da_ev_base(d, &ev, DA_EV_GUP, rec, t->pid);
	memcpy(ev.comm, t->comm, sizeof(ev.comm));
	ev.gup.mm = mm;
	ev.gup.start = start;
	ev.gup.nr_pages = nr;
	ev.gup.path = path;
	ev.gup.ret = ret;
	da_ev_stack(d, &ev, t, path == DA_GUP_SLOW ? DA_ROLE_GUP_SLOW : DA_ROLE_GUP_FAST);
	da_ev_emit(d, &ev);
}

void da_on_gup_slow_ret(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	if (t->fast_open)
		return;		/* reported with the fast path's return */
	if (!t->slow_open) {
		d->unpaired += !d->gup_filtered;
		return;
	}
	t->slow_open = false;
	emit_gup(d, rec, t, DA_GUP_SLOW, t->slow_mm, t->slow_start, t->slow_nr,
		 da_ev_snum(in, DA_F_RET, rec));
}

void da_on_gup_fast_ret(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	if (!t->fast_open) {
		d->unpaired += !d->gup_filtered;
		return;
	}
	t->fast_open = false;
	emit_gup(d, rec, t, t->fell_back ? DA_GUP_FAST_SLOW : DA_GUP_FAST,
		 t->fell_back ? t->slow_mm : 0, t->fast_start, t->fast_nr,
		 da_ev_snum(in, DA_F_RET, rec));
}

void da_on_vma_move(struct da_decoder *d, const struct evinfo *in,
		    struct tep_record *rec, struct task *t)
{
	call_open(d, &t->move_open);
	t->move.mm = da_ev_num(in, DA_F_MM, rec);
	t->move.vma_start = da_ev_num(in, DA_F_START, rec);
	t->move.vma_pgoff = da_ev_num(in, DA_F_PGOFF, rec);
	t->move.new_start = da_ev_num(in, DA_F_NEW_START, rec);
	t->move.new_pgoff = da_ev_num(in, DA_F_NEW_PGOFF, rec);
	t->move.len = da_ev_num(in, DA_F_LEN, rec);
}

/* copy_vma returned the new VMA (NULL: nothing moved, mremap fails). */
void da_on_vma_move_ret(struct da_decoder *d, const struct evinfo *in,
			struct tep_record *rec, struct task *t)
{
	struct da_event ev;

	if (!t->move_open) {
		d->unpaired++;
		return;
	}
	t->move_open = false;
	if (!da_ev_num(in, DA_F_RET, rec))
		return;
	da_ev_base(d, &ev, DA_EV_MOVE, rec, t->pid);
	memcpy(ev.comm, t->comm, sizeof(ev.comm));
	ev.move = t->move;
	da_ev_emit(d, &ev);
}
