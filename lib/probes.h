/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The probes dmabuf-audit places, and how it picks them on each kernel.
 *
 * Every event we read has a role. A role can be served by several
 * candidate definitions (a dma_buf tracepoint, an fprobe with BTF argument
 * names, a kprobe with offsets read from BTF, ...); the first one this
 * kernel offers and accepts wins. Whatever the candidate, the event keeps
 * the same name and field names, so decoding never depends on the kernel.
 */
#ifndef _DA_PROBES_H
#define _DA_PROBES_H

#include <stdbool.h>

#define DA_GROUP_PREFIX	"dmabuf_audit"
#define DA_GROUP_MAX	64

enum da_role {
	DA_ROLE_MMAP_ID,	/* dma_buf_mmap_internal entry: exp_name size ino [vma] */
	DA_ROLE_MMAP_FWD_ID,	/* dma_buf_mmap entry: same fields */
	DA_ROLE_MMAP_RET,	/* dma_buf_mmap_internal return: ret [vma mm start end flags] */
	DA_ROLE_MMAP_FWD_RET,	/* dma_buf_mmap return: same */
	DA_ROLE_VMA_FINAL,	/* perf_event_mmap: vma mm start end flags */
	DA_ROLE_GUP_FAST,	/* fast GUP entry: start nr */
	DA_ROLE_GUP_FAST_RET,	/* fast GUP return: ret */
	DA_ROLE_GUP_SLOW,	/* __get_user_pages entry: mm start nr */
	DA_ROLE_GUP_SLOW_RET,	/* __get_user_pages return: ret */
	DA_ROLE_VMA_FREE,	/* vm_area_free: mm start end */
	DA_ROLE_MM_EXIT,	/* exit_mmap: mm */
	DA_ROLE_TASK_NEW,	/* wake_up_new_task: pid tgid mm parent_mm */
	DA_ROLE_TASK_EXEC,	/* sched:sched_process_exec */
	DA_ROLE_TASK_EXIT,	/* sched:sched_process_exit */
	DA_ROLE_COUNT,
};

/* What the running kernel's tracefs offers, read from its README and files. */
struct da_features {
	bool kprobes;		/* kprobe events (p:, r:) */
	bool fprobes;		/* f: events */
	bool ret_args;		/* $argN in return probes */
	bool btf_args;		/* BTF argument names (vma->vm_flags) */
	bool dma_buf_mmap_tp;	/* dma_buf:dma_buf_mmap_internal with our fields */
	bool dma_buf_fwd_tp;	/* dma_buf:dma_buf_mmap with our fields */
	bool btf;		/* /sys/kernel/btf/vmlinux */
};

/* The result of planning: what serves each role, for reports and removal. */
struct da_plan {
	char group[DA_GROUP_MAX];
	const char *how[DA_ROLE_COUNT];		/* "tracepoint", "fprobe-btf", ... */
	bool placed[DA_ROLE_COUNT];
	bool needs_vma_final;			/* returns carry no VMA */
	char method[160];			/* one line for the report */
	int nr_events;				/* what to enable in the instance */
	struct {
		char system[DA_GROUP_MAX];
		char name[32];
	} events[16];
};

struct tracefs_instance;

/* The role an event plays, from its system and name; -1 if not ours. */
int da_role_of(const char *system, const char *name);
/* Root and a mounted tracefs, or one line saying what to do. */
int da_check_tracing(void);
const char *da_role_event(enum da_role role);

int da_features_detect(struct da_features *f);
int da_probes_create(struct da_plan *plan, const struct da_features *f,
		     const char *group);
int da_probes_enable(const struct da_plan *plan, struct tracefs_instance *inst);
int da_probes_remove_group(const char *group);
const char *da_event_filter(const char *event);
bool da_group_is_ours(const char *system);

/*
 * probe-groups.c: who owns a group. The group of this process,
 * "dmabuf_audit_<pid>". da_group_lock() makes @group ours for as long as
 * the returned fd stays open (the fd, or a negative error after one
 * line); da_group_unlock() gives it up and removes the lock file, after
 * the group's instance and probes are gone. Accepts fd -1.
 */
void da_group_own(char *buf, size_t size);
int da_group_lock(const char *group);
void da_group_unlock(const char *group, int fd);
/* 1 when nobody owns @group (see dmabuf_audit_remove_stale()), else 0. */
int da_group_stale(const char *group);
/* Where lock files go; NULL: the system's own (unit tests set it). */
extern const char *da_group_lock_dir;
/* Say it when a start cleaned up after a killed session. */
void da_report_stale(int n);

#endif /* _DA_PROBES_H */
