// SPDX-License-Identifier: GPL-2.0
/*
 * GUP-heavy work unrelated to dma-buf (issue 16): ROUNDS rounds of a
 * one-page process_vm_readv of its own anonymous memory (slow GUP, through
 * the remote path) and a one-page vmsplice of anonymous memory into a pipe
 * (fast GUP), two GUP calls a round.
 *
 * usage: gup-load [--delay SECS] ROUNDS     prints "rounds=N gup=N secs=S"
 *        gup-load [--delay SECS] --for SECS as many rounds as fit, the same line
 * --delay sleeps first: a live audit records everything for a moment
 * after each new task (tests/lab/gup-filter), and the loop should not be
 * timed in that moment.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One round: both GUP calls; 0, or -1 after a message. */
static int round_once(char *src, char *dst, long page, int pfd[2])
{
	struct iovec local = { dst, page }, remote = { src, page };
	struct iovec sp = { src, page };

	if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != page) {
		perror("process_vm_readv");
		return -1;
	}
	if (vmsplice(pfd[1], &sp, 1, 0) != page || read(pfd[0], dst, page) != page) {
		perror("vmsplice");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE), rounds, n = 0;
	double secs = 0, t0, limit = 0;
	char *src, *dst;
	int pfd[2];

	if (argc > 2 && !strcmp(argv[1], "--delay")) {
		usleep(atof(argv[2]) * 1e6);
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && !strcmp(argv[1], "--for")) {
		limit = atof(argv[2]);
		rounds = -1;
	} else if (argc == 2) {
		rounds = atol(argv[1]);
	} else {
		fprintf(stderr, "usage: gup-load [--delay SECS] ROUNDS | --for SECS\n");
		return 2;
	}
	src = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED || pipe(pfd)) {
		perror("gup-load");
		return 1;
	}
	memset(src, 1, page);
	t0 = now();
	while (rounds < 0 ? (n & 255) || (secs = now() - t0) < limit : n < rounds) {
		if (round_once(src, dst, page, pfd))
			return 1;
		n++;
	}
	secs = now() - t0;
	printf("rounds=%ld gup=%ld secs=%.3f\n", n, 2 * n, secs);
	return 0;
}
