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

#include "schema.h"

#define DA_GROUP_PREFIX	"dmabuf_audit"
#define DA_GROUP_MAX	64

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
	bool gup_ret_mm;			/* the slow GUP return has its mm */
	char method[160];			/* one line for the report */
	char lacking[160];			/* optional specs not placed, or "" */
	int nr_events;				/* what to enable in the instance */
	struct {
		char system[DA_GROUP_MAX];
		char name[32];
	} events[DA_ROLE_COUNT];	/* at most one event a role */
};

struct tracefs_instance;

/* Root and a mounted tracefs, or one line saying what to do. */
int da_check_tracing(void);

/*
 * Every definition of every candidate, for the tests: its role, its
 * template, and whether its candidate leaves the VMA to vma_final. A
 * non-zero return of @fn stops the walk and is returned.
 */
typedef int (*da_def_fn)(enum da_role role, const char *tmpl, bool no_vma,
			 void *data);
int da_probes_for_each_def(da_def_fn fn, void *data);

int da_features_detect(struct da_features *f);
int da_probes_create(struct da_plan *plan, const struct da_features *f,
		     const char *group);
/* A dry run of da_probes_create(): what it would place, nothing placed. */
int da_probes_plan(struct da_plan *plan, const struct da_features *f);
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
