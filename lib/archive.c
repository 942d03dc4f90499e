// SPDX-License-Identifier: LGPL-2.1
/*
 * Snapshot archives in POSIX ustar format (see archive.h): a small writer,
 * and a reader that indexes an archive held in memory.
 *
 * The reader parses outside data (a fuzzer is pointed at
 * da_archive_parse()): every field is read within its bounds, numbers are
 * checked digit by digit, and each size is compared with what is left of
 * the buffer before anything is indexed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dmabuf-audit-local.h"
#include "archive.h"
#include "out-file.h"

#define BLOCK		512
#define NAME_LEN	100
#define PREFIX_LEN	155
/* a snapshot of a big system is a few MB; refuse what cannot be one */
#define ARCHIVE_MAX	(1UL << 30)

/* Offsets in a ustar header block (POSIX.1-1988). */
enum {
	H_NAME = 0, H_MODE = 100, H_UID = 108, H_GID = 116, H_SIZE = 124,
	H_MTIME = 136, H_CHKSUM = 148, H_TYPE = 156, H_MAGIC = 257,
	H_VERSION = 263, H_UNAME = 265, H_GNAME = 297, H_PREFIX = 345,
};

struct da_archive {
	struct da_archive_file *files;	/* sorted by path, then order */
	size_t nr, cap;
	void *own;			/* the buffer, when loaded from a file */
};

struct da_tar {
	struct da_out_file out;		/* replaced atomically if a regular file */
	time_t mtime;
	int err;			/* sticky */
};

/* ---- reading ---- */

/* An octal field: blanks, digits, then NUL or blanks to its end. */
static int octal(const unsigned char *p, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;
	bool digits = false;

	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v * 8 + (p[i] - '0');
		digits = true;
	}
	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != '\0')
			return -1;
	*out = v;
	return digits ? 0 : -1;
}

/* Unsigned sum of the header with the checksum field read as blanks. */
static bool checksum_ok(const unsigned char *h)
{
	uint64_t want, sum = 0;
	long ssum = 0;
	size_t i;

	if (octal(h + H_CHKSUM, 8, &want))
		return false;
	for (i = 0; i < BLOCK; i++) {
		bool in = i >= H_CHKSUM && i < H_CHKSUM + 8;

		sum += in ? ' ' : h[i];
		ssum += in ? ' ' : (signed char)h[i];
	}
	/* some old writers summed signed chars */
	return want == sum || (long)want == ssum;
}

static bool all_zero(const unsigned char *h)
{
	size_t i;

	for (i = 0; i < BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

/* "ustar\0" "00" (POSIX) or "ustar  \0" (GNU tar's own format). */
static bool is_ustar(const unsigned char *h)
{
	return !memcmp(h + H_MAGIC, "ustar", 5) &&
	       (h[H_MAGIC + 5] == '\0' || h[H_MAGIC + 5] == ' ');
}

/* prefix "/" name, without "./" or "/" in front or "/" at the end. */
static char *header_path(const unsigned char *h)
{
	size_t np = strnlen((const char *)h + H_PREFIX, PREFIX_LEN);
	size_t nn = strnlen((const char *)h + H_NAME, NAME_LEN);
	char *s, *p;
	size_t len;

	if (asprintf(&s, "%.*s%s%.*s", (int)np, (const char *)h + H_PREFIX,
		     np ? "/" : "", (int)nn, (const char *)h + H_NAME) < 0)
		return NULL;
	for (p = s; !strncmp(p, "./", 2) || *p == '/'; p += *p == '/' ? 1 : 2)
		;
	len = strlen(p);
	while (len && p[len - 1] == '/')
		p[--len] = '\0';
	memmove(s, p, len + 1);
	return s;
}

static int add_file(struct da_archive *a, const unsigned char *h,
		    const void *data, size_t size, unsigned int mode)
{
	struct da_archive_file *f;

	if (da_grow((void **)&a->files, &a->cap, a->nr + 1, sizeof(*f)))
		return -ENOMEM;
	f = &a->files[a->nr];
	f->path = header_path(h);
	if (!f->path)
		return -ENOMEM;
	f->data = data;
	f->size = size;
	f->mode = mode & 07777;
	f->order = a->nr++;
	return 0;
}

struct parse_state {
	const unsigned char *buf;
	size_t len, off;
	char *why;
	size_t why_len;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parse_state *ps, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->why, ps->why_len, fmt, ap);
	va_end(ap);
	return err;
}

/* One header and its data at ps->off; 1 at the end of the archive. */
static int parse_entry(struct da_archive *a, struct parse_state *ps)
{
	size_t left = ps->off < ps->len ? ps->len - ps->off : 0;
	const unsigned char *h;
	uint64_t size, mode;
	int err;

	/* the archive must end with a zero block: it cannot just stop */
	if (left < BLOCK)
		return fail(ps, -DMABUF_AUDIT_ERR_TRUNCATED,
			    "truncated at byte %zu (a header was due at byte %zu)",
			    ps->len, ps->off);
	h = ps->buf + ps->off;
	if (all_zero(h))
		return 1;
	if (!is_ustar(h) || !checksum_ok(h))
		return fail(ps, -DMABUF_AUDIT_ERR_FORMAT, ps->off ?
			    "corrupt: bad header at byte %zu" :
			    "not a ustar archive (no valid header at byte %zu)", ps->off);
	if (octal(h + H_SIZE, 12, &size) || octal(h + H_MODE, 8, &mode))
		return fail(ps, -DMABUF_AUDIT_ERR_FORMAT,
			    "corrupt: bad size or mode at byte %zu", ps->off);
	left -= BLOCK;
	if (size > left)
		return fail(ps, -DMABUF_AUDIT_ERR_TRUNCATED,
			    "truncated at byte %zu (in a file of %llu bytes from byte %zu)",
			    ps->len, (unsigned long long)size, ps->off + BLOCK);
	/* regular files only: directories, links, pax and GNU extras are skipped */
	if (h[H_TYPE] == '0' || h[H_TYPE] == '\0' || h[H_TYPE] == '7') {
		err = add_file(a, h, h + BLOCK, size, mode);
		if (err)
			return fail(ps, err, "out of memory");
	}
	/* past the end if the padding is cut: the next call says so */
	ps->off += BLOCK + size;
	ps->off += (BLOCK - ps->off % BLOCK) % BLOCK;
	return 0;
}

static int by_path(const void *x, const void *y)
{
	const struct da_archive_file *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

int da_archive_parse(const void *buf, size_t len, struct da_archive **out,
		     char *why, size_t why_len)
{
	struct parse_state ps = { buf, len, 0, why, why_len };
	struct da_archive *a;
	int err = 0;

	*out = NULL;
	if (why_len)
		why[0] = '\0';
	if (!len)
		return fail(&ps, -DMABUF_AUDIT_ERR_TRUNCATED, "empty file");
	a = calloc(1, sizeof(*a));
	if (!a)
		return fail(&ps, -ENOMEM, "out of memory");
	while (!err)
		err = parse_entry(a, &ps);
	if (err < 0) {
		da_archive_free(a);
		return err;
	}
	if (a->nr)	/* qsort() wants an array, even of nothing */
		qsort(a->files, a->nr, sizeof(*a->files), by_path);
	*out = a;
	return 0;
}

void da_archive_free(struct da_archive *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nr; i++)
		free(a->files[i].path);
	free(a->files);
	free(a->own);
	free(a);
}

/* Index of the first file whose path is not below @key (strcmp order). */
static size_t lower_bound(const struct da_archive *a, const char *key)
{
	size_t lo = 0, hi = a->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(a->files[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct da_archive_file *da_archive_find(const struct da_archive *a,
					      const char *path)
{
	size_t i = lower_bound(a, path);
	const struct da_archive_file *f = NULL;

	for (; i < a->nr && !strcmp(a->files[i].path, path); i++)
		f = &a->files[i];
	return f;
}

int da_archive_list(const struct da_archive *a, const char *dir,
		    da_archive_dir_fn fn, void *data)
{
	char *prefix, *name = NULL;
	size_t i, plen, n;
	int ret = -ENOENT;

	if (asprintf(&prefix, "%s/", dir) < 0)
		return -ENOMEM;
	plen = strlen(prefix);
	for (i = lower_bound(a, prefix); i < a->nr; i++) {
		const char *p = a->files[i].path;

		if (strncmp(p, prefix, plen))
			break;
		p += plen;
		n = strcspn(p, "/");
		if (!n || (name && !strncmp(name, p, n) && !name[n]))
			continue;
		free(name);
		name = strndup(p, n);
		ret = name ? fn(name, data) : -ENOMEM;
		if (ret)
			break;
	}
	free(name);
	free(prefix);
	return ret;
}

/* The whole of a regular file, or a negative errno. */
static int slurp(int fd, void **buf, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *b;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((uint64_t)st.st_size > ARCHIVE_MAX)
		return -EFBIG;
	b = malloc(st.st_size ? st.st_size : 1);
	if (!b)
		return -ENOMEM;
	while (got < (size_t)st.st_size &&
	       (n = read(fd, b + got, st.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(b);
			return -errno;
		}
		got += n;
	}
	*buf = b;
	*len = got;
	return 0;
}

/* A .tar.gz, told by its magic: *@buf becomes the tar inside. */
static int inflate_if_gzip(void **buf, size_t *len, char *why, size_t why_len)
{
	void *tar;
	size_t n;
	int err;

	if (!da_gzip_is(*buf, *len))
		return 0;
	err = da_gunzip(*buf, *len, ARCHIVE_MAX, &tar, &n, why, why_len);
	if (err)
		return err;
	free(*buf);
	*buf = tar;
	*len = n;
	return 0;
}

int da_archive_load(const char *path, struct da_archive **out)
{
	char why[160];
	void *buf = NULL;
	size_t len = 0;
	int fd, err;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		da_warn("cannot open %s: %s\n", path, strerror(errno));
		return err;
	}
	err = slurp(fd, &buf, &len);
	close(fd);
	if (err) {
		da_warn("cannot read %s: %s\n", path, err == -EINVAL ?
			"not a regular file" : strerror(-err));
		return err;
	}
	err = inflate_if_gzip(&buf, &len, why, sizeof(why));
	err = err ?: da_archive_parse(buf, len, out, why, sizeof(why));
	if (err) {
		da_warn("%s is not a snapshot archive: %s\n", path, why);
		free(buf);
		return err;
	}
	(*out)->own = buf;
	return 0;
}

/* ---- writing ---- */

int da_tar_open(const char *path, struct da_tar **out)
{
	struct da_tar *t = calloc(1, sizeof(*t));
	int err;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	err = da_out_file_open(&t->out, path, 0);
	if (err) {
		da_warn("cannot write %s: %s\n", path, strerror(-err));
		free(t);
		return err;
	}
	t->mtime = time(NULL);
	*out = t;
	return 0;
}

/* Split @path into ustar's prefix and name fields. */
static int put_path(unsigned char *h, const char *path)
{
	size_t len = strlen(path);
	const char *slash;

	if (len <= NAME_LEN) {
		memcpy(h + H_NAME, path, len);
		return 0;
	}
	/* the last '/' that leaves at most NAME_LEN characters after it */
	for (slash = path + len - NAME_LEN - 1; *slash && *slash != '/'; slash++)
		;
	if (!*slash || slash == path || slash - path > PREFIX_LEN)
		return -ENAMETOOLONG;
	memcpy(h + H_PREFIX, path, slash - path);
	memcpy(h + H_NAME, slash + 1, len - (slash - path) - 1);
	return 0;
}

static int make_header(unsigned char *h, const char *path, size_t len,
		       unsigned int mode, time_t mtime)
{
	unsigned int sum = 0;
	size_t i;

	memset(h, 0, BLOCK);
	if (put_path(h, path))
		return -ENAMETOOLONG;
	if ((uint64_t)len >= 1ULL << 33)	/* 11 octal digits */
		return -EFBIG;
	snprintf((char *)h + H_MODE, 8, "%07o", mode & 07777);
	snprintf((char *)h + H_UID, 8, "%07o", 0);
	snprintf((char *)h + H_GID, 8, "%07o", 0);
	snprintf((char *)h + H_SIZE, 12, "%011llo", (unsigned long long)len);
	snprintf((char *)h + H_MTIME, 12, "%011llo", (unsigned long long)mtime);
	h[H_TYPE] = '0';
	memcpy(h + H_MAGIC, "ustar", 6);
	memcpy(h + H_VERSION, "00", 2);
	memcpy(h + H_UNAME, "root", 4);
	memcpy(h + H_GNAME, "root", 4);
	memset(h + H_CHKSUM, ' ', 8);
	for (i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + H_CHKSUM, 8, "%06o", sum);
	h[H_CHKSUM + 7] = ' ';
	return 0;
}

int da_tar_add(struct da_tar *t, const char *path, const void *data,
	       size_t len, unsigned int mode)
{
	static const unsigned char zero[BLOCK];
	unsigned char h[BLOCK];
	size_t pad;
	int err;

	if (t->err)
		return t->err;
	err = make_header(h, path, len, mode, t->mtime);
	if (err) {
		da_warn("cannot archive %s: %s\n", path, strerror(-err));
		return t->err = err;
	}
	pad = (BLOCK - len % BLOCK) % BLOCK;
	if (fwrite(h, BLOCK, 1, t->out.f) != 1 ||
	    (len && fwrite(data, len, 1, t->out.f) != 1) ||
	    (pad && fwrite(zero, pad, 1, t->out.f) != 1))
		t->err = errno ? -errno : -EIO;
	return t->err;
}

int da_tar_close(struct da_tar *t, int keep)
{
	static const unsigned char end[2 * BLOCK];
	int err;

	if (!t)
		return 0;
	if (keep && !t->err && fwrite(end, sizeof(end), 1, t->out.f) != 1)
		t->err = errno ? -errno : -EIO;
	if (keep && !t->err)
		t->err = da_out_file_commit(&t->out);
	if (keep && t->err)
		da_warn("cannot write %s: %s\n", t->out.path,
			strerror(-t->err));
	da_out_file_discard(&t->out);
	err = t->err;
	free(t);
	return err;
}
