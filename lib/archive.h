/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Snapshot archives: plain POSIX ustar files, written and read here (no
 * dependency), so that `tar tf` lists one and `tar xf` unpacks it into a
 * tree that --root reads as well. Only regular files are written. A file
 * the snapshot could not read is stored empty with mode 0: unpacked, it
 * still cannot be read, and both readers report it as EACCES.
 */
#ifndef _DA_ARCHIVE_H
#define _DA_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

struct da_archive_file {
	char *path;		/* "proc/1/maps": no "./" or "/" in front */
	const void *data;	/* points into the archive's buffer */
	size_t size;
	unsigned int mode;	/* permission bits */
	size_t order;		/* position in the archive: the last copy wins */
};

struct da_archive;

/*
 * Index the ustar archive in @buf. The archive points into @buf, which
 * must outlive it. Returns 0, -ENOMEM, -DMABUF_AUDIT_ERR_FORMAT (not a
 * ustar archive, or corrupt) or -DMABUF_AUDIT_ERR_TRUNCATED, with a
 * sentence in @why naming the byte offset. Never reads outside @buf.
 */
int da_archive_parse(const void *buf, size_t len, struct da_archive **out,
		     char *why, size_t why_len);
/*
 * archive-gzip.c: does @buf start like a gzip file? And inflate it (every
 * member) into a new *@out of at most @max bytes, to free. Returns 0,
 * -ENOMEM, -EFBIG (more than @max), -DMABUF_AUDIT_ERR_FORMAT (corrupt) or
 * -DMABUF_AUDIT_ERR_TRUNCATED, with a sentence in @why.
 */
bool da_gzip_is(const void *buf, size_t len);
int da_gunzip(const void *buf, size_t len, size_t max, void **out, size_t *out_len,
	      char *why, size_t why_len);
/*
 * Read the file at @path, a ustar archive or one compressed with gzip,
 * and parse it: one line printed on failure.
 */
int da_archive_load(const char *path, struct da_archive **out);
void da_archive_free(struct da_archive *a);	/* accepts NULL */

/* The file at @path (a last copy wins), or NULL. */
const struct da_archive_file *da_archive_find(const struct da_archive *a,
					      const char *path);

/* Called for each name directly under a directory; non-zero stops. */
typedef int (*da_archive_dir_fn)(const char *name, void *data);
/*
 * The names under @dir ("proc", no slash at the end), each once per run of
 * files below it. Returns -ENOENT if nothing is under @dir, else what @fn
 * returned last.
 */
int da_archive_list(const struct da_archive *a, const char *dir,
		    da_archive_dir_fn fn, void *data);

/* Writing: files go to "PATH.tmpXXXXXX", renamed to PATH on success. */
struct da_tar;

int da_tar_open(const char *path, struct da_tar **out);
/* Append one regular file. Errors are sticky: da_tar_close() returns them. */
int da_tar_add(struct da_tar *t, const char *path, const void *data,
	       size_t len, unsigned int mode);
/*
 * Finish the archive and rename it into place (@keep), or throw it away.
 * Returns 0 or the first error of the whole write; frees @t.
 */
int da_tar_close(struct da_tar *t, int keep);

#endif /* _DA_ARCHIVE_H */
