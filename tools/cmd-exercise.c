// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit exercise: the workload and the ground truth.
 *
 * For every dma-buf exporter reachable from user space (DRM dumb buffers,
 * dma-heaps, udmabuf, V4L2 capture queues) make one buffer, mmap it, fault
 * it in, and record what the kernel reports for the mapping (exp_name and
 * inode from fdinfo, VmFlags from smaps). Then try get_user_pages() on the
 * mapping in the ways user space can reach it: vmsplice, process_vm_readv
 * from this process and from a forked child, io_uring buffer registration,
 * and an O_DIRECT write where a filesystem does direct I/O. Finally unmap
 * it and put anonymous memory at the same address, so that a tracer which
 * misses the munmap blames the wrong memory.
 *
 * Probing fills struct exercise_report; printing only reads it. The TSV
 * and the table print it as measured; the other formats turn it into the
 * library's common report (the same matcher and verdicts as live, trace
 * and snapshot), whose status is the exit code.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/dma-heap.h>
#include <linux/io_uring.h>
#include <linux/udmabuf.h>
#include <linux/videodev2.h>
#include <libdrm/drm.h>

#include "cli.h"
#include "exercise.h"

#define EX_PREFIX	"dmabuf-audit exercise: "
#define EX_USAGE	"usage: dmabuf-audit exercise [--format text|json|markdown|ktap|tsv] [--json FILE]\n" \
			"                             [--size BYTES] [--hold SECONDS]"
#define EX_NAME_LEN	64
#define EX_REASON_LEN	128
#define EX_SOURCE_LEN	320	/* "<kind>:" + directory + a d_name */
#define EX_DEFAULT_SIZE	(1UL << 20)
#define EX_MAX_SIZE	(1UL << 30)	/* io_uring refuses larger buffers */

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

enum gup_method {
	GUP_VMSPLICE,
	GUP_PVR_SELF,
	GUP_PVR_REMOTE,
	GUP_IO_URING,
	GUP_O_DIRECT,
	GUP_NR,
};

static const char *const gup_method_name[GUP_NR] = {
	[GUP_VMSPLICE]		= "vmsplice",
	[GUP_PVR_SELF]		= "process_vm_readv",
	[GUP_PVR_REMOTE]	= "process_vm_readv_remote",
	[GUP_IO_URING]		= "io_uring_register",
	[GUP_O_DIRECT]		= "o_direct",
};

struct exercise_opts {
	struct cli_output out;	/* text, json, markdown, ktap; --json FILE */
	bool tsv;		/* --format tsv: the measurements, one per line */
	size_t size;
	unsigned int hold;	/* seconds to keep every mapping before GUP */
};

/* Outcome of one GUP attempt. */
struct gup_result {
	bool tried;
	const char *stage;	/* set when it failed before reaching GUP */
	int err;		/* 0 on success, else an errno value */
	size_t done;		/* bytes moved or pinned, on success */
	size_t want;
	unsigned long long ts;	/* CLOCK_MONOTONIC ns when it started */
	int cpu;		/* where, -1 if another task ran it */
	pid_t pid;		/* that task, 0: this one */
};

/* What a GUP method works on. */
struct gup_target {
	void *addr;
	size_t len;
	void *scratch;		/* len bytes of private memory */
	int odirect_fd;		/* a file that does direct I/O, or -1 */
};

/* A dma-buf while it is being made and probed. */
struct exercise_buf {
	char source[EX_SOURCE_LEN];
	char why[EX_REASON_LEN];	/* why it could not be made */
	int dev_fd;			/* the exporter's device, or -1 */
	int fd;				/* the dma-buf, or -1 */
	size_t size;			/* size asked for or reported by the exporter */
	void *addr;			/* its mapping, or NULL */
	size_t len;
};

/* Everything learnt about one dma-buf. */
struct exercise_result {
	char source[EX_SOURCE_LEN];
	char exp_name[EX_NAME_LEN];
	char failure[EX_REASON_LEN];	/* empty when all went well */
	unsigned long ino;
	size_t size;
	bool mapped;
	int prot;
	unsigned long start, end;
	bool in_smaps;
	char vmflags[EX_REASON_LEN];
	char map_name[EX_SOURCE_LEN];	/* path column of /proc/self/maps */
	unsigned long map_ino;		/* inode of the VMA's file */
	unsigned long long map_ts;	/* CLOCK_MONOTONIC ns of the mmap */
	int map_cpu;
	bool pfnmap;
	struct gup_result gup[GUP_NR];
	bool reused;
	unsigned long reuse_start;
	bool reuse_same;
	struct gup_result reuse_gup;
};

/* A device that exists but gave no dma-buf. */
struct exercise_skip {
	char source[EX_SOURCE_LEN];
	char reason[EX_REASON_LEN];
};

/* A buffer kept mapped by --hold, and the index of its result. */
struct exercise_held {
	struct exercise_buf b;
	size_t res;
};

/* Where O_DIRECT writes go: a file that does direct I/O, or why none. */
struct odirect_file {
	int fd;
	char dir[EX_SOURCE_LEN];
	char why[2 * EX_REASON_LEN];	/* when fd < 0 */
};

struct exercise_report {
	char kernel[65];
	struct odirect_file odirect;
	struct exercise_result *res;
	size_t nres;
	struct exercise_skip *skips;
	size_t nskips;
	unsigned int hold;
	struct exercise_held *held;
	size_t nheld;
};

typedef int (*make_buf_fn)(struct exercise_buf *b, const char *path);

/* ---- small helpers ---- */

#define ERRNO_NAME(e)	{ e, #e }

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	ERRNO_NAME(EPERM), ERRNO_NAME(ENOENT), ERRNO_NAME(ESRCH),
	ERRNO_NAME(EINTR), ERRNO_NAME(EIO), ERRNO_NAME(ENXIO),
	ERRNO_NAME(E2BIG), ERRNO_NAME(EBADF), ERRNO_NAME(ECHILD),
	ERRNO_NAME(EAGAIN), ERRNO_NAME(ENOMEM), ERRNO_NAME(EACCES),
	ERRNO_NAME(EFAULT), ERRNO_NAME(EBUSY), ERRNO_NAME(EEXIST),
	ERRNO_NAME(ENODEV), ERRNO_NAME(ENOTDIR), ERRNO_NAME(EINVAL),
	ERRNO_NAME(ENFILE), ERRNO_NAME(EMFILE), ERRNO_NAME(ENOTTY),
	ERRNO_NAME(EFBIG), ERRNO_NAME(ENOSPC), ERRNO_NAME(ESPIPE),
	ERRNO_NAME(EPIPE), ERRNO_NAME(ERANGE), ERRNO_NAME(EDEADLK),
	ERRNO_NAME(ENOSYS), ERRNO_NAME(EOVERFLOW), ERRNO_NAME(EOPNOTSUPP),
	ERRNO_NAME(ETIMEDOUT), ERRNO_NAME(EMSGSIZE), ERRNO_NAME(EREMOTEIO),
	ERRNO_NAME(ENOBUFS), ERRNO_NAME(EHWPOISON),
	{ 524, "ENOTSUPP" },	/* kernel-internal, leaks out of some ioctls */
};

/* The symbolic name of @err, or "E<number>" written into @buf. */
static const char *errno_name(int err, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, len, "E%d", err);
	return buf;
}

static void set_reason(char *dst, size_t len, const char *what, int err)
{
	char eb[16];

	snprintf(dst, len, "%s: %s", what, errno_name(err, eb, sizeof(eb)));
}

/* Record why a buffer could not be made; returns -1 for the caller. */
static int buf_fail(struct exercise_buf *b, const char *what, int err)
{
	set_reason(b->why, sizeof(b->why), what, err);
	return -1;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static size_t page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (size_t)ps : 4096;
}

/* Keep a string printable in one TSV field. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (!isprint((unsigned char)*s) || *s == '\t')
			*s = '_';
}

/* If @line is "key:<blanks>value", return value with the newline cut. */
static char *line_value(char *line, const char *key)
{
	size_t klen = strlen(key);
	char *v;

	if (strncmp(line, key, klen) || line[klen] != ':')
		return NULL;
	v = line + klen + 1;
	v += strspn(v, " \t");
	v[strcspn(v, "\n")] = '\0';
	return v;
}

/* ---- making a dma-buf, one function per kind of exporter ---- */

/* DRM: a dumb buffer exported with PRIME (vgem in the lab). */
static int make_dri_buf(struct exercise_buf *b, const char *path)
{
	struct drm_mode_create_dumb create = { .width = 1024, .bpp = 32 };
	struct drm_prime_handle prime = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_gem_close gem_close = { 0 };
	int ret = 0;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return buf_fail(b, "open", errno);
	create.height = (b->size + 4095) / 4096;
	if (xioctl(b->dev_fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return buf_fail(b, "CREATE_DUMB", errno);
	b->size = create.size;
	prime.handle = create.handle;
	if (xioctl(b->dev_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime))
		ret = buf_fail(b, "PRIME_HANDLE_TO_FD", errno);
	else
		b->fd = prime.fd;
	/* The dma-buf holds its own reference on the object. */
	gem_close.handle = create.handle;
	xioctl(b->dev_fd, DRM_IOCTL_GEM_CLOSE, &gem_close);
	return ret;
}

static int make_heap_buf(struct exercise_buf *b, const char *path)
{
	struct dma_heap_allocation_data alloc = {
		.len = b->size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	b->dev_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (b->dev_fd < 0)
		return buf_fail(b, "open", errno);
	if (xioctl(b->dev_fd, DMA_HEAP_IOCTL_ALLOC, &alloc))
		return buf_fail(b, "DMA_HEAP_IOCTL_ALLOC", errno);
	b->fd = alloc.fd;
	return 0;
}

/* udmabuf over a sealed memfd; the dma-buf keeps the memory alive. */
static int make_udmabuf(struct exercise_buf *b, const char *path)
{
	struct udmabuf_create create = {
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = b->size,
	};
	int memfd, fd = -1;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return buf_fail(b, "open", errno);
	memfd = memfd_create("dmabuf-audit", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0)
		return buf_fail(b, "memfd_create", errno);
	create.memfd = memfd;
	if (ftruncate(memfd, b->size)) {
		buf_fail(b, "ftruncate", errno);
	} else if (fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		buf_fail(b, "F_ADD_SEALS", errno);
	} else {
		fd = xioctl(b->dev_fd, UDMABUF_CREATE, &create);
		if (fd < 0)
			buf_fail(b, "UDMABUF_CREATE", errno);
	}
	close(memfd);
	b->fd = fd;
	return fd < 0 ? -1 : 0;
}

/* The buffer type of a capture node, or -1 with b->why set. */
static int v4l2_capture_type(struct exercise_buf *b)
{
	struct v4l2_capability cap;
	__u32 caps;

	memset(&cap, 0, sizeof(cap));
	if (xioctl(b->dev_fd, VIDIOC_QUERYCAP, &cap))
		return buf_fail(b, "VIDIOC_QUERYCAP", errno);
	caps = cap.capabilities;
	if (caps & V4L2_CAP_DEVICE_CAPS)
		caps = cap.device_caps;
	if (caps & V4L2_CAP_VIDEO_CAPTURE)
		return V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE)
		return V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	snprintf(b->why, sizeof(b->why),
		 "not a video capture node (device caps 0x%08x)", caps);
	return -1;
}

/* Size of buffer 0 (plane 0), or 0 with b->why set. */
static size_t v4l2_buf_len(struct exercise_buf *b, int type)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	memset(&buf, 0, sizeof(buf));
	memset(planes, 0, sizeof(planes));
	buf.type = type;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = 0;
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) {
		buf.m.planes = planes;
		buf.length = VIDEO_MAX_PLANES;
	}
	if (xioctl(b->dev_fd, VIDIOC_QUERYBUF, &buf)) {
		buf_fail(b, "VIDIOC_QUERYBUF", errno);
		return 0;
	}
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE)
		return planes[0].length;
	return buf.length;
}

/* V4L2: one MMAP buffer of the default format, exported (vivid in the lab). */
static int make_v4l2_buf(struct exercise_buf *b, const char *path)
{
	struct v4l2_requestbuffers req;
	struct v4l2_exportbuffer exp;
	int type;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return buf_fail(b, "open", errno);
	type = v4l2_capture_type(b);
	if (type < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.count = 1;
	req.type = type;
	req.memory = V4L2_MEMORY_MMAP;
	if (xioctl(b->dev_fd, VIDIOC_REQBUFS, &req))
		return buf_fail(b, "VIDIOC_REQBUFS", errno);
	if (!req.count)
		return buf_fail(b, "VIDIOC_REQBUFS", ENOMEM);
	b->size = v4l2_buf_len(b, type);
	if (!b->size)
		return -1;
	memset(&exp, 0, sizeof(exp));
	exp.type = type;
	exp.index = 0;
	exp.flags = O_RDWR | O_CLOEXEC;
	if (xioctl(b->dev_fd, VIDIOC_EXPBUF, &exp))
		return buf_fail(b, "VIDIOC_EXPBUF", errno);
	b->fd = exp.fd;
	return 0;
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

/* ---- ground truth: what the kernel says about the buffer ---- */

/* exp_name, inode and size of the dma-buf behind @fd. */
static void read_fdinfo(int fd, struct exercise_result *r)
{
	char path[64], *line = NULL, *v;
	size_t cap = 0;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	while (f && getline(&line, &cap, f) > 0) {
		v = line_value(line, "exp_name");
		if (v)
			snprintf(r->exp_name, sizeof(r->exp_name), "%s", v);
		v = line_value(line, "ino");
		if (v)
			r->ino = strtoul(v, NULL, 10);
		v = line_value(line, "size");
		if (v)
			r->size = strtoull(v, NULL, 10);
	}
	free(line);
	if (f)
		fclose(f);
	if (!r->ino && !fstat(fd, &st))
		r->ino = st.st_ino;
	if (!r->exp_name[0])
		snprintf(r->exp_name, sizeof(r->exp_name), "unknown");
	sanitize(r->exp_name);
}

/* Copy the blank-separated VmFlags letters, one space between each. */
static void copy_vmflags(char *dst, size_t len, const char *src)
{
	size_t n = 0, w;

	dst[0] = '\0';
	for (;;) {
		src += strspn(src, " \t\n");
		w = strcspn(src, " \t\n");
		if (!w || n + w + 2 > len)
			break;
		if (n)
			dst[n++] = ' ';
		memcpy(dst + n, src, w);
		n += w;
		dst[n] = '\0';
		src += w;
	}
}

static bool has_flag(const char *vmflags, const char *flag)
{
	size_t w, flen = strlen(flag);

	while (*vmflags) {
		w = strcspn(vmflags, " ");
		if (w == flen && !strncmp(vmflags, flag, w))
			return true;
		vmflags += w;
		vmflags += strspn(vmflags, " ");
	}
	return false;
}

/* Parse one smaps header line; true when it describes the VMA at @addr. */
static bool smaps_header(const char *line, unsigned long addr,
			 struct exercise_result *r, bool *is_header)
{
	unsigned long start, end, ino;
	int name_at = -1;

	*is_header = sscanf(line, "%lx-%lx %*s %*x %*x:%*x %lu %n",
			    &start, &end, &ino, &name_at) == 3 && name_at > 0;
	if (!*is_header || start != addr)
		return false;
	r->start = start;
	r->end = end;
	r->map_ino = ino;
	snprintf(r->map_name, sizeof(r->map_name), "%.*s",
		 (int)strcspn(line + name_at, "\n"), line + name_at);
	sanitize(r->map_name);
	return true;
}

/* Range, file and VmFlags of the VMA starting at @addr in /proc/self/smaps. */
static void read_smaps(unsigned long addr, struct exercise_result *r)
{
	char *line = NULL, *v;
	bool in = false, header;
	size_t cap = 0;
	FILE *f;

	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (smaps_header(line, addr, r, &header)) {
			in = true;
			r->in_smaps = true;
			continue;
		}
		if (in && header)
			break;
		v = in ? line_value(line, "VmFlags") : NULL;
		if (v) {
			copy_vmflags(r->vmflags, sizeof(r->vmflags), v);
			break;
		}
	}
	free(line);
	fclose(f);
	r->pfnmap = has_flag(r->vmflags, "pf");
}

/* ---- GUP attempts, one function per method ---- */

static void gup_ok(struct gup_result *g, size_t done, size_t want)
{
	g->tried = true;
	g->stage = NULL;
	g->err = 0;
	g->done = done;
	g->want = want;
}

static void gup_fail(struct gup_result *g, const char *stage, int err)
{
	g->tried = true;
	g->stage = stage;
	g->err = err;
}

static void drain_pipe(int fd, void *buf, size_t len)
{
	while (read(fd, buf, len) > 0)
		;
}

/* vmsplice() takes page references through GUP (no SPLICE_F_GIFT). */
static void gup_vmsplice(const struct gup_target *t, struct gup_result *g)
{
	struct iovec iov;
	size_t off = 0;
	ssize_t n = 0;
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
		gup_fail(g, "pipe", errno);
		return;
	}
	while (off < t->len) {
		iov.iov_base = (char *)t->addr + off;
		iov.iov_len = t->len - off;
		n = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK);
		if (n <= 0)
			break;
		off += n;
		drain_pipe(p[0], t->scratch, t->len);
	}
	if (off || n == 0)
		gup_ok(g, off, t->len);
	else
		gup_fail(g, NULL, errno);
	close(p[0]);
	close(p[1]);
}

static ssize_t pvr(pid_t pid, const struct gup_target *t)
{
	struct iovec local = { .iov_base = t->scratch, .iov_len = t->len };
	struct iovec remote = { .iov_base = t->addr, .iov_len = t->len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

static void gup_pvr_self(const struct gup_target *t, struct gup_result *g)
{
	ssize_t n = pvr(getpid(), t);

	if (n < 0)
		gup_fail(g, NULL, errno);
	else
		gup_ok(g, n, t->len);
}

struct pvr_msg {
	ssize_t n;
	int err;
};

/* In the child: wait for the parent's go (EOF on @go), read its mm. */
static void __attribute__((noreturn))
pvr_child(pid_t parent, const struct gup_target *t, int go, int out)
{
	struct pvr_msg m;
	char c;

	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	m.n = pvr(parent, t);
	m.err = m.n < 0 ? errno : 0;
	_exit(write(out, &m, sizeof(m)) == sizeof(m) ? 0 : 1);
}

/* In the parent: let the child read us, then collect and reap it. */
static void pvr_collect(pid_t pid, int go, int back, const struct gup_target *t,
			struct gup_result *g)
{
	struct pvr_msg m;
	ssize_t n;
	int status;

	/* Yama ptrace_scope=1 would stop a child from reading its parent. */
	prctl(PR_SET_PTRACER, (unsigned long)pid, 0, 0, 0);
	close(go);
	do {
		n = read(back, &m, sizeof(m));
	} while (n < 0 && errno == EINTR);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	g->pid = pid;
	g->cpu = -1;
	if (n != sizeof(m))
		gup_fail(g, "child", ECHILD);
	else if (m.n < 0)
		gup_fail(g, NULL, m.err);
	else
		gup_ok(g, m.n, t->len);
}

/* A child reads the parent's mapping: GUP on a remote mm. */
static void gup_pvr_remote(const struct gup_target *t, struct gup_result *g)
{
	pid_t parent = getpid(), pid;
	int go[2], back[2];

	if (pipe2(go, O_CLOEXEC)) {
		gup_fail(g, "pipe", errno);
		return;
	}
	if (pipe2(back, O_CLOEXEC)) {
		gup_fail(g, "pipe", errno);
		close(go[0]);
		close(go[1]);
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		close(back[0]);
		pvr_child(parent, t, go[0], back[1]);
	}
	close(go[0]);
	close(back[1]);
	if (pid < 0) {
		gup_fail(g, "fork", errno);
		close(go[1]);
	} else {
		pvr_collect(pid, go[1], back[0], t, g);
	}
	close(back[0]);
}

/*
 * IORING_REGISTER_BUFFERS pins the pages with FOLL_LONGTERM. On 6.1 it
 * then refuses file-backed VMAs other than shmem and hugetlbfs with
 * EOPNOTSUPP, after the pin succeeded (and was dropped): a tracer sees
 * GUP pin a videobuf2_vmalloc mapping, this process sees EOPNOTSUPP.
 */
static void gup_io_uring(const struct gup_target *t, struct gup_result *g)
{
#if defined(__NR_io_uring_setup) && defined(__NR_io_uring_register)
	struct iovec iov = { .iov_base = t->addr, .iov_len = t->len };
	struct io_uring_params params;
	long ring;

	memset(&params, 0, sizeof(params));
	ring = syscall(__NR_io_uring_setup, 1, &params);
	if (ring < 0) {
		gup_fail(g, "io_uring_setup", errno);
		return;
	}
	if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS,
		    &iov, 1)) {
		gup_fail(g, NULL, errno);
	} else {
		gup_ok(g, t->len, t->len);
		syscall(__NR_io_uring_register, ring,
			IORING_UNREGISTER_BUFFERS, NULL, 0);
	}
	close(ring);
#else
	gup_fail(g, "io_uring_setup", ENOSYS);
#endif
}

/*
 * Direct I/O pins the user pages it moves (iov_iter_extract_pages(), GUP
 * with FOLL_PIN): a write from the mapping to a file opened with O_DIRECT.
 * Without such a file (odirect_open()) it is no GUP attempt at all.
 */
static void gup_o_direct(const struct gup_target *t, struct gup_result *g)
{
	ssize_t n;

	if (t->odirect_fd < 0) {
		gup_fail(g, "o_direct", EINVAL);
		return;
	}
	n = pwrite(t->odirect_fd, t->addr, t->len, 0);
	if (n < 0)
		gup_fail(g, NULL, errno);
	else
		gup_ok(g, n, t->len);
	ftruncate(t->odirect_fd, 0);
}

static void (*const gup_methods[GUP_NR])(const struct gup_target *,
					 struct gup_result *) = {
	[GUP_VMSPLICE]		= gup_vmsplice,
	[GUP_PVR_SELF]		= gup_pvr_self,
	[GUP_PVR_REMOTE]	= gup_pvr_remote,
	[GUP_IO_URING]		= gup_io_uring,
	[GUP_O_DIRECT]		= gup_o_direct,
};

/* How an O_DIRECT write of @len bytes from @buf at offset 0 ends: 0 or errno. */
static int odirect_write(int fd, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, 0);

	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

/*
 * A new file in @dir that really does direct I/O, unlinked at once; or -1
 * with @why set. tmpfs before 6.6 and ramfs refuse O_DIRECT at open
 * (EINVAL). tmpfs since 6.6, and btrfs for unaligned requests, accept it
 * and copy through the page cache, which never calls GUP: a write that
 * succeeded there would prove nothing. Real direct I/O refuses a 1-byte
 * write (EINVAL); a buffered fallback takes it.
 */
static int odirect_try(const char *dir, char *why, size_t len)
{
	char path[EX_SOURCE_LEN], eb[16];
	size_t ps = page_size();
	void *buf;
	int fd, err;

	snprintf(path, sizeof(path), "%s/.dmabuf-audit-%d", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_DIRECT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, len, "%s: %s", dir, errno_name(errno, eb, sizeof(eb)));
		return -1;
	}
	unlink(path);
	buf = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	err = buf == MAP_FAILED ? errno : odirect_write(fd, buf, 1);
	if (buf != MAP_FAILED)
		munmap(buf, ps);
	if (err == EINVAL && !ftruncate(fd, 0))
		return fd;
	if (!err)
		snprintf(why, len, "%s: buffered behind O_DIRECT", dir);
	else
		snprintf(why, len, "%s: %s", dir, errno_name(err, eb, sizeof(eb)));
	close(fd);
	return -1;
}

/* The first of $TMPDIR, /var/tmp, /tmp where O_DIRECT reaches GUP. */
static void odirect_open(struct odirect_file *o)
{
	const char *dirs[] = { getenv("TMPDIR"), "/var/tmp", "/tmp" };
	char why[EX_REASON_LEN];
	size_t i, n = 0;

	o->fd = -1;
	o->why[0] = '\0';
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && o->fd < 0; i++) {
		if (!dirs[i] || !*dirs[i] || (i && dirs[0] && !strcmp(dirs[0], dirs[i])))
			continue;
		o->fd = odirect_try(dirs[i], why, sizeof(why));
		if (o->fd >= 0)
			snprintf(o->dir, sizeof(o->dir), "%s", dirs[i]);
		else
			n += snprintf(o->why + n, sizeof(o->why) - n, "%s%s",
				      n ? ", " : "", why);
		if (n >= sizeof(o->why))
			n = sizeof(o->why) - 1;
	}
	sanitize(o->why);
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
	size_t off, step = page_size();
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
		set_reason(r->failure, sizeof(r->failure), "mmap", errno);
		b->addr = NULL;
		return -1;
	}
	r->mapped = true;
	/* smaps says where the VMA is; this stands when smaps does not */
	r->start = (unsigned long)b->addr;
	r->end = r->start + b->len;
	r->map_ts = now_ns();
	r->map_cpu = sched_getcpu();
	sig = touch_pages(b->addr, b->len, r->prot & PROT_WRITE);
	if (sig)
		snprintf(r->failure, sizeof(r->failure), "touch: %s",
			 sig == SIGBUS ? "SIGBUS" : "SIGSEGV");
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
	gup_vmsplice(&t, &r->reuse_gup);
	munmap(t.addr, t.len);
}

static void probe_gup(struct exercise_buf *b, struct exercise_result *r, int odirect_fd)
{
	struct gup_target t = { .addr = b->addr, .len = b->len, .odirect_fd = odirect_fd };
	int m;

	t.scratch = malloc(b->len);
	if (!t.scratch) {
		set_reason(r->failure, sizeof(r->failure), "malloc", ENOMEM);
		return;
	}
	for (m = 0; m < GUP_NR; m++) {
		r->gup[m].ts = now_ns();
		r->gup[m].cpu = sched_getcpu();
		gup_methods[m](&t, &r->gup[m]);
	}
	r->reuse_gup.ts = now_ns();
	r->reuse_gup.cpu = sched_getcpu();
	probe_reuse(b, r, t.scratch);
	free(t.scratch);
}

/* Map the buffer and read what the kernel says of it; false if not mapped. */
static bool probe_map(struct exercise_buf *b, struct exercise_result *r)
{
	snprintf(r->source, sizeof(r->source), "%s", b->source);
	sanitize(r->source);
	read_fdinfo(b->fd, r);
	if (!r->size)
		r->size = b->size;
	if (map_buf(b, r))
		return false;
	read_smaps((unsigned long)b->addr, r);
	return true;
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
	sanitize(s->source);
	sanitize(s->reason);
}

/* Make, probe and release one buffer of the exporter at @path. */
static void exercise_device(struct exercise_report *rep, const char *kind,
			    const char *path, make_buf_fn make, size_t size)
{
	struct exercise_buf b = { .dev_fd = -1, .fd = -1, .size = size };
	struct exercise_result *r;

	snprintf(b.source, sizeof(b.source), "%s:%s", kind, path);
	if (make(&b, path)) {
		report_add_skip(rep, b.source, b.why);
	} else {
		r = report_add_result(rep);
		if (!r) {
			fprintf(stderr, EX_PREFIX "out of memory, dropping %s\n",
				b.source);
		} else if (probe_map(&b, r)) {
			if (rep->hold && hold_buf(rep, &b))
				return;	/* released by release_held() */
			probe_gup(&b, r, rep->odirect.fd);
		}
	}
	buf_release(&b);
}

/* How the device nodes of one kind of exporter are named. */
struct exporter_kind {
	const char *kind;	/* source prefix */
	const char *dir;
	const char *prefix;	/* "" matches any name */
	bool numbered;		/* prefix then digits only, or exactly prefix */
	make_buf_fn make;
};

static const struct exporter_kind exporter_kinds[] = {
	{ "dri", "/dev/dri", "card", true, make_dri_buf },
	{ "dri", "/dev/dri", "renderD", true, make_dri_buf },
	{ "heap", "/dev/dma_heap", "", false, make_heap_buf },
	{ "udmabuf", "/dev", "udmabuf", false, make_udmabuf },
	{ "v4l2", "/dev", "video", true, make_v4l2_buf },
};

static bool kind_matches(const struct exporter_kind *k, const char *name)
{
	size_t plen = strlen(k->prefix);

	if (name[0] == '.')
		return false;
	if (!plen)
		return true;
	if (strncmp(name, k->prefix, plen))
		return false;
	if (!k->numbered)
		return name[plen] == '\0';
	return name[plen] && strspn(name + plen, "0123456789") ==
			     strlen(name + plen);
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
			set_reason(reason, sizeof(reason), "scandir", errno);
			report_add_skip(rep, path, reason);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", k->dir, ents[i]->d_name);
		if (kind_matches(k, ents[i]->d_name) && !stat(path, &st) &&
		    S_ISCHR(st.st_mode))
			exercise_device(rep, k->kind, path, k->make, size);
		free(ents[i]);
	}
	free(ents);
}

static void exercise_all(struct exercise_report *rep, size_t size)
{
	struct utsname uts;
	size_t i;

	if (uname(&uts))
		snprintf(rep->kernel, sizeof(rep->kernel), "unknown");
	else
		snprintf(rep->kernel, sizeof(rep->kernel), "%s", uts.release);
	sanitize(rep->kernel);
	odirect_open(&rep->odirect);
	for (i = 0; i < sizeof(exporter_kinds) / sizeof(exporter_kinds[0]); i++)
		scan_kind(rep, &exporter_kinds[i], size);
	release_held(rep);
	if (rep->odirect.fd >= 0)
		close(rep->odirect.fd);
}

static void report_free(struct exercise_report *rep)
{
	free(rep->res);
	free(rep->skips);
	rep->res = NULL;
	rep->skips = NULL;
	rep->nres = 0;
	rep->nskips = 0;
}

/* ---- printing ---- */

/* "ok", "ok:<done>/<want>" when partial, "<ERRNO>" or "<stage>:<ERRNO>". */
static const char *gup_str(const struct gup_result *g, char *buf, size_t len)
{
	char eb[16];
	const char *e;

	if (!g->tried)
		return "-";
	if (!g->err) {
		if (g->done == g->want)
			return "ok";
		snprintf(buf, len, "ok:%zu/%zu", g->done, g->want);
		return buf;
	}
	e = errno_name(g->err, eb, sizeof(eb));
	if (g->stage)
		snprintf(buf, len, "%s:%s", g->stage, e);
	else
		snprintf(buf, len, "%s", e);
	return buf;
}

static void print_tsv_result(FILE *out, const struct exercise_result *r)
{
	char buf[64];
	int m;

	fprintf(out, "exporter\t%s\t%s\t%s%s\n", r->exp_name, r->source,
		r->failure[0] ? "failed:" : "ok", r->failure);
	if (!r->mapped)
		return;
	fprintf(out, "map\t%s\t%s\t%lx\t%lx\t%lu\t%s\t%d\n", r->exp_name,
		r->source, r->start, r->end, r->ino,
		r->vmflags[0] ? r->vmflags : "-", r->pfnmap);
	/*
	 * o_direct only when it reached GUP: without a filesystem doing
	 * direct I/O (the lab's initramfs) there was no attempt to show.
	 */
	for (m = 0; m < GUP_NR; m++)
		if (r->gup[m].tried && (m != GUP_O_DIRECT || !r->gup[m].stage))
			fprintf(out, "gup\t%s\t%s\t%s\t%s\n", r->exp_name,
				r->source, gup_method_name[m],
				gup_str(&r->gup[m], buf, sizeof(buf)));
	if (r->reused)
		fprintf(out, "reuse\t%s\t%s\t%lx\t%d\t%s\n", r->exp_name,
			r->source, r->reuse_start, r->reuse_same,
			gup_str(&r->reuse_gup, buf, sizeof(buf)));
}

static void print_tsv(FILE *out, const struct exercise_report *rep)
{
	size_t i;

	fprintf(out, "kernel\t%s\n", rep->kernel);
	for (i = 0; i < rep->nres; i++)
		print_tsv_result(out, &rep->res[i]);
	for (i = 0; i < rep->nskips; i++)
		fprintf(out, "skip\t%s\t%s\n", rep->skips[i].source,
			rep->skips[i].reason);
}

enum text_col {
	COL_EXPORTER, COL_SOURCE, COL_SIZE, COL_PROT, COL_VMFLAGS, COL_PFNMAP,
	COL_GUP,	/* GUP_NR columns */
	COL_REUSE = COL_GUP + GUP_NR,
	COL_NR,
};

static const char *const text_header[COL_NR] = {
	"EXPORTER", "SOURCE", "SIZE", "PROT", "VMFLAGS", "PFNMAP",
	"VMSPLICE", "PVR", "PVR-CHILD", "IO_URING", "O_DIRECT", "REUSE",
};

typedef char text_row[COL_NR][EX_SOURCE_LEN];

static void text_fill_row(text_row row, const struct exercise_result *r)
{
	char buf[64];
	int m;

	snprintf(row[COL_EXPORTER], sizeof(row[0]), "%s", r->exp_name);
	snprintf(row[COL_SOURCE], sizeof(row[0]), "%s", r->source);
	snprintf(row[COL_SIZE], sizeof(row[0]), "%zu", r->size);
	snprintf(row[COL_PROT], sizeof(row[0]), "%s",
		 r->prot & PROT_WRITE ? "rw" : "r");
	snprintf(row[COL_VMFLAGS], sizeof(row[0]), "%s",
		 r->vmflags[0] ? r->vmflags : "?");
	snprintf(row[COL_PFNMAP], sizeof(row[0]), "%s",
		 r->pfnmap ? "yes" : "no");
	for (m = 0; m < GUP_NR; m++)
		snprintf(row[COL_GUP + m], sizeof(row[0]), "%s",
			 gup_str(&r->gup[m], buf, sizeof(buf)));
	snprintf(row[COL_REUSE], sizeof(row[0]), "%s%s",
		 gup_str(&r->reuse_gup, buf, sizeof(buf)),
		 !r->reused ? "" : r->reuse_same ? " (same addr)" : " (moved)");
}

static void text_print_row(FILE *out, text_row row, const int *width)
{
	int c;

	for (c = 0; c < COL_NR; c++)
		fprintf(out, "%-*s%s", c == COL_NR - 1 ? 0 : width[c], row[c],
			c == COL_NR - 1 ? "\n" : "  ");
}

static void print_text_table(FILE *out, text_row *rows, size_t nrows)
{
	int width[COL_NR], c, len;
	text_row header;
	size_t i;

	for (c = 0; c < COL_NR; c++) {
		snprintf(header[c], sizeof(header[c]), "%s", text_header[c]);
		width[c] = strlen(header[c]);
		for (i = 0; i < nrows; i++) {
			len = strlen(rows[i][c]);
			if (len > width[c])
				width[c] = len;
		}
	}
	text_print_row(out, header, width);
	for (i = 0; i < nrows; i++)
		text_print_row(out, rows[i], width);
	fprintf(out, "(PVR: process_vm_readv of our own mapping; PVR-CHILD: from a forked child; O_DIRECT: write(2) from it to a file opened with O_DIRECT; REUSE: vmsplice on anonymous memory mapped where the dma-buf was)\n");
}

static void print_text_notes(FILE *out, const struct exercise_report *rep)
{
	const struct exercise_result *r;
	size_t i;

	for (i = 0; i < rep->nres; i++) {
		r = &rep->res[i];
		if (r->failure[0])
			fprintf(out, "failed:  %s (%s): %s\n", r->exp_name,
				r->source, r->failure);
		if (r->mapped && !r->in_smaps)
			fprintf(out, "note:    %s (%s): mapping at %lx not found in /proc/self/smaps\n",
				r->exp_name, r->source, r->start);
		else if (r->mapped && r->map_ino != r->ino)
			fprintf(out, "note:    %s (%s): the VMA's file is not the dma-buf (%s, inode %lu, dma-buf inode %lu)\n",
				r->exp_name, r->source, r->map_name,
				r->map_ino, r->ino);
	}
	for (i = 0; i < rep->nskips; i++)
		fprintf(out, "skipped: %s: %s\n", rep->skips[i].source,
			rep->skips[i].reason);
	if (rep->odirect.fd < 0 && rep->nres)
		fprintf(out, "note:    o_direct: no O_DIRECT filesystem (%s): not tried\n",
			rep->odirect.why);
}

static void print_text(FILE *out, const struct exercise_report *rep)
{
	text_row *rows;
	size_t i, n = 0;

	fprintf(out, "kernel: %s\n", rep->kernel);
	rows = calloc(rep->nres ? rep->nres : 1, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, EX_PREFIX "out of memory, use --format tsv\n");
		return;
	}
	for (i = 0; i < rep->nres; i++)
		if (rep->res[i].mapped)
			text_fill_row(rows[n++], &rep->res[i]);
	if (n)
		print_text_table(out, rows, n);
	free(rows);
	print_text_notes(out, rep);
}

/* ---- the common report: the verdicts of live, trace and snapshot ---- */

/* Did this attempt reach get_user_pages()? Set-up failures did not. */
static bool gup_reached(const struct gup_result *g)
{
	return g->tried && !g->stage;
}

/*
 * Pages pinned, or -errno: what the method returned once GUP had run.
 * io_uring on 6.1 pins a videobuf2_vmalloc mapping, then refuses the
 * registration with EOPNOTSUPP (see gup_io_uring()): here that counts as a
 * refused GUP although a tracer sees the pin. The mapping fails all the
 * same: it lacks VM_PFNMAP, and vmsplice and process_vm_readv pin it.
 */
static long long gup_ret(const struct gup_result *g, size_t ps)
{
	if (g->err)
		return -(long long)g->err;
	return (g->done + ps - 1) / ps;
}

/* What the report knows of this process: its address space is its pid. */
struct ex_self {
	unsigned long long mm;
	int pid;
	char comm[16];
	size_t ps;
};

static int feed_gup(struct dmabuf_audit_report *rep, const struct ex_self *me,
		    const struct exercise_result *r, const char *mech,
		    const struct gup_result *x, unsigned long start)
{
	struct dmabuf_audit_gup g = {
		.sz = sizeof(g),
		.mech = mech,
		.pid = x->pid ? x->pid : me->pid,
		.comm = me->comm,		/* a forked child keeps it */
		.cpu = x->cpu,
		.ts_ns = x->ts,
		.mm = me->mm,
		.caller_mm = x->pid ? (unsigned long long)x->pid : 0,
		.start = start,
		.nr_pages = (r->end - r->start + me->ps - 1) / me->ps,
		.ret = gup_ret(x, me->ps),
	};

	return gup_reached(x) ? dmabuf_audit_report_add_gup(rep, &g) : 0;
}

/*
 * One mapping, every GUP attempt that reached GUP on it, its munmap, and
 * the vmsplice on the anonymous memory put in its place (which the report
 * must not blame on the exporter).
 */
static int feed_result(struct dmabuf_audit_report *rep, const struct ex_self *me,
		       const struct exercise_result *r)
{
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m),
		.exporter = strcmp(r->exp_name, "unknown") ? r->exp_name : NULL,
		.pid = me->pid,
		.comm = me->comm,
		.cpu = r->map_cpu,
		.ts_ns = r->map_ts,
		.mm = me->mm,
		.start = r->start,
		.end = r->end,
		.vm_flags = dmabuf_audit_vm_flags_from_smaps(r->vmflags),
		.flags_unknown = !r->in_smaps || !r->vmflags[0],
		.ino = r->ino,
		.size = r->size,
	};
	int i, err;

	if (!r->mapped)
		return 0;
	err = dmabuf_audit_report_add_mapping(rep, &m);
	for (i = 0; i < GUP_NR && !err; i++)
		err = feed_gup(rep, me, r, gup_method_name[i], &r->gup[i], r->start);
	err = err ?: dmabuf_audit_report_add_unmap(rep, me->mm, r->start, r->end);
	if (!err && r->reused)
		err = feed_gup(rep, me, r, "vmsplice", &r->reuse_gup, r->reuse_start);
	return err;
}

/* "vmsplice: pipe:EMFILE, ..." for a mapping no attempt reached GUP on. */
static void why_no_gup(const struct exercise_result *r, char *buf, size_t len)
{
	size_t n = 0;
	char g[64];
	int i;

	buf[0] = '\0';
	for (i = 0; i < GUP_NR && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s: %s", n ? ", " : "",
			      gup_method_name[i], gup_str(&r->gup[i], g, sizeof(g)));
}

/*
 * Devices that are no exporter of the kind tried (render nodes refuse dumb
 * buffers, V4L2 output or metadata nodes) are listed, not gaps; any other
 * device that gave no buffer may hide an exporter the audit did not see.
 */
static bool skip_is_gap(const struct exercise_skip *s)
{
	return strncmp(s->reason, "not a video capture node", 24) &&
	       strncmp(s->reason, "CREATE_DUMB: ", 13);
}

/*
 * What was not checked makes the report incomplete: an exporter whose GUP
 * could not be tried at all has not passed.
 */
static void note_gaps(struct dmabuf_audit_report *rep, const struct exercise_report *x)
{
	const struct exercise_result *r;
	char why[GUP_NR * 64];
	size_t i;
	int m;

	for (i = 0; i < x->nres; i++) {
		r = &x->res[i];
		if (!r->mapped) {
			dmabuf_audit_report_add_note(rep, "%s (%s) was not mapped: %s",
						     r->exp_name, r->source, r->failure);
			continue;
		}
		for (m = 0; m < GUP_NR && !gup_reached(&r->gup[m]); m++)
			;
		if (m < GUP_NR)
			continue;
		why_no_gup(r, why, sizeof(why));
		dmabuf_audit_report_add_note(rep, "%s (%s): no GUP attempt reached "
					     "get_user_pages (%s)", r->exp_name, r->source, why);
	}
	for (i = 0; i < x->nskips; i++)
		if (skip_is_gap(&x->skips[i]))
			dmabuf_audit_report_add_note(rep, "%s gave no dma-buf (%s)%s",
						     x->skips[i].source, x->skips[i].reason,
						     strstr(x->skips[i].reason, "open: EACCES") &&
						     geteuid() ? ": run as root" : "");
	if (!x->nres)
		dmabuf_audit_report_add_note(rep, "no dma-buf exporter found (looked for "
					     "/dev/dri/*, /dev/dma_heap/*, /dev/udmabuf, "
					     "/dev/video*)");
}

/* The first failure of method @m, for a method that never reached GUP. */
static const char *first_failure(const struct exercise_report *x, int m,
				 char *buf, size_t len)
{
	size_t i;

	if (m == GUP_O_DIRECT && x->odirect.fd < 0) {
		snprintf(buf, len, "no O_DIRECT filesystem: %s", x->odirect.why);
		return buf;
	}
	for (i = 0; i < x->nres; i++)
		if (x->res[i].gup[m].tried)
			return gup_str(&x->res[i].gup[m], buf, len);
	return "not tried";
}

/*
 * "VmFlags from smaps; GUP by a, b; not reached: c (why)": where traced
 * audits name their probes, exercise says what it measured.
 */
static void report_method(const struct exercise_report *x, char *buf, size_t len)
{
	bool reached[GUP_NR] = { false };
	char why[EX_REASON_LEN * 2];
	size_t i, n;
	int m, k;

	for (i = 0; i < x->nres; i++)
		for (m = 0; m < GUP_NR; m++)
			reached[m] |= gup_reached(&x->res[i].gup[m]);
	n = snprintf(buf, len, "exercise: VmFlags from /proc/self/smaps, exporter from fdinfo; "
		     "GUP%s", x->nres ? " by" : ": nothing mapped to try it on");
	if (!x->nres)
		return;
	for (m = 0, k = 0; m < GUP_NR && n < len; m++)
		if (reached[m])
			n += snprintf(buf + n, len - n, "%s %s", k++ ? "," : "",
				      gup_method_name[m]);
	if (!k && n < len)
		n += snprintf(buf + n, len - n, " none");
	for (m = 0, k = 0; m < GUP_NR && n < len; m++)
		if (!reached[m])
			n += snprintf(buf + n, len - n, "%s%s (%s)",
				      k++ ? ", " : "; not reached: ", gup_method_name[m],
				      first_failure(x, m, why, sizeof(why)));
}

/* The measurements as a report of the library; NULL if out of memory. */
static struct dmabuf_audit_report *build_report(const struct exercise_report *x)
{
	struct ex_self me = { .mm = getpid(), .pid = getpid(), .ps = page_size() };
	struct dmabuf_audit_report *rep;
	char method[320];
	size_t i;
	int err = 0;

	report_method(x, method, sizeof(method));
	rep = dmabuf_audit_report_alloc(method);
	if (!rep)
		return NULL;
	prctl(PR_GET_NAME, me.comm, 0, 0, 0);
	for (i = 0; i < x->nres && !err; i++)
		err = feed_result(rep, &me, &x->res[i]);
	if (err) {
		dmabuf_audit_report_free(rep);
		return NULL;
	}
	note_gaps(rep, x);
	return rep;
}

/* ---- command line ---- */

/* BYTES with an optional k/m/g (binary) suffix, rounded up to pages. */
static int parse_size(const char *s, size_t *size)
{
	unsigned long long v, ps = page_size();
	const char *suffixes = "kmg";
	const char *sfx;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v > EX_MAX_SIZE)
		return -1;
	sfx = *end ? strchr(suffixes, tolower((unsigned char)*end)) : NULL;
	if (sfx) {
		v <<= 10 * (sfx - suffixes + 1);
		end++;
	}
	if (*end || !v || v > EX_MAX_SIZE)
		return -1;
	*size = (v + ps - 1) / ps * ps;
	return 0;
}

static int parse_seconds(const char *s, unsigned int *secs)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || !v || v > 86400)
		return -1;
	*secs = v;
	return 0;
}

/* Matches "--name value" and "--name=value"; *val is NULL if missing. */
static bool opt_with_value(int argc, char **argv, int *i, const char *name,
			   const char **val)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len))
		return false;
	if (a[len] == '=') {
		*val = a + len + 1;
		return true;
	}
	if (a[len])
		return false;
	*val = *i + 1 < argc ? argv[++*i] : NULL;
	return true;
}

/* The formats of the common report (cli_output_option() takes them). */
static bool report_format(const char *val)
{
	static const char *const names[] = { "text", "json", "markdown", "ktap" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(val, names[i]))
			return true;
	return false;
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, EX_PREFIX "%s '%s'\n%s\n", what, arg, EX_USAGE);
	return 2;
}

/* Returns -1 to go on, or the exit code to leave with. */
static int parse_args(int argc, char **argv, struct exercise_opts *o)
{
	const char *val;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("%s\n", EX_USAGE);
			return 0;
		} else if (opt_with_value(argc, argv, &i, "--format", &val)) {
			if (!val)
				return usage_error("missing value for", "--format");
			o->tsv = !strcmp(val, "tsv");
			if (!o->tsv && !report_format(val))
				return usage_error("bad --format (text, json, markdown, ktap or tsv)",
						   val);
			if (!o->tsv)
				cli_output_option(&o->out, 'f', val);
		} else if (opt_with_value(argc, argv, &i, "--json", &val)) {
			if (!val)
				return usage_error("missing value for", "--json");
			cli_output_option(&o->out, 'j', val);
		} else if (opt_with_value(argc, argv, &i, "--hold", &val)) {
			if (!val)
				return usage_error("missing value for", "--hold");
			if (parse_seconds(val, &o->hold))
				return usage_error("bad --hold (1 to 86400 seconds)", val);
		} else if (opt_with_value(argc, argv, &i, "--size", &val)) {
			if (!val)
				return usage_error("missing value for", "--size");
			if (parse_size(val, &o->size))
				return usage_error("bad --size (1 byte to 1G)", val);
		} else {
			return usage_error("unexpected argument", argv[i]);
		}
	}
	return -1;
}

/*
 * The measurements first (TSV, or the table for text), then the common
 * report in the format asked and to --json FILE. Exit status: the report's
 * (0 pass, 1 fail, 3 incomplete), 4 when there is no exporter to exercise.
 */
static int print_all(struct exercise_opts *o, const struct exercise_report *x,
		     struct dmabuf_audit_report *rep)
{
	int ret;

	if (o->tsv) {
		print_tsv(stdout, x);
		o->out.quiet = true;
	} else if (o->out.format == DMABUF_AUDIT_FORMAT_TEXT && (x->nres || x->nskips)) {
		print_text(stdout, x);
		putchar('\n');
	}
	ret = cli_output_write(&o->out, rep, "exercise");
	if (!x->nres && ret != 2) {
		fprintf(stderr, EX_PREFIX "no dma-buf exporter found on this machine (looked for /dev/dri/*, /dev/dma_heap/*, /dev/udmabuf, /dev/video*)\n");
		ret = 4;
	}
	return ret;
}

int cmd_exercise(int argc, char **argv)
{
	struct exercise_opts opts = {
		.out = CLI_OUTPUT_INIT,
		.size = EX_DEFAULT_SIZE,
	};
	struct dmabuf_audit_report *rep;
	struct exercise_report x;
	int ret;

	ret = parse_args(argc, argv, &opts);
	if (ret >= 0)
		return ret;
	if (cli_output_prepare(&opts.out, "exercise"))
		return 2;
	memset(&x, 0, sizeof(x));
	x.hold = opts.hold;
	exercise_all(&x, opts.size);
	rep = build_report(&x);
	if (!rep) {
		fprintf(stderr, EX_PREFIX "out of memory\n");
		cli_output_abort(&opts.out);
		report_free(&x);
		return 2;
	}
	ret = print_all(&opts, &x, rep);
	dmabuf_audit_report_free(rep);
	report_free(&x);
	return ret;
}
