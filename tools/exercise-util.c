// SPDX-License-Identifier: GPL-2.0
/* What every part of the exerciser uses: errno names, ioctl, clocks, TSV fields. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "exercise.h"

#define ERRNO_NAME(e)	{ e, #e }

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	ERRNO_NAME(EPERM), ERRNO_NAME(ENOENT), ERRNO_NAME(ESRCH),
	ERRNO_NAME(EINTR), ERRNO_NAME(EIO), ERRNO_NAME(ENXIO),
	ERRNO_NAME(E2BIG), ERRNO_NAME(EBADF), ERRNO_NAME(ECHILD),
	ERRNO_NAME(EAGAIN), ERRNO_NAME(ENOMEM), ERRNO_NAME(EACCES),
	ERRNO_NAME(EFAULT), ERRNO_NAME(EBUSY), ERRNO_NAME(EEXIST),
	ERRNO_NAME(ENODEV), ERRNO_NAME(ENOTDIR), ERRNO_NAME(EINVAL),
	ERRNO_NAME(ENFILE), ERRNO_NAME(EMFILE), ERRNO_NAME(ENOTTY),
	ERRNO_NAME(EFBIG), ERRNO_NAME(ENOSPC), ERRNO_NAME(ESPIPE),
	ERRNO_NAME(EPIPE), ERRNO_NAME(ERANGE), ERRNO_NAME(EDEADLK),
	ERRNO_NAME(ENOSYS), ERRNO_NAME(EOVERFLOW), ERRNO_NAME(EOPNOTSUPP),
	ERRNO_NAME(ETIMEDOUT), ERRNO_NAME(EMSGSIZE), ERRNO_NAME(EREMOTEIO),
	ERRNO_NAME(ENOBUFS), ERRNO_NAME(EHWPOISON),
	{ 524, "ENOTSUPP" },	/* kernel-internal, leaks out of some ioctls */
};

/* The symbolic name of @err, or "E<number>" written into @buf. */
const char *ex_errno_name(int err, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, len, "E%d", err);
	return buf;
}

void ex_set_reason(char *dst, size_t len, const char *what, int err)
{
	char eb[16];

	snprintf(dst, len, "%s: %s", what, ex_errno_name(err, eb, sizeof(eb)));
}

/* Record why a buffer could not be made; returns -1 for the caller. */
int ex_buf_fail(struct exercise_buf *b, const char *what, int err)
{
	ex_set_reason(b->why, sizeof(b->why), what, err);
	return -1;
}

int ex_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret;
}

unsigned long long ex_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

size_t ex_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (size_t)ps : 4096;
}

/* Keep a string printable in one TSV field. */
void ex_sanitize(char *s)
{
	for (; *s; s++)
		if (!isprint((unsigned char)*s) || *s == '\t')
			*s = '_';
}
