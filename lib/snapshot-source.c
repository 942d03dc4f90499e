// SPDX-License-Identifier: LGPL-2.1
/*
 * Where a snapshot reads its files: the running system (root "/"), a
 * directory shaped like it, or an archive written by save_path. The walk
 * sees the same paths ("proc/1/maps") and errors either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dmabuf-audit-local.h"
#include "archive.h"
#include "procfs.h"
#include "snapshot.h"

/*
 * The file at @path under the source, NUL-terminated, to free. A file with
 * no read permission at all is how an archive records EACCES: unpacked, it
 * reads as EACCES for root too.
 */
int da_snap_src_read(const struct da_snap_src *src, const char *path, char **out,
		     size_t *len)
{
	const struct da_archive_file *f;
	struct stat st;
	int fd, err;

	if (src->ar) {
		f = da_archive_find(src->ar, path);
		if (!f)
			return -ENOENT;
		if (!(f->mode & 0444))
			return -EACCES;
		*out = malloc(f->size + 1);
		if (!*out)
			return -ENOMEM;
		memcpy(*out, f->data, f->size);
		(*out)[f->size] = '\0';
		*len = f->size;
		return 0;
	}
	/* O_NONBLOCK: a FIFO in a made-up tree must not hang the walk */
	fd = openat(src->dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else if (!(st.st_mode & 0444))
		err = -EACCES;
	else
		err = da_procfs_read_fd(fd, out, len);
	close(fd);
	return err;
}

/* Call @fn for each name in directory @path of the source. */
int da_snap_src_list(const struct da_snap_src *src, const char *path,
		     da_archive_dir_fn fn, void *data)
{
	struct dirent *de;
	int fd, ret = 0;
	DIR *d;

	if (src->ar)
		return da_archive_list(src->ar, path, fn, data);
	fd = openat(src->dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (!ret && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ret = fn(de->d_name, data);
	closedir(d);
	return ret;
}

static int stop(const char *name, void *data)
{
	return 1;
}

/* Any valid tar parses: one with nothing under proc/ is someone else's. */
static int archive_open(struct da_snap_src *src, const char *path)
{
	int err = da_archive_load(path, &src->ar);

	if (err)
		return err;
	if (da_archive_list(src->ar, "proc", stop, NULL) == 1)
		return 0;
	da_warn("%s is not a snapshot archive: it holds nothing under proc/\n", path);
	da_archive_free(src->ar);
	src->ar = NULL;
	return -DMABUF_AUDIT_ERR_FORMAT;
}

int da_snap_src_open(struct da_snap_src *src, const char *root)
{
	struct stat st;

	src->dirfd = -1;
	src->ar = NULL;
	if (stat(root, &st)) {
		da_warn("cannot open %s: %s\n", root, strerror(errno));
		return -errno;
	}
	if (S_ISREG(st.st_mode))
		return archive_open(src, root);
	if (!S_ISDIR(st.st_mode)) {
		da_warn("%s is neither a directory nor a snapshot archive\n", root);
		return -EINVAL;
	}
	src->dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (src->dirfd < 0) {
		da_warn("cannot open %s: %s\n", root, strerror(errno));
		return -errno;
	}
	if (faccessat(src->dirfd, "proc", X_OK, 0)) {
		da_warn("%s has no proc/ directory: neither a root like / nor "
			"an unpacked snapshot archive\n", root);
		close(src->dirfd);
		return -ENOENT;
	}
	return 0;
}

void da_snap_src_close(struct da_snap_src *src)
{
	if (src->dirfd >= 0)
		close(src->dirfd);
	da_archive_free(src->ar);
}
