/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The decoder's state, shared by events.c (the decoder, the mmap calls)
 * and events-gup.c (the GUP and mremap calls).
 */
#ifndef _DA_EVENTS_LOCAL_H
#define _DA_EVENTS_LOCAL_H

#include <stdint.h>

#include "events.h"
#include "schema.h"

struct evinfo {
	enum da_role role;
	const char *name;
	struct tep_format_field *f[DA_F_COUNT];
	unsigned int want;		/* DA_FB() of the fields a record needs */
	bool tracepoint;		/* a static tracepoint, not our probe */
	int bad_field;			/* of the format: every record fails; or -1 */
	enum da_undec_why bad_why;
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
	char map_drv[DA_DRIVER_MAX];
	enum da_driver_why map_drv_why;
	/* GUP frames: a fast one may hold a slow fallback */
	bool fast_open, slow_open, fell_back;
	uint64_t fast_start, fast_nr, slow_mm, slow_start, slow_nr;
	/* mremap: copy_vma entry seen, waiting for its return */
	bool move_open;
	struct da_move move;
	/* bit per return role: its entry was undecodable, swallow it */
	unsigned int bad_ret;
	/* the kernel stack of the entry of this role bit (one at a time) */
	unsigned int stacked;
	struct da_stack stack;
	char comm[DA_COMM_MAX];
};

#define NR_IDS		65536	/* common_type is 16 bits */
#define TASK_SLOTS	1024	/* tasks with something in flight: few */
#define COMMON_SIZE	8	/* struct trace_entry: type, flags, preempt, pid */
#define UNDEC_KINDS	16	/* (event, field, why) kinds kept apart */

/* Records of one event that could not be decoded, for one reason. */
struct undec {
	short info;
	signed char field;
	unsigned char why;
	unsigned long n;
};

/* The last record of a CPU: a kernel_stack record right after is its stack. */
struct cpu_last {
	int pid;
	int role;		/* an entry role that takes a stack, or -1 */
	struct task *t;		/* its task's slot (checked: slots move) */
};

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
	bool gup_filtered;		/* GUP entries filtered: lone returns expected */
	struct task tasks[TASK_SLOTS];
	unsigned long unpaired;		/* returns or entries whose mate was lost */
	unsigned long unknown_type;	/* records of a type no format describes */
	struct undec undec[UNDEC_KINDS];
	int nr_undec;
	int err;
	/* events-stack.c: ftrace's kernel_stack records */
	int kstack_id;			/* -1: the source has no such event */
	struct tep_format_field *kstack_size, *kstack_caller;
	struct cpu_last *last;
	size_t cap_last;
	unsigned int stack_asked, stack_refused;	/* bit per role */
	unsigned long stacks_seen;
};

/* Reading a record's fields: 0 or "" when the record lacks them. */
uint64_t da_ev_num(const struct evinfo *in, enum da_field_id f, struct tep_record *rec);
long long da_ev_snum(const struct evinfo *in, enum da_field_id f, struct tep_record *rec);
void da_ev_str(const struct evinfo *in, enum da_field_id f, struct tep_record *rec,
	       char *out, size_t size);
void da_ev_base(struct da_decoder *d, struct da_event *ev, enum da_event_type type,
		struct tep_record *rec, int pid);
void da_ev_emit(struct da_decoder *d, const struct da_event *ev);

/* events-gup.c: the halves of a GUP and of mremap's copy_vma */
#define DA_EV_ON(name) \
	void name(struct da_decoder *d, const struct evinfo *in, \
		  struct tep_record *rec, struct task *t)
DA_EV_ON(da_on_gup_fast);
DA_EV_ON(da_on_gup_fast_ret);
DA_EV_ON(da_on_gup_slow);
DA_EV_ON(da_on_gup_slow_ret);
DA_EV_ON(da_on_vma_move);
DA_EV_ON(da_on_vma_move_ret);

/* events-stack.c */
void da_stack_init(struct da_decoder *d);
/* A kernel_stack record: the stack of the CPU's last event, if it takes one. */
void da_on_stack(struct da_decoder *d, struct tep_record *rec, int pid);
/* @rec (of @role, -1: not ours) is now the last record of its CPU. */
void da_stack_last(struct da_decoder *d, struct tep_record *rec, int pid, int role,
		   struct task *t);
/* @ev of @t's entry of @role: its stack, or why it has none. */
void da_ev_stack(struct da_decoder *d, struct da_event *ev, const struct task *t,
		 enum da_role role);

#endif /* _DA_EVENTS_LOCAL_H */
