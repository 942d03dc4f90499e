// SPDX-License-Identifier: LGPL-2.1
/*
 * The procfs text formats, parsed in one place (see procfs.h): by hand and
 * in place, since a snapshot reads one header per mapping and tries every
 * other line of smaps too. dmabuf_audit_fd_info() and dmabuf_audit_vma_find()
 * give a program the same reading of its own buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmabuf-audit-local.h"
#include "procfs.h"

#define FILE_MAX	(256UL << 20)	/* no procfs file we read comes near */

bool da_procfs_next_line(const char **pos, const char *end, const char **line,
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

const char *da_procfs_value(const char *line, size_t n, const char *key,
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

bool da_procfs_u64(const char *s, size_t n, uint64_t *out)
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

bool da_procfs_vma_header(const char *line, size_t n, struct da_vma_hdr *h)
{
	const char *p = line, *end = line + n, *sp;
	size_t k = strlen(DA_DMABUF_PREFIX);
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
	h->path = p;
	h->path_len = end - p;
	h->dmabuf = h->path_len >= k && !memcmp(p, DA_DMABUF_PREFIX, k);
	return true;
}

bool da_procfs_fdinfo(const char *buf, size_t len, struct da_fdinfo *fi)
{
	const char *pos = buf, *end = buf + len, *line, *v;
	size_t n, vn;
	uint64_t x;

	memset(fi, 0, sizeof(*fi));
	while (da_procfs_next_line(&pos, end, &line, &n)) {
		if ((v = da_procfs_value(line, n, "exp_name", &vn)))
			fi->exp_name = v, fi->exp_name_len = vn;
		else if ((v = da_procfs_value(line, n, "ino", &vn)) && da_procfs_u64(v, vn, &x))
			fi->ino = x;
		else if ((v = da_procfs_value(line, n, "size", &vn)) && da_procfs_u64(v, vn, &x))
			fi->size = x;
	}
	return fi->exp_name != NULL;
}

/* Room for more than @got bytes. */
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

int da_procfs_read_fd(int fd, char **out, size_t *len)
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

void da_copy_field(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

/* ---- this process's own buffers: the public side ---- */

static int read_path(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = da_procfs_read_fd(fd, out, len);
	close(fd);
	return err;
}

int dmabuf_audit_fd_info(int fd, struct dmabuf_audit_fd_info *info)
{
	struct dmabuf_audit_fd_info out = { .sz = sizeof(out) };
	struct da_fdinfo fi;
	char path[64], *buf;
	size_t len;
	bool is_dmabuf;
	int err;

	if (!info || info->sz < sizeof(info->sz) || fd < 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	err = read_path(path, &buf, &len);
	if (err)
		return err;
	is_dmabuf = da_procfs_fdinfo(buf, len, &fi);
	if (is_dmabuf)
		da_copy_field(out.exp_name, sizeof(out.exp_name), fi.exp_name, fi.exp_name_len);
	out.ino = fi.ino;
	out.size = fi.size;
	free(buf);
	da_opts_put(info, &out, sizeof(out));
	return is_dmabuf ? 0 : -ENODEV;
}

/* The VmFlags letters, one space between each, as many as fit. */
static void copy_letters(char *dst, size_t size, const char *src, size_t len)
{
	const char *end = src + len;
	size_t n = 0, w;

	dst[0] = '\0';
	for (;;) {
		while (src < end && (*src == ' ' || *src == '\t'))
			src++;
		for (w = 0; src + w < end && src[w] != ' ' && src[w] != '\t'; w++)
			;
		if (!w || n + w + 2 > size)
			break;
		if (n)
			dst[n++] = ' ';
		memcpy(dst + n, src, w);
		n += w;
		dst[n] = '\0';
		src += w;
	}
}

/* The smaps entry holding @addr, from its header to its VmFlags. */
static bool vma_scan(const char *buf, size_t len, unsigned long long addr,
		     struct dmabuf_audit_vma *vma)
{
	const char *pos = buf, *end = buf + len, *line, *v;
	struct da_vma_hdr h;
	bool in = false;
	size_t n, vn;

	while (da_procfs_next_line(&pos, end, &line, &n)) {
		if (da_procfs_vma_header(line, n, &h)) {
			if (in)
				break;
			in = h.start <= addr && addr < h.end;
			if (!in)
				continue;
			vma->start = h.start;
			vma->end = h.end;
			vma->ino = h.ino;
			da_copy_field(vma->path, sizeof(vma->path), h.path, h.path_len);
			continue;
		}
		v = in ? da_procfs_value(line, n, "VmFlags", &vn) : NULL;
		if (v) {
			copy_letters(vma->vm_letters, sizeof(vma->vm_letters), v, vn);
			vma->vm_flags = da_vm_flags_from_letters(vma->vm_letters,
							 strlen(vma->vm_letters));
			break;
		}
	}
	return in;
}

int dmabuf_audit_vma_find(unsigned long long addr, struct dmabuf_audit_vma *vma)
{
	struct dmabuf_audit_vma out = { .sz = sizeof(out) };
	char *buf;
	size_t len;
	bool found;
	int err;

	if (!vma || vma->sz < sizeof(vma->sz))
		return -EINVAL;
	err = read_path("/proc/self/smaps", &buf, &len);
	if (err)
		return err;
	found = vma_scan(buf, len, addr, &out);
	free(buf);
	if (!found)
		return -ENOENT;
	da_opts_put(vma, &out, sizeof(out));
	return 0;
}
