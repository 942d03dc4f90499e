/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DRM exporters: the driver table of the exerciser. A render node
 * allocates with its driver's own ioctl, chosen by the name
 * DRM_IOCTL_VERSION gives; each driver's request is built by a pure
 * function (exporter-drm-drivers.c) so that a unit test can check the
 * ioctl number and argument block without the hardware.
 */
#ifndef _DA_EXPORTER_DRM_H
#define _DA_EXPORTER_DRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include <libdrm/drm.h>

#define DRM_ALLOC_ARG_MAX	64

/* One allocation ioctl, ready to issue: its number and argument block. */
struct drm_alloc_req {
	unsigned long ioctl;
	size_t arg_size;
	size_t handle_off;	/* where the new GEM handle comes back */
	size_t size_off;	/* where the size asked for goes */
	bool size_out;		/* the driver writes the real size back there */
	__u64 arg[DRM_ALLOC_ARG_MAX / 8];
};

/* A driver's way of allocating a buffer on its render node. */
struct drm_alloc {
	const char *driver;	/* the DRM_IOCTL_VERSION name */
	const char *what;	/* the ioctl, for messages ("GEM_CREATE") */
	/*
	 * Run in the project's lab (qemu's devices): every other path is
	 * built from the driver's uapi and unit-tested, never run on real
	 * hardware.
	 */
	bool lab;
	/* virtio_gpu: a VIRTGPU_PARAM_* that must read 1 first, else 0 */
	int virtgpu_param;
	/* NULL: dumb buffers only, made on the driver's card node */
	void (*fill)(struct drm_alloc_req *req, size_t size);
};

/* The table, in the order shown; terminated by a NULL driver. */
extern const struct drm_alloc drm_allocs[];

/* The @nth (0, 1) allocation of @driver, or NULL. */
const struct drm_alloc *drm_alloc_find(const char *driver, int nth);
/* A dumb buffer of at least @size bytes (card nodes of every driver). */
void drm_fill_dumb(struct drm_alloc_req *req, size_t size);
/* The handle and size the kernel wrote back into @req. */
__u32 drm_req_handle(const struct drm_alloc_req *req);
size_t drm_req_size(const struct drm_alloc_req *req, size_t asked);

/* "drm" becomes "drm (DRIVER)" (also declared in exercise.h) */
void ex_drm_label(char *exp_name, size_t len, const char *driver);

/* exporter-drm.c: note that @a ran here; the summary of the paths */
void drm_alloc_ran(const struct drm_alloc *a);
bool drm_nodes_seen(void);
void drm_print_paths(FILE *out, bool tsv);

/*
 * The uapi of drivers whose headers Debian 12's libdrm-dev does not ship
 * (xe, panfrost, panthor, etnaviv, v3d, lima) and virtio_gpu's blob
 * resources (newer than its copy of virtgpu_drm.h): the kernel's ABI,
 * defined here under our own names.
 */
struct da_drm_xe_gem_create {
	__u64 extensions;
	__u64 size;
	__u32 placement;	/* memory regions: bit 0, system memory */
	__u32 flags;
	__u32 vm_id;
	__u32 handle;
	__u16 cpu_caching;
	__u16 pad[3];
	__u64 reserved[2];
};
#define DA_XE_GEM_CPU_CACHING_WB	1
#define DA_IOCTL_XE_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + 0x01, struct da_drm_xe_gem_create)

struct da_drm_panfrost_create_bo {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 pad;
	__u64 offset;
};
#define DA_IOCTL_PANFROST_CREATE_BO \
	DRM_IOWR(DRM_COMMAND_BASE + 0x02, struct da_drm_panfrost_create_bo)

struct da_drm_panthor_bo_create {
	__u64 size;
	__u32 flags;
	__u32 exclusive_vm_id;	/* 0: the buffer can be exported */
	__u32 handle;
	__u32 pad;
};
#define DA_IOCTL_PANTHOR_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + 0x05, struct da_drm_panthor_bo_create)

struct da_drm_etnaviv_gem_new {
	__u64 size;
	__u32 flags;
	__u32 handle;
};
#define DA_ETNA_BO_WC		0x00020000
#define DA_IOCTL_ETNAVIV_GEM_NEW \
	DRM_IOWR(DRM_COMMAND_BASE + 0x02, struct da_drm_etnaviv_gem_new)

struct da_drm_v3d_create_bo {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 offset;
};
#define DA_IOCTL_V3D_CREATE_BO \
	DRM_IOWR(DRM_COMMAND_BASE + 0x02, struct da_drm_v3d_create_bo)

struct da_drm_lima_gem_create {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 pad;
};
#define DA_IOCTL_LIMA_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + 0x01, struct da_drm_lima_gem_create)

struct da_drm_virtgpu_resource_create_blob {
	__u32 blob_mem;
	__u32 blob_flags;
	__u32 bo_handle;
	__u32 res_handle;
	__u64 size;
	__u32 pad;
	__u32 cmd_size;
	__u64 cmd;
	__u64 blob_id;
};
#define DA_VIRTGPU_BLOB_MEM_GUEST		0x0001
#define DA_VIRTGPU_BLOB_FLAG_USE_MAPPABLE	0x0001
#define DA_VIRTGPU_BLOB_FLAG_USE_SHAREABLE	0x0002
#define DA_VIRTGPU_PARAM_RESOURCE_BLOB		3
#define DA_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB \
	DRM_IOWR(DRM_COMMAND_BASE + 0x0a, struct da_drm_virtgpu_resource_create_blob)

#endif /* _DA_EXPORTER_DRM_H */
