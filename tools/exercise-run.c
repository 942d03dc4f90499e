// SPDX-License-Identifier: GPL-2.0
/*
 * The exerciser's run: find every device of every exporter family, make a
 * buffer, mmap it, fault it in, and record what the kernel reports for the
 * mapping (exp_name and inode from fdinfo, VmFlags from smaps). Then try
 * every GUP method on it, unmap it and put anonymous memory at the same
 * address, so that a tracer which misses the munmap blames the wrong memory.
 * --hold keeps every mapping until all are made, for other tools to see.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "exercise.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

/* ---- what the kernel says about the buffer: the library reads procfs ---- */

/* exp_name, inode and size of the dma-buf behind @fd. */
static void read_fdinfo(int fd, struct exercise_result *r)
{
	struct dmabuf_audit_fd_info fi = { .sz = sizeof(fi) };
	struct stat st;

	/* whatever fdinfo shows counts, even without exp_name */
	dmabuf_audit_fd_info(fd, &fi);
	snprintf(r->exp_name, sizeof(r->exp_name), "%s", fi.exp_name);
	r->ino = fi.ino;
	r->size = fi.size;
	if (!r->ino && !fstat(fd, &st))
		r->ino = st.st_ino;
	if (!r->exp_name[0])
		snprintf(r->exp_name, sizeof(r->exp_name), "unknown");
	ex_sanitize(r->exp_name);
}

/* Range, file and VmFlags of the VMA at @addr in /proc/self/smaps. */
static void read_smaps(unsigned long addr, struct exercise_result *r)
{
	struct dmabuf_audit_vma vma = { .sz = sizeof(vma) };

	if (dmabuf_audit_vma_find(addr, &vma))
		return;
	r->in_smaps = true;
	r->start = vma.start;
	r->end = vma.end;
	r->map_ino = vma.ino;
	snprintf(r->map_name, sizeof(r->map_name), "%s", vma.path);
	ex_sanitize(r->map_name);
	snprintf(r->vmflags, sizeof(r->vmflags), "%s", vma.vm_letters);
	r->vm_flags = vma.vm_flags;
	r->pfnmap = vma.vm_flags & DMABUF_AUDIT_VM_PFNMAP;
}

/* ---- probing one buffer ---- */

/*
 * Where a SIGBUS/SIGSEGV raised while faulting a mapping in returns to.
 * Signal handlers can only reach it through a global.
 */
static sigjmp_buf touch_env;

static void touch_fault(int sig)
{
	siglongjmp(touch_env, sig);
}

/* Fault every page in; returns 0 or the signal the exporter raised. */
static int touch_pages(volatile unsigned char *p, size_t len, bool write)
{
	struct sigaction sa, old_bus, old_segv;
	size_t off, step = ex_page_size();
	unsigned char c;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = touch_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(touch_env, 1);
	if (!sig) {
		for (off = 0; off < len; off += step) {
			c = p[off];
			if (write)
				p[off] = c;
		}
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

/* mmap the dma-buf shared, read-write or else read-only, and fault it in. */
static int map_buf(struct exercise_buf *b, struct exercise_result *r)
{
	int sig;

	b->len = r->size;
	r->prot = PROT_READ | PROT_WRITE;
	b->addr = mmap(NULL, b->len, r->prot, MAP_SHARED, b->fd, 0);
	if (b->addr == MAP_FAILED) {
		r->prot = PROT_READ;
		b->addr = mmap(NULL, b->len, r->prot, MAP_SHARED, b->fd, 0);
	}
	if (b->addr == MAP_FAILED) {
		ex_set_reason(r->failure, sizeof(r->failure), "mmap", errno);
		b->addr = NULL;
		return -1;
	}
	r->mapped = true;
	if (b->move)
		ex_move_buf(b, r);
	/* smaps says where the VMA is; this stands when smaps does not */
	r->start = (unsigned long)b->addr;
	r->end = r->start + b->len;
	r->map_ts = ex_now_ns();
	r->map_cpu = sched_getcpu();
	sig = touch_pages(b->addr, b->len, r->prot & PROT_WRITE);
	if (sig)
		snprintf(r->failure, sizeof(r->failure), "touch: %s",
			 sig == SIGBUS ? "SIGBUS" : "SIGSEGV");
	if (b->split)
		ex_split_buf(b, r);
	return 0;
}

/*
 * Unmap the dma-buf and put anonymous memory where it was: GUP must work
 * there, whatever a tracer remembers about the old mapping.
 */
static void probe_reuse(struct exercise_buf *b, struct exercise_result *r,
			void *scratch)
{
	const int prot = PROT_READ | PROT_WRITE;
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	struct gup_target t = { .len = b->len, .scratch = scratch };
	void *old = b->addr;

	munmap(b->addr, b->len);
	b->addr = NULL;
	r->reused = true;
	t.addr = mmap(old, t.len, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
	if (t.addr == MAP_FAILED)	/* EEXIST, or too old to know the flag */
		t.addr = mmap(old, t.len, prot, flags, -1, 0);
	if (t.addr == MAP_FAILED) {
		gup_fail(&r->reuse_gup, "mmap", errno);
		return;
	}
	memset(t.addr, 0x5a, t.len);
	r->reuse_start = (unsigned long)t.addr;
	r->reuse_same = t.addr == old;
	gup_methods[GUP_VMSPLICE]->run(&t, &r->reuse_gup);
	munmap(t.addr, t.len);
}

static void probe_gup(struct exercise_buf *b, struct exercise_result *r, int odirect_fd)
{
	struct gup_target t = { .addr = b->addr, .len = b->len, .odirect_fd = odirect_fd };
	int m;

	t.scratch = malloc(b->len);
	if (!t.scratch) {
		ex_set_reason(r->failure, sizeof(r->failure), "malloc", ENOMEM);
		return;
	}
	for (m = 0; m < GUP_NR; m++) {
		r->gup[m].ts = ex_now_ns();
		r->gup[m].cpu = sched_getcpu();
		gup_methods[m]->run(&t, &r->gup[m]);
	}
	r->reuse_gup.ts = ex_now_ns();
	r->reuse_gup.cpu = sched_getcpu();
	probe_reuse(b, r, t.scratch);
	free(t.scratch);
}

/* Map the buffer and read what the kernel says of it; false if not mapped. */
static bool probe_map(struct exercise_buf *b, struct exercise_result *r)
{
	snprintf(r->source, sizeof(r->source), "%s", b->source);
	ex_sanitize(r->source);
	read_fdinfo(b->fd, r);
	/* the report takes exporter "drm" and the driver; the rows, the label */
	r->gem = !strcmp(r->exp_name, "drm");
	if (r->gem && strcmp(b->driver, EX_DRIVER_UNKNOWN))
		snprintf(r->driver, sizeof(r->driver), "%s", b->driver);
	ex_drm_label(r->exp_name, sizeof(r->exp_name), b->driver);
	if (!r->size)
		r->size = b->size;
	if (map_buf(b, r))
		return false;
	read_smaps((unsigned long)b->addr, r);
	if (b->split)	/* smaps shows the first of its three VMAs */
		r->end = (unsigned long)b->addr + b->len;
	return true;
}

/* Closing the device last also frees the V4L2 queue. */
static void buf_release(struct exercise_buf *b)
{
	if (b->addr)
		munmap(b->addr, b->len);
	if (b->fd >= 0)
		close(b->fd);
	if (b->dev_fd >= 0)
		close(b->dev_fd);
	b->addr = NULL;
	b->fd = -1;
	b->dev_fd = -1;
}

/* --hold: keep @b mapped until every exporter has been mapped. */
static bool hold_buf(struct exercise_report *rep, struct exercise_buf *b)
{
	struct exercise_held *h;

	h = realloc(rep->held, (rep->nheld + 1) * sizeof(*h));
	if (!h)
		return false;
	rep->held = h;
	h[rep->nheld].b = *b;
	h[rep->nheld++].res = rep->nres - 1;
	return true;
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * Let other tools (dmabuf-audit snapshot) see every mapping at once for
 * rep->hold seconds, or until SIGUSR1; then try GUP on each and release it.
 */
static void release_held(struct exercise_report *rep)
{
	/* no SA_RESTART: the signal cuts sleep() short */
	struct sigaction sa = { .sa_handler = on_usr1 };
	size_t i;

	if (rep->nheld) {
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, NULL);
		fprintf(stderr, EX_PREFIX "holding %zu mappings for %u s (pid %d, "
			"SIGUSR1 ends it)\n", rep->nheld, rep->hold, (int)getpid());
		sleep(rep->hold);
	}
	for (i = 0; i < rep->nheld; i++) {
		probe_gup(&rep->held[i].b, &rep->res[rep->held[i].res], rep->odirect.fd);
		buf_release(&rep->held[i].b);
	}
	free(rep->held);
	rep->held = NULL;
	rep->nheld = 0;
}


/* ---- discovery ---- */

static struct exercise_result *report_add_result(struct exercise_report *rep)
{
	struct exercise_result *res;

	res = realloc(rep->res, (rep->nres + 1) * sizeof(*res));
	if (!res)
		return NULL;
	rep->res = res;
	memset(&res[rep->nres], 0, sizeof(*res));
	return &res[rep->nres++];
}

static void report_add_skip(struct exercise_report *rep, const char *source,
			    const char *reason)
{
	struct exercise_skip *s;

	s = realloc(rep->skips, (rep->nskips + 1) * sizeof(*s));
	if (!s) {
		fprintf(stderr, EX_PREFIX "out of memory, dropping skip of %s\n",
			source);
		return;
	}
	rep->skips = s;
	s = &s[rep->nskips++];
	snprintf(s->source, sizeof(s->source), "%s", source);
	snprintf(s->reason, sizeof(s->reason), "%s", reason);
	ex_sanitize(s->source);
	ex_sanitize(s->reason);
}

/*
 * Make, probe and release the @n-th buffer of the exporter at @path; true
 * if the device has another after it.
 */
static bool exercise_buf_nth(struct exercise_report *rep, const char *kind,
			     const char *path, make_buf_fn make, unsigned int n,
			     size_t size)
{
	struct exercise_buf b = { .dev_fd = -1, .fd = -1, .size = size,
				  .move = rep->move, .split = rep->split, .nth = n };
	struct exercise_result *r;

	snprintf(b.source, sizeof(b.source), "%s:%s", kind, path);
	if (make(&b, path)) {
		if (b.why[0])	/* empty: nothing of this kind, by design */
			report_add_skip(rep, b.source, b.why);
	} else {
		r = report_add_result(rep);
		if (!r) {
			fprintf(stderr, EX_PREFIX "out of memory, dropping %s\n",
				b.source);
		} else if (probe_map(&b, r)) {
			if (rep->hold && hold_buf(rep, &b))
				return b.more;	/* released by release_held() */
			probe_gup(&b, r, rep->odirect.fd);
		}
	}
	buf_release(&b);
	return b.more;
}

/* Every buffer the exporter at @path makes: one, or one per V4L2 queue. */
static void exercise_device(struct exercise_report *rep, const char *kind,
			    const char *path, make_buf_fn make, size_t size)
{
	unsigned int n = 0;

	while (exercise_buf_nth(rep, kind, path, make, n++, size))
		;
}

static void scan_kind(struct exercise_report *rep,
		      const struct exporter_kind *k, size_t size)
{
	char path[EX_SOURCE_LEN - 16], reason[EX_REASON_LEN];
	struct dirent **ents;
	struct stat st;
	int i, n;

	n = scandir(k->dir, &ents, NULL, versionsort);
	if (n < 0) {
		if (errno != ENOENT) {
			snprintf(path, sizeof(path), "%s:%s", k->kind, k->dir);
			ex_set_reason(reason, sizeof(reason), "scandir", errno);
			report_add_skip(rep, path, reason);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", k->dir, ents[i]->d_name);
		if (exporter_matches(k, ents[i]->d_name) && !stat(path, &st) &&
		    S_ISCHR(st.st_mode))
			exercise_device(rep, k->kind, path, k->make, size);
		free(ents[i]);
	}
	free(ents);
}

void exercise_all(struct exercise_report *rep, size_t size)
{
	struct utsname uts;
	size_t i;

	if (uname(&uts))
		snprintf(rep->kernel, sizeof(rep->kernel), "unknown");
	else
		snprintf(rep->kernel, sizeof(rep->kernel), "%s", uts.release);
	ex_sanitize(rep->kernel);
	odirect_open(&rep->odirect);
	for (i = 0; exporter_kinds[i]; i++)
		scan_kind(rep, exporter_kinds[i], size);
	release_held(rep);
	if (rep->odirect.fd >= 0)
		close(rep->odirect.fd);
}

void exercise_report_free(struct exercise_report *rep)
{
	free(rep->res);
	free(rep->skips);
	rep->res = NULL;
	rep->skips = NULL;
	rep->nres = 0;
	rep->nskips = 0;
}
