// SPDX-License-Identifier: GPL-2.0
/*
 * GUP by io_uring buffer registration (FOLL_LONGTERM pins).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <linux/io_uring.h>

#include "exercise.h"

/*
 * IORING_REGISTER_BUFFERS pins the pages with FOLL_LONGTERM. On 6.1 it
 * then refuses file-backed VMAs other than shmem and hugetlbfs with
 * EOPNOTSUPP, after the pin succeeded (and was dropped): a tracer sees
 * GUP pin a videobuf2_vmalloc mapping, this process sees EOPNOTSUPP.
 */
static void gup_io_uring(const struct gup_target *t, struct gup_result *g)
{
#if defined(__NR_io_uring_setup) && defined(__NR_io_uring_register)
	struct iovec iov = { .iov_base = t->addr, .iov_len = t->len };
	struct io_uring_params params;
	long ring;

	memset(&params, 0, sizeof(params));
	ring = syscall(__NR_io_uring_setup, 1, &params);
	if (ring < 0) {
		gup_fail(g, "io_uring_setup", errno);
		return;
	}
	if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS,
		    &iov, 1)) {
		gup_fail(g, NULL, errno);
	} else {
		gup_ok(g, t->len, t->len);
		syscall(__NR_io_uring_register, ring,
			IORING_UNREGISTER_BUFFERS, NULL, 0);
	}
	close(ring);
#else
	gup_fail(g, "io_uring_setup", ENOSYS);
#endif
}

const struct gup_method_desc gup_io_uring_method = {
	.name		= "io_uring_register",
	.column		= "IO_URING",
	.run		= gup_io_uring,
};
