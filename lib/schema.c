// SPDX-License-Identifier: LGPL-2.1
/*
 * The one table of roles, event names and fields (see schema.h). Every
 * candidate definition of a role in probes.c has exactly the role's fields,
 * whatever kernel feature it uses: a unit test checks it.
 */
#include <string.h>

#include "probes.h"	/* da_group_is_ours() */
#include "schema.h"

#define VMA_FIELDS	(DA_FB(DA_F_VMA) | DA_FB(DA_F_MM) | DA_FB(DA_F_START) | \
			 DA_FB(DA_F_END) | DA_FB(DA_F_FLAGS))
#define ID_FIELDS	(DA_FB(DA_F_VMA) | DA_FB(DA_F_EXP) | DA_FB(DA_F_SIZE) | \
			 DA_FB(DA_F_INO) | DA_FB(DA_F_DRIVER))
/* the dma_buf tracepoints have no VMA: the return brings it */
#define TP_ID_FIELDS	(DA_FB(DA_F_EXP) | DA_FB(DA_F_SIZE) | DA_FB(DA_F_INO))
#define RET_NO_VMA	(DA_FB(DA_F_RET) | DA_FB(DA_F_COMM))
#define GUP_FIELDS	(DA_FB(DA_F_START) | DA_FB(DA_F_NR) | DA_FB(DA_F_COMM))

static const struct da_role_schema roles[DA_ROLE_COUNT] = {
	/* the driver of a GEM export ("drm"), when drm's BTF lets a probe read it */
	[DA_ROLE_MMAP_ID] = { "mmap_id", "dma_buf", "dma_buf_mmap_internal",
			      false, ID_FIELDS, 0, TP_ID_FIELDS, DA_FB(DA_F_DRIVER) },
	[DA_ROLE_MMAP_FWD_ID] = { "mmap_fwd_id", "dma_buf", "dma_buf_mmap",
				  false, ID_FIELDS, 0, TP_ID_FIELDS, DA_FB(DA_F_DRIVER) },
	[DA_ROLE_MMAP_RET] = { "mmap_ret", NULL, NULL, false,
			       RET_NO_VMA | VMA_FIELDS, RET_NO_VMA },
	[DA_ROLE_MMAP_FWD_RET] = { "mmap_fwd_ret", NULL, NULL, false,
				   RET_NO_VMA | VMA_FIELDS, RET_NO_VMA },
	[DA_ROLE_VMA_FINAL] = { "vma_final", NULL, NULL, false,
				VMA_FIELDS | DA_FB(DA_F_FILE) | DA_FB(DA_F_COMM), 0 },
	[DA_ROLE_GUP_FAST] = { "gup_fast", NULL, NULL, false, GUP_FIELDS, 0 },
	[DA_ROLE_GUP_FAST_RET] = { "gup_fast_ret", NULL, NULL, false,
				   DA_FB(DA_F_RET), 0 },
	[DA_ROLE_GUP_SLOW] = { "gup_slow", NULL, NULL, false,
			       GUP_FIELDS | DA_FB(DA_F_MM), 0 },
	/* its mm where return probes take $argN (not 6.1), for live's filter */
	[DA_ROLE_GUP_SLOW_RET] = { "gup_slow_ret", NULL, NULL, false,
				   DA_FB(DA_F_RET) | DA_FB(DA_F_MM), 0, 0, DA_FB(DA_F_MM) },
	/* the old VMA and its place, the new place and the new page offset */
	[DA_ROLE_VMA_MOVE] = { "vma_move", NULL, NULL, false,
			       DA_FB(DA_F_VMA) | DA_FB(DA_F_MM) | DA_FB(DA_F_START) |
			       DA_FB(DA_F_PGOFF) | DA_FB(DA_F_FILE) |
			       DA_FB(DA_F_NEW_START) | DA_FB(DA_F_LEN) |
			       DA_FB(DA_F_NEW_PGOFF), 0 },
	[DA_ROLE_VMA_MOVE_RET] = { "vma_move_ret", NULL, NULL, false,
				   DA_FB(DA_F_RET), 0 },
	[DA_ROLE_VMA_FREE] = { "vma_free", NULL, NULL, false,
			       VMA_FIELDS | DA_FB(DA_F_FILE), 0 },
	[DA_ROLE_MM_EXIT] = { "mm_exit", NULL, NULL, false, DA_FB(DA_F_MM), 0 },
	[DA_ROLE_TASK_NEW] = { "task_new", NULL, NULL, false,
			       DA_FB(DA_F_PID) | DA_FB(DA_F_TGID) | DA_FB(DA_F_MM) |
			       DA_FB(DA_F_PARENT_MM), 0 },
	[DA_ROLE_TASK_EXEC] = { "sched_process_exec", "sched", "sched_process_exec",
				true, 0, 0 },
	[DA_ROLE_TASK_EXIT] = { "sched_process_exit", "sched", "sched_process_exit",
				true, 0, 0 },
};

/* In the order of enum da_field_id. */
static const char *const field_names[DA_F_COUNT] = {
	"vma", "mm", "start", "end", "flags", "ret", "exp_name", "size", "ino",
	"nr", "pid", "tgid", "parent_mm", "comm", "file", "pgoff", "new_start",
	"len", "new_pgoff", "driver",
};

const struct da_role_schema *da_schema_role(enum da_role role)
{
	return &roles[role];
}

const char *da_role_event(enum da_role role)
{
	return roles[role].event;
}

const char *da_field_name(enum da_field_id f)
{
	return field_names[f];
}

int da_role_of(const char *system, const char *name)
{
	bool ours = da_group_is_ours(system);
	int r;

	for (r = 0; r < DA_ROLE_COUNT; r++) {
		const struct da_role_schema *s = &roles[r];

		if (s->tp_system && !strcmp(system, s->tp_system) &&
		    !strcmp(name, s->tp_event))
			return r;
		if (ours && !s->tp_only && !strcmp(name, s->event))
			return r;
	}
	return -1;
}
