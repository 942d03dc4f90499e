// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarded path in the lab: a driver's own mmap of an object it
 * imported, which drm_gem_shmem_mmap() forwards to dma_buf_mmap(). For
 * every pair of DRM nodes of different drivers: a dumb buffer of the
 * exporter's card node, PRIME-exported, imported into the importer node
 * (PRIME_FD_TO_HANDLE), an mmap offset from the importer's own ioctl
 * (VIRTGPU_MAP for virtio_gpu, MODE_MAP_DUMB otherwise), then mmap of the
 * importer node there. One TSV line per pair:
 *   forward EXPORTER-DRIVER IMPORTER-DRIVER IMPORTER-NODE STEP RESULT
 * where STEP is the first step that failed ("mmap" with RESULT "ok" and
 * the VmFlags when every step worked). Run as root in a lab guest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <libdrm/drm.h>
#include <libdrm/drm_mode.h>
#include <libdrm/virtgpu_drm.h>

static void driver_name(int fd, char *buf, size_t len)
{
	struct drm_version v = { .name = buf, .name_len = len - 1 };

	memset(buf, 0, len);
	if (ioctl(fd, DRM_IOCTL_VERSION, &v))
		snprintf(buf, len, "unknown");
}

/* A PRIME fd of a dumb buffer of @path, or -1. */
static int export_dumb(const char *path, char *drv, size_t len)
{
	struct drm_mode_create_dumb c = { .width = 1024, .height = 4, .bpp = 32 };
	struct drm_prime_handle p = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	driver_name(fd, drv, len);
	if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -1;
	p.handle = c.handle;
	if (ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p))
		return -1;
	return p.fd;	/* the card fd stays open: the buffer's device */
}

/* VmFlags of the VMA at @addr, from /proc/self/smaps. */
static void vmflags(void *addr, char *out, size_t len)
{
	char line[512], start[32];
	FILE *f = fopen("/proc/self/smaps", "r");
	int in = 0;

	snprintf(out, len, "?");
	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, start, strlen(start)))
			in = 1;
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%.200s", line + 9);
			break;
		}
	}
	if (f)
		fclose(f);
}

static void try_pair(const char *exp_path, const char *imp_path)
{
	char ed[64], id[64], res[256];
	struct drm_prime_handle p = { 0 };
	struct drm_mode_map_dumb md = { 0 };
	struct drm_virtgpu_map vm = { 0 };
	const char *step;
	unsigned long long off = 0;
	int dmabuf, fd, r;
	void *a;

	dmabuf = export_dumb(exp_path, ed, sizeof(ed));
	if (dmabuf < 0)
		return;
	fd = open(imp_path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	driver_name(fd, id, sizeof(id));
	if (!strcmp(ed, id))
		return;
	snprintf(res, sizeof(res), "ok");
	p.fd = dmabuf;
	step = "PRIME_FD_TO_HANDLE";
	r = ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);
	if (!r && !strcmp(id, "virtio_gpu")) {
		step = "VIRTGPU_MAP";
		vm.handle = p.handle;
		r = ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &vm);
		off = vm.offset;
	} else if (!r) {
		step = "MODE_MAP_DUMB";
		md.handle = p.handle;
		r = ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &md);
		off = md.offset;
	}
	if (!r) {
		step = "mmap";
		a = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
		if (a == MAP_FAILED) {
			r = -1;
		} else {
			vmflags(a, res + 3, sizeof(res) - 3);
			res[2] = ' ';
		}
	}
	if (r)
		snprintf(res, sizeof(res), "errno %d %s (offset %#llx)", errno, strerror(errno),
			 step[0] == 'm' && step[1] == 'm' ? off : 0ULL);
	printf("forward\t%s\t%s\t%s\t%s\t%s\n", ed, id, imp_path, step, res);
}

int main(void)
{
	struct dirent **e;
	char a[300], b[300];
	int n, i, j;

	n = scandir("/dev/dri", &e, NULL, versionsort);
	for (i = 0; i < n; i++) {
		if (strncmp(e[i]->d_name, "card", 4))
			continue;
		snprintf(a, sizeof(a), "/dev/dri/%s", e[i]->d_name);
		for (j = 0; j < n; j++) {
			if (e[j]->d_name[0] == '.' || i == j)
				continue;
			snprintf(b, sizeof(b), "/dev/dri/%s", e[j]->d_name);
			try_pair(a, b);
		}
	}
	return 0;
}
