// SPDX-License-Identifier: GPL-2.0
/*
 * Each DRM driver's own allocation ioctl, one small function per driver
 * filling the request from the driver's uapi; exporter-drm.c issues it on
 * the driver's render node. Pure functions: tests/unit/test-drm-drivers.c
 * checks every ioctl number and argument block without the hardware.
 * Sizes are page multiples; flags ask for plain CPU-mappable memory.
 */
#include <stdint.h>	/* libdrm's nouveau_drm.h needs it */
#include <stdio.h>
#include <string.h>

#include <libdrm/amdgpu_drm.h>
#include <libdrm/i915_drm.h>
#include <libdrm/msm_drm.h>
#include <libdrm/nouveau_drm.h>
#include <libdrm/vc4_drm.h>
#include <libdrm/virtgpu_drm.h>

#include "exporter-drm.h"

#define PAGE_ROUND(s)	(((s) + 4095) & ~(size_t)4095)

/*
 * Start a request: zeroed, its ioctl, where the handle comes back, and the
 * size asked for (page-rounded) written into the driver's size field.
 */
static void req_init(struct drm_alloc_req *req, unsigned long nr, size_t arg_size,
		     size_t handle_off, size_t size_off, size_t size_len, size_t size)
{
	__u64 s64 = PAGE_ROUND(size);
	__u32 s32 = s64;

	memset(req, 0, sizeof(*req));
	req->ioctl = nr;
	req->arg_size = arg_size;
	req->handle_off = handle_off;
	req->size_off = size_off;
	memcpy((char *)req->arg + size_off, size_len == 4 ? (void *)&s32 : (void *)&s64,
	       size_len);
}

#define REQ(req, nr, type, handle, sizef, size)					\
	req_init((req), (nr), sizeof(type), offsetof(type, handle),		\
		 offsetof(type, sizef), sizeof(((type *)0)->sizef), (size))

_Static_assert(sizeof(union drm_amdgpu_gem_create) <= DRM_ALLOC_ARG_MAX &&
	       sizeof(struct da_drm_xe_gem_create) <= DRM_ALLOC_ARG_MAX &&
	       sizeof(struct drm_virtgpu_resource_create) <= DRM_ALLOC_ARG_MAX,
	       "an argument block is larger than struct drm_alloc_req's");

/* 1024 pixels of 32 bits: one page a row; the kernel says the real size */
void drm_fill_dumb(struct drm_alloc_req *req, size_t size)
{
	struct drm_mode_create_dumb *c = (void *)req->arg;

	REQ(req, DRM_IOCTL_MODE_CREATE_DUMB, struct drm_mode_create_dumb, handle,
	    size, 0);
	req->size_out = true;
	c->width = 1024;
	c->bpp = 32;
	c->height = PAGE_ROUND(size) / 4096;
}

/* 2D resource (no virgl needed): XRGB8888, one page a row */
static void fill_virtgpu(struct drm_alloc_req *req, size_t size)
{
	struct drm_virtgpu_resource_create *c = (void *)req->arg;

	REQ(req, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, struct drm_virtgpu_resource_create,
	    bo_handle, size, size);
	c->target = 2;		/* PIPE_TEXTURE_2D, the only one without 3D */
	c->format = 2;		/* VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM */
	c->bind = 1 << 1;	/* a render target */
	c->width = 1024;
	c->height = PAGE_ROUND(size) / 4096;
	c->depth = 1;
	c->array_size = 1;
	c->stride = 4096;
}

/* guest memory blob, mappable and shareable (exportable) */
static void fill_virtgpu_blob(struct drm_alloc_req *req, size_t size)
{
	struct da_drm_virtgpu_resource_create_blob *c = (void *)req->arg;

	REQ(req, DA_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB,
	    struct da_drm_virtgpu_resource_create_blob, bo_handle, size, size);
	c->blob_mem = DA_VIRTGPU_BLOB_MEM_GUEST;
	c->blob_flags = DA_VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
			DA_VIRTGPU_BLOB_FLAG_USE_SHAREABLE;
}

/* the page-aligned size comes back */
static void fill_i915(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DRM_IOCTL_I915_GEM_CREATE, struct drm_i915_gem_create, handle,
	    size, size);
	req->size_out = true;
}

/* system memory, write-back: what every xe device can place */
static void fill_xe(struct drm_alloc_req *req, size_t size)
{
	struct da_drm_xe_gem_create *c = (void *)req->arg;

	REQ(req, DA_IOCTL_XE_GEM_CREATE, struct da_drm_xe_gem_create, handle,
	    size, size);
	c->placement = 1;
	c->cpu_caching = DA_XE_GEM_CPU_CACHING_WB;
}

/* GTT: system memory the GPU reaches, mappable by the CPU */
static void fill_amdgpu(struct drm_alloc_req *req, size_t size)
{
	union drm_amdgpu_gem_create *c = (void *)req->arg;

	REQ(req, DRM_IOCTL_AMDGPU_GEM_CREATE, union drm_amdgpu_gem_create,
	    out.handle, in.bo_size, size);
	c->in.alignment = 4096;
	c->in.domains = AMDGPU_GEM_DOMAIN_GTT;
}

/* GART, system memory; the size comes back */
static void fill_nouveau(struct drm_alloc_req *req, size_t size)
{
	struct drm_nouveau_gem_new *c = (void *)req->arg;

	REQ(req, DRM_IOWR(DRM_COMMAND_BASE + DRM_NOUVEAU_GEM_NEW,
			  struct drm_nouveau_gem_new),
	    struct drm_nouveau_gem_new, info.handle, info.size, size);
	req->size_out = true;
	c->info.domain = NOUVEAU_GEM_DOMAIN_GART;
	c->align = 4096;
}

static void fill_panfrost(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DA_IOCTL_PANFROST_CREATE_BO, struct da_drm_panfrost_create_bo,
	    handle, size, size);
}

/* no exclusive VM, so that it can be exported; the size comes back */
static void fill_panthor(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DA_IOCTL_PANTHOR_BO_CREATE, struct da_drm_panthor_bo_create,
	    handle, size, size);
	req->size_out = true;
}

/* write-combined, as its user space asks for mappable buffers */
static void fill_etnaviv(struct drm_alloc_req *req, size_t size)
{
	struct da_drm_etnaviv_gem_new *c = (void *)req->arg;

	REQ(req, DA_IOCTL_ETNAVIV_GEM_NEW, struct da_drm_etnaviv_gem_new, handle,
	    size, size);
	c->flags = DA_ETNA_BO_WC;
}

/* msm refuses a buffer without a caching flag */
static void fill_msm(struct drm_alloc_req *req, size_t size)
{
	struct drm_msm_gem_new *c = (void *)req->arg;

	REQ(req, DRM_IOCTL_MSM_GEM_NEW, struct drm_msm_gem_new, handle, size, size);
	c->flags = MSM_BO_WC;
}

static void fill_v3d(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DA_IOCTL_V3D_CREATE_BO, struct da_drm_v3d_create_bo, handle,
	    size, size);
}

static void fill_vc4(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DRM_IOCTL_VC4_CREATE_BO, struct drm_vc4_create_bo, handle,
	    size, size);
}

static void fill_lima(struct drm_alloc_req *req, size_t size)
{
	REQ(req, DA_IOCTL_LIMA_GEM_CREATE, struct da_drm_lima_gem_create, handle,
	    size, size);
}

const struct drm_alloc drm_allocs[] = {
	{ "virtio_gpu", "VIRTGPU_RESOURCE_CREATE", true, 0, fill_virtgpu },
	{ "virtio_gpu", "VIRTGPU_RESOURCE_CREATE_BLOB", false,
	  DA_VIRTGPU_PARAM_RESOURCE_BLOB, fill_virtgpu_blob },
	{ "vgem", "MODE_CREATE_DUMB", true, 0, NULL },
	{ "i915", "I915_GEM_CREATE", false, 0, fill_i915 },
	{ "xe", "XE_GEM_CREATE", false, 0, fill_xe },
	{ "amdgpu", "AMDGPU_GEM_CREATE", false, 0, fill_amdgpu },
	{ "nouveau", "NOUVEAU_GEM_NEW", false, 0, fill_nouveau },
	{ "panfrost", "PANFROST_CREATE_BO", false, 0, fill_panfrost },
	{ "panthor", "PANTHOR_BO_CREATE", false, 0, fill_panthor },
	{ "etnaviv", "ETNAVIV_GEM_NEW", false, 0, fill_etnaviv },
	{ "msm", "MSM_GEM_NEW", false, 0, fill_msm },
	{ "v3d", "V3D_CREATE_BO", false, 0, fill_v3d },
	{ "vc4", "VC4_CREATE_BO", false, 0, fill_vc4 },
	{ "lima", "LIMA_GEM_CREATE", false, 0, fill_lima },
	{ NULL },
};

const struct drm_alloc *drm_alloc_find(const char *driver, int nth)
{
	const struct drm_alloc *a;

	for (a = drm_allocs; a->driver; a++)
		if (!strcmp(a->driver, driver) && !nth--)
			return a;
	return NULL;
}

/* "drm" names the generic PRIME export: say which driver made it. */
void ex_drm_label(char *exp_name, size_t len, const char *driver)
{
	char name[64];

	if (!driver[0] || strcmp(exp_name, "drm"))
		return;
	snprintf(name, sizeof(name), "drm (%.*s)", (int)sizeof(name) - 8, driver);
	snprintf(exp_name, len, "%s", name);
}

__u32 drm_req_handle(const struct drm_alloc_req *req)
{
	__u32 h;

	memcpy(&h, (const char *)req->arg + req->handle_off, sizeof(h));
	return h;
}

/* Every size_out field is a __u64. */
size_t drm_req_size(const struct drm_alloc_req *req, size_t asked)
{
	__u64 s;

	if (!req->size_out)
		return PAGE_ROUND(asked);
	memcpy(&s, (const char *)req->arg + req->size_off, sizeof(s));
	return s ? (size_t)s : PAGE_ROUND(asked);
}
