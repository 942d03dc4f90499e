// SPDX-License-Identifier: GPL-2.0
/*
 * dma-heaps: one allocation from each heap under /dev/dma_heap.
 */
#include <errno.h>
#include <fcntl.h>

#include <linux/dma-heap.h>

#include "exercise.h"

static int make_heap_buf(struct exercise_buf *b, const char *path)
{
	struct dma_heap_allocation_data alloc = {
		.len = b->size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	b->dev_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	/* the heap hands out the dma-buf itself: no object to close */
	b->fd = ex_ioctl(b->dev_fd, DMA_HEAP_IOCTL_ALLOC, &alloc) ? -1 : (int)alloc.fd;
	return b->fd < 0 ? ex_buf_fail(b, "DMA_HEAP_IOCTL_ALLOC", errno) : 0;
}

/* any heap: /dev/dma_heap/system, /dev/dma_heap/linux,cma... */
const struct exporter_kind exporter_heap = {
	"heap", "/dev/dma_heap", "", false, make_heap_buf
};
