// SPDX-License-Identifier: GPL-2.0
/*
 * The live benchmark's workload: map a vgem dma-buf, touch it, try GUP on
 * it (vmsplice), unmap it, N times; optionally with some plain work between
 * rounds, for "typical" rates. The work is a fixed number of loop
 * iterations, not a fixed time: CPU time a tracer takes from the workload
 * then shows in the result instead of hiding in a busy wait.
 *
 * usage: churn ROUNDS WORK [ROUNDS WORK]...
 *            a phase of ROUNDS rounds with WORK iterations of plain work
 *            after each, then the next phase, in one process
 *        churn --calibrate US   iterations that take about US microseconds
 *
 * Prints one line per phase, about the loop alone (starting and tracing
 * setup are not counted): "loop=S cpu=S watch=S busy=S", in seconds: the
 * loop's wall time, its own CPU time, the CPU time used meanwhile by the
 * processes named $CHURN_WATCH (the tracer; "-" when unset), and the CPU
 * time all CPUs spent not idle (everything: workload, tracer, kernel
 * threads).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

static double own_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* CPU seconds all CPUs spent busy so far: /proc/stat minus idle and iowait */
static double busy_cpu(void)
{
	unsigned long long v[10] = { 0 }, sum = 0;
	FILE *f = fopen("/proc/stat", "r");
	int i, n;

	if (!f)
		return 0;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	/* guest and guest_nice (8, 9) are already part of user and nice */
	for (i = 0; i < n && i < 8; i++)
		if (i != 3 && i != 4)
			sum += v[i];
	return (double)sum / sysconf(_SC_CLK_TCK);
}

/* A process's CPU time in seconds: schedstat (ns) when there, else stat (ticks). */
static double proc_cpu(const char *pid)
{
	unsigned long long ns, ut, st;
	char path[300], buf[512], *p;
	double t = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/schedstat", pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%llu", &ns) == 1)
			t = ns / 1e9;
		fclose(f);
		return t;
	}
	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	if (p && sscanf(p, ") %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			&ut, &st) == 2)
		t = (double)(ut + st) / sysconf(_SC_CLK_TCK);
	fclose(f);
	return t;
}

/* CPU time of every process whose comm is @name, summed */
static double watch_cpu(const char *name)
{
	char path[300], comm[64];
	struct dirent *d;
	double t = 0;
	DIR *dir;
	FILE *f;

	dir = opendir("/proc");
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f)) {
			comm[strcspn(comm, "\n")] = '\0';
			if (!strcmp(comm, name))
				t += proc_cpu(d->d_name);
		}
		fclose(f);
	}
	closedir(dir);
	return t;
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

/* plain work a program does between two buffers: no system calls */
static void work(long iters)
{
	volatile unsigned long x = 0;
	long i;

	for (i = 0; i < iters; i++)
		x++;
}

/* iterations per microsecond: the best of a few tries, each >= 20 ms */
static double calibrate(void)
{
	double best = 0, t, rate;
	long n = 1000;
	int i;

	for (i = 0; i < 7; i++) {
		for (;;) {
			t = now();
			work(n);
			t = now() - t;
			if (t >= 0.02)
				break;
			n *= 2;
		}
		rate = n / t / 1e6;
		if (rate > best)
			best = rate;
	}
	return best;
}

/* One phase: @rounds rounds with @iters of work each; prints its line. */
static int phase(int fd, int pipefd[2], long rounds, long iters, const char *watch)
{
	double t0, c0, b0, w0 = 0, t, c, b, w = 0;
	long i;

	if (watch)
		w0 = watch_cpu(watch);
	b0 = busy_cpu();
	c0 = own_cpu();
	t0 = now();
	for (i = 0; i < rounds; i++) {
		char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		struct iovec iov = { p, 4096 };

		if (p == MAP_FAILED)
			return -1;
		p[0] = (char)i;
		if (vmsplice(pipefd[1], &iov, 1, 0) > 0 &&	/* refused on vgem */
		    read(pipefd[0], p + 4096, 4096) < 0)
			return -1;
		munmap(p, SIZE);
		if (iters)
			work(iters);
	}
	t = now() - t0;
	c = own_cpu() - c0;
	b = busy_cpu() - b0;
	if (watch)
		w = watch_cpu(watch) - w0;
	printf("loop=%.6f cpu=%.3f", t, c);
	if (watch)
		printf(" watch=%.3f", w);
	else
		printf(" watch=-");
	printf(" busy=%.3f\n", b);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int fd, pipefd[2], a;

	if (argc == 3 && !strcmp(argv[1], "--calibrate")) {
		printf("%.0f\n", calibrate() * atof(argv[2]));
		return 0;
	}
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: churn ROUNDS WORK [ROUNDS WORK]... | churn --calibrate US\n");
		return 2;
	}
	fd = vgem_dmabuf();
	if (fd < 0 || pipe(pipefd)) {
		fprintf(stderr, "churn: no vgem dma-buf: %s\n", strerror(errno));
		return 1;
	}
	/*
	 * One mapping held for the whole run keeps vgem's pages: otherwise
	 * every round's mmap allocates them and sets them write-combined and
	 * its munmap sets them back and frees them, two cross-CPU IPIs per
	 * round that are slow and erratic under TCG and dwarf what is traced.
	 */
	if (mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED) {
		fprintf(stderr, "churn: mmap: %s\n", strerror(errno));
		return 1;
	}
	for (a = 1; a < argc; a += 2) {
		if (phase(fd, pipefd, atol(argv[a]), atol(argv[a + 1]), getenv("CHURN_WATCH"))) {
			fprintf(stderr, "churn: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}
