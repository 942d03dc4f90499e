// SPDX-License-Identifier: GPL-2.0
/*
 * The exerciser's DRM driver table (tools/exporter-drm-drivers.c): for
 * every driver, the ioctl number and argument block it would issue, checked
 * against the kernel's uapi numbers and layouts written out here on their
 * own (command index, struct size, where the handle and size live), with no
 * hardware. Most of these paths never ran on a real device.
 */
#include <string.h>
#include <sys/ioctl.h>

#include "../../tools/exporter-drm.h"
#include "unit.h"

/* One driver's allocation as its uapi defines it. */
struct want {
	const char *driver;
	int nth;
	unsigned int nr;	/* DRM_COMMAND_BASE + the driver's index */
	size_t arg_size;
	size_t handle_off;
	size_t size_off;	/* where the requested size goes */
	int size_bytes;		/* 4 or 8 */
};

static const struct want wants[] = {
	{ "virtio_gpu", 0, 0x44, 56, 40, 48, 4 },	/* RESOURCE_CREATE */
	{ "virtio_gpu", 1, 0x4a, 48, 8, 16, 8 },	/* RESOURCE_CREATE_BLOB */
	{ "i915", 0, 0x5b, 16, 8, 0, 8 },		/* GEM_CREATE */
	{ "xe", 0, 0x41, 56, 28, 8, 8 },		/* GEM_CREATE */
	{ "amdgpu", 0, 0x40, 32, 0, 0, 8 },		/* GEM_CREATE */
	{ "nouveau", 0, 0x80, 48, 0, 8, 8 },		/* GEM_NEW */
	{ "panfrost", 0, 0x42, 24, 8, 0, 4 },		/* CREATE_BO */
	{ "panthor", 0, 0x45, 24, 16, 0, 8 },		/* BO_CREATE */
	{ "etnaviv", 0, 0x42, 16, 12, 0, 8 },		/* GEM_NEW */
	{ "msm", 0, 0x42, 16, 12, 0, 8 },		/* GEM_NEW */
	{ "v3d", 0, 0x42, 16, 8, 0, 4 },		/* CREATE_BO */
	{ "vc4", 0, 0x43, 16, 8, 0, 4 },		/* CREATE_BO */
	{ "lima", 0, 0x41, 16, 8, 0, 4 },		/* GEM_CREATE */
};

static unsigned long long arg_field(const struct drm_alloc_req *req, size_t off,
				    int bytes)
{
	__u32 v32;
	__u64 v64;

	if (bytes == 4) {
		memcpy(&v32, (const char *)req->arg + off, 4);
		return v32;
	}
	memcpy(&v64, (const char *)req->arg + off, 8);
	return v64;
}

/* Every driver: DRM_IOWR('d', nr, its struct), the size asked, a handle back. */
static void test_each_driver(void)
{
	struct drm_alloc_req req;
	const struct drm_alloc *a;
	size_t i;
	__u32 h = 0x1234;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		a = drm_alloc_find(wants[i].driver, wants[i].nth);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a->fill);
		memset(&req, 0xa5, sizeof(req));
		a->fill(&req, 5000);	/* rounded up to two pages */
		CU_ASSERT_EQUAL(req.ioctl, (unsigned long)_IOC(_IOC_READ | _IOC_WRITE,
				'd', wants[i].nr, wants[i].arg_size));
		CU_ASSERT_EQUAL(req.arg_size, wants[i].arg_size);
		CU_ASSERT_EQUAL(req.handle_off, wants[i].handle_off);
		CU_ASSERT_EQUAL(arg_field(&req, wants[i].size_off, wants[i].size_bytes), 8192);
		/* the handle reads back from where the kernel writes it */
		memcpy((char *)req.arg + req.handle_off, &h, sizeof(h));
		CU_ASSERT_EQUAL(drm_req_handle(&req), 0x1234);
		/* no stray bytes past the struct: the rest was zeroed */
		CU_ASSERT_EQUAL(arg_field(&req, DRM_ALLOC_ARG_MAX - 8, 8), 0);
	}
}

/* The fields beyond size that a driver refuses when wrong. */
static void test_driver_fields(void)
{
	struct drm_alloc_req req;

	drm_alloc_find("virtio_gpu", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 0, 4), 2);	/* target: 2D, no virgl needed */
	CU_ASSERT_EQUAL(arg_field(&req, 20, 4), 1);	/* depth */
	CU_ASSERT_EQUAL(arg_field(&req, 24, 4), 1);	/* array_size */
	CU_ASSERT_EQUAL(arg_field(&req, 52, 4), 4096);	/* stride */
	drm_alloc_find("virtio_gpu", 1)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 0, 4), 1);	/* blob_mem: guest */
	CU_ASSERT_EQUAL(arg_field(&req, 4, 4), 3);	/* mappable | shareable */
	CU_ASSERT_EQUAL(drm_alloc_find("virtio_gpu", 1)->virtgpu_param, 3);
	drm_alloc_find("xe", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 16, 4), 1);	/* placement: system memory */
	CU_ASSERT_EQUAL(arg_field(&req, 32, 4) & 0xffff, 1);	/* cpu_caching WB */
	drm_alloc_find("amdgpu", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 16, 8), 2);	/* domains: GTT */
	drm_alloc_find("nouveau", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 4, 4), 4);	/* domain: GART */
	drm_alloc_find("panthor", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 12, 4), 0);	/* no exclusive VM: exportable */
	drm_alloc_find("etnaviv", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 8, 4), 0x20000);	/* ETNA_BO_WC */
	drm_alloc_find("msm", 0)->fill(&req, 4096);
	CU_ASSERT_EQUAL(arg_field(&req, 8, 4), 0x20000);	/* MSM_BO_WC */
}

/* Dumb buffers: one page a row, the size the kernel gives back is used. */
static void test_dumb(void)
{
	struct drm_alloc_req req;
	__u64 s = 3 * 4096;

	drm_fill_dumb(&req, 5000);
	CU_ASSERT_EQUAL(req.ioctl, (unsigned long)_IOC(_IOC_READ | _IOC_WRITE, 'd', 0xb2, 32));
	CU_ASSERT_EQUAL(arg_field(&req, 0, 4), 2);	/* height */
	CU_ASSERT_EQUAL(arg_field(&req, 4, 4), 1024);	/* width */
	CU_ASSERT_EQUAL(arg_field(&req, 8, 4), 32);	/* bpp */
	CU_ASSERT_EQUAL(req.handle_off, 16);
	CU_ASSERT_EQUAL(drm_req_size(&req, 5000), 8192);	/* nothing back yet */
	memcpy((char *)req.arg + 24, &s, sizeof(s));
	CU_ASSERT_EQUAL(drm_req_size(&req, 5000), 3 * 4096);
}

/* vgem: dumb only; an unknown driver has no entry; only lab paths are marked so. */
static void test_table(void)
{
	const struct drm_alloc *a;
	int lab = 0;

	CU_ASSERT_PTR_NULL(drm_alloc_find("vgem", 0)->fill);
	CU_ASSERT_PTR_NULL(drm_alloc_find("vgem", 1));
	CU_ASSERT_PTR_NULL(drm_alloc_find("i915", 1));
	CU_ASSERT_PTR_NULL(drm_alloc_find("no-such-driver", 0));
	for (a = drm_allocs; a->driver; a++)
		lab += a->lab;
	CU_ASSERT_EQUAL(lab, 2);	/* vgem's dumb buffer, virtio_gpu's 2D resource */
	CU_ASSERT_TRUE(drm_alloc_find("virtio_gpu", 0)->lab);
}

/* "drm" gets the driver's name; exporters with their own name keep it. */
static void test_label(void)
{
	char name[64];

	strcpy(name, "drm");
	ex_drm_label(name, sizeof(name), "vgem");
	CU_ASSERT_STRING_EQUAL(name, "drm (vgem)");
	strcpy(name, "drm");
	ex_drm_label(name, sizeof(name), "driver unknown");
	CU_ASSERT_STRING_EQUAL(name, "drm (driver unknown)");
	strcpy(name, "virtio_gpu");
	ex_drm_label(name, sizeof(name), "virtio_gpu");
	CU_ASSERT_STRING_EQUAL(name, "virtio_gpu");
	strcpy(name, "drm");
	ex_drm_label(name, sizeof(name), "");	/* not a DRM node */
	CU_ASSERT_STRING_EQUAL(name, "drm");
}

int add_drm_drivers_suites(void)
{
	CU_pSuite s = CU_add_suite("drm-drivers", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "each driver's ioctl and argument block", test_each_driver) ||
	    !CU_add_test(s, "fields each driver checks", test_driver_fields) ||
	    !CU_add_test(s, "dumb buffers", test_dumb) ||
	    !CU_add_test(s, "the table: dumb-only, unknown, lab-run", test_table) ||
	    !CU_add_test(s, "drm (DRIVER) labels", test_label))
		return -1;
	return 0;
}
