// SPDX-License-Identifier: GPL-2.0
/*
 * GUP by vmsplice(): it takes page references through GUP (no
 * SPLICE_F_GIFT). Also what the reuse check runs on anonymous memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/uio.h>

#include "exercise.h"

static void drain_pipe(int fd, void *buf, size_t len)
{
	while (read(fd, buf, len) > 0)
		;
}

/* vmsplice() takes page references through GUP (no SPLICE_F_GIFT). */
static void gup_vmsplice(const struct gup_target *t, struct gup_result *g)
{
	struct iovec iov;
	size_t off = 0;
	ssize_t n = 0;
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
		gup_fail(g, "pipe", errno);
		return;
	}
	while (off < t->len) {
		iov.iov_base = (char *)t->addr + off;
		iov.iov_len = t->len - off;
		n = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK);
		if (n <= 0)
			break;
		off += n;
		drain_pipe(p[0], t->scratch, t->len);
	}
	if (off || n == 0)
		gup_ok(g, off, t->len);
	else
		gup_fail(g, NULL, errno);
	close(p[0]);
	close(p[1]);
}

const struct gup_method_desc gup_vmsplice_method = {
	.name		= "vmsplice",
	.column		= "VMSPLICE",
	.run		= gup_vmsplice,
};
