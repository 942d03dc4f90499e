// SPDX-License-Identifier: GPL-2.0
/*
 * The procfs and debugfs text parsers of lib/snapshot.c: maps, smaps
 * (VmFlags), fdinfo, bufinfo, comm, stat, osrelease. The input is a tree
 * of files in text form, one section per file:
 *
 *   === proc/116/maps
 *   7f90ac229000-7f90ac29a000 rw-s 00000000 00:0e 3   /dmabuf:
 *   === -proc/117/maps          (a leading '-': stored unreadable, mode 0)
 *   === @pids 116 117           (not a file: walk only these pids)
 *
 * turned into a ustar archive in memory and audited as a --root the way
 * `dmabuf-audit snapshot --root ARCHIVE` does, report written in every
 * format. Sections rather than fixed fields, so that the fuzzer also makes
 * up pids, fds and files that are missing or doubled. Seeds: the trees of
 * tests/fixtures/snapshot (tests/fuzz/seeds).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define BLOCK		512
#define NAME_LEN	100
#define HDR		"=== "
#define PIDS_MAX	16

struct tar {
	uint8_t *buf;
	size_t len, cap;
	int pids[PIDS_MAX];
	size_t nr_pids;
	bool pids_set;
};

static uint8_t *tar_room(struct tar *t, size_t n)
{
	uint8_t *p;

	if (t->len + n > t->cap) {
		size_t cap = (t->len + n) * 2;

		p = realloc(t->buf, cap);
		if (!p)
			abort();
		t->buf = p;
		t->cap = cap;
	}
	p = t->buf + t->len;
	memset(p, 0, n);
	t->len += n;
	return p;
}

/* One regular file, as da_tar_add() writes it. */
static void tar_add(struct tar *t, const char *path, size_t plen,
		    const uint8_t *data, size_t size, unsigned int mode)
{
	unsigned int sum = 0;
	uint8_t *h;
	size_t i;

	if (!plen || plen > NAME_LEN)
		return;
	h = tar_room(t, BLOCK);
	memcpy(h, path, plen);
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
	h[156] = '0';
	memcpy(h + 257, "ustar\0" "00", 8);
	memset(h + 148, ' ', 8);
	for (i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	memcpy(tar_room(t, (size + BLOCK - 1) / BLOCK * BLOCK), data, size);
}

static void set_pids(struct tar *t, const char *s, size_t n)
{
	char buf[128], *p, *end;
	long v;

	snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
	t->pids_set = true;
	for (p = buf; t->nr_pids < PIDS_MAX; p = end) {
		v = strtol(p, &end, 10);
		if (end == p)
			break;
		t->pids[t->nr_pids++] = (int)v;
	}
}

/* Where the section whose header line starts at @p ends: the next header. */
static const uint8_t *section_end(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *nl;

	for (; (nl = memchr(p, '\n', end - p)); p = nl + 1)
		if ((size_t)(end - nl - 1) >= strlen(HDR) &&
		    !memcmp(nl + 1, HDR, strlen(HDR)))
			return nl + 1;
	return end;
}

static void build(struct tar *t, const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *next, *nl, *name;
	unsigned int mode;
	size_t n;

	while (p < end) {
		next = section_end(p, end);
		if ((size_t)(next - p) < strlen(HDR) || memcmp(p, HDR, strlen(HDR))) {
			p = next;	/* text before the first header */
			continue;
		}
		name = p + strlen(HDR);
		nl = memchr(name, '\n', next - name);
		n = (nl ? nl : next) - name;
		p = nl ? nl + 1 : next;
		if (n > 6 && !memcmp(name, "@pids ", 6)) {
			set_pids(t, (const char *)name + 6, n - 6);
		} else {
			mode = 0444;
			if (n && *name == '-') {
				mode = 0;
				name++;
				n--;
			}
			tar_add(t, (const char *)name, n, p, next - p, mode);
		}
		p = next;
	}
	tar_room(t, 2 * BLOCK);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dmabuf_audit_set_print(fuzz_quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	struct tar t = { 0 };

	build(&t, data, size);
	o.root = fuzz_file(t.buf, t.len);
	if (!o.root)
		abort();
	if (t.pids_set) {
		o.pids = t.pids;
		o.nr_pids = t.nr_pids;
	}
	if (!dmabuf_audit_snapshot(&r, &o))
		fuzz_write_report(r);
	dmabuf_audit_report_free(r);
	free(t.buf);
	return 0;
}
