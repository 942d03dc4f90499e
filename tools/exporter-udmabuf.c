// SPDX-License-Identifier: GPL-2.0
/*
 * udmabuf: a dma-buf over the pages of a sealed memfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

#include <linux/udmabuf.h>

#include "exercise.h"

/* udmabuf over a sealed memfd; the dma-buf keeps the memory alive. */
static int make_udmabuf(struct exercise_buf *b, const char *path)
{
	struct udmabuf_create create = {
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = b->size,
	};
	int memfd, fd = -1;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	memfd = memfd_create("dmabuf-audit", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0)
		return ex_buf_fail(b, "memfd_create", errno);
	create.memfd = memfd;
	if (ftruncate(memfd, b->size)) {
		ex_buf_fail(b, "ftruncate", errno);
	} else if (fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		ex_buf_fail(b, "F_ADD_SEALS", errno);
	} else {
		fd = ex_ioctl(b->dev_fd, UDMABUF_CREATE, &create);
		if (fd < 0)
			ex_buf_fail(b, "UDMABUF_CREATE", errno);
	}
	close(memfd);
	b->fd = fd;
	return fd < 0 ? -1 : 0;
}

/* the one /dev/udmabuf */
const struct exporter_kind exporter_udmabuf = {
	"udmabuf", "/dev", "udmabuf", false, make_udmabuf
};
