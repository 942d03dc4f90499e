// SPDX-License-Identifier: GPL-2.0
/*
 * The live benchmark's workload: map a vgem dma-buf, touch it, try GUP on
 * it (vmsplice), unmap it, N times; optionally with some plain work between
 * rounds, for "typical" rates. Prints the loop's own time, so that booting
 * and tracing setup are not counted.
 * usage: churn ROUNDS [WORK_US]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <libdrm/drm.h>
#include <libdrm/drm_mode.h>

#define SIZE (64 * 1024)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int vgem_dmabuf(void)
{
	struct drm_mode_create_dumb dumb = { .width = 128, .height = SIZE / 128 / 4, .bpp = 32 };
	struct drm_prime_handle prime = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int card = open("/dev/dri/card0", O_RDWR);

	if (card < 0 || ioctl(card, DRM_IOCTL_MODE_CREATE_DUMB, &dumb))
		return -1;
	prime.handle = dumb.handle;
	if (ioctl(card, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime))
		return -1;
	return prime.fd;
}

/* a little of everything a program does between two buffers */
static void work(long us)
{
	double until = now() + us / 1e6;
	volatile unsigned long x = 0;

	while (now() < until)
		x++;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 1000, us = argc > 2 ? atol(argv[2]) : 0, i;
	int fd = vgem_dmabuf(), pipefd[2];
	double t0;

	if (fd < 0 || pipe(pipefd)) {
		fprintf(stderr, "churn: no vgem dma-buf: %s\n", strerror(errno));
		return 1;
	}
	t0 = now();
	for (i = 0; i < rounds; i++) {
		char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		struct iovec iov = { p, 4096 };

		if (p == MAP_FAILED)
			return 1;
		p[0] = (char)i;
		if (vmsplice(pipefd[1], &iov, 1, 0) > 0 &&	/* refused on vgem */
		    read(pipefd[0], p + 4096, 4096) < 0)
			return 1;
		munmap(p, SIZE);
		if (us)
			work(us);
	}
	printf("%.6f\n", now() - t0);
	return 0;
}
