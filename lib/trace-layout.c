// SPDX-License-Identifier: LGPL-2.1
/*
 * Where a trace.dat keeps each CPU's ring-buffer pages: the v6 flyrecord
 * offsets after the options, or the v7 BUFFER option of the top instance
 * (trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v7.5.txt), and how
 * the pages are compressed. Every number is checked against the file's
 * size: a damaged file is refused here, never read past its end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "dmabuf-audit-local.h"
#include "trace-reader.h"

#define MAX_OPTIONS_SIZE	(64u << 20)	/* an options section, uncompressed */
#define MAX_SECTIONS		64		/* options sections chained by DONE */
#define MAX_CPUS		4096
#define OPT_DONE		0
#define OPT_BUFFER		3
#define OPT_BUFFER_TEXT		22
#define SEC_COMPRESSED		1

/* A bounded view of bytes read from the file, in its byte order. */
struct cur {
	const unsigned char *p, *end;
	bool be;
	bool bad;
};

static struct cur cur_of(const void *p, size_t len, bool be)
{
	struct cur c = { p, (const unsigned char *)p + len, be, false };

	return c;
}

static unsigned long long num(struct cur *c, int size)
{
	unsigned long long v = 0;
	int i;

	if (c->bad || c->end - c->p < size) {
		c->bad = true;
		return 0;
	}
	for (i = 0; i < size; i++)
		v |= (unsigned long long)c->p[c->be ? i : size - 1 - i] << 8 * (size - 1 - i);
	c->p += size;
	return v;
}

static const char *str(struct cur *c)
{
	const char *s = (const char *)c->p;
	const unsigned char *z = c->bad ? NULL : memchr(c->p, 0, c->end - c->p);

	if (!z) {
		c->bad = true;
		return "";
	}
	c->p = z + 1;
	return s;
}

int da_trace_pread(int fd, void *buf, size_t len, unsigned long long off)
{
	ssize_t n;
	size_t got = 0;

	while (got < len) {
		n = pread(fd, (char *)buf + got, len - got, off + got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EINVAL;
		got += n;
	}
	return 0;
}

int da_trace_unzip(enum da_trace_zip zip, void *zctx, const void *in, size_t len,
		   void *out, size_t out_len)
{
	uLongf zlen = out_len;
	size_t n;

	switch (zip) {
	case DA_ZIP_ZSTD:
		n = zctx ? ZSTD_decompressDCtx(zctx, out, out_len, in, len) :
			   ZSTD_decompress(out, out_len, in, len);
		return ZSTD_isError(n) || n != out_len ? -EINVAL : 0;
	case DA_ZIP_ZLIB:
		return uncompress(out, &zlen, in, len) != Z_OK || zlen != out_len ?
			-EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* Magic, version, byte order, page size and (v7) compression and options. */
static int read_header(int fd, struct da_trace_layout *l, unsigned long long *opts)
{
	static const unsigned char magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c',
					       'i', 'n', 'g' };
	unsigned char buf[256];
	struct cur c = cur_of(buf, sizeof(buf), false);
	const char *zname;
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n < (ssize_t)sizeof(magic) || memcmp(buf, magic, sizeof(magic)))
		return -EINVAL;
	c.end = buf + n;
	c.p = buf + sizeof(magic);
	l->version = atoi(str(&c));
	c.be = num(&c, 1) == 1;
	l->big_endian = c.be;
	num(&c, 1);			/* user space's long size */
	l->page_size = num(&c, 4);
	if (c.bad || l->version < 6 || l->page_size < 64 || l->page_size > (1u << 24))
		return -EINVAL;
	if (l->version < 7) {
		*opts = c.p - buf;	/* v6: where its header sections start */
		return 0;
	}
	zname = str(&c);
	str(&c);			/* the compressor's version */
	if (!strcmp(zname, "zstd"))
		l->zip = DA_ZIP_ZSTD;
	else if (!strcmp(zname, "zlib"))
		l->zip = DA_ZIP_ZLIB;
	else if (strcmp(zname, "none"))
		return -EOPNOTSUPP;
	*opts = num(&c, 8);
	return c.bad ? -EINVAL : 0;
}

/* Data past the file's end is the walk's to report: it says where it was cut. */
static int add_cpu(struct da_trace_layout *l, int id, unsigned long long off,
		   unsigned long long size)
{
	if (l->nr_cpus >= MAX_CPUS || off + size < off)
		return -EINVAL;
	l->cpu[l->nr_cpus].id = id;
	l->cpu[l->nr_cpus].offset = off;
	l->cpu[l->nr_cpus].size = size;
	l->nr_cpus++;
	return 0;
}

/* v7 BUFFER option: keep it if it is the top instance's. */
static int read_buffer(struct cur *c, struct da_trace_layout *l)
{
	unsigned long long off, size;
	unsigned int i, n, id;
	const char *name;
	int err;

	num(c, 8);			/* the flyrecord section's header */
	name = str(c);
	str(c);				/* its trace clock */
	num(c, 4);			/* its page size, the file's */
	n = num(c, 4);
	if (c->bad || n > MAX_CPUS)
		return -EINVAL;
	if (*name)
		return 0;		/* another instance: libtracecmd skips it too */
	if (l->nr_cpus)
		return -EINVAL;		/* two top buffers */
	for (i = 0; i < n; i++) {
		id = num(c, 4);
		off = num(c, 8);
		size = num(c, 8);
		if (c->bad)
			return -EINVAL;
		err = add_cpu(l, id, off, size);
		if (err)
			return err;
	}
	return 0;
}

/* The options of one v7 section; *next: the next section's offset or 0. */
static int read_options(struct cur *c, struct da_trace_layout *l,
			unsigned long long *next)
{
	unsigned int id, size;
	struct cur o;
	int err;

	*next = 0;
	while (!c->bad) {
		id = num(c, 2);
		size = num(c, 4);
		if (c->bad || size > (size_t)(c->end - c->p))
			return -EINVAL;
		o = cur_of(c->p, size, c->be);
		c->p += size;
		if (id == OPT_DONE) {
			*next = num(&o, 8);
			return o.bad ? -EINVAL : 0;
		}
		if (id == OPT_BUFFER_TEXT)
			return -EOPNOTSUPP;	/* a latency trace */
		if (id == OPT_BUFFER && (err = read_buffer(&o, l)))
			return err;
	}
	return -EINVAL;
}

/* A v7 section's bytes, uncompressed if it was: *buf to free. */
static int read_section(int fd, unsigned long long off, struct da_trace_layout *l,
			unsigned long long fsize, unsigned char **buf, size_t *len)
{
	unsigned char h[16], zh[8], *z = NULL;
	struct cur c = cur_of(h, sizeof(h), l->big_endian);
	unsigned long long size;
	unsigned int id, flags, zsize = 0;
	int err;

	if (off > fsize || da_trace_pread(fd, h, sizeof(h), off))
		return -EINVAL;
	id = num(&c, 2);
	flags = num(&c, 2);
	num(&c, 4);
	size = num(&c, 8);
	off += sizeof(h);
	if (id != 0 || size > MAX_OPTIONS_SIZE || size > fsize - off)
		return -EINVAL;
	if (flags & SEC_COMPRESSED) {
		c = cur_of(zh, sizeof(zh), l->big_endian);
		if (da_trace_pread(fd, zh, sizeof(zh), off))
			return -EINVAL;
		zsize = num(&c, 4);
		size = num(&c, 4);
		off += sizeof(zh);
		if (zsize > fsize - off || size > MAX_OPTIONS_SIZE)
			return -EINVAL;
	}
	*buf = malloc(size + 1);
	z = zsize ? malloc(zsize) : NULL;
	if (!*buf || (zsize && !z)) {
		free(z);
		return -ENOMEM;
	}
	*len = size;
	if (!(flags & SEC_COMPRESSED))
		err = da_trace_pread(fd, *buf, size, off);
	else
		err = da_trace_pread(fd, z, zsize, off) ?:
		      da_trace_unzip(l->zip, NULL, z, zsize, *buf, size);
	free(z);
	return err;
}

static int read_v7(int fd, unsigned long long off, struct da_trace_layout *l,
		   unsigned long long fsize)
{
	unsigned char *buf = NULL;
	struct cur c;
	size_t len;
	int n, err = 0;

	for (n = 0; off && !err; n++) {
		if (n == MAX_SECTIONS)
			return -EINVAL;
		err = read_section(fd, off, l, fsize, &buf, &len);
		if (!err) {
			c = cur_of(buf, len, l->big_endian);
			err = read_options(&c, l, &off);
		}
		free(buf);
		buf = NULL;
	}
	return err;
}

/* A number of @size bytes at *@off, which moves past it; -1ULL past the end. */
static unsigned long long at(int fd, const struct da_trace_layout *l,
			     unsigned long long *off, int size)
{
	unsigned char h[8];
	struct cur c = cur_of(h, size, l->big_endian);

	if (da_trace_pread(fd, h, size, *off))
		return -1ULL;
	*off += size;
	return num(&c, size);
}

/* Past @n blocks, each a number of @size bytes and that many bytes. */
static int skip_blocks(int fd, const struct da_trace_layout *l, unsigned long long *off,
		       unsigned long long n, int size, unsigned long long fsize)
{
	unsigned long long len;

	for (; n; n--) {
		len = at(fd, l, off, size);
		if (len > fsize || (*off += len) > fsize)
			return -EINVAL;
	}
	return 0;
}

/*
 * v6 keeps no pointer to its data: walk its header sections (header page
 * and event, ftrace and event formats by system, kallsyms, printk formats,
 * saved command lines) to the CPU count; *@off then stands at the tag that
 * follows ("options  ", "flyrecord" or "latency  ").
 */
static int v6_sections(int fd, const struct da_trace_layout *l, unsigned long long *off,
		       unsigned long long fsize, int *nr_cpus)
{
	static const char *const tags[] = { "header_page", "header_event" };
	unsigned long long n, i;
	char name[16];
	unsigned char sys[256], *z;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(tags); t++) {
		if (da_trace_pread(fd, name, strlen(tags[t]) + 1, *off) ||
		    memcmp(name, tags[t], strlen(tags[t]) + 1))
			return -EINVAL;
		*off += strlen(tags[t]) + 1;
		if (skip_blocks(fd, l, off, 1, 8, fsize))
			return -EINVAL;
	}
	n = at(fd, l, off, 4);		/* ftrace's formats */
	if (n > fsize || skip_blocks(fd, l, off, n, 8, fsize))
		return -EINVAL;
	n = at(fd, l, off, 4);		/* systems, each a name and its formats */
	for (i = 0; i < n && n <= fsize; i++) {
		if (pread(fd, sys, sizeof(sys), *off) <= 0 ||
		    !(z = memchr(sys, 0, sizeof(sys))))
			return -EINVAL;
		*off += z - sys + 1;
		if (skip_blocks(fd, l, off, at(fd, l, off, 4), 8, fsize))
			return -EINVAL;
	}
	if (n > fsize || skip_blocks(fd, l, off, 2, 4, fsize) ||	/* kallsyms, printk */
	    skip_blocks(fd, l, off, 1, 8, fsize))			/* cmdlines */
		return -EINVAL;
	n = at(fd, l, off, 4);
	if (n > MAX_CPUS)
		return -EINVAL;
	*nr_cpus = n;
	return 0;
}

/* v6 options (id, size, data) up to id 0 */
static int skip_v6_options(int fd, const struct da_trace_layout *l,
			   unsigned long long *off, unsigned long long fsize)
{
	unsigned long long id, size;

	for (;;) {
		id = at(fd, l, off, 2);
		if (id == -1ULL)
			return -EINVAL;
		if (!id)
			return 0;
		size = at(fd, l, off, 4);
		if (size > fsize || (*off += size) > fsize)
			return -EINVAL;
	}
}

/* v6: the header sections, options, then "flyrecord" and the CPUs. */
static int read_v6(int fd, unsigned long long off, struct da_trace_layout *l,
		   unsigned long long fsize)
{
	unsigned char h[16];
	struct cur c;
	unsigned long long o, s;
	int i, err, nr_cpus;

	err = v6_sections(fd, l, &off, fsize, &nr_cpus);
	if (err || da_trace_pread(fd, h, 10, off))
		return -EINVAL;
	if (!memcmp(h, "options  ", 10)) {
		off += 10;
		if (skip_v6_options(fd, l, &off, fsize) || da_trace_pread(fd, h, 10, off))
			return -EINVAL;
	}
	if (memcmp(h, "flyrecord", 10))
		return memcmp(h, "latency  ", 10) ? -EINVAL : -EOPNOTSUPP;
	off += 10;
	for (i = 0; i < nr_cpus; i++, off += 16) {
		if (da_trace_pread(fd, h, 16, off))
			return -EINVAL;
		c = cur_of(h, 16, l->big_endian);
		o = num(&c, 8);
		s = num(&c, 8);
		err = add_cpu(l, i, o, s);
		if (err)
			return err;
	}
	return 0;
}

int da_trace_layout_read(int fd, struct da_trace_layout *l)
{
	unsigned long long opts = 0;
	struct stat st;
	int err;

	memset(l, 0, sizeof(*l));
	if (fstat(fd, &st))
		return -EINVAL;
	err = read_header(fd, l, &opts);
	if (err)
		return err;
	l->cpu = calloc(MAX_CPUS, sizeof(*l->cpu));
	if (!l->cpu)
		return -ENOMEM;
	if (l->version < 7)
		return read_v6(fd, opts, l, st.st_size);
	return read_v7(fd, opts, l, st.st_size);
}

void da_trace_layout_free(struct da_trace_layout *l)
{
	free(l->cpu);
	l->cpu = NULL;
	l->nr_cpus = 0;
}

/*
 * The first chunk of a CPU decompresses: libtracecmd decompresses it when
 * it opens the file, and crashes if it does not.
 */
static int check_first(int fd, const struct da_trace_layout *l, int i,
		       unsigned long long off, unsigned int zsize, unsigned int size,
		       char *why, size_t n)
{
	void *z = malloc(zsize ?: 1), *out = malloc(size);
	int err = !z || !out ? -ENOMEM : 0;

	if (!err && (da_trace_pread(fd, z, zsize, off) ||
		     da_trace_unzip(l->zip, NULL, z, zsize, out, size))) {
		snprintf(why, n, "CPU %d's compressed chunk 1 does not decompress: "
			 "the file is damaged", l->cpu[i].id);
		err = -EINVAL;
	}
	free(z);
	free(out);
	return err;
}

/* One CPU's chunk headers: each within the file, of whole pages. */
static int check_chunks(int fd, const struct da_trace_layout *l, int i,
			unsigned long long fsize, char *why, size_t n)
{
	unsigned long long off = l->cpu[i].offset + 4;
	unsigned char h[8];
	unsigned int count = 0, k = 0, size, zsize, size1 = 0, zsize1 = 0;
	struct cur c;

	if (da_trace_pread(fd, h, 4, l->cpu[i].offset))
		goto cut;
	c = cur_of(h, 4, l->big_endian);
	count = num(&c, 4);
	for (k = 0; k < count; k++) {
		if (da_trace_pread(fd, h, 8, off))
			goto cut;
		c = cur_of(h, 8, l->big_endian);
		zsize = num(&c, 4);
		size = num(&c, 4);
		if (!k) {
			zsize1 = zsize;
			size1 = size;
		}
		off += 8ULL + zsize;	/* in 64 bits: 8 + a 32-bit size may wrap */
		if (!size || size % l->page_size || size > DA_TRACE_MAX_CHUNK) {
			snprintf(why, n, "CPU %d's compressed chunk %u of %u claims %u "
				 "bytes of pages: the file is damaged", l->cpu[i].id,
				 k + 1, count, size);
			return -EINVAL;
		}
		if (off > fsize)
			goto cut;
	}
	return count ? check_first(fd, l, i, l->cpu[i].offset + 12, zsize1, size1,
				   why, n) : 0;
cut:
	snprintf(why, n, "CPU %d's compressed chunk %u of %u ends past the end "
		 "of the file: the file is truncated", l->cpu[i].id, k + 1, count);
	return -EINVAL;
}

/* Each CPU's raw data within the file (libtracecmd maps it, and crashes). */
static int check_raw(const struct da_trace_layout *l, unsigned long long fsize,
		     char *why, size_t n)
{
	int i;

	for (i = 0; i < l->nr_cpus; i++) {
		if (l->cpu[i].offset + l->cpu[i].size <= fsize)
			continue;
		snprintf(why, n, "CPU %d's data ends at byte %llu, past the end of "
			 "the file (%llu bytes): the file is truncated", l->cpu[i].id,
			 l->cpu[i].offset + l->cpu[i].size, fsize);
		return -EINVAL;
	}
	return 0;
}

int da_trace_check_file(int fd, char *why, size_t n)
{
	struct da_trace_layout l = { 0 };
	struct stat st;
	int i, err;

	why[0] = '\0';
	err = fstat(fd, &st) ? -EINVAL : da_trace_layout_read(fd, &l);
	if (!err && !l.zip)
		check_raw(&l, st.st_size, why, n);
	for (i = 0; !err && l.zip && i < l.nr_cpus; i++)
		err = check_chunks(fd, &l, i, st.st_size, why, n);
	da_trace_layout_free(&l);
	return why[0] ? -EINVAL : 0;
}
