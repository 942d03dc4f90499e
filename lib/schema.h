/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The event schema: every event dmabuf-audit reads has a role, and each
 * role has one event name (in our probe group), maybe a static tracepoint
 * that serves it instead, and its fields. The probe definitions (probes.c),
 * the decoder (events.c) and the libtraceevent plugin all take names from
 * here, so they cannot drift apart. The plugin builds this file in.
 */
#ifndef _DA_SCHEMA_H
#define _DA_SCHEMA_H

#include <stdbool.h>

enum da_role {
	DA_ROLE_MMAP_ID,	/* dma_buf_mmap_internal entry: exp_name size ino [vma] [driver] */
	DA_ROLE_MMAP_FWD_ID,	/* dma_buf_mmap entry: same fields */
	DA_ROLE_MMAP_RET,	/* dma_buf_mmap_internal return: ret [vma mm start end flags] */
	DA_ROLE_MMAP_FWD_RET,	/* dma_buf_mmap return: same */
	DA_ROLE_VMA_FINAL,	/* perf_event_mmap: vma mm start end flags */
	DA_ROLE_GUP_FAST,	/* fast GUP entry: start nr */
	DA_ROLE_GUP_FAST_RET,	/* fast GUP return: ret */
	DA_ROLE_GUP_SLOW,	/* __get_user_pages entry: mm start nr */
	DA_ROLE_GUP_SLOW_RET,	/* __get_user_pages return: ret */
	DA_ROLE_VMA_MOVE,	/* copy_vma entry (mremap): the VMA moved, where to */
	DA_ROLE_VMA_MOVE_RET,	/* copy_vma return: the new VMA, NULL if it failed */
	DA_ROLE_VMA_FREE,	/* vm_area_free: mm start end */
	DA_ROLE_MM_EXIT,	/* exit_mmap: mm */
	DA_ROLE_TASK_NEW,	/* wake_up_new_task: pid tgid mm parent_mm */
	DA_ROLE_TASK_EXEC,	/* sched:sched_process_exec */
	DA_ROLE_TASK_EXIT,	/* sched:sched_process_exit */
	DA_ROLE_COUNT,
};

enum da_field_id {
	DA_F_VMA, DA_F_MM, DA_F_START, DA_F_END, DA_F_FLAGS, DA_F_RET,
	DA_F_EXP, DA_F_SIZE, DA_F_INO, DA_F_NR, DA_F_PID, DA_F_TGID,
	DA_F_PARENT_MM, DA_F_COMM, DA_F_FILE, DA_F_PGOFF, DA_F_NEW_START,
	DA_F_LEN, DA_F_NEW_PGOFF, DA_F_DRIVER, DA_F_COUNT,
};

#define DA_FB(f)	(1u << (f))

struct da_role_schema {
	const char *event;	/* the event's name (our probe's, or the tracepoint's) */
	const char *tp_system;	/* a static tracepoint that serves the role, or NULL */
	const char *tp_event;
	bool tp_only;		/* never one of our probes */
	unsigned int fields;	/* DA_FB() of each field our probes have */
	unsigned int no_vma;	/* the fields a probe without the VMA still has, or 0 */
	unsigned int tp_fields;	/* what the tracepoint must have to serve the role */
	/*
	 * Fields a record may lack and still be decoded: a candidate without
	 * them (the tracepoint, a kernel without the types to read them) or
	 * a trace recorded before they existed. The decoder says what lacked.
	 */
	unsigned int opt;
};

const struct da_role_schema *da_schema_role(enum da_role role);
const char *da_role_event(enum da_role role);
const char *da_field_name(enum da_field_id f);
/* The role an event plays, from its system and name; -1 if not ours. */
int da_role_of(const char *system, const char *name);

#endif /* _DA_SCHEMA_H */
