// SPDX-License-Identifier: LGPL-2.1
/*
 * Output files named by the user: see out-file.h. Replacing a device node,
 * a FIFO or a symlink by a regular file would lose what the user asked for
 * (/dev/stdout, a pipe to another tool, a link kept on purpose), so only a
 * regular file, or no file yet, is written beside and renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "out-file.h"

/*
 * A copy of fd 1 in place of @fd when @fd is stdout's own file, so that
 * both write at one offset (*@same then set).
 */
static int use_stdout_if_same(int fd, bool *same)
{
	struct stat a, b;
	int one;

	if (fstat(fd, &a) || fstat(STDOUT_FILENO, &b) ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return fd;
	one = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (one < 0)
		return fd;
	close(fd);
	*same = true;
	return one;
}

/* Write through @path (a symlink, a device, a FIFO...), as '>' would. */
static int open_through(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	bool is_stdout = false;
	struct stat st;

	if (fd < 0)
		return -errno;
	fd = use_stdout_if_same(fd, &is_stdout);
	/* a regular file behind a link: truncate as '>' does, not stdout */
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && !is_stdout && ftruncate(fd, 0)) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * A new file beside @o->path, made with mode 0666 so that the kernel
 * applies the umask (mkstemp's 0600 would ignore it); then the mode and,
 * for root, the owner of the file it replaces (@old, or NULL).
 */
static int open_beside(struct da_out_file *o, const struct stat *old)
{
	unsigned int r;
	int fd = -1, i;

	for (i = 0; i < 100 && fd < 0; i++) {
		if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
			r = (unsigned int)time(NULL) ^ (unsigned int)getpid() << 8 ^ i;
		free(o->tmp);
		if (asprintf(&o->tmp, "%s.tmp%06x", o->path, r & 0xffffff) < 0) {
			o->tmp = NULL;
			return -ENOMEM;
		}
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		fd = -errno;
		free(o->tmp);
		o->tmp = NULL;
		return fd;
	}
	if (old) {
		/*
		 * chown first: it clears set-id bits that chmod then restores.
		 * Best effort: the content matters more than the owner.
		 */
		if (!geteuid())
			(void)!fchown(fd, old->st_uid, old->st_gid);
		(void)!fchmod(fd, old->st_mode & 07777);
	}
	return fd;
}

int da_out_file_open(struct da_out_file *o, const char *path, unsigned int flags)
{
	struct stat st;
	int fd, err;

	memset(o, 0, sizeof(*o));
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	err = lstat(path, &st) ? -errno : 0;
	if ((flags & DA_OUT_DASH_STDOUT) && !strcmp(path, "-")) {
		fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		fd = fd < 0 ? -errno : fd;
	} else if (!err && !S_ISREG(st.st_mode)) {
		fd = open_through(path);
	} else if (!err || err == -ENOENT) {
		fd = open_beside(o, err ? NULL : &st);
		/* a writable file in a directory that is not: as '>' would */
		if (!err && (fd == -EACCES || fd == -EPERM || fd == -EROFS))
			fd = open_through(path);
	} else {
		fd = err;
	}
	if (fd >= 0 && !(o->f = fdopen(fd, "w")))
		close(fd), fd = -errno;
	if (fd < 0) {
		err = fd;
		da_out_file_discard(o);
		return err;
	}
	return 0;
}

int da_out_file_commit(struct da_out_file *o)
{
	int err = 0;

	if (!o->f)
		return -EBADF;
	if (fflush(o->f) || (o->tmp && fsync(fileno(o->f))))
		err = errno ? -errno : -EIO;
	if (fclose(o->f) && !err)
		err = errno ? -errno : -EIO;
	o->f = NULL;
	if (o->tmp && !err && rename(o->tmp, o->path))
		err = -errno;
	if (o->tmp && err)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return err;
}

void da_out_file_discard(struct da_out_file *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
