// SPDX-License-Identifier: GPL-2.0
/*
 * The matcher on synthetic event sequences, one per trap of the kernel
 * notes: refused and successful GUP, address reuse after munmap, fork,
 * remote GUP, partial munmap, threads and exec, lost events. Every count is
 * checked exactly, so an attribution to the wrong mapping shows.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "matcher.h"
#include "unit.h"

#define PS		4096ULL
#define MM_A		0xffff888001000000ULL
#define MM_B		0xffff888002000000ULL
#define MM_C		0xffff888003000000ULL
#define MM_D		0xffff888004000000ULL
#define ADDR		0x7f0000000000ULL

/* vm_flags as seen in the lab (include/linux/mm.h values) */
#define F_SHARED	0xfbULL		/* rd wr sh mr mw ms */
#define F_DONTEXPAND	0x00040000ULL
#define F_DONTDUMP	0x04000000ULL
#define F_DONTCOPY	0x00020000ULL
#define F_PFN		(F_SHARED | DMABUF_AUDIT_VM_PFNMAP | DMABUF_AUDIT_VM_IO | \
			 F_DONTEXPAND | F_DONTDUMP)
#define F_MIXED		(F_SHARED | DMABUF_AUDIT_VM_MIXEDMAP | F_DONTEXPAND | \
			 F_DONTDUMP)

static unsigned long long now;

static struct da_event base(enum da_event_type type, int pid)
{
	struct da_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.ts = ++now;
	ev.pid = pid;
	snprintf(ev.comm, sizeof(ev.comm), "task-%d", pid);
	return ev;
}

static void feed(struct da_matcher *m, const struct da_event *ev)
{
	CU_ASSERT_EQUAL(da_matcher_feed(m, ev), 0);
}

static void map(struct da_matcher *m, int pid, uint64_t mm, uint64_t start,
		uint64_t pages, uint64_t flags, const char *exp)
{
	struct da_event ev = base(DA_EV_MAP, pid);

	ev.map.mm = mm;
	ev.map.vma = 0xffff888100000000ULL + start / PS;
	ev.map.start = start;
	ev.map.end = start + pages * PS;
	ev.map.flags = flags;
	ev.map.size = pages * PS;
	snprintf(ev.map.exp_name, sizeof(ev.map.exp_name), "%s", exp);
	feed(m, &ev);
}

static void unmap(struct da_matcher *m, int pid, uint64_t mm, uint64_t start,
		  uint64_t pages)
{
	struct da_event ev = base(DA_EV_UNMAP, pid);

	ev.unmap.mm = mm;
	ev.unmap.start = start;
	ev.unmap.end = start + pages * PS;
	feed(m, &ev);
}

static void gup(struct da_matcher *m, int pid, uint64_t mm, uint64_t start,
		uint64_t pages, long long ret)
{
	struct da_event ev = base(DA_EV_GUP, pid);

	ev.gup.mm = mm;
	ev.gup.start = start;
	ev.gup.nr_pages = pages;
	ev.gup.ret = ret;
	/* as the probes report it: a remote mm only reaches the slow path */
	ev.gup.path = mm ? DA_GUP_SLOW : DA_GUP_FAST;
	snprintf(ev.gup.mech, sizeof(ev.gup.mech), "%s",
		 mm ? "process_vm_readv" : "vmsplice");
	feed(m, &ev);
}

static void task_new(struct da_matcher *m, int parent, int child, int tgid,
		     uint64_t mm, uint64_t parent_mm)
{
	struct da_event ev = base(DA_EV_TASK_NEW, parent);

	ev.task_new.child = child;
	ev.task_new.tgid = tgid;
	ev.task_new.mm = mm;
	ev.task_new.parent_mm = parent_mm;
	feed(m, &ev);
}

/*
 * mremap of @pages pages of the VMA at @vma_start (from its page @first on)
 * to @to, as copy_vma tells it: page offsets, the VMA's own is 10.
 */
static void move(struct da_matcher *m, int pid, uint64_t mm, uint64_t vma_start,
		 uint64_t first, uint64_t pages, uint64_t to)
{
	struct da_event ev = base(DA_EV_MOVE, pid);

	ev.move.mm = mm;
	ev.move.vma_start = vma_start;
	ev.move.vma_pgoff = 10;
	ev.move.new_pgoff = 10 + first;
	ev.move.new_start = to;
	ev.move.len = pages * PS;
	feed(m, &ev);
}

static void simple(struct da_matcher *m, enum da_event_type type, int pid)
{
	struct da_event ev = base(type, pid);

	feed(m, &ev);
}

static void mm_gone(struct da_matcher *m, uint64_t mm)
{
	struct da_event ev = base(DA_EV_MM_GONE, 1);

	ev.mm_gone.mm = mm;
	feed(m, &ev);
}

/* Exact per-exporter counts; an absent exporter counts as all zeros. */
static bool exp_is(struct da_matcher *m, const char *name, unsigned long mmaps,
		   unsigned long pfn, unsigned long att, unsigned long succ)
{
	const struct da_exporter_stats *e, none = { .name = "" };
	size_t i, n = da_matcher_exporters(m, &e);

	for (i = 0; i < n && strcmp(e[i].name, name); i++)
		;
	e = i < n ? &e[i] : &none;
	if (e->mmaps == mmaps && e->mmaps_pfnmap == pfn &&
	    e->gup_attempts == att && e->gup_succeeded == succ)
		return true;
	fprintf(stderr, "\n%s: mmaps %lu pfnmap %lu attempts %lu succeeded %lu\n",
		name, e->mmaps, e->mmaps_pfnmap, e->gup_attempts, e->gup_succeeded);
	return false;
}

static bool totals_are(struct da_matcher *m, unsigned long events,
		       unsigned long gups, unsigned long unattributed,
		       unsigned long live)
{
	struct da_matcher_totals t;

	da_matcher_totals(m, &t);
	if (t.events == events && t.gup_attempts == gups &&
	    t.gup_unattributed == unattributed && t.live_mappings == live)
		return true;
	fprintf(stderr, "\nevents %lu gup %lu unattributed %lu live %lu\n",
		t.events, t.gup_attempts, t.gup_unattributed, t.live_mappings);
	return false;
}

static size_t findings(struct da_matcher *m, enum da_finding_kind kind,
		       const struct da_finding **last)
{
	const struct da_finding *f;
	size_t i, n = da_matcher_findings(m, &f), count = 0;

	*last = NULL;
	for (i = 0; i < n; i++) {
		if (f[i].kind == kind) {
			count++;
			*last = &f[i];
		}
	}
	return count;
}

static struct da_matcher *new_matcher(void)
{
	struct da_matcher *m = da_matcher_alloc(PS);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

/* (1) the passing shape: PFNMAP, GUP refused with -EFAULT */
static void test_pfnmap_refused(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 4, F_PFN, "system");
	gup(m, 100, MM_A, ADDR, 4, -EFAULT);
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 1, 0));
	CU_ASSERT_TRUE(totals_are(m, 2, 1, 0, 1));
	CU_ASSERT_EQUAL(da_matcher_findings(m, &f), 0);
	da_matcher_free(m);
}

/* (2) MIXEDMAP: a finding at mmap, and a fast GUP that pins it */
static void test_mixedmap_fast_gup(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "videobuf2");
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_NOT_PFNMAP, &f), 1);
	CU_ASSERT_EQUAL(f->map.mm, MM_A);
	CU_ASSERT_EQUAL(f->map.start, ADDR);
	CU_ASSERT_EQUAL(f->map.end, ADDR + 4 * PS);
	CU_ASSERT_EQUAL(f->map.flags, F_MIXED);
	CU_ASSERT_EQUAL(f->map.pid, 100);
	CU_ASSERT_STRING_EQUAL(f->map.comm, "task-100");
	CU_ASSERT_STRING_EQUAL(f->map.exp_name, "videobuf2");

	gup(m, 100, 0, ADDR + PS, 2, 2);
	CU_ASSERT_TRUE(exp_is(m, "videobuf2", 1, 0, 1, 1));
	CU_ASSERT_TRUE(totals_are(m, 2, 1, 0, 1));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 1);
	CU_ASSERT_EQUAL(f->map.start, ADDR);
	CU_ASSERT_EQUAL(f->gup_pid, 100);
	CU_ASSERT_STRING_EQUAL(f->gup_comm, "task-100");
	CU_ASSERT_EQUAL(f->gup_start, ADDR + PS);
	CU_ASSERT_EQUAL(f->gup_nr_pages, 2);
	CU_ASSERT_EQUAL(f->gup_ret, 2);
	CU_ASSERT_EQUAL(f->gup_path, DA_GUP_FAST);
	CU_ASSERT_STRING_EQUAL(f->gup_mech, "vmsplice");
	CU_ASSERT_FALSE(f->remote);
	CU_ASSERT_EQUAL(da_matcher_findings(m, &f), 2);
	CU_ASSERT_EQUAL(f[0].kind, DA_FIND_NOT_PFNMAP);	/* time order */
	da_matcher_free(m);
}

/* a PFNMAP mapping that GUP pinned anyway is a finding too */
static void test_pfnmap_pinned(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 1, F_PFN, "odd");
	gup(m, 100, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "odd", 1, 1, 1, 1));
	CU_ASSERT_EQUAL(findings(m, DA_FIND_NOT_PFNMAP, &f), 0);
	CU_ASSERT_EQUAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 1);
	da_matcher_free(m);
}

/* (3) the key trap: anonymous memory reuses an unmapped dma-buf address */
static void test_reuse_after_munmap(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	map(m, 100, MM_A, ADDR + 64 * PS, 4, F_MIXED, "system");
	unmap(m, 100, MM_A, ADDR, 4);
	gup(m, 100, 0, ADDR, 4, 4);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 0, 0));
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 0, 0, 0));
	CU_ASSERT_TRUE(totals_are(m, 4, 1, 0, 1));
	CU_ASSERT_EQUAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 0);
	da_matcher_free(m);
}

/* (4) fork copies dma-buf VMAs into the child, but not VM_DONTCOPY ones */
static void test_fork(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;
	uint64_t kept = ADDR, dontcopy = ADDR + 16 * PS;

	map(m, 100, MM_A, kept, 2, F_MIXED, "drm");
	map(m, 100, MM_A, dontcopy, 2, F_MIXED | F_DONTCOPY, "i915");
	task_new(m, 100, 200, 200, MM_B, MM_A);
	CU_ASSERT_TRUE(totals_are(m, 3, 0, 0, 3));

	gup(m, 200, 0, kept, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 1);
	CU_ASSERT_EQUAL(f->gup_pid, 200);
	CU_ASSERT_EQUAL(f->map.pid, 100);	/* who mapped it */
	CU_ASSERT_EQUAL(f->map.mm, MM_B);	/* where it was pinned */
	CU_ASSERT_FALSE(f->remote);

	gup(m, 200, 0, dontcopy, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "i915", 1, 0, 0, 0));
	gup(m, 100, 0, dontcopy, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "i915", 1, 0, 1, 1));

	/* the copies are independent: the child's munmap leaves the parent's */
	unmap(m, 200, MM_B, kept, 2);
	gup(m, 200, 0, kept, 1, 1);
	gup(m, 100, 0, kept, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 2));
	CU_ASSERT_TRUE(totals_are(m, 9, 5, 0, 2));
	da_matcher_free(m);
}

/*
 * live -- CMD: only what CMD and its children map is audited; other
 * programs' mappings are not, but GUP by anyone on CMD's mappings is.
 */
static void test_follow(void)
{
	struct da_matcher *m = new_matcher();

	CU_ASSERT_EQUAL(da_matcher_follow(m, 100), 0);
	map(m, 100, MM_A, ADDR, 2, F_MIXED, "drm");
	map(m, 300, MM_C, ADDR, 2, F_MIXED, "drm");	/* a bystander */
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 0, 0));
	/* CMD's child is CMD too; the bystander's child is not */
	task_new(m, 100, 101, 101, MM_B, MM_B);
	map(m, 101, MM_B, ADDR, 1, F_MIXED, "system");
	task_new(m, 300, 301, 301, MM_D, MM_D);
	map(m, 301, MM_D, ADDR, 1, F_MIXED, "udmabuf");
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 0, 0, 0));
	CU_ASSERT_TRUE(exp_is(m, "udmabuf", 0, 0, 0, 0));
	/* the bystander pinning CMD's mapping counts; its own does not */
	gup(m, 300, MM_A, ADDR, 1, 1);
	gup(m, 300, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	/* an exited pid that comes back is someone else */
	simple(m, DA_EV_TASK_EXIT, 101);
	map(m, 101, MM_D, ADDR + 64 * PS, 1, F_MIXED, "system");
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 0, 0, 0));
	da_matcher_free(m);
}

/* (5) process_vm_readv and friends: GUP on another process's mm */
static void test_remote_gup(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	task_new(m, 1, 300, 300, MM_C, MM_D);	/* 300 runs in MM_C */
	gup(m, 300, MM_A, ADDR + 2 * PS, 2, 2);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 1);
	CU_ASSERT_EQUAL(f->gup_pid, 300);
	CU_ASSERT_EQUAL(f->gup_path, DA_GUP_SLOW);
	CU_ASSERT_TRUE(f->remote);

	/* the same call in the caller's own mm attributes nothing */
	gup(m, 300, MM_C, ADDR + 2 * PS, 2, 2);
	/* slow path on the mapper's own mm is not remote */
	gup(m, 100, MM_A, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 2));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 2);
	CU_ASSERT_FALSE(f->remote);

	/* a caller whose own mm is unknown can't be called remote */
	gup(m, 400, MM_A, ADDR, 1, 1);
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 3);
	CU_ASSERT_EQUAL(f->gup_pid, 400);
	CU_ASSERT_FALSE(f->remote);
	CU_ASSERT_TRUE(totals_are(m, 6, 4, 0, 1));
	da_matcher_free(m);
}

/* (6) munmap of the second page of four leaves pages 0, 2 and 3 mapped */
static void test_partial_munmap(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	unmap(m, 100, MM_A, ADDR + PS, 1);
	CU_ASSERT_TRUE(totals_are(m, 2, 0, 0, 2));
	gup(m, 100, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	gup(m, 100, 0, ADDR + PS, 1, 1);	/* anonymous memory now */
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	gup(m, 100, 0, ADDR + 3 * PS, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 2));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 2);
	CU_ASSERT_EQUAL(f->map.start, ADDR);		/* as at mmap time */
	CU_ASSERT_EQUAL(f->map.end, ADDR + 4 * PS);
	CU_ASSERT_STRING_EQUAL(f->map.exp_name, "drm");
	da_matcher_free(m);
}

/*
 * mremap moves the whole mapping; the kernel then frees the old VMA. GUP at
 * the new place is the mapping's, at the old place (reused) is not.
 */
static void test_move(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;
	uint64_t to = ADDR + 256 * PS;

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "videobuf2");
	move(m, 100, MM_A, ADDR, 0, 4, to);
	unmap(m, 100, MM_A, ADDR, 4);
	CU_ASSERT_TRUE(totals_are(m, 3, 0, 0, 1));
	gup(m, 100, 0, ADDR, 4, 4);		/* anonymous memory now */
	CU_ASSERT_TRUE(exp_is(m, "videobuf2", 1, 0, 0, 0));
	gup(m, 100, 0, to + PS, 2, 2);
	gup(m, 200, MM_A, to + 3 * PS, 1, 1);	/* remote, on the new place */
	CU_ASSERT_TRUE(exp_is(m, "videobuf2", 1, 0, 2, 2));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 2);
	CU_ASSERT_EQUAL(f->map.start, ADDR);	/* as at mmap time */
	CU_ASSERT_EQUAL(f->gup_start, to + 3 * PS);
	CU_ASSERT_EQUAL(f->gup_pid, 200);
	/* and moved back over where it was */
	move(m, 100, MM_A, to, 0, 4, ADDR);
	unmap(m, 100, MM_A, to, 4);
	gup(m, 100, 0, to, 1, 1);
	gup(m, 100, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "videobuf2", 1, 0, 3, 3));
	CU_ASSERT_TRUE(totals_are(m, 10, 5, 0, 1));
	da_matcher_free(m);
}

/*
 * Part of a mapping moves (mremap of its middle: the kernel moves pages 1-2
 * and frees them at the old place); a move of a VMA we do not know, one
 * onto a mapping (MREMAP_FIXED over it), and a failed one change nothing
 * else. Split pieces (mprotect) need no event: ranges are by address.
 */
static void test_move_part(void)
{
	struct da_matcher *m = new_matcher();
	uint64_t to = ADDR + 256 * PS;

	map(m, 100, MM_A, ADDR, 4, F_PFN, "system");
	map(m, 100, MM_A, to + 8 * PS, 4, F_MIXED, "drm");
	move(m, 100, MM_A, ADDR, 1, 2, to);
	unmap(m, 100, MM_A, ADDR + PS, 2);
	CU_ASSERT_TRUE(totals_are(m, 4, 0, 0, 4));	/* head, tail, moved, drm */
	gup(m, 100, 0, ADDR, 1, -EFAULT);
	gup(m, 100, 0, ADDR + PS, 2, 2);		/* anonymous now */
	gup(m, 100, 0, ADDR + 3 * PS, 1, -EFAULT);
	gup(m, 100, 0, to, 2, -EFAULT);
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 3, 0));
	/* anonymous memory moved: not ours; then system's pages onto drm's */
	move(m, 100, MM_A, ADDR + 64 * PS, 0, 1, ADDR + 128 * PS);
	move(m, 100, MM_A, to, 0, 2, to + 8 * PS);
	unmap(m, 100, MM_A, to, 2);
	gup(m, 100, 0, to + 8 * PS, 1, -EFAULT);
	gup(m, 100, 0, to + 10 * PS, 1, 1);
	gup(m, 100, 0, ADDR + 128 * PS, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 4, 0));
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	/* in an mm we know nothing of */
	move(m, 300, MM_C, ADDR, 0, 4, to);
	CU_ASSERT_TRUE(totals_are(m, 15, 7, 0, 4));
	da_matcher_free(m);
}

/* one munmap across three mappings: tail, whole, head */
static void test_munmap_across(void)
{
	struct da_matcher *m = new_matcher();
	int i;

	map(m, 100, MM_A, ADDR, 2, F_PFN, "a");
	map(m, 100, MM_A, ADDR + 2 * PS, 2, F_PFN, "b");
	map(m, 100, MM_A, ADDR + 4 * PS, 2, F_PFN, "c");
	unmap(m, 100, MM_A, ADDR + PS, 4);
	CU_ASSERT_TRUE(totals_are(m, 4, 0, 0, 2));
	for (i = 0; i < 6; i++)
		gup(m, 100, 0, ADDR + i * PS, 1, -EFAULT);
	CU_ASSERT_TRUE(exp_is(m, "a", 1, 1, 1, 0));
	CU_ASSERT_TRUE(exp_is(m, "b", 1, 1, 0, 0));
	CU_ASSERT_TRUE(exp_is(m, "c", 1, 1, 1, 0));
	/* and the rest of it */
	unmap(m, 100, MM_A, ADDR - PS, 8);
	CU_ASSERT_TRUE(totals_are(m, 11, 6, 0, 0));
	da_matcher_free(m);
}

/* a new mapping replaces what it overlaps: the kernel unmapped that */
static void test_map_replaces(void)
{
	struct da_matcher *m = new_matcher();

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	map(m, 100, MM_A, ADDR + 2 * PS, 4, F_PFN, "system");
	CU_ASSERT_TRUE(totals_are(m, 2, 0, 0, 2));
	gup(m, 100, 0, ADDR + 3 * PS, 1, -EFAULT);
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 1, 0));
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 0, 0));
	gup(m, 100, 0, ADDR + PS, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 1));
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 1, 0));
	da_matcher_free(m);
}

/* (7) lost events */
static void test_lost(void)
{
	struct da_matcher *m = new_matcher();
	struct da_matcher_totals t;
	struct da_event ev = base(DA_EV_LOST, 0);

	ev.lost.count = 10;
	feed(m, &ev);
	ev.lost.count = 0;	/* the source couldn't tell */
	feed(m, &ev);
	ev.lost.count = 5;
	feed(m, &ev);
	da_matcher_totals(m, &t);
	CU_ASSERT_EQUAL(t.lost_chunks, 3);
	CU_ASSERT_EQUAL(t.lost_events, 15);
	CU_ASSERT_EQUAL(t.events, 3);
	da_matcher_free(m);
}

/* (8) MM_GONE drops the mappings and the tasks of that mm */
static void test_mm_gone(void)
{
	struct da_matcher *m = new_matcher();

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	task_new(m, 100, 101, 100, MM_A, MM_A);
	map(m, 500, MM_B, ADDR, 4, F_MIXED, "other");
	mm_gone(m, MM_A);
	CU_ASSERT_TRUE(totals_are(m, 4, 0, 0, 1));
	gup(m, 100, 0, ADDR, 4, 4);
	gup(m, 101, 0, ADDR, 4, 4);
	CU_ASSERT_TRUE(totals_are(m, 6, 2, 2, 1));
	/* the mm pointer, reused for a new process, holds nothing */
	gup(m, 600, MM_A, ADDR, 4, 4);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 0, 0));
	CU_ASSERT_TRUE(totals_are(m, 7, 3, 2, 1));
	/* the other process is untouched */
	gup(m, 500, 0, ADDR, 4, 4);
	CU_ASSERT_TRUE(exp_is(m, "other", 1, 0, 1, 1));
	da_matcher_free(m);
}

/* (9) threads share the mm; exec and exit forget it */
static void test_threads_exec(void)
{
	struct da_matcher *m = new_matcher();

	map(m, 100, MM_A, ADDR, 4, F_MIXED, "drm");
	/* a thread with an unknown parent_mm is still no fork */
	task_new(m, 100, 101, 100, MM_A, 0);
	/* vfork: same mm, nothing copied */
	task_new(m, 100, 102, 102, MM_A, MM_A);
	CU_ASSERT_TRUE(totals_are(m, 3, 0, 0, 1));
	gup(m, 101, 0, ADDR, 1, 1);
	gup(m, 102, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 2));

	simple(m, DA_EV_TASK_EXEC, 101);
	gup(m, 101, 0, ADDR, 1, 1);
	simple(m, DA_EV_TASK_EXIT, 100);
	gup(m, 100, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 2));
	CU_ASSERT_TRUE(totals_are(m, 9, 4, 2, 1));
	/* the mapping outlives its mapper's exit: the vforked task still sees it */
	gup(m, 102, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 3, 3));
	da_matcher_free(m);
}

/* (10) exporters without a name, and the order of first appearance */
static void test_unknown_exporter(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_exporter_stats *e;
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 1, F_MIXED, "");
	map(m, 100, MM_A, ADDR + PS, 1, F_PFN, "system");
	map(m, 100, MM_A, ADDR + 2 * PS, 1, F_PFN, "");
	CU_ASSERT_EQUAL_FATAL(da_matcher_exporters(m, &e), 2);
	CU_ASSERT_STRING_EQUAL(e[0].name, "(unknown)");
	CU_ASSERT_STRING_EQUAL(e[1].name, "system");
	CU_ASSERT_TRUE(exp_is(m, "(unknown)", 2, 1, 0, 0));
	CU_ASSERT_EQUAL_FATAL(findings(m, DA_FIND_NOT_PFNMAP, &f), 1);
	CU_ASSERT_STRING_EQUAL(f->map.exp_name, "(unknown)");
	da_matcher_free(m);
}

/* (11) anonymous pages then the mapping: ret stops before the mapping */
static void test_straddle(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 2, F_MIXED, "drm");
	gup(m, 100, 0, ADDR - 2 * PS, 4, 2);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 1, 0));
	CU_ASSERT_EQUAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 0);
	gup(m, 100, 0, ADDR - 2 * PS, 4, 3);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 1));
	/* an attempt that ends where the mapping starts touches nothing */
	gup(m, 100, 0, ADDR - 2 * PS, 2, 2);
	CU_ASSERT_TRUE(exp_is(m, "drm", 1, 0, 2, 1));
	CU_ASSERT_TRUE(totals_are(m, 4, 3, 0, 1));
	da_matcher_free(m);
}

/* two mappings of one exporter in one attempt: counted once, two findings */
static void test_once_per_attempt(void)
{
	struct da_matcher *m = new_matcher();
	const struct da_finding *f;

	map(m, 100, MM_A, ADDR, 2, F_MIXED, "drm");
	map(m, 100, MM_A, ADDR + 2 * PS, 2, F_MIXED, "drm");
	map(m, 100, MM_A, ADDR + 4 * PS, 2, F_PFN, "system");
	gup(m, 100, 0, ADDR + PS, 4, 4);
	CU_ASSERT_TRUE(exp_is(m, "drm", 2, 0, 1, 1));
	CU_ASSERT_TRUE(exp_is(m, "system", 1, 1, 1, 1));
	CU_ASSERT_EQUAL(findings(m, DA_FIND_GUP_SUCCEEDED, &f), 3);
	da_matcher_free(m);
}

/*
 * Many processes mapping, forking, pinning, unmapping and exiting: the
 * hashes grow and shrink, counts stay exact, nothing is left at the end
 * (valgrind checks the memory side).
 */
static void test_churn(void)
{
	struct da_matcher *m = new_matcher();
	uint64_t mm, child;
	int i, pid;

	for (i = 0; i < 3000; i++) {
		pid = 1000 + i;
		mm = 0xffff888100000000ULL + (uint64_t)i * 0x1000;
		child = 0xffff888200000000ULL + (uint64_t)i * 0x1000;
		map(m, pid, mm, ADDR + i * PS, 1, F_MIXED, i % 2 ? "odd" : "even");
		task_new(m, pid, pid + 100000, pid + 100000, child, mm);
		gup(m, pid + 100000, 0, ADDR + i * PS, 1, 1);
		unmap(m, pid, mm, ADDR + i * PS, 1);
		gup(m, pid, 0, ADDR + i * PS, 1, 1);
	}
	CU_ASSERT_TRUE(exp_is(m, "odd", 1500, 0, 1500, 1500));
	CU_ASSERT_TRUE(exp_is(m, "even", 1500, 0, 1500, 1500));
	CU_ASSERT_TRUE(totals_are(m, 15000, 6000, 0, 3000));
	for (i = 0; i < 3000; i++) {
		simple(m, DA_EV_TASK_EXIT, 1000 + i);
		mm_gone(m, 0xffff888200000000ULL + (uint64_t)i * 0x1000);
	}
	CU_ASSERT_TRUE(totals_are(m, 21000, 6000, 0, 0));
	/* every pid is forgotten */
	gup(m, 1000, 0, ADDR, 1, 1);
	gup(m, 101000, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(totals_are(m, 21002, 6002, 2, 0));
	da_matcher_free(m);
}

static void test_alloc(void)
{
	const struct da_exporter_stats *e;
	const struct da_finding *f;
	struct da_matcher *m;

	errno = 0;
	CU_ASSERT_PTR_NULL(da_matcher_alloc(0));
	CU_ASSERT_EQUAL(errno, EINVAL);
	da_matcher_free(NULL);
	m = new_matcher();
	CU_ASSERT_EQUAL(da_matcher_exporters(m, &e), 0);
	CU_ASSERT_EQUAL(da_matcher_findings(m, &f), 0);
	CU_ASSERT_TRUE(totals_are(m, 0, 0, 0, 0));
	/* a GUP before anything is known can't be attributed */
	gup(m, 100, 0, ADDR, 1, 1);
	CU_ASSERT_TRUE(totals_are(m, 1, 1, 1, 0));
	da_matcher_free(m);
}

/* da_matcher_interest's walk, summed up (its order is the hash's) */
struct interest {
	int mms, pids;
	uint64_t mm_sum;
	long pid_sum;
};

static int count_interest(uint64_t mm, int pid, void *data)
{
	struct interest *in = data;

	if (pid) {
		in->pids++;
		in->pid_sum += pid;
	} else {
		in->mms++;
		in->mm_sum += mm;
	}
	return 0;
}

/*
 * What live's GUP filters are made of: the mms that hold a dma-buf mapping
 * now, and the pids known to run in them (a fork copies the mapping).
 */
static void test_interest(void)
{
	struct da_matcher *m = new_matcher();
	struct interest in = { 0 };

	CU_ASSERT_EQUAL(da_matcher_interest(m, count_interest, &in), 0);
	CU_ASSERT_EQUAL(in.mms, 0);
	map(m, 100, MM_A, ADDR, 2, F_PFN, "system");
	task_new(m, 100, 101, 100, MM_A, MM_A);		/* a thread */
	task_new(m, 100, 200, 200, MM_B, MM_A);		/* a fork: the copy */
	task_new(m, 100, 300, 300, MM_B + PS, MM_A);	/* then unmapped */
	unmap(m, 300, MM_B + PS, ADDR, 2);
	CU_ASSERT_EQUAL(da_matcher_interest(m, count_interest, &in), 0);
	CU_ASSERT_EQUAL(in.mms, 2);
	CU_ASSERT_EQUAL(in.mm_sum, MM_A + MM_B);
	CU_ASSERT_EQUAL(in.pids, 3);
	CU_ASSERT_EQUAL(in.pid_sum, 100 + 101 + 200);
	/* gone from the sets once nothing is mapped */
	unmap(m, 100, MM_A, ADDR, 2);
	unmap(m, 200, MM_B, ADDR, 2);
	in = (struct interest){ 0 };
	CU_ASSERT_EQUAL(da_matcher_interest(m, count_interest, &in), 0);
	CU_ASSERT_EQUAL(in.mms + in.pids, 0);
	da_matcher_free(m);
}

int add_matcher_suites(void)
{
	CU_pSuite s = CU_add_suite("matcher", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "PFNMAP, GUP refused", test_pfnmap_refused) ||
	    !CU_add_test(s, "MIXEDMAP, fast GUP pins it", test_mixedmap_fast_gup) ||
	    !CU_add_test(s, "PFNMAP pinned anyway", test_pfnmap_pinned) ||
	    !CU_add_test(s, "address reuse after munmap", test_reuse_after_munmap) ||
	    !CU_add_test(s, "fork copies, VM_DONTCOPY doesn't", test_fork) ||
	    !CU_add_test(s, "remote GUP by target mm", test_remote_gup) ||
	    !CU_add_test(s, "partial munmap splits", test_partial_munmap) ||
	    !CU_add_test(s, "mremap moves a mapping", test_move) ||
	    !CU_add_test(s, "mremap moves part of one", test_move_part) ||
	    !CU_add_test(s, "munmap across mappings", test_munmap_across) ||
	    !CU_add_test(s, "mmap replaces an overlap", test_map_replaces) ||
	    !CU_add_test(s, "lost events", test_lost) ||
	    !CU_add_test(s, "mm gone", test_mm_gone) ||
	    !CU_add_test(s, "threads, vfork, exec, exit", test_threads_exec) ||
	    !CU_add_test(s, "unknown exporter name", test_unknown_exporter) ||
	    !CU_add_test(s, "GUP straddling anonymous memory", test_straddle) ||
	    !CU_add_test(s, "once per exporter per attempt", test_once_per_attempt) ||
	    !CU_add_test(s, "churn", test_churn) ||
	    !CU_add_test(s, "live -- CMD follows CMD's tree", test_follow) ||
	    !CU_add_test(s, "address spaces of interest", test_interest) ||
	    !CU_add_test(s, "alloc, free, empty", test_alloc))
		return -1;
	return 0;
}
