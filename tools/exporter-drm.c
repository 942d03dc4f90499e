// SPDX-License-Identifier: GPL-2.0
/*
 * DRM exporters: every card node makes a dumb buffer, every render node a
 * buffer of its driver's own allocation ioctl (exporter-drm-drivers.c),
 * chosen by the name DRM_IOCTL_VERSION gives; each is exported with PRIME.
 * What a node cannot make by design is listed ("listed: ..."), not a gap
 * (see exercise-feed.c); an unknown driver is a gap naming the driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libdrm/virtgpu_drm.h>

#include "exercise.h"
#include "exporter-drm.h"

/* What ran in this process, for drm_print_paths(). */
static bool alloc_ran[32];
static char dumb_ran[EX_REASON_LEN];
static bool nodes_seen;

void drm_alloc_ran(const struct drm_alloc *a)
{
	size_t i = a - drm_allocs;

	if (i < sizeof(alloc_ran) / sizeof(alloc_ran[0]))
		alloc_ran[i] = true;
}

bool drm_nodes_seen(void)
{
	return nodes_seen;
}

/* Open the node and read its driver's name into b->driver. */
static int drm_open(struct exercise_buf *b, const char *path)
{
	struct drm_version v = { 0 };
	char name[EX_NAME_LEN] = "";

	nodes_seen = true;
	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	v.name = name;
	v.name_len = sizeof(name) - 1;
	if (ex_ioctl(b->dev_fd, DRM_IOCTL_VERSION, &v) || !name[0])
		snprintf(b->driver, sizeof(b->driver), "%s", EX_DRIVER_UNKNOWN);
	else
		snprintf(b->driver, sizeof(b->driver), "%s", name);
	ex_sanitize(b->driver);
	return 0;
}

/* Export the object @req made with PRIME into b->fd, then drop our handle. */
static int drm_export(struct exercise_buf *b, const struct drm_alloc_req *req)
{
	struct drm_prime_handle prime = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_gem_close gem_close = { 0 };
	int ret = 0;

	b->size = drm_req_size(req, b->size);
	prime.handle = drm_req_handle(req);
	if (ex_ioctl(b->dev_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime))
		ret = ex_buf_fail(b, "PRIME_HANDLE_TO_FD", errno);
	else
		b->fd = prime.fd;
	/* The dma-buf holds its own reference on the object. */
	gem_close.handle = prime.handle;
	ex_ioctl(b->dev_fd, DRM_IOCTL_GEM_CLOSE, &gem_close);
	return ret;
}

/* Card nodes: a dumb buffer, whatever the driver. */
static int make_card_buf(struct exercise_buf *b, const char *path)
{
	struct drm_alloc_req req;
	size_t n;

	if (drm_open(b, path))
		return -1;
	drm_fill_dumb(&req, b->size);
	if (ex_ioctl(b->dev_fd, req.ioctl, req.arg)) {
		if (errno == ENOSYS || errno == EOPNOTSUPP)
			snprintf(b->why, sizeof(b->why), "listed: %.40s makes no dumb "
				 "buffers (CREATE_DUMB: %s); its render node is tried",
				 b->driver, errno == ENOSYS ? "ENOSYS" : "EOPNOTSUPP");
		else
			ex_buf_fail(b, "CREATE_DUMB", errno);
		return -1;
	}
	n = strlen(dumb_ran);
	if (!strstr(dumb_ran, b->driver) && n + 1 < sizeof(dumb_ran))
		snprintf(dumb_ran + n, sizeof(dumb_ran) - n, "%s%s", n ? ", " : "",
			 b->driver);
	return drm_export(b, &req);
}

/* virtio_gpu: does the device offer @param (blob resources)? */
static bool virtgpu_offers(int fd, int param)
{
	int value = 0;
	struct drm_virtgpu_getparam gp = {
		.param = param,
		.value = (__u64)(unsigned long)&value,
	};

	return !ex_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp) && value == 1;
}

/*
 * Render nodes: the @nth allocation of the driver's table. Past the first,
 * a driver without one is no skip (b->why stays empty).
 */
static int make_render_buf(struct exercise_buf *b, const char *path, int nth)
{
	const struct drm_alloc *a;
	struct drm_alloc_req req;

	if (drm_open(b, path)) {
		if (nth)	/* said once, by the first pass */
			b->why[0] = '\0';
		return -1;
	}
	a = drm_alloc_find(b->driver, nth);
	if (!a) {
		if (!nth)
			snprintf(b->why, sizeof(b->why), "driver '%s': no allocation "
				 "ioctl known for its render node", b->driver);
		return -1;
	}
	if (!a->fill) {
		snprintf(b->why, sizeof(b->why), "listed: %s makes dumb buffers "
			 "only, on its card node", b->driver);
		return -1;
	}
	if (a->virtgpu_param && !virtgpu_offers(b->dev_fd, a->virtgpu_param)) {
		snprintf(b->why, sizeof(b->why), "listed: %s: %s not offered by "
			 "this device", b->driver, a->what);
		return -1;
	}
	a->fill(&req, b->size);
	if (ex_ioctl(b->dev_fd, req.ioctl, req.arg))
		return ex_buf_fail(b, a->what, errno);
	drm_alloc_ran(a);
	return drm_export(b, &req);
}

static int make_render_buf0(struct exercise_buf *b, const char *path)
{
	return make_render_buf(b, path, 0);
}

static int make_render_buf1(struct exercise_buf *b, const char *path)
{
	return make_render_buf(b, path, 1);
}

/* "run here: ...; never run on real hardware: ...", when a DRM node exists */
void drm_print_paths(FILE *out, bool tsv)
{
	const struct drm_alloc *a;
	const char *sep;

	if (!nodes_seen)
		return;
	if (tsv) {
		if (dumb_ran[0])
			fprintf(out, "drmpath\tran\tMODE_CREATE_DUMB\t%s\n", dumb_ran);
		for (a = drm_allocs; a->driver; a++)
			if (alloc_ran[a - drm_allocs] || !a->lab)
				fprintf(out, "drmpath\t%s\t%s\t%s\n",
					alloc_ran[a - drm_allocs] ? "ran" : "never-on-hardware",
					a->what, a->driver);
		return;
	}
	fprintf(out, "drm:     allocation paths run here:%s%s%s", dumb_ran[0] ?
		" MODE_CREATE_DUMB (" : " none", dumb_ran, dumb_ran[0] ? ")" : "");
	for (a = drm_allocs; a->driver; a++)
		if (alloc_ran[a - drm_allocs])
			fprintf(out, ", %s (%s)", a->what, a->driver);
	sep = "\ndrm:     built from the uapi, unit-tested, never run on real hardware: ";
	for (a = drm_allocs; a->driver; a++) {
		if (a->lab)
			continue;
		fprintf(out, "%s%s (%s)", sep, a->what, a->driver);
		sep = ", ";
	}
	fputc('\n', out);
}

/* /dev/dri/card0...: primary (KMS) nodes */
const struct exporter_kind exporter_drm_card = {
	"dri", "/dev/dri", "card", true, make_card_buf
};

/* /dev/dri/renderD128...: the driver's own allocation */
const struct exporter_kind exporter_drm_render = {
	"dri", "/dev/dri", "renderD", true, make_render_buf0
};

/* ... and its second one where it has one (virtio_gpu's blob resources) */
const struct exporter_kind exporter_drm_render2 = {
	"dri", "/dev/dri", "renderD", true, make_render_buf1
};
