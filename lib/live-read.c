// SPDX-License-Identifier: LGPL-2.1
/*
 * The live reader's page loop (live-read.h). Records stay in the pages
 * read() filled until they are released, and pages go back to a spare list
 * for the next reads, so a steady session allocates nothing. Only the last
 * page each stream gave in a round is walked at read time, for its newest
 * timestamp; every other walk is the merge itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "live-read.h"

int da_lr_init(struct da_live_read *r, int nr, unsigned int page_size,
	       bool big_endian, int long_size)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->page_size = page_size;
	r->s = calloc(nr, sizeof(*r->s));
	r->heap = calloc(nr, sizeof(*r->heap));
	if (!r->s || !r->heap)
		return -ENOMEM;
	r->nr = nr;
	for (i = 0; i < nr; i++) {
		r->s[i].fd = -1;
		da_rb_init(&r->s[i].pg, big_endian, long_size, page_size);
	}
	return 0;
}

void da_lr_free(struct da_live_read *r)
{
	size_t j;
	int i;

	for (i = 0; r->s && i < r->nr; i++) {
		struct da_lr_stream *s = &r->s[i];

		if (s->fd >= 0)
			close(s->fd);
		for (j = s->head; j < s->nr; j++)
			free(s->pages[j]);
		free(s->pages);
	}
	for (j = 0; j < r->nr_spare; j++)
		free(r->spare[j]);
	free(r->spare);
	free(r->s);
	free(r->heap);
	memset(r, 0, sizeof(*r));
}

/* The spare list always has room for every page there is. */
static unsigned char *page_get(struct da_live_read *r)
{
	unsigned char *p;

	if (r->nr_spare)
		return r->spare[--r->nr_spare];
	if (da_grow((void **)&r->spare, &r->cap_spare, r->nr_pages + 1, sizeof(*r->spare)))
		return NULL;
	p = malloc(r->page_size);
	r->nr_pages += !!p;
	return p;
}

static void page_put(struct da_live_read *r, unsigned char *page)
{
	r->spare[r->nr_spare++] = page;
}

/* Append @page to @s's FIFO (moving the live part down before growing). */
static int page_push(struct da_live_read *r, struct da_lr_stream *s, unsigned char *page)
{
	if (s->nr == s->cap && s->head) {
		memmove(s->pages, s->pages + s->head, (s->nr - s->head) * sizeof(*s->pages));
		s->nr -= s->head;
		s->head = 0;
	}
	if (da_grow((void **)&s->pages, &s->cap, s->nr + 1, sizeof(*s->pages)))
		return -ENOMEM;
	s->pages[s->nr++] = page;
	return 0;
}

static void page_pop(struct da_live_read *r, struct da_lr_stream *s)
{
	page_put(r, s->pages[s->head++]);
	if (s->head == s->nr)
		s->head = s->nr = 0;
	s->loaded = false;
}

/* The newest record's time on @page; pages of one stream come in order. */
static void note_newest(struct da_live_read *r, const struct da_lr_stream *s,
			const unsigned char *page)
{
	struct da_rb_page p = s->pg;

	if (da_rb_load(&p, page))
		return;
	while (da_rb_next(&p) > 0)
		if (p.ts > r->newest_now)
			r->newest_now = p.ts;
}

int da_lr_add_page(struct da_live_read *r, int i, const void *page, size_t len)
{
	struct da_lr_stream *s = &r->s[i];
	unsigned char *p = page_get(r);

	if (!p)
		return -ENOMEM;
	if (len > r->page_size)
		len = r->page_size;
	memcpy(p, page, len);
	/* a short read leaves zeros: a walk that reaches them stops as damaged */
	memset(p + len, 0, r->page_size - len);
	if (page_push(r, s, p)) {
		page_put(r, p);
		return -ENOMEM;
	}
	note_newest(r, s, p);
	return 0;
}

/*
 * One read() is one page (the kernel hands out at most one per call, a
 * partial one if the writer is on it); the stream's newest time comes
 * from the last. A CPU that goes away (ENODEV) has nothing more to give.
 */
static int read_stream(struct da_live_read *r, struct da_lr_stream *s)
{
	unsigned char *p, *last = NULL;
	ssize_t n;

	for (;;) {
		p = page_get(r);
		if (!p)
			return -ENOMEM;
		n = read(s->fd, p, r->page_size);
		if (n < 0 && errno == EINTR) {
			page_put(r, p);
			continue;
		}
		if (n <= 0) {
			page_put(r, p);
			break;
		}
		memset(p + n, 0, r->page_size - n);
		if (page_push(r, s, p)) {
			page_put(r, p);
			return -ENOMEM;
		}
		last = p;
	}
	if (last)
		note_newest(r, s, last);
	return 0;
}

int da_lr_read(struct da_live_read *r)
{
	int i, err;

	for (i = 0; i < r->nr; i++) {
		if (r->s[i].fd < 0)
			continue;
		err = read_stream(r, &r->s[i]);
		if (err)
			return err;
	}
	da_lr_epoch(r);
	return 0;
}

void da_lr_epoch(struct da_live_read *r)
{
	r->upto = r->newest_prev;
	r->newest_prev = r->newest_now;
}

/* Events lost before a page (or a page that did not parse): -1 is unknown. */
static void add_missed(struct da_lr_stream *s, long long lost)
{
	s->missed = s->missed < 0 || lost < 0 ? -1 : s->missed + lost;
}

/* Puts @s on its next record; false when it has none left. */
static bool peek(struct da_live_read *r, struct da_lr_stream *s)
{
	int ret;

	while (!s->cur) {
		if (!s->loaded) {
			if (s->head == s->nr)
				return false;
			if (da_rb_load(&s->pg, s->pages[s->head])) {
				r->damaged++;
				add_missed(s, -1);
				page_pop(r, s);
				continue;
			}
			s->loaded = true;
			if (s->pg.lost)
				add_missed(s, s->pg.lost);
		}
		ret = da_rb_next(&s->pg);
		if (ret > 0) {
			s->cur = true;
			break;
		}
		if (ret < 0) {
			/* the rest of the page is lost to us: say so */
			r->damaged++;
			add_missed(s, -1);
		}
		page_pop(r, s);
	}
	return true;
}

/*
 * Equal times (a coarse trace clock): the lower win first, the order in
 * which the caller's instances write one hit, then the stream's number.
 */
static bool before(const struct da_live_read *r, int a, int b)
{
	const struct da_lr_stream *x = &r->s[a], *y = &r->s[b];

	if (x->pg.ts != y->pg.ts)
		return x->pg.ts < y->pg.ts;
	return x->win != y->win ? x->win < y->win : a < b;
}

static void sift_down(struct da_live_read *r, int i)
{
	int *h = r->heap, n = r->nr_heap;

	for (;;) {
		int l = 2 * i + 1, m = i, t;

		if (l < n && before(r, h[l], h[m]))
			m = l;
		if (l + 1 < n && before(r, h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void heap_build(struct da_live_read *r)
{
	int i;

	r->nr_heap = 0;
	for (i = 0; i < r->nr; i++)
		if (peek(r, &r->s[i]))
			r->heap[r->nr_heap++] = i;
	for (i = r->nr_heap / 2 - 1; i >= 0; i--)
		sift_down(r, i);
}

int da_lr_release(struct da_live_read *r, bool all, da_lr_fn fn, void *data)
{
	int err;

	heap_build(r);
	while (r->nr_heap) {
		struct da_lr_stream *s = &r->s[r->heap[0]];
		struct tep_record rec = {
			.ts = s->pg.ts, .cpu = s->cpu, .ref_count = 1,
			.size = s->pg.next - s->pg.index,
			.data = (void *)(s->pg.data + s->pg.index),
			.missed_events = s->missed,
		};

		if (!all && rec.ts > r->upto)
			break;
		s->cur = false;
		s->missed = 0;
		r->records++;
		err = fn(&rec, s->win, data);
		if (err)
			return err;
		if (!peek(r, s))
			r->heap[0] = r->heap[--r->nr_heap];
		sift_down(r, 0);
	}
	return 0;
}
