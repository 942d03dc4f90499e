// SPDX-License-Identifier: LGPL-2.1
/*
 * Kernel pointers in a report meant for a public bug report: the kernel
 * hashes them itself (%p) so as not to show its heap layout, and a report
 * must not undo that. Each distinct mm is named mm#1, mm#2, ... in the
 * order of the findings (the JSON's order), so the same input gives the
 * same labels in every format; raw values only when asked for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

struct da_label {
	uint64_t key;
	size_t first;		/* index of the first finding that shows it */
	unsigned long num;
};

struct da_labels {
	struct da_label *v;
	size_t n;
	size_t built_for;	/* the number of findings they were made from */
	bool built;
};

static int by_key(const void *a, const void *b)
{
	const struct da_label *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int by_first(const void *a, const void *b)
{
	const struct da_label *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Sorted by key, numbered by first appearance; false without memory. */
static bool labels_build(struct da_labels *l, const struct da_finding *x, size_t nf)
{
	size_t i, n = 0;

	free(l->v);
	l->v = calloc(nf ? nf : 1, sizeof(*l->v));
	l->n = 0;
	l->built = false;
	if (!l->v)
		return false;
	for (i = 0; i < nf; i++)
		l->v[i] = (struct da_label){ .key = x[i].map.mm, .first = i };
	qsort(l->v, nf, sizeof(*l->v), by_key);
	for (i = 0; i < nf; i++) {
		if (!n || l->v[n - 1].key != l->v[i].key)
			l->v[n++] = l->v[i];
		else if (l->v[i].first < l->v[n - 1].first)
			l->v[n - 1].first = l->v[i].first;
	}
	qsort(l->v, n, sizeof(*l->v), by_first);
	for (i = 0; i < n; i++)
		l->v[i].num = i + 1;
	qsort(l->v, n, sizeof(*l->v), by_key);
	l->n = n;
	l->built_for = nf;
	l->built = true;
	return true;
}

struct da_labels *da_labels_alloc(void)
{
	return calloc(1, sizeof(struct da_labels));
}

void da_labels_free(struct da_labels *l)
{
	if (l)
		free(l->v);
	free(l);
}

/*
 * The labels live in the report (a cache that writers, which take the
 * report as const, fill in): rebuilt when findings were added since.
 */
const char *da_report_mm(const struct dmabuf_audit_report *r, uint64_t mm,
			 char *buf, size_t size)
{
	const struct da_finding *x;
	size_t nf = da_matcher_findings(r->m, &x);
	struct da_labels *l = r->labels;
	const struct da_label key = { .key = mm }, *hit = NULL;

	if (r->raw_pointers || !mm) {
		snprintf(buf, size, "0x%llx", (unsigned long long)mm);
		return buf;
	}
	if ((l->built && l->built_for == nf) || labels_build(l, x, nf))
		hit = bsearch(&key, l->v, l->n, sizeof(*l->v), by_key);
	/* never the raw value unless asked for, even without memory */
	if (hit)
		snprintf(buf, size, "mm#%lu", hit->num);
	else
		snprintf(buf, size, "mm#?");
	return buf;
}

int dmabuf_audit_report_set_raw_pointers(struct dmabuf_audit_report *r, int raw)
{
	if (!r)
		return -EINVAL;
	r->raw_pointers = !!raw;
	return 0;
}
