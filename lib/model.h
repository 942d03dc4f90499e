/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The typed event model: what every source (live tracefs, trace.dat) is
 * turned into before the matcher sees it. Kernel-version differences (which
 * probe, which symbol, entry/return pairing) end before this point.
 */
#ifndef _DA_MODEL_H
#define _DA_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define DA_EXP_NAME_MAX	32	/* exporter names are short: "drm", "system" */
#define DA_COMM_MAX	16	/* TASK_COMM_LEN */
#define DA_MECH_MAX	32
#define DA_DRIVER_MAX	32	/* drm_driver.name: "vgem", "cirrus" */

/*
 * Why the driver behind a GEM export ("drm") is not named. Other exporters
 * name themselves: they have no driver to name (DA_DRV_KNOWN).
 */
enum da_driver_why {
	DA_DRV_KNOWN,		/* named, or not a GEM export */
	DA_DRV_NO_FIELD,	/* our probe of the source carries no driver */
	DA_DRV_TRACEPOINT,	/* a dma_buf tracepoint named the dma-buf: no driver */
	DA_DRV_FAULT,		/* the kernel read of the driver's name failed */
	DA_DRV_SNAPSHOT,	/* /proc names only the exporter */
	DA_DRV_NOT_GIVEN,	/* the workload did not name it */
	DA_DRV_NR,
};
#define DA_STACK_MAX	32	/* frames kept of one kernel stack */

enum da_event_type {
	DA_EV_MAP,		/* a dma-buf mapping exists, with its final flags */
	DA_EV_UNMAP,		/* [start, end) of mm is no longer mapped */
	DA_EV_MOVE,		/* mremap moved part of a VMA to a new place */
	DA_EV_MM_GONE,		/* the whole address space was torn down */
	DA_EV_GUP,		/* one GUP attempt and its outcome */
	DA_EV_TASK_NEW,		/* fork/clone: a new task and its mm */
	DA_EV_TASK_EXEC,	/* the task now runs in a fresh mm */
	DA_EV_TASK_EXIT,	/* the task is gone */
	DA_EV_LOST,		/* the source lost events here */
};

enum da_map_path {
	DA_MAP_DMABUF_FD,	/* mmap() of a dma-buf fd: dma_buf_mmap_internal() */
	DA_MAP_FORWARDED,	/* a driver's mmap forwarded by dma_buf_mmap() */
};

enum da_gup_path {
	DA_GUP_FAST,		/* lockless fast path only (it succeeded or gave up) */
	DA_GUP_SLOW,		/* slow path only: remote mm, pin_user_pages, ... */
	DA_GUP_FAST_SLOW,	/* fast path that fell back to the slow path */
	DA_GUP_UNKNOWN,		/* the source cannot tell (a workload's own view) */
};

/*
 * The kernel copied a VMA of @mm for mremap: what was at
 * vma_start + (new_pgoff - vma_pgoff) pages, @len bytes, is now at
 * @new_start (the old place is unmapped by its own event). Page offsets,
 * not the old address: the probe cannot compute.
 */
struct da_move {
	uint64_t mm;
	uint64_t vma_start, vma_pgoff;	/* the old VMA's */
	uint64_t new_start, new_pgoff, len;
};

/* Why a finding has no kernel stack (stacks.c has the words). */
enum da_nostack {
	DA_NOSTACK_NONE,	/* it has one */
	DA_NOSTACK_NO_TRACE,	/* the source traces no kernel calls (snapshot, exerciser) */
	DA_NOSTACK_NOT_ASKED,	/* the live session was opened without stacks */
	DA_NOSTACK_REFUSED,	/* the kernel refused the stacktrace trigger */
	DA_NOSTACK_MISSING,	/* asked, but no stack record followed the event */
	DA_NOSTACK_NOT_RECORDED, /* the trace holds no kernel stacks at all */
	DA_NOSTACK_NR,
};

/* A kernel stack as the kernel wrote it: return addresses, innermost first. */
struct da_stack {
	int nr;
	uint64_t ip[DA_STACK_MAX];
};

struct da_event {
	enum da_event_type type;
	unsigned long long ts;		/* ns, the source's trace clock */
	int cpu;
	int pid;			/* the task the kernel ran this for */
	char comm[DA_COMM_MAX];
	/* DA_EV_MAP and DA_EV_GUP: the entry's stack, or NULL and why not */
	const struct da_stack *stack;
	enum da_nostack nostack;
	union {
		struct {
			uint64_t mm;
			uint64_t vma;		/* kernel pointer, as an id */
			uint64_t start, end;	/* user addresses, [start, end) */
			uint64_t flags;		/* vm_flags after the exporter's mmap */
			uint64_t ino;		/* the dma-buf's inode, 0 if unknown */
			uint64_t size;		/* the dma-buf's size, 0 if unknown */
			char exp_name[DA_EXP_NAME_MAX];	/* "" if unknown */
			char driver[DA_DRIVER_MAX];	/* a GEM export's driver, or "" */
			enum da_driver_why driver_why;	/* why "" (decoder, source) */
			enum da_map_path path;
			bool flags_unknown;	/* no VMA in the source: */
						/* only exp_name/size/ino */
		} map;
		struct {
			uint64_t mm;
			uint64_t start, end;
		} unmap;
		struct da_move move;
		struct {
			uint64_t mm;
		} mm_gone;
		struct {
			uint64_t mm;		/* target mm; 0: the calling task's */
			uint64_t start;
			uint64_t nr_pages;
			enum da_gup_path path;
			long long ret;		/* pages pinned, or -errno */
			char mech[DA_MECH_MAX];	/* "vmsplice", "io_uring", ... or "" */
		} gup;
		struct {
			int child;		/* pid (thread id) of the new task */
			int tgid;		/* its thread group */
			uint64_t mm;		/* its mm */
			uint64_t parent_mm;	/* the mm it was copied from, 0 if unknown */
		} task_new;
		struct {
			uint64_t count;		/* events lost, 0 if the source can't tell */
		} lost;
	};
};

#endif /* _DA_MODEL_H */
