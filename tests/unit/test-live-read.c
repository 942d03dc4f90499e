// SPDX-License-Identifier: GPL-2.0
/*
 * live-read.c's page loop on pages built by hand: records merged in time
 * order across streams and page boundaries, held back until a later round
 * has read every stream, missed-events markers (stored counts, unknown
 * counts, on a page with no record) and damaged pages turned into an
 * unknown loss, padding and time-extend entries, short reads, and pages
 * read() from a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "live-read.h"
#include "unit.h"

#define PAGE	4096
#define HDR	16

struct tpage {
	unsigned char b[PAGE];
	unsigned int at;	/* bytes of events written */
};

static void put4(struct tpage *p, uint32_t v)
{
	memcpy(p->b + HDR + p->at, &v, 4);
	p->at += 4;
}

static void start(struct tpage *p, uint64_t ts)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->b, &ts, 8);
}

/* A record of two words: an event id and @tag, @delta after the last. */
static void rec(struct tpage *p, unsigned int delta, uint32_t tag)
{
	put4(p, 2 | delta << 5);
	put4(p, 7);
	put4(p, tag);
}

/* The commit count, flags (bit 31 missed, 30 count stored after the data). */
static void finish(struct tpage *p, uint64_t flags, uint64_t lost)
{
	uint64_t commit = p->at | flags;

	if (flags & (1ULL << 30))
		memcpy(p->b + HDR + p->at, &lost, 8);
	memcpy(p->b + 8, &commit, 8);
}

#define MISSED		(1ULL << 31)
#define STORED		(1ULL << 30)

struct got {
	int n;
	unsigned long long ts[64];
	uint32_t tag[64];
	int cpu[64], win[64];
	long long missed[64];
};

static int collect(struct tep_record *r, int win, void *data)
{
	struct got *g = data;

	CU_ASSERT_EQUAL_FATAL(r->size, 8);
	if (g->n >= 64)
		return -E2BIG;
	g->ts[g->n] = r->ts;
	memcpy(&g->tag[g->n], (char *)r->data + 4, 4);
	g->cpu[g->n] = r->cpu;
	g->win[g->n] = win;
	g->missed[g->n] = r->missed_events;
	g->n++;
	return 0;
}

static void init2(struct da_live_read *r)
{
	CU_ASSERT_EQUAL_FATAL(da_lr_init(r, 2, PAGE, false, 8), 0);
	r->s[0].cpu = 0;
	r->s[1].cpu = 1;
	r->s[0].win = 3;
	r->s[1].win = 3;
}

/* Two streams of two pages each merge into one time order. */
static void test_merge(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };
	int i;

	init2(&r);
	start(&p, 100);
	rec(&p, 0, 1);		/* 100 */
	rec(&p, 20, 3);		/* 120 */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 130);
	rec(&p, 0, 5);		/* 130 */
	rec(&p, 20, 7);		/* 150 */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 110);
	rec(&p, 0, 2);		/* 110 */
	rec(&p, 15, 4);		/* 125 */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, PAGE), 0);
	start(&p, 140);
	rec(&p, 0, 6);		/* 140 */
	rec(&p, 10, 8);		/* 150: the same time as stream 0's, after it */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, PAGE), 0);
	CU_ASSERT_EQUAL(da_lr_release(&r, true, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 8);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(g.tag[i], (uint32_t)i + 1);
		CU_ASSERT_EQUAL(g.cpu[i], !(i % 2) ? 0 : 1);
		CU_ASSERT_EQUAL(g.missed[i], 0);
		CU_ASSERT_EQUAL(g.win[i], 3);
	}
	CU_ASSERT_EQUAL(g.ts[7], 150);
	CU_ASSERT_EQUAL(r.records, 8);
	/* equal times: the instance that writes a hit first goes first */
	r.s[0].win = 1;
	r.s[1].win = 0;
	start(&p, 200);
	rec(&p, 0, 9);
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 200);
	rec(&p, 0, 10);
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, PAGE), 0);
	CU_ASSERT_EQUAL(da_lr_release(&r, true, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 10);
	CU_ASSERT_EQUAL(g.tag[8], 10);
	CU_ASSERT_EQUAL(g.win[8], 0);
	/* every page went back to the spare list */
	CU_ASSERT_EQUAL(r.nr_spare, r.nr_pages);
	da_lr_free(&r);
}

/* A round's records wait until the next round has read every stream. */
static void test_hold_back(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };

	init2(&r);
	start(&p, 100);
	rec(&p, 0, 1);
	rec(&p, 100, 2);	/* 200 */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	da_lr_epoch(&r);
	CU_ASSERT_EQUAL(da_lr_release(&r, false, collect, &g), 0);
	CU_ASSERT_EQUAL(g.n, 0);	/* nothing is known safe yet */
	/* the next round finds an older record on the other CPU */
	start(&p, 150);
	rec(&p, 0, 3);
	rec(&p, 100, 4);	/* 250 */
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, PAGE), 0);
	da_lr_epoch(&r);
	CU_ASSERT_EQUAL(da_lr_release(&r, false, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 3);	/* up to 200, the first round's newest */
	CU_ASSERT_EQUAL(g.tag[0], 1);
	CU_ASSERT_EQUAL(g.tag[1], 3);
	CU_ASSERT_EQUAL(g.tag[2], 2);
	da_lr_epoch(&r);
	CU_ASSERT_EQUAL(da_lr_release(&r, false, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 4);
	CU_ASSERT_EQUAL(g.ts[3], 250);
	da_lr_free(&r);
}

/* Markers: a stored count, an unknown one, one on a page with no record. */
static void test_missed(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };

	init2(&r);
	start(&p, 100);
	rec(&p, 0, 1);
	rec(&p, 1, 2);
	finish(&p, MISSED | STORED, 42);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 200);
	finish(&p, MISSED | STORED, 5);	/* no record: goes to the next page's */
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 300);
	rec(&p, 0, 3);
	finish(&p, MISSED | STORED, 3);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 150);
	rec(&p, 0, 4);
	finish(&p, MISSED, 0);		/* lost, count unknown */
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, PAGE), 0);
	CU_ASSERT_EQUAL(da_lr_release(&r, true, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 4);
	CU_ASSERT_EQUAL(g.missed[0], 42);
	CU_ASSERT_EQUAL(g.missed[1], 0);
	CU_ASSERT_EQUAL(g.tag[2], 4);
	CU_ASSERT_EQUAL(g.missed[2], -1);
	CU_ASSERT_EQUAL(g.tag[3], 3);
	CU_ASSERT_EQUAL(g.missed[3], 8);
	CU_ASSERT_EQUAL(r.damaged, 0);
	da_lr_free(&r);
}

/* A commit count beyond the page, a record past it: an unknown loss. */
static void test_damaged(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };
	uint64_t commit = PAGE;

	init2(&r);
	start(&p, 100);
	rec(&p, 0, 1);
	memcpy(p.b + 8, &commit, 8);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 200);
	rec(&p, 0, 2);
	p.at = PAGE - HDR - 8;	/* a record whose length runs past the page */
	put4(&p, 0 | 1 << 5);
	put4(&p, 64);
	commit = PAGE - HDR;
	memcpy(p.b + 8, &commit, 8);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	start(&p, 300);
	rec(&p, 0, 3);
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 0, p.b, PAGE), 0);
	CU_ASSERT_EQUAL(da_lr_release(&r, true, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 2);
	CU_ASSERT_EQUAL(g.tag[0], 2);
	CU_ASSERT_EQUAL(g.missed[0], -1);	/* the first page's */
	CU_ASSERT_EQUAL(g.tag[1], 3);
	CU_ASSERT_EQUAL(g.missed[1], -1);	/* the second page's end */
	CU_ASSERT_EQUAL(r.damaged, 2);
	da_lr_free(&r);
}

/* Padding, a time extend and an absolute timestamp between records. */
static void test_padding_extend(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };

	init2(&r);
	start(&p, 1000);
	rec(&p, 5, 1);		/* 1005 */
	put4(&p, 30 | 3 << 5);	/* extend: + (2 << 27) + 3 */
	put4(&p, 2);
	rec(&p, 4, 2);		/* 1012 + (2 << 27) */
	put4(&p, 29 | 1 << 5);	/* padding of 8 bytes, 1 later */
	put4(&p, 8);
	put4(&p, 0);
	put4(&p, 31 | 9 << 5);	/* absolute: (1 << 27) + 9 */
	put4(&p, 1);
	rec(&p, 1, 3);
	finish(&p, 0, 0);
	/* a short read: the kernel gave less than a page */
	CU_ASSERT_EQUAL(da_lr_add_page(&r, 1, p.b, HDR + p.at), 0);
	CU_ASSERT_EQUAL(da_lr_release(&r, true, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 3);
	CU_ASSERT_EQUAL(g.ts[0], 1005);
	CU_ASSERT_EQUAL(g.ts[1], 1012 + (2ULL << 27));
	CU_ASSERT_EQUAL(g.ts[2], (1ULL << 27) + 9 + 1);
	CU_ASSERT_EQUAL(g.tag[2], 3);
	CU_ASSERT_EQUAL(g.cpu[2], 1);
	da_lr_free(&r);
}

/* Pages read() from a non-blocking file, a page per read, until EAGAIN. */
static void test_read_fd(void)
{
	struct da_live_read r;
	struct tpage p;
	struct got g = { 0 };
	int fds[2], i;

	init2(&r);
	CU_ASSERT_EQUAL_FATAL(pipe2(fds, O_NONBLOCK), 0);
	r.s[1].fd = fds[0];
	for (i = 0; i < 3; i++) {
		start(&p, 100 * (i + 1));
		rec(&p, 0, i + 1);
		rec(&p, 10, i + 11);
		finish(&p, 0, 0);
		CU_ASSERT_EQUAL(write(fds[1], p.b, PAGE), PAGE);
	}
	CU_ASSERT_EQUAL(da_lr_read(&r), 0);
	CU_ASSERT_EQUAL(r.s[1].nr - r.s[1].head, 3);
	CU_ASSERT_EQUAL(r.newest_prev, 310);	/* the last page's last record */
	CU_ASSERT_EQUAL(da_lr_release(&r, false, collect, &g), 0);
	CU_ASSERT_EQUAL(g.n, 0);
	CU_ASSERT_EQUAL(da_lr_read(&r), 0);	/* nothing new: EAGAIN */
	CU_ASSERT_EQUAL(da_lr_release(&r, false, collect, &g), 0);
	CU_ASSERT_EQUAL_FATAL(g.n, 6);
	CU_ASSERT_EQUAL(g.tag[5], 13);
	/* the pages are used again, not allocated again */
	start(&p, 400);
	rec(&p, 0, 4);
	finish(&p, 0, 0);
	CU_ASSERT_EQUAL(write(fds[1], p.b, PAGE), PAGE);
	CU_ASSERT_EQUAL(da_lr_read(&r), 0);
	CU_ASSERT_EQUAL(r.nr_pages, 4);	/* three, and one for the EAGAIN read */
	close(fds[1]);
	da_lr_free(&r);	/* closes fds[0] */
}

int add_live_read_suites(void)
{
	CU_pSuite s = CU_add_suite("live reader pages", NULL, NULL);

	if (!s || !CU_add_test(s, "streams merged in time order over pages", test_merge) ||
	    !CU_add_test(s, "records held back one round", test_hold_back) ||
	    !CU_add_test(s, "missed-events markers", test_missed) ||
	    !CU_add_test(s, "damaged pages are an unknown loss", test_damaged) ||
	    !CU_add_test(s, "padding, time extends, short reads", test_padding_extend) ||
	    !CU_add_test(s, "pages read from a file", test_read_fd))
		return -1;
	return 0;
}
