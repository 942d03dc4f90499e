/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * One reader of the procfs text formats the audit needs: /proc/PID/maps
 * lines and smaps headers, "Key: value" lines (smaps, fdinfo), the fdinfo
 * of a dma-buf. The snapshot walk and dmabuf_audit_fd_info() /
 * dmabuf_audit_vma_find() (what exercise reads of its own buffers) share it.
 * Everything works on a buffer and a length: lines need no NUL.
 */
#ifndef _DA_PROCFS_H
#define _DA_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DA_DMABUF_PREFIX	"/dmabuf:"	/* path of a dma-buf VMA in maps */

/* The line at *pos, without its newline; false at @end. */
bool da_procfs_next_line(const char **pos, const char *end, const char **line,
			 size_t *n);

/* If the line is "key:<blanks>value", the value, blanks trimmed; else NULL. */
const char *da_procfs_value(const char *line, size_t n, const char *key,
			    size_t *vlen);

/* A decimal number that fills the whole field. */
bool da_procfs_u64(const char *s, size_t n, uint64_t *out);

/* "start-end perms offset dev inode [path]": a maps line or an smaps header. */
struct da_vma_hdr {
	uint64_t start, end, ino;
	const char *path;	/* into the line; path_len 0 when it has none */
	size_t path_len;
	bool dmabuf;		/* the path is DA_DMABUF_PREFIX... */
};

bool da_procfs_vma_header(const char *line, size_t n, struct da_vma_hdr *h);

/* What the fdinfo of a dma-buf says: exp_name (into the buffer), ino, size. */
struct da_fdinfo {
	const char *exp_name;
	size_t exp_name_len;
	uint64_t ino, size;	/* 0 when missing or damaged */
};

/* Parse an fdinfo file; true if it is a dma-buf's (it has exp_name). */
bool da_procfs_fdinfo(const char *buf, size_t len, struct da_fdinfo *fi);

/*
 * All of @fd, NUL-terminated, into *@out (to free), *@len bytes: procfs
 * files tell no size in advance. 0, -EFBIG past 256 MiB, or -errno.
 */
int da_procfs_read_fd(int fd, char **out, size_t *len);

#endif /* _DA_PROCFS_H */
