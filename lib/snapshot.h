/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The snapshot source: what procfs shows of the dma-buf mappings that exist
 * right now, as DA_EV_MAP events. dmabuf_audit_snapshot() feeds them to a
 * report; the unit tests read them directly.
 */
#ifndef _DA_SNAPSHOT_H
#define _DA_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dmabuf-audit.h"
#include "archive.h"
#include "events.h"

/* What a walk could and could not see, for the report's notes. */
struct da_snapshot_stats {
	unsigned long processes;	/* whose maps were read */
	unsigned long denied;		/* maps unreadable: permission denied */
	unsigned long failed;		/* maps unreadable for another reason */
	int failed_err;			/* the last such reason, -errno */
	unsigned long gone;		/* named with a pid, but not there */
	int gone_pid;			/* the first of them */
	bool bufinfo;			/* debugfs bufinfo was read */
	char kernel[128];		/* proc/sys/kernel/osrelease, or "" */
	char host[65];			/* proc/sys/kernel/hostname, or "" */
	char arch[65];			/* proc/sys/kernel/arch, or "" */
};

/*
 * Walk @opts->root (NULL: "/"), emitting one DA_EV_MAP per dma-buf mapping
 * after the whole walk (exporters are named from every process's fds).
 * Returns 0, the first non-zero @emit returned, or a negative error after
 * printing one line (root or archive unusable, --save failed, ENOMEM).
 */
int da_snapshot_walk(const struct dmabuf_audit_snapshot_opts *opts,
		     da_emit_fn emit, void *data, struct da_snapshot_stats *st);

/*
 * snapshot-source.c: where the files come from, a directory tree ("/" by
 * default) or an archive; paths are relative ("proc/1/maps").
 */
struct da_snap_src {
	int dirfd;
	struct da_archive *ar;
};

/* Open @root (a directory or an archive); prints one line on failure. */
int da_snap_src_open(struct da_snap_src *src, const char *root);
void da_snap_src_close(struct da_snap_src *src);
/* The file at @path, NUL-terminated, into *@out (to free); -errno. */
int da_snap_src_read(const struct da_snap_src *src, const char *path, char **out,
		     size_t *len);
/* Call @fn for each name in directory @path; its non-zero return stops. */
int da_snap_src_list(const struct da_snap_src *src, const char *path,
		     da_archive_dir_fn fn, void *data);

/* snapshot-exporters.c: the exporter of the dma-buf with inode @ino. */
struct da_snap_exp {
	uint64_t ino, size;
	size_t seq;		/* the first one found of an inode wins */
	char name[DA_EXP_NAME_MAX];
};

struct da_snap_exps {
	struct da_snap_exp *v;
	size_t nr, cap;
};

/* 0 or -ENOMEM; duplicates are kept until da_snap_exp_index(). */
int da_snap_exp_add(struct da_snap_exps *x, uint64_t ino, const char *name,
		    size_t n, uint64_t size);
/* Sort by inode, the first found of each kept: then lookups work. */
void da_snap_exp_index(struct da_snap_exps *x);
const struct da_snap_exp *da_snap_exp_find(const struct da_snap_exps *x, uint64_t ino);
/* Every dma-buf of debugfs dma_buf/bufinfo; 0 or -ENOMEM. */
int da_snap_bufinfo_parse(struct da_snap_exps *x, const char *buf, size_t len);

#endif /* _DA_SNAPSHOT_H */
