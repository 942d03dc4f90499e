// SPDX-License-Identifier: LGPL-2.1
/*
 * The snapshot source: every dma-buf mapping that exists now, from procfs.
 *
 * A dma-buf mapped through its fd shows in /proc/PID/maps as "/dmabuf:"
 * followed by the buffer's name (empty when unnamed), with the dma-buf's
 * inode. smaps gives the VMA's flags as letters, and the fdinfo of any fd
 * on that dma-buf, in any process, gives its exporter (debugfs bufinfo too,
 * for root). So the walk collects mappings and inode -> exporter pairs from
 * every process first, and emits the mappings at the end.
 *
 * The same walk reads the running system (root "/"), a directory shaped
 * like it, or an archive written by --save; the archive holds the files as
 * read, except smaps, cut to the entries of dma-buf mappings (the rest is
 * most of its size and none of the audit).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dmabuf-audit-local.h"
#include "archive.h"
#include "report.h"
#include "snapshot.h"

#define DMABUF_PREFIX	"/dmabuf:"
#define PF_KTHREAD	0x00200000	/* include/linux/sched.h */
#define FILE_MAX	(256UL << 20)	/* no procfs file we read comes near */
#define BUFINFO		"sys/kernel/debug/dma_buf/bufinfo"
#define OSRELEASE	"proc/sys/kernel/osrelease"

/* Where files come from: a directory tree (/ by default) or an archive. */
struct snap_src {
	int dirfd;
	struct da_archive *ar;
};

/* The exporter of the dma-buf with inode @ino. */
struct snap_exp {
	uint64_t ino, size;
	size_t seq;		/* the first one found of an inode wins */
	char name[DA_EXP_NAME_MAX];
};

struct snap_map {
	int pid;
	char comm[DA_COMM_MAX];
	uint64_t start, end, ino, flags;
	bool no_flags;		/* smaps had no VmFlags for it */
};

struct snap {
	struct snap_src src;
	struct da_tar *tar;	/* --save, or NULL */
	struct da_snapshot_stats *st;
	struct snap_map *maps;
	size_t nr_maps, cap_maps;
	struct snap_exp *exps;
	size_t nr_exps, cap_exps;
	int pid;		/* the process being read */
	int err;		/* fatal: ENOMEM */
};

/* ---- reading files from the source ---- */

/* Room for more than @got bytes: procfs files tell no size in advance. */
static int grow_buf(char **buf, size_t *cap, size_t got)
{
	size_t n = *cap ? *cap * 2 : 16384;
	char *b;

	if (got + 1 < *cap)
		return 0;
	if (n > FILE_MAX)
		return -EFBIG;
	b = realloc(*buf, n);
	if (!b)
		return -ENOMEM;
	*buf = b;
	*cap = n;
	return 0;
}

static int read_fd(int fd, char **out, size_t *len)
{
	size_t cap = 0, got = 0;
	char *buf = NULL;
	ssize_t r = 1;
	int err = 0;

	while (!err && r) {
		err = grow_buf(&buf, &cap, got);
		r = err ? 0 : read(fd, buf + got, cap - got - 1);
		if (r < 0 && errno != EINTR)
			err = -errno;
		got += r > 0 ? r : 0;
	}
	if (err) {
		free(buf);
		return err;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

/*
 * The file at @path under the source, NUL-terminated, to free. A file with
 * no read permission at all is how an archive records EACCES: unpacked, it
 * reads as EACCES for root too.
 */
static int src_read(const struct snap_src *src, const char *path, char **out,
		    size_t *len)
{
	const struct da_archive_file *f;
	struct stat st;
	int fd, err;

	if (src->ar) {
		f = da_archive_find(src->ar, path);
		if (!f)
			return -ENOENT;
		if (!(f->mode & 0444))
			return -EACCES;
		*out = malloc(f->size + 1);
		if (!*out)
			return -ENOMEM;
		memcpy(*out, f->data, f->size);
		(*out)[f->size] = '\0';
		*len = f->size;
		return 0;
	}
	/* O_NONBLOCK: a FIFO in a made-up tree must not hang the walk */
	fd = openat(src->dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else if (!(st.st_mode & 0444))
		err = -EACCES;
	else
		err = read_fd(fd, out, len);
	close(fd);
	return err;
}

/* Call @fn for each name in directory @path of the source. */
static int src_list(const struct snap_src *src, const char *path,
		    da_archive_dir_fn fn, void *data)
{
	struct dirent *de;
	int fd, ret = 0;
	DIR *d;

	if (src->ar)
		return da_archive_list(src->ar, path, fn, data);
	fd = openat(src->dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while (!ret && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ret = fn(de->d_name, data);
	closedir(d);
	return ret;
}

static int stop(const char *name, void *data)
{
	return 1;
}

/* Any valid tar parses: one with nothing under proc/ is someone else's. */
static int archive_open(struct snap_src *src, const char *path)
{
	int err = da_archive_load(path, &src->ar);

	if (err)
		return err;
	if (da_archive_list(src->ar, "proc", stop, NULL) == 1)
		return 0;
	da_warn("%s is not a snapshot archive: it holds nothing under proc/\n", path);
	da_archive_free(src->ar);
	src->ar = NULL;
	return -DMABUF_AUDIT_ERR_FORMAT;
}

static int src_open(struct snap_src *src, const char *root)
{
	struct stat st;

	src->dirfd = -1;
	src->ar = NULL;
	if (stat(root, &st)) {
		da_warn("cannot open %s: %s\n", root, strerror(errno));
		return -errno;
	}
	if (S_ISREG(st.st_mode))
		return archive_open(src, root);
	if (!S_ISDIR(st.st_mode)) {
		da_warn("%s is neither a directory nor a snapshot archive\n", root);
		return -EINVAL;
	}
	src->dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (src->dirfd < 0) {
		da_warn("cannot open %s: %s\n", root, strerror(errno));
		return -errno;
	}
	if (faccessat(src->dirfd, "proc", X_OK, 0)) {
		da_warn("%s has no proc/ directory: --root wants a directory like / "
			"or an archive written by --save\n", root);
		close(src->dirfd);
		return -ENOENT;
	}
	return 0;
}

static void src_close(struct snap_src *src)
{
	if (src->dirfd >= 0)
		close(src->dirfd);
	da_archive_free(src->ar);
}

static void save(struct snap *s, const char *path, const char *data, size_t len,
		 unsigned int mode)
{
	if (s->tar)
		da_tar_add(s->tar, path, data, len, mode);
}

/* ---- text helpers ---- */

/* The line at *pos, without its newline; false at the end. */
static bool next_line(const char **pos, const char *end, const char **line,
		      size_t *n)
{
	const char *p = *pos, *nl;

	if (p >= end)
		return false;
	nl = memchr(p, '\n', end - p);
	*line = p;
	*n = (nl ? nl : end) - p;
	*pos = nl ? nl + 1 : end;
	return true;
}

/* If the line is "key:<blanks>value", the value (without blanks). */
static const char *line_value(const char *line, size_t n, const char *key,
			      size_t *vlen)
{
	size_t k = strlen(key);

	if (n <= k || memcmp(line, key, k) || line[k] != ':')
		return NULL;
	for (k++; k < n && (line[k] == ' ' || line[k] == '\t'); k++)
		;
	*vlen = n - k;
	while (*vlen && (line[k + *vlen - 1] == ' ' || line[k + *vlen - 1] == '\t'))
		(*vlen)--;
	return line + k;
}

/* A decimal number that fills the whole field. */
static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (s[i] - '0')) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Zero-padded, so that whole arrays can be copied on with memcpy(). */
static void copy_field(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

struct vma_hdr {
	uint64_t start, end, ino;
	bool dmabuf;
};

/* A digit of @base (10 or 16), or -1. */
static int digit(char c, int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The number of @base at *p, before @end; *p moves past it. */
static bool scan_number(const char **p, const char *end, int base, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int d;

	for (; s < end && (d = digit(*s, base)) >= 0; s++) {
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	if (s == *p)
		return false;
	*v = x;
	*p = s;
	return true;
}

/*
 * "start-end perms offset dev inode [path]": a maps line, or an smaps
 * header. By hand, in place: a snapshot reads one per mapping, and every
 * other line of smaps is tried too.
 */
static bool vma_header(const char *line, size_t n, struct vma_hdr *h)
{
	const char *p = line, *end = line + n, *sp;
	size_t k = strlen(DMABUF_PREFIX);
	int i;

	if (!scan_number(&p, end, 16, &h->start) || p == end || *p++ != '-' ||
	    !scan_number(&p, end, 16, &h->end) || h->start >= h->end ||
	    p == end || *p != ' ')
		return false;
	/* perms, offset, dev: three words */
	for (p++, i = 0; i < 3; i++, p = sp + 1) {
		sp = memchr(p, ' ', end - p);
		if (!sp || sp == p)
			return false;
	}
	if (!scan_number(&p, end, 10, &h->ino) || (p < end && *p != ' '))
		return false;
	while (p < end && *p == ' ')
		p++;
	h->dmabuf = (size_t)(end - p) >= k && !memcmp(p, DMABUF_PREFIX, k);
	return true;
}

/* ---- exporters: inode -> name ---- */

static void exp_add(struct snap *s, uint64_t ino, const char *name, size_t n,
		    uint64_t size)
{
	struct snap_exp *e;

	/* duplicates are dropped by exp_index(), once, not searched here */
	if (da_grow((void **)&s->exps, &s->cap_exps, s->nr_exps + 1, sizeof(*e))) {
		s->err = -ENOMEM;
		return;
	}
	e = &s->exps[s->nr_exps];
	e->seq = s->nr_exps++;
	e->ino = ino;
	e->size = size;
	copy_field(e->name, sizeof(e->name), name, n);
}

static int by_ino(const void *a, const void *b)
{
	const struct snap_exp *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorted by inode, first found first, duplicates dropped: lookups by
 * binary search (a machine has as many buffers as mappings, or more).
 */
static void exp_index(struct snap *s)
{
	size_t i, n = 0;

	if (!s->nr_exps)
		return;
	qsort(s->exps, s->nr_exps, sizeof(*s->exps), by_ino);
	for (i = 0; i < s->nr_exps; i++)
		if (!n || s->exps[n - 1].ino != s->exps[i].ino)
			s->exps[n++] = s->exps[i];
	s->nr_exps = n;
}

static const struct snap_exp *exp_find(const struct snap *s, uint64_t ino)
{
	size_t lo = 0, hi = s->nr_exps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->exps[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nr_exps && s->exps[lo].ino == ino ? &s->exps[lo] : NULL;
}

/* An fdinfo file: true if it is a dma-buf's (it has exp_name). */
static bool fdinfo_parse(struct snap *s, const char *buf, size_t len)
{
	const char *pos = buf, *end = buf + len, *line, *v, *name = NULL;
	uint64_t ino = 0, size = 0, x;
	size_t n, vn, name_len = 0;

	while (next_line(&pos, end, &line, &n)) {
		if ((v = line_value(line, n, "exp_name", &vn)))
			name = v, name_len = vn;
		else if ((v = line_value(line, n, "ino", &vn)) && parse_u64(v, vn, &x))
			ino = x;
		else if ((v = line_value(line, n, "size", &vn)) && parse_u64(v, vn, &x))
			size = x;
	}
	if (!name)
		return false;
	if (ino)
		exp_add(s, ino, name, name_len, size);
	return true;
}

static int fdinfo_one(const char *name, void *data)
{
	struct snap *s = data;
	char path[96], *buf;
	size_t len;
	int err;

	if (strspn(name, "0123456789") != strlen(name) || strlen(name) > 10)
		return 0;
	snprintf(path, sizeof(path), "proc/%d/fdinfo/%s", s->pid, name);
	err = src_read(&s->src, path, &buf, &len);
	if (err == -ENOMEM)
		return s->err = err;
	if (err)	/* closed meanwhile, or not ours to read: not fatal */
		return 0;
	if (fdinfo_parse(s, buf, len))
		save(s, path, buf, len, 0444);
	free(buf);
	return s->err;
}

/* A tab-separated field of a bufinfo line, blanks trimmed. */
struct field {
	const char *p;
	size_t n;
};

/* Split a bufinfo line at tabs, in place; returns the field count. */
static int split_tabs(const char *line, size_t len, struct field *f, int max)
{
	const char *end = line + len, *tab;
	int n = 0;

	while (n < max && line <= end) {
		tab = memchr(line, '\t', end - line);
		if (!tab)
			tab = end;
		while (line < tab && *line == ' ')
			line++;
		f[n].p = line;
		f[n].n = 0;
		while (line + f[n].n < tab && line[f[n].n] != ' ')
			f[n].n++;
		n++;
		line = tab + 1;
	}
	return n;
}

static bool field_is(const struct field *f, const char *s)
{
	return f->n == strlen(s) && !memcmp(f->p, s, f->n);
}

/*
 * debugfs dma_buf/bufinfo: a header line naming tab-separated columns
 * ("size flags mode count exp_name ino name" on 6.1 to 7.x), a line per
 * dma-buf, with its fences and attachments on indented lines between.
 */
static void bufinfo_parse(struct snap *s, const char *buf, size_t len)
{
	const char *pos = buf, *end = buf + len, *line;
	int i, nf, c_exp = -1, c_ino = -1, c_size = -1;
	struct field f[16];
	uint64_t ino, size;
	size_t n;

	while (next_line(&pos, end, &line, &n)) {
		nf = split_tabs(line, n, f, ARRAY_SIZE(f));
		if (c_exp < 0 || c_ino < 0) {
			for (i = 0; i < nf; i++) {
				c_exp = field_is(&f[i], "exp_name") ? i : c_exp;
				c_ino = field_is(&f[i], "ino") ? i : c_ino;
				c_size = field_is(&f[i], "size") ? i : c_size;
			}
			continue;
		}
		if (nf <= c_exp || nf <= c_ino || !parse_u64(f[c_ino].p, f[c_ino].n, &ino))
			continue;
		if (c_size < 0 || c_size >= nf || !parse_u64(f[c_size].p, f[c_size].n, &size))
			size = 0;
		exp_add(s, ino, f[c_exp].p, f[c_exp].n, size);
	}
}

static void read_bufinfo(struct snap *s)
{
	size_t len;
	char *buf;

	/* root only, and only with debugfs mounted: a bonus, not a need */
	if (src_read(&s->src, BUFINFO, &buf, &len))
		return;
	s->st->bufinfo = true;
	bufinfo_parse(s, buf, len);
	save(s, BUFINFO, buf, len, 0444);
	free(buf);
}

/* ---- processes ---- */

static void map_add(struct snap *s, const char *comm, const struct vma_hdr *h,
		    uint64_t flags, bool no_flags)
{
	struct snap_map *m;

	if (da_grow((void **)&s->maps, &s->cap_maps, s->nr_maps + 1, sizeof(*m))) {
		s->err = -ENOMEM;
		return;
	}
	m = &s->maps[s->nr_maps++];
	m->pid = s->pid;
	memcpy(m->comm, comm, sizeof(m->comm));
	m->start = h->start;
	m->end = h->end;
	m->ino = h->ino;
	m->flags = flags;
	m->no_flags = no_flags;
}

static bool has_dmabuf(const char *buf, size_t len)
{
	const char *pos = buf, *end = buf + len, *line;
	struct vma_hdr h;
	size_t n;

	while (next_line(&pos, end, &line, &n))
		if (vma_header(line, n, &h) && h.dmabuf)
			return true;
	return false;
}

/*
 * Each dma-buf entry of smaps: its header and VmFlags become a mapping, and
 * its lines are kept in @cut (smaps minus the other entries) for --save.
 */
static size_t smaps_parse(struct snap *s, const char *comm, const char *buf,
			  size_t len, char *cut)
{
	const char *pos = buf, *end = buf + len, *line, *v, *from = NULL;
	struct vma_hdr h, cur = { 0 };
	size_t n, vn, kept = 0;
	bool flags_seen = false;

	while (next_line(&pos, end, &line, &n)) {
		if (vma_header(line, n, &h)) {
			if (from && !flags_seen)
				map_add(s, comm, &cur, 0, true);
			from = h.dmabuf ? line : NULL;
			cur = h;
			flags_seen = false;
		}
		if (!from)
			continue;
		memcpy(cut + kept, line, pos - line);
		kept += pos - line;
		v = line_value(line, n, "VmFlags", &vn);
		if (v && !flags_seen) {
			map_add(s, comm, &cur, da_vm_flags_from_letters(v, vn), false);
			flags_seen = true;
		}
	}
	if (from && !flags_seen)
		map_add(s, comm, &cur, 0, true);
	return kept;
}

static void read_comm(struct snap *s, char *comm, size_t size)
{
	char path[64], *buf;
	size_t len;

	snprintf(path, sizeof(path), "proc/%d/comm", s->pid);
	if (src_read(&s->src, path, &buf, &len)) {
		copy_field(comm, size, "?", 1);
		return;
	}
	save(s, path, buf, len, 0444);
	copy_field(comm, size, buf, strcspn(buf, "\n"));
	free(buf);
}

/* Kernel threads have no maps to read: not a process we failed to see. */
static bool is_kthread(struct snap *s)
{
	unsigned int flags = 0;
	char path[64], *buf, *p;
	size_t len;

	snprintf(path, sizeof(path), "proc/%d/stat", s->pid);
	if (src_read(&s->src, path, &buf, &len))
		return false;
	/* comm, in parentheses, may hold anything: fields follow the last ')' */
	p = strrchr(buf, ')');
	if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) != 1)
		flags = 0;
	free(buf);
	return flags & PF_KTHREAD;
}

/* maps or smaps could not be read: gone (fine), or not ours to read. */
static void unreadable(struct snap *s, const char *path, int err, bool named)
{
	if (err == -ENOENT || err == -ESRCH) {
		if (named && !s->st->gone++)
			s->st->gone_pid = s->pid;
		return;
	}
	if (err == -ENOMEM) {
		s->err = err;
		return;
	}
	if ((err == -EACCES || err == -EPERM) && is_kthread(s))
		return;
	if (err == -EACCES || err == -EPERM) {
		s->st->denied++;
	} else {
		s->st->failed++;
		s->st->failed_err = err;
	}
	save(s, path, "", 0, 0);
}

static void read_smaps(struct snap *s, const char *comm, bool named)
{
	char path[64], *buf, *cut;
	size_t len, kept;
	int err;

	snprintf(path, sizeof(path), "proc/%d/smaps", s->pid);
	err = src_read(&s->src, path, &buf, &len);
	if (err) {
		unreadable(s, path, err, named);
		return;
	}
	cut = malloc(len + 1);
	if (!cut) {
		s->err = -ENOMEM;
	} else {
		kept = smaps_parse(s, comm, buf, len, cut);
		save(s, path, cut, kept, 0444);
	}
	free(cut);
	free(buf);
}

static void walk_pid(struct snap *s, int pid, bool named)
{
	char path[64], comm[DA_COMM_MAX], fdinfo[64], *maps;
	size_t len;
	int err;

	s->pid = pid;
	snprintf(path, sizeof(path), "proc/%d/maps", pid);
	err = src_read(&s->src, path, &maps, &len);
	if (err) {
		unreadable(s, path, err, named);
		return;
	}
	s->st->processes++;
	/* any process's fd may name a buffer that another one maps */
	snprintf(fdinfo, sizeof(fdinfo), "proc/%d/fdinfo", pid);
	src_list(&s->src, fdinfo, fdinfo_one, s);
	if (!s->err && has_dmabuf(maps, len)) {
		read_comm(s, comm, sizeof(comm));
		save(s, path, maps, len, 0444);
		read_smaps(s, comm, named);
	}
	free(maps);
}

/* ---- the walk ---- */

struct pid_list {
	int *pids;
	size_t nr, cap;
};

static int pid_one(const char *name, void *data)
{
	struct pid_list *l = data;
	uint64_t pid;

	if (!parse_u64(name, strlen(name), &pid) || !pid || pid > INT32_MAX)
		return 0;
	if (da_grow((void **)&l->pids, &l->cap, l->nr + 1, sizeof(*l->pids)))
		return -ENOMEM;
	l->pids[l->nr++] = pid;
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Every process, in pid order (an archive may list one twice). */
static int walk_all(struct snap *s)
{
	struct pid_list l = { 0 };
	size_t i;
	int err;

	err = src_list(&s->src, "proc", pid_one, &l);
	if (err && err != -ENOENT) {
		free(l.pids);
		if (err != -ENOMEM)
			da_warn("cannot list proc/: %s\n", strerror(-err));
		return err;
	}
	if (l.nr)	/* qsort() wants an array, even of nothing */
		qsort(l.pids, l.nr, sizeof(*l.pids), by_pid);
	for (i = 0; i < l.nr && !s->err; i++)
		if (!i || l.pids[i] != l.pids[i - 1])
			walk_pid(s, l.pids[i], false);
	free(l.pids);
	return s->err;
}

static void read_kernel(struct snap *s)
{
	size_t len;
	char *buf;

	if (src_read(&s->src, OSRELEASE, &buf, &len))
		return;
	save(s, OSRELEASE, buf, len, 0444);
	copy_field(s->st->kernel, sizeof(s->st->kernel), buf, strcspn(buf, "\n"));
	free(buf);
}

static int emit_maps(struct snap *s, da_emit_fn emit, void *data)
{
	const struct snap_exp *e;
	struct da_event ev;
	size_t i;
	int err = 0;

	for (i = 0; i < s->nr_maps && !err; i++) {
		const struct snap_map *m = &s->maps[i];

		memset(&ev, 0, sizeof(ev));
		ev.type = DA_EV_MAP;
		ev.cpu = -1;
		ev.pid = m->pid;
		memcpy(ev.comm, m->comm, sizeof(ev.comm));
		/* a pid names one address space for as long as a snapshot lasts */
		ev.map.mm = m->pid;
		ev.map.start = m->start;
		ev.map.end = m->end;
		ev.map.flags = m->flags;
		ev.map.flags_unknown = m->no_flags;
		ev.map.ino = m->ino;
		ev.map.path = DA_MAP_DMABUF_FD;
		e = exp_find(s, m->ino);
		if (e) {
			ev.map.size = e->size;
			memcpy(ev.map.exp_name, e->name, sizeof(ev.map.exp_name));
		}
		err = emit(&ev, data);
	}
	return err;
}

static int get_opts(struct dmabuf_audit_snapshot_opts *o,
		    const struct dmabuf_audit_snapshot_opts *in)
{
	memset(o, 0, sizeof(*o));
	if (!in)
		return 0;
	if (in->sz < sizeof(in->sz))
		return -EINVAL;
	memcpy(o, in, in->sz < sizeof(*o) ? in->sz : sizeof(*o));
	if (o->nr_pids && !o->pids)
		return -EINVAL;
	return 0;
}

static int walk(struct snap *s, const struct dmabuf_audit_snapshot_opts *o)
{
	size_t i;

	read_kernel(s);
	if (!o->pids)
		return walk_all(s);
	for (i = 0; i < o->nr_pids && !s->err; i++)
		walk_pid(s, o->pids[i], true);
	return s->err;
}

int da_snapshot_walk(const struct dmabuf_audit_snapshot_opts *opts,
		     da_emit_fn emit, void *data, struct da_snapshot_stats *st)
{
	struct dmabuf_audit_snapshot_opts o;
	struct snap s = { .st = st };
	int err;

	memset(st, 0, sizeof(*st));
	err = get_opts(&o, opts);
	if (err)
		return err;
	err = src_open(&s.src, o.root ? o.root : "/");
	if (err)
		return err;
	if (o.save_path)
		err = da_tar_open(o.save_path, &s.tar);
	err = err ?: walk(&s, &o);
	if (!err)
		read_bufinfo(&s);
	err = err ?: s.err;
	if (s.tar)
		err = da_tar_close(s.tar, !err) ?: err;
	if (!err)
		exp_index(&s);
	err = err ?: emit_maps(&s, emit, data);
	if (err == -ENOMEM)
		da_warn("out of memory\n");
	src_close(&s.src);
	free(s.maps);
	free(s.exps);
	return err;
}

/* ---- the report ---- */

static void add_notes(struct dmabuf_audit_report *r, const struct da_snapshot_stats *st,
		      bool live)
{
	/* root is refused too in some containers: then advice would mislead */
	if (st->denied)
		dmabuf_audit_report_add_note(r, "could not read %lu process%s (permission "
					     "denied)%s", st->denied, st->denied == 1 ? "" : "es",
					     live && !geteuid() ? ", even as root" :
					     ": run as root to see them");
	if (st->failed)
		dmabuf_audit_report_add_note(r, "could not read %lu process%s (%s)",
					     st->failed, st->failed == 1 ? "" : "es",
					     strerror(-st->failed_err));
	if (st->gone == 1)
		dmabuf_audit_report_add_note(r, "process %d does not exist", st->gone_pid);
	else if (st->gone)
		dmabuf_audit_report_add_note(r, "%lu of the processes asked for do not "
					     "exist (the first: %d)", st->gone, st->gone_pid);
}

static void set_method(struct dmabuf_audit_report *r, const struct da_snapshot_stats *st,
		       const char *root)
{
	char m[192];

	snprintf(m, sizeof(m), "procfs maps/smaps/fdinfo%s%s%s",
		 st->bufinfo ? "/bufinfo" : "", root ? ", read from " : "",
		 root ? root : "");
	da_report_set_method(r, m);
}

int dmabuf_audit_snapshot(struct dmabuf_audit_report **out,
			  const struct dmabuf_audit_snapshot_opts *opts)
{
	struct dmabuf_audit_snapshot_opts o;
	struct dmabuf_audit_report *r;
	struct da_snapshot_stats st;
	const char *root;
	int err;

	*out = NULL;
	err = get_opts(&o, opts);
	if (err)
		return err;
	root = o.root && strcmp(o.root, "/") ? o.root : NULL;
	r = da_report_alloc(DA_SOURCE_SNAPSHOT, sysconf(_SC_PAGESIZE));
	if (!r)
		return -ENOMEM;
	da_report_set_no_gup(r);
	err = da_snapshot_walk(&o, da_report_feed, r, &st);
	if (err) {
		dmabuf_audit_report_free(r);
		return err;
	}
	if (st.kernel[0])
		da_report_set_kernel(r, st.kernel);
	set_method(r, &st, root);
	add_notes(r, &st, !root);
	*out = r;
	return 0;
}
