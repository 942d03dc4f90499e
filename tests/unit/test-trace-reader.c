// SPDX-License-Identifier: GPL-2.0
/*
 * The trace reader's pieces that need no file: chunk decompression (zstd
 * and zlib, as trace-cmd writes them) and the ring-buffer page walk,
 * checked record by record against libtraceevent's kbuffer on pages built
 * by hand with every kind of entry.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <kbuffer.h>
#include <zlib.h>
#include <zstd.h>

#include "dmabuf-audit-local.h"
#include "trace-reader.h"
#include "unit.h"

#define PAGE	4096

static void test_unzip(void)
{
	static unsigned char in[3 * PAGE], z[2 * 3 * PAGE], out[3 * PAGE];
	uLongf zl = sizeof(z);
	size_t zs, i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 / 13);
	zs = ZSTD_compress(z, sizeof(z), in, sizeof(in), 3);
	CU_ASSERT_FALSE(ZSTD_isError(zs));
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_ZSTD, NULL, z, zs, out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(memcmp(in, out, sizeof(in)), 0);
	/* a chunk shorter than its header says is damage, not fewer pages */
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_ZSTD, NULL, z, zs, out, sizeof(out) - PAGE), -EINVAL);
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_ZSTD, NULL, z, zs / 2, out, sizeof(out)), -EINVAL);
	CU_ASSERT_EQUAL(compress2(z, &zl, in, sizeof(in), 6), Z_OK);
	memset(out, 0, sizeof(out));
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_ZLIB, NULL, z, zl, out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(memcmp(in, out, sizeof(in)), 0);
	z[zl / 2] ^= 0x55;
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_ZLIB, NULL, z, zl, out, sizeof(out)), -EINVAL);
	CU_ASSERT_EQUAL(da_trace_unzip(DA_ZIP_NONE, NULL, z, zl, out, sizeof(out)), -EINVAL);
}

struct pagebuf {
	unsigned char b[PAGE];
	unsigned int at;	/* bytes of events written */
};

static void put4(struct pagebuf *p, uint32_t v)
{
	memcpy(p->b + 16 + p->at, &v, 4);
	p->at += 4;
}

/* type_len and delta in one little-endian word, then the array words */
static void event(struct pagebuf *p, unsigned int type, unsigned int delta)
{
	put4(p, type | delta << 5);
}

static void data(struct pagebuf *p, unsigned int words, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < words; i++)
		put4(p, i ? 0xdead0000 + i : id);
}

/* A page of every kind of entry: extend, short and long data, padding,
 * absolute timestamp; @lost stored after the data if non-zero. */
static void build(struct pagebuf *p, uint64_t ts, uint64_t lost)
{
	uint64_t commit;

	memset(p, 0, sizeof(*p));
	memcpy(p->b, &ts, 8);
	event(p, 30, 5);
	put4(p, 1);			/* extend: + (1 << 27) + 5 */
	event(p, 2, 10);
	data(p, 2, 7);
	event(p, 0, 1);
	put4(p, 17);			/* 13 bytes of data: 16 with alignment */
	data(p, 4, 8);
	event(p, 29, 3);
	put4(p, 8);			/* padding: 8 bytes from its length word on */
	put4(p, 0);
	event(p, 31, 9);
	put4(p, 2);			/* absolute: (2 << 27) + 9 */
	event(p, 1, 4);
	data(p, 1, 9);
	commit = p->at;
	if (lost) {
		memcpy(p->b + 16 + p->at, &lost, 8);
		commit |= 3ULL << 30;
	}
	memcpy(p->b + 8, &commit, 8);
}

/* da_rb_next() and kbuffer agree on every record of @p. */
static int compare(struct pagebuf *p)
{
	struct kbuffer *kb = kbuffer_alloc(KBUFFER_LSIZE_8, KBUFFER_ENDIAN_LITTLE);
	unsigned long long kts;
	struct da_rb_page rb;
	void *kd;
	int n = 0;

	da_rb_init(&rb, false, 8, PAGE);
	CU_ASSERT_EQUAL(da_rb_load(&rb, p->b), 0);
	kbuffer_load_subbuffer(kb, p->b);
	for (kd = kbuffer_read_event(kb, &kts); kd; kd = kbuffer_next_event(kb, &kts)) {
		CU_ASSERT_EQUAL(da_rb_next(&rb), 1);
		CU_ASSERT_PTR_EQUAL(rb.data + rb.index, kd);
		CU_ASSERT_EQUAL(rb.ts, kts);
		CU_ASSERT_EQUAL((int)(rb.next - rb.index), kbuffer_event_size(kb));
		CU_ASSERT_EQUAL(rb.curr ? 0 : rb.lost, kbuffer_missed_events(kb));
		n++;
	}
	CU_ASSERT_EQUAL(da_rb_next(&rb), 0);
	kbuffer_free(kb);
	return n;
}

static void test_page_walk(void)
{
	struct pagebuf p;
	struct da_rb_page rb;
	uint64_t commit;

	build(&p, 1000, 0);
	CU_ASSERT_EQUAL(compare(&p), 3);
	build(&p, 0xf800000000001000ULL, 42);	/* a timestamp's top bits kept */
	CU_ASSERT_EQUAL(compare(&p), 3);
	/* lost events on a page whose first entry is a record */
	memset(&p, 0, sizeof(p));
	event(&p, 2, 1);
	data(&p, 2, 7);
	commit = p.at | 3ULL << 30;
	memcpy(p.b + 16 + p.at, &(uint64_t){ 5 }, 8);
	memcpy(p.b + 8, &commit, 8);
	CU_ASSERT_EQUAL(compare(&p), 1);
	da_rb_init(&rb, false, 8, PAGE);
	CU_ASSERT_EQUAL(da_rb_load(&rb, p.b), 0);
	CU_ASSERT_EQUAL(rb.lost, 5);
	/* a commit count beyond the page, and a record running past it */
	commit = PAGE;
	memcpy(p.b + 8, &commit, 8);
	CU_ASSERT_EQUAL(da_rb_load(&rb, p.b), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.at = PAGE - 16 - 8;
	event(&p, 0, 1);
	put4(&p, 64);
	commit = PAGE - 16;
	memcpy(p.b + 8, &commit, 8);
	CU_ASSERT_EQUAL(da_rb_load(&rb, p.b), 0);
	rb.next = PAGE - 16 - 8;
	CU_ASSERT_EQUAL(da_rb_next(&rb), -EINVAL);
}

int add_trace_reader_suites(void)
{
	CU_pSuite s = CU_add_suite("trace reader", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "zstd and zlib chunks, damaged ones refused", test_unzip) ||
	    !CU_add_test(s, "page walk agrees with kbuffer", test_page_walk))
		return -1;
	return 0;
}
