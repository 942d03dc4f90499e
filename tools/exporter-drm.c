// SPDX-License-Identifier: GPL-2.0
/*
 * DRM exporters: a dumb buffer of a card or render node, exported with
 * PRIME (vgem in the lab). Render nodes refuse dumb buffers: listed, not
 * a gap (see exercise-feed.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <libdrm/drm.h>

#include "exercise.h"

/* DRM: a dumb buffer exported with PRIME (vgem in the lab). */
static int make_dri_buf(struct exercise_buf *b, const char *path)
{
	struct drm_mode_create_dumb create = { .width = 1024, .bpp = 32 };
	struct drm_prime_handle prime = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_gem_close gem_close = { 0 };
	int ret = 0;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	create.height = (b->size + 4095) / 4096;
	if (ex_ioctl(b->dev_fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return ex_buf_fail(b, "CREATE_DUMB", errno);
	b->size = create.size;
	prime.handle = create.handle;
	if (ex_ioctl(b->dev_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime))
		ret = ex_buf_fail(b, "PRIME_HANDLE_TO_FD", errno);
	else
		b->fd = prime.fd;
	/* The dma-buf holds its own reference on the object. */
	gem_close.handle = create.handle;
	ex_ioctl(b->dev_fd, DRM_IOCTL_GEM_CLOSE, &gem_close);
	return ret;
}

/* /dev/dri/card0...: primary nodes */
const struct exporter_kind exporter_drm_card = {
	"dri", "/dev/dri", "card", true, make_dri_buf
};

/* /dev/dri/renderD128...: render nodes refuse dumb buffers, a skip */
const struct exporter_kind exporter_drm_render = {
	"dri", "/dev/dri", "renderD", true, make_dri_buf
};
