// SPDX-License-Identifier: LGPL-2.1
/*
 * Walks the ring-buffer pages of a trace.dat ourselves: each CPU's data is
 * read a block (or, compressed, a chunk) at a time into one buffer that is
 * reused, so memory does not grow with the file, and trace-ringbuf.c
 * splits each page into records. A record's event id alone decides
 * whether it goes further: most records of a real trace are not ours and
 * cost little more than reading them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event-parse.h>
#include <zstd.h>

#include "dmabuf-audit-local.h"
#include "trace-reader.h"

#define BLOCK		(256 * 1024)	/* raw pages read at a time */

struct stream {
	struct da_rb_page pg;
	unsigned char *buf, *zbuf;
	size_t cap, zcap;
	size_t len, pos;		/* bytes in buf, the next page's start */
	unsigned long long next;	/* in the file: the next block or chunk */
	unsigned long long left;	/* raw bytes, or chunks, still to read */
	unsigned int chunks, chunk;	/* compressed: how many, which one next */
	bool ev;			/* on a record (pg says which); false at the end */
};

struct walk {
	int fd;
	const struct da_trace_layout *l;
	struct da_trace_walk *w;
	int long_size;
	struct stream *s;
	ZSTD_DCtx *zctx;	/* one for all chunks: ZSTD_decompress() makes one each */
};

static unsigned int rd(const struct walk *k, const unsigned char *p, int size)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < size; i++)
		v |= (unsigned int)p[k->l->big_endian ? i : size - 1 - i] << 8 * (size - 1 - i);
	return v;
}

__attribute__((format(printf, 2, 3)))
static int fail(struct walk *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->w->why, sizeof(k->w->why), fmt, ap);
	va_end(ap);
	return -EIO;
}

static int refill_raw(struct walk *k, struct stream *s, int cpu)
{
	size_t n = s->left < BLOCK ? s->left : BLOCK;

	if (n < k->l->page_size)
		return fail(k, "CPU %d's data ends inside a page", cpu);
	n -= n % k->l->page_size;
	if (da_grow((void **)&s->buf, &s->cap, n, 1))
		return -ENOMEM;
	if (da_trace_pread(k->fd, s->buf, n, s->next))
		return fail(k, "CPU %d's data ends at byte %llu of the file, before "
			    "the %llu bytes it should hold: the file is truncated",
			    cpu, s->next, s->left);
	s->next += n;
	s->left -= n;
	s->len = n;
	s->pos = 0;
	return 0;
}

static int refill_zip(struct walk *k, struct stream *s, int cpu)
{
	unsigned char h[8];
	unsigned int zsize, size;

	if (da_trace_pread(k->fd, h, sizeof(h), s->next))
		goto cut;
	zsize = rd(k, h, 4);
	size = rd(k, h + 4, 4);
	if (!size || size % k->l->page_size || size > DA_TRACE_MAX_CHUNK || zsize > DA_TRACE_MAX_CHUNK)
		return fail(k, "CPU %d's compressed chunk %u of %u is damaged "
			    "(%u bytes of pages from %u)", cpu, s->chunk + 1,
			    s->chunks, size, zsize);
	if (da_grow((void **)&s->zbuf, &s->zcap, zsize, 1) ||
	    da_grow((void **)&s->buf, &s->cap, size, 1))
		return -ENOMEM;
	if (da_trace_pread(k->fd, s->zbuf, zsize, s->next + sizeof(h)))
		goto cut;
	if (da_trace_unzip(k->l->zip, k->zctx, s->zbuf, zsize, s->buf, size))
		return fail(k, "CPU %d's compressed chunk %u of %u does not "
			    "decompress: the file is damaged", cpu, s->chunk + 1, s->chunks);
	s->next += sizeof(h) + zsize;
	s->left--;
	s->chunk++;
	s->len = size;
	s->pos = 0;
	return 0;
cut:
	return fail(k, "CPU %d's compressed chunk %u of %u ends past the end of "
		    "the file: the file is truncated", cpu, s->chunk + 1, s->chunks);
}

static int load_page(struct walk *k, struct stream *s, int cpu)
{
	if (da_rb_load(&s->pg, s->buf + s->pos))
		return fail(k, "CPU %d: a page holds more bytes of records than a "
			    "page can: the file is damaged", cpu);
	s->pos += k->l->page_size;
	return 0;
}

/* The stream's next record, across pages: s->ev false at the end. */
static int advance(struct walk *k, struct stream *s, int cpu, bool first)
{
	int ret = first ? 0 : da_rb_next(&s->pg);

	while (ret <= 0) {
		if (ret < 0)
			return fail(k, "CPU %d: a record runs past the end of its "
				    "page: the file is damaged", cpu);
		if (s->pos >= s->len) {
			s->ev = false;
			if (!s->left)
				return 0;
			ret = k->l->zip ? refill_zip(k, s, cpu) : refill_raw(k, s, cpu);
			if (ret)
				return ret;
		}
		ret = load_page(k, s, cpu) ?: da_rb_next(&s->pg);
		if (ret == -EIO)
			return ret;
	}
	s->ev = true;
	return 0;
}

static int open_stream(struct walk *k, struct stream *s, int i)
{
	const struct da_trace_cpu *c = &k->l->cpu[i];
	unsigned char h[4];

	da_rb_init(&s->pg, k->l->big_endian, k->long_size, k->l->page_size);
	s->next = c->offset;
	s->left = c->size;
	if (!k->l->zip || !c->size)
		return advance(k, s, c->id, true);
	if (da_trace_pread(k->fd, h, sizeof(h), c->offset))
		return fail(k, "CPU %d's compressed data starts past the end of the "
			    "file: the file is truncated", c->id);
	s->chunks = rd(k, h, 4);
	s->left = s->chunks;
	s->next += sizeof(h);
	return advance(k, s, c->id, true);
}

static void close_streams(struct walk *k)
{
	int i;

	for (i = 0; k->s && i < k->l->nr_cpus; i++) {
		free(k->s[i].buf);
		free(k->s[i].zbuf);
	}
	free(k->s);
	k->s = NULL;
	ZSTD_freeDCtx(k->zctx);
	k->zctx = NULL;
}

static int open_streams(struct walk *k, int fd, const struct da_trace_layout *l,
			struct da_trace_walk *w)
{
	int i, err = 0;

	memset(k, 0, sizeof(*k));
	k->fd = fd;
	k->l = l;
	k->w = w;
	k->long_size = tep_get_header_page_size(w->tep) == 4 ? 4 : 8;
	if (tep_is_old_format(w->tep))
		return -EOPNOTSUPP;
	k->s = calloc(l->nr_cpus ?: 1, sizeof(*k->s));
	if (l->zip == DA_ZIP_ZSTD)
		k->zctx = ZSTD_createDCtx();
	if (!k->s || (l->zip == DA_ZIP_ZSTD && !k->zctx))
		return -ENOMEM;
	for (i = 0; i < l->nr_cpus && !err; i++)
		err = open_stream(k, &k->s[i], i);
	return err;
}

/* The record the stream is on, as libtracecmd would hand it out. */
static int deliver(struct walk *k, struct stream *s, int i)
{
	const struct da_rb_page *pg = &s->pg;
	const unsigned char *ev = pg->data + pg->index;
	struct tep_record rec;
	/* lost events count for a page's first record only, as in kbuffer */
	long long lost = pg->curr ? 0 : pg->lost;
	unsigned int id;

	/* ids are common_type, the first two bytes of every event */
	if (!lost && pg->next - pg->index >= 2) {
		id = pg->big_endian ? (unsigned int)(ev[0] << 8 | ev[1]) :
				      (unsigned int)(ev[0] | ev[1] << 8);
		if (!k->w->wanted[id])
			return 0;
	}
	memset(&rec, 0, sizeof(rec));
	rec.ts = pg->ts;
	rec.size = pg->next - pg->index;
	rec.record_size = pg->next - pg->curr;
	rec.missed_events = lost;
	rec.data = (void *)ev;
	rec.cpu = k->l->cpu[i].id;
	rec.ref_count = 1;
	rec.locked = 1;
	return k->w->fn(&rec, i, k->w->data);
}

int da_trace_walk(int fd, const struct da_trace_layout *l, struct da_trace_walk *w)
{
	struct walk k;
	struct stream *s;
	int i, next, err;

	w->why[0] = '\0';
	err = open_streams(&k, fd, l, w);
	while (!err) {
		next = -1;
		for (i = 0; i < l->nr_cpus; i++) {
			s = &k.s[i];
			if (s->ev && (next < 0 || s->pg.ts < k.s[next].pg.ts))
				next = i;
		}
		if (next < 0)
			break;
		err = deliver(&k, &k.s[next], next) ?:
		      advance(&k, &k.s[next], l->cpu[next].id, false);
	}
	close_streams(&k);
	return err;
}

int da_trace_first_ts(int fd, const struct da_trace_layout *l, struct tep_handle *tep,
		      unsigned long long *ts)
{
	struct da_trace_walk w = { .tep = tep };
	struct walk k;
	int i, err;

	err = open_streams(&k, fd, l, &w);
	for (i = 0; !err && i < l->nr_cpus; i++)
		ts[i] = k.s[i].ev ? k.s[i].pg.ts : -1ULL;
	close_streams(&k);
	return err;
}
