// SPDX-License-Identifier: GPL-2.0
/*
 * GUP by direct I/O: a write from the mapping to a file opened with
 * O_DIRECT, on a filesystem found to really do direct I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "exercise.h"

/*
 * Direct I/O pins the user pages it moves (iov_iter_extract_pages(), GUP
 * with FOLL_PIN): a write from the mapping to a file opened with O_DIRECT.
 * Without such a file (odirect_open()) it is no GUP attempt at all.
 */
static void gup_o_direct(const struct gup_target *t, struct gup_result *g)
{
	ssize_t n;

	if (t->odirect_fd < 0) {
		gup_fail(g, "o_direct", EINVAL);
		return;
	}
	n = pwrite(t->odirect_fd, t->addr, t->len, 0);
	if (n < 0)
		gup_fail(g, NULL, errno);
	else
		gup_ok(g, n, t->len);
	ftruncate(t->odirect_fd, 0);
}

const struct gup_method_desc gup_o_direct_method = {
	.name		= "o_direct",
	.column		= "O_DIRECT",
	.setup_not_shown = true,
	.run		= gup_o_direct,
};

/* How an O_DIRECT write of @len bytes from @buf at offset 0 ends: 0 or errno. */
static int odirect_write(int fd, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, 0);

	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

/*
 * A new file in @dir that really does direct I/O, unlinked at once; or -1
 * with @why set. tmpfs before 6.6 and ramfs refuse O_DIRECT at open
 * (EINVAL). tmpfs since 6.6, and btrfs for unaligned requests, accept it
 * and copy through the page cache, which never calls GUP: a write that
 * succeeded there would prove nothing. Real direct I/O refuses a 1-byte
 * write (EINVAL); a buffered fallback takes it.
 */
static int odirect_try(const char *dir, char *why, size_t len)
{
	char path[EX_SOURCE_LEN], eb[16];
	size_t ps = ex_page_size();
	void *buf;
	int fd, err;

	snprintf(path, sizeof(path), "%s/.dmabuf-audit-%d", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_DIRECT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, len, "%s: %s", dir, ex_errno_name(errno, eb, sizeof(eb)));
		return -1;
	}
	unlink(path);
	buf = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	err = buf == MAP_FAILED ? errno : odirect_write(fd, buf, 1);
	if (buf != MAP_FAILED)
		munmap(buf, ps);
	if (err == EINVAL && !ftruncate(fd, 0))
		return fd;
	if (!err)
		snprintf(why, len, "%s: buffered behind O_DIRECT", dir);
	else
		snprintf(why, len, "%s: %s", dir, ex_errno_name(err, eb, sizeof(eb)));
	close(fd);
	return -1;
}

/* The first of $TMPDIR, /var/tmp, /tmp where O_DIRECT reaches GUP. */
void odirect_open(struct odirect_file *o)
{
	const char *dirs[] = { getenv("TMPDIR"), "/var/tmp", "/tmp" };
	char why[EX_REASON_LEN];
	size_t i, n = 0;

	o->fd = -1;
	o->why[0] = '\0';
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && o->fd < 0; i++) {
		if (!dirs[i] || !*dirs[i] || (i && dirs[0] && !strcmp(dirs[0], dirs[i])))
			continue;
		o->fd = odirect_try(dirs[i], why, sizeof(why));
		if (o->fd >= 0)
			snprintf(o->dir, sizeof(o->dir), "%s", dirs[i]);
		else
			n += snprintf(o->why + n, sizeof(o->why) - n, "%s%s",
				      n ? ", " : "", why);
		if (n >= sizeof(o->why))
			n = sizeof(o->why) - 1;
	}
	ex_sanitize(o->why);
}
