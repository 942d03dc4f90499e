// SPDX-License-Identifier: LGPL-2.1
/*
 * A snapshot's exporters: dma-buf inode -> exp_name, from the fdinfo of
 * every process's fds and from debugfs dma_buf/bufinfo, looked up once per
 * mapping at the end of the walk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "procfs.h"
#include "snapshot.h"

int da_snap_exp_add(struct da_snap_exps *x, uint64_t ino, const char *name,
		    size_t n, uint64_t size)
{
	struct da_snap_exp *e;

	/* duplicates are dropped by da_snap_exp_index(), once, not searched here */
	if (da_grow((void **)&x->v, &x->cap, x->nr + 1, sizeof(*e)))
		return -ENOMEM;
	e = &x->v[x->nr];
	e->seq = x->nr++;
	e->ino = ino;
	e->size = size;
	da_copy_field(e->name, sizeof(e->name), name, n);
	return 0;
}

static int by_ino(const void *a, const void *b)
{
	const struct da_snap_exp *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorted by inode, first found first, duplicates dropped: lookups by
 * binary search (a machine has as many buffers as mappings, or more).
 */
void da_snap_exp_index(struct da_snap_exps *x)
{
	size_t i, n = 0;

	if (!x->nr)
		return;
	qsort(x->v, x->nr, sizeof(*x->v), by_ino);
	for (i = 0; i < x->nr; i++)
		if (!n || x->v[n - 1].ino != x->v[i].ino)
			x->v[n++] = x->v[i];
	x->nr = n;
}

const struct da_snap_exp *da_snap_exp_find(const struct da_snap_exps *x, uint64_t ino)
{
	size_t lo = 0, hi = x->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->v[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->nr && x->v[lo].ino == ino ? &x->v[lo] : NULL;
}

/* A tab-separated field of a bufinfo line, blanks trimmed. */
struct field {
	const char *p;
	size_t n;
};

/* Split a bufinfo line at tabs, in place; returns the field count. */
static int split_tabs(const char *line, size_t len, struct field *f, int max)
{
	const char *end = line + len, *tab;
	int n = 0;

	while (n < max && line <= end) {
		tab = memchr(line, '\t', end - line);
		if (!tab)
			tab = end;
		while (line < tab && *line == ' ')
			line++;
		f[n].p = line;
		f[n].n = 0;
		while (line + f[n].n < tab && line[f[n].n] != ' ')
			f[n].n++;
		n++;
		line = tab + 1;
	}
	return n;
}

static bool field_is(const struct field *f, const char *s)
{
	return f->n == strlen(s) && !memcmp(f->p, s, f->n);
}

/*
 * debugfs dma_buf/bufinfo: a header line naming tab-separated columns
 * ("size flags mode count exp_name ino name" on 6.1 to 7.x), a line per
 * dma-buf, with its fences and attachments on indented lines between.
 */
int da_snap_bufinfo_parse(struct da_snap_exps *x, const char *buf, size_t len)
{
	const char *pos = buf, *end = buf + len, *line;
	int i, nf, c_exp = -1, c_ino = -1, c_size = -1;
	struct field f[16];
	uint64_t ino, size;
	size_t n;
	int err = 0;

	while (!err && da_procfs_next_line(&pos, end, &line, &n)) {
		nf = split_tabs(line, n, f, ARRAY_SIZE(f));
		if (c_exp < 0 || c_ino < 0) {
			for (i = 0; i < nf; i++) {
				c_exp = field_is(&f[i], "exp_name") ? i : c_exp;
				c_ino = field_is(&f[i], "ino") ? i : c_ino;
				c_size = field_is(&f[i], "size") ? i : c_size;
			}
			continue;
		}
		if (nf <= c_exp || nf <= c_ino || !da_procfs_u64(f[c_ino].p, f[c_ino].n, &ino))
			continue;
		if (c_size < 0 || c_size >= nf || !da_procfs_u64(f[c_size].p, f[c_size].n, &size))
			size = 0;
		err = da_snap_exp_add(x, ino, f[c_exp].p, f[c_exp].n, size);
	}
	return err;
}
