// SPDX-License-Identifier: GPL-2.0
/*
 * A trace.dat, from the file to the report: libtracecmd reads it,
 * events.c decodes what it hands back, the matcher and the report do the
 * rest, and the report is written in every format. Seeds: small traces
 * cut from tests/fixtures/trace (tests/fuzz/seeds).
 *
 * Mutating any byte of the file finds, within seconds, crashes and leaks
 * inside Debian 12's libtracecmd 3.1.6 and libtraceevent 1.7.1 (NULL
 * dereference in tracecmd_close() on a failed open, wild reads in
 * kbuffer_load_subbuffer() on a damaged page, allocations sized from the
 * file): not ours to fix, and they would drown anything of ours. So this
 * target's mutator leaves the file's structure alone and changes what
 * libtracecmd hands us as it is:
 *   - the payload of records in the ring-buffer pages of a trace.dat v6
 *     (page and record headers kept, so kbuffer walks the pages as before);
 *   - the numbers of field definitions (offset, size, signed) in the event
 *     formats, lengths kept: fields that lie outside their records.
 * Inputs it cannot parse (v7, compressed) are run but not mutated.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define PAGE		4096
#define PAGE_HDR	16		/* u64 timestamp, u64 commit */
#define COMMIT_MASK	((1u << 27) - 1)
#define MAX_REGIONS	4096

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

struct region {
	size_t off, len;
};

struct regions {
	struct region r[MAX_REGIONS];
	size_t n;
	size_t data_start;	/* where the ring-buffer pages begin */
};

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void add(struct regions *rs, size_t off, size_t len)
{
	if (len && rs->n < MAX_REGIONS)
		rs->r[rs->n++] = (struct region){ off, len };
}

/* The payloads of the records in one page (kbuffer's reading of it). */
static void page_records(struct regions *rs, const uint8_t *data, size_t page)
{
	size_t end = page + PAGE_HDR + (get_le(data + page + 8, 8) & COMMIT_MASK);
	size_t p = page + PAGE_HDR, len;
	unsigned int type;

	if (end > page + PAGE)
		return;
	while (p + 4 <= end) {
		type = data[p] & 31;
		if (type == 29)		/* padding: the rest of the page */
			return;
		if (type >= 30) {	/* time extend, absolute time stamp */
			p += 8;
			continue;
		}
		if (!type) {
			if (p + 8 > end)
				return;
			len = (get_le(data + p + 4, 4) - 4 + 3) & ~3UL;
			p += 8;
		} else {
			len = type * 4;
			p += 4;
		}
		if (len > end - p)
			return;
		add(rs, p, len);
		p += len;
	}
}

/* v6: "flyrecord\0" then (u64 offset, u64 size) per CPU; pages to the end. */
static void find_pages(struct regions *rs, const uint8_t *data, size_t size)
{
	const uint8_t *fly = memmem(data, size, "flyrecord", 10);
	size_t p, off, len, pg;

	if (!fly)
		return;
	for (p = fly - data + 10; p + 16 <= size; p += 16) {
		off = get_le(data + p, 8);
		len = get_le(data + p + 8, 8);
		if (!off || off % PAGE || off > size || len > size - off)
			break;
		if (!rs->data_start || off < rs->data_start)
			rs->data_start = off;
		for (pg = off; pg + PAGE <= off + len; pg += PAGE)
			page_records(rs, data, pg);
	}
}

/* The digits of "offset:N;", "size:N;" and "signed:N;" in event formats. */
static void find_fields(struct regions *rs, const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "offset:", "size:", "signed:" };
	const uint8_t *fmt = memmem(data, size, "\nformat:\n", 9), *p;
	size_t end = rs->data_start ? rs->data_start : size, i, k, n;

	if (!fmt)
		return;
	for (i = fmt - data; i < end; i++) {
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			n = strlen(keys[k]);
			if (i + n > end || memcmp(data + i, keys[k], n))
				continue;
			p = data + i + n;
			while (p < data + end && *p >= '0' && *p <= '9')
				p++;
			add(rs, i + n, p - data - i - n);
		}
	}
}

/* Digits stay digits, so the format still parses as a number there. */
static void mutate_number(uint8_t *p, size_t len, unsigned int *seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!i || rand_r(seed) % 2)
			p[i] = '0' + rand_r(seed) % 10;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	static struct regions pages, fields;
	uint8_t buf[PAGE];
	struct region *r;
	size_t n;
	int rounds = 1 + seed % 4;

	memset(&pages, 0, sizeof(pages));
	memset(&fields, 0, sizeof(fields));
	find_pages(&pages, data, size);
	fields.data_start = pages.data_start;
	find_fields(&fields, data, size);
	while (rounds-- && (pages.n || fields.n)) {
		if (fields.n && (!pages.n || rand_r(&seed) % 8 == 0)) {
			r = &fields.r[rand_r(&seed) % fields.n];
			mutate_number(data + r->off, r->len, &seed);
			continue;
		}
		r = &pages.r[rand_r(&seed) % pages.n];
		memcpy(buf, data + r->off, r->len);
		n = LLVMFuzzerMutate(buf, r->len, r->len);
		memcpy(data + r->off, buf, n);
	}
	return size;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dmabuf_audit_set_print(fuzz_quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmabuf_audit_report *r;
	const char *path = fuzz_file(data, size);

	if (!path)
		abort();	/* the harness, not the input: stop and say so */
	if (!dmabuf_audit_trace_report(path, &r))
		fuzz_write_report(r);
	dmabuf_audit_report_free(r);
	return 0;
}
