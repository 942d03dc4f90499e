// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot archives (lib/archive.c): da_archive_parse() on any bytes must
 * fail cleanly or give an index whose every file lies inside the buffer.
 * An archive that parses is then listed, looked up, and read as a snapshot
 * (--root ARCHIVE), the way the CLI uses one; gzip'ed input is inflated
 * first (da_gunzip). Seeds: tar archives of tests/fixtures/snapshot in the
 * formats GNU tar writes, and one gzip'ed (tests/fuzz/seeds).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "archive.h"
#include "snapshot.h"

#define DEPTH_MAX	8

struct walk {
	const struct da_archive *a;
	const uint8_t *buf;
	size_t len;
	char path[PATH_MAX];
	int depth;
	unsigned int sum;
};

static int visit(const char *name, void *data);

/* Every byte of a file is read: ASan sees any that is not in the input. */
static void check_file(struct walk *w, const struct da_archive_file *f)
{
	const uint8_t *p = f->data;
	size_t i;

	if (p < w->buf || p > w->buf + w->len || f->size > (size_t)(w->buf + w->len - p))
		abort();	/* outside the buffer, whatever ASan can see */
	for (i = 0; i < f->size; i++)
		w->sum += p[i];
}

static void list(struct walk *w, const char *dir)
{
	const struct da_archive_file *f = da_archive_find(w->a, dir);

	if (f)
		check_file(w, f);
	if (w->depth < DEPTH_MAX) {
		w->depth++;
		da_archive_list(w->a, dir, visit, w);
		w->depth--;
	}
}

static int visit(const char *name, void *data)
{
	struct walk *w = data;
	size_t len = strlen(w->path);

	if (!*name || strchr(name, '/'))
		abort();	/* da_archive_list() promises one path component */
	if (len + 1 + strlen(name) >= sizeof(w->path))
		return 0;
	w->path[len] = '/';
	strcpy(w->path + len + 1, name);
	list(w, w->path);
	w->path[len] = '\0';
	return 0;
}

static int drop(const struct da_event *ev, void *data)
{
	return 0;
}

/* The archive as --root: what the snapshot walk makes of it. */
static void snapshot(const uint8_t *data, size_t size)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct da_snapshot_stats st;

	o.root = fuzz_file(data, size);
	if (!o.root)
		abort();
	da_snapshot_walk(&o, drop, NULL, &st);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dmabuf_audit_set_print(fuzz_quiet);
	return 0;
}

/* Parse the ustar bytes and walk what they index. */
static void parse_and_walk(const uint8_t *data, size_t size)
{
	static const char *const tops[] = { "proc", "sys", "." };
	struct walk w = { .buf = data, .len = size };
	struct da_archive *a;
	char why[160];
	size_t i;

	if (da_archive_parse(data, size, &a, why, sizeof(why))) {
		if (a)
			abort();	/* an error leaves no archive behind */
		return;
	}
	w.a = a;
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		snprintf(w.path, sizeof(w.path), "%s", tops[i]);
		list(&w, w.path);
	}
	da_archive_free(a);
}

/* A .tar.gz (told by its magic) is inflated, within the bound, then parsed. */
#define GZ_MAX	(1u << 24)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[160];
	void *tar;
	size_t n;

	if (!da_gzip_is(data, size)) {
		parse_and_walk(data, size);
	} else if (!da_gunzip(data, size, GZ_MAX, &tar, &n, why, sizeof(why))) {
		if (n > GZ_MAX)
			abort();
		parse_and_walk(tar, n);
		free(tar);
	}
	snapshot(data, size);
	return 0;
}
