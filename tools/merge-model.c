// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge: the matrix. One column per report (machine, kernel,
 * architecture, source), one row per exporter (with its driver where the
 * report names one); rows and columns worst first, then by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

static const char *const verdict_names[] = {
	[MERGE_FAIL] = "fail",
	[MERGE_INCOMPLETE] = "incomplete",
	[MERGE_PASS] = "pass",
	[MERGE_NONE] = "none",
};

const char *merge_verdict_name(enum merge_verdict v)
{
	return v <= MERGE_NONE ? verdict_names[v] : "none";
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Same machine, kernel, architecture and source: the same column twice. */
static bool same_column(const struct merge_report *a, const struct merge_report *b)
{
	return !cmp_str(a->label, b->label) && !cmp_str(a->kernel, b->kernel) &&
	       !cmp_str(a->arch, b->arch) && !cmp_str(a->source, b->source);
}

static void drop_column(struct merge *m, size_t i)
{
	struct merge_report *c = &m->cols[i];

	merge_report_free(c);
	memmove(c, c + 1, (m->nr_cols - i - 1) * sizeof(*c));
	m->nr_cols--;
}

/*
 * Of two reports of the same column the newest file (modification time)
 * is kept, the one given later when they tie: a CI farm's latest run.
 */
void merge_drop_duplicates(struct merge *m)
{
	size_t i, j;

	for (i = 0; i < m->nr_cols; i++) {
		for (j = i + 1; j < m->nr_cols; j++) {
			if (!same_column(&m->cols[i], &m->cols[j]))
				continue;
			if (m->cols[i].mtime > m->cols[j].mtime) {
				merge_skip(m, m->cols[j].file, "a duplicate (same host, kernel, "
					   "architecture and source; the newer file is kept)",
					   m->cols[i].file);
				drop_column(m, j--);
				continue;
			}
			merge_skip(m, m->cols[i].file, "a duplicate (same host, kernel, "
				   "architecture and source; the newer file is kept)",
				   m->cols[j].file);
			drop_column(m, i--);
			break;
		}
	}
}

/* An incomplete report's cells are never shown as pass. */
static void judge_column(struct merge_report *c)
{
	size_t k;

	c->worst = c->nr_exp ? MERGE_PASS : MERGE_INCOMPLETE;
	for (k = 0; k < c->nr_exp; k++) {
		struct merge_cell *x = &c->exp[k].cell;

		if (x->verdict == MERGE_PASS && !c->complete)
			x->verdict = MERGE_INCOMPLETE;
		if (x->verdict < c->worst)
			c->worst = x->verdict;
	}
	if (c->worst == MERGE_PASS && !c->complete)
		c->worst = MERGE_INCOMPLETE;
}

static int cmp_col(const void *pa, const void *pb)
{
	const struct merge_report *a = pa, *b = pb;
	int d = (int)a->worst - (int)b->worst;

	if (!d)
		d = cmp_str(a->label, b->label);
	if (!d)
		d = cmp_str(a->kernel, b->kernel);
	if (!d)
		d = cmp_str(a->arch, b->arch);
	if (!d)
		d = cmp_str(a->source, b->source);
	return d ? d : cmp_str(a->file, b->file);
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct merge_row *a = pa, *b = pb;
	int d = (int)a->worst - (int)b->worst;

	if (!d)
		d = cmp_str(a->name, b->name);
	return d ? d : cmp_str(a->driver, b->driver);
}

static struct merge_row *find_row(struct merge *m, const struct merge_exporter *e)
{
	struct merge_row *r;
	size_t i;

	for (i = 0; i < m->nr_rows; i++)
		if (!cmp_str(m->rows[i].name, e->name) && !cmp_str(m->rows[i].driver, e->driver))
			return &m->rows[i];
	r = realloc(m->rows, (m->nr_rows + 1) * sizeof(*r));
	if (!r)
		return NULL;
	m->rows = r;
	r += m->nr_rows;
	r->name = e->name;
	r->driver = e->driver;
	r->worst = MERGE_NONE;
	r->cells = calloc(m->nr_cols, sizeof(*r->cells));
	if (!r->cells)
		return NULL;
	m->nr_rows++;
	return r;
}

/* Columns judged and sorted, then one row per exporter. 0 or -ENOMEM. */
int merge_build(struct merge *m)
{
	struct merge_row *row;
	size_t i, k;

	for (i = 0; i < m->nr_cols; i++)
		judge_column(&m->cols[i]);
	if (m->nr_cols)
		qsort(m->cols, m->nr_cols, sizeof(*m->cols), cmp_col);
	for (i = 0; i < m->nr_cols; i++) {
		for (k = 0; k < m->cols[i].nr_exp; k++) {
			const struct merge_exporter *e = &m->cols[i].exp[k];

			row = find_row(m, e);
			if (!row)
				return -1;
			row->cells[i] = e->cell;
			if (e->cell.verdict < row->worst)
				row->worst = e->cell.verdict;
		}
	}
	if (m->nr_rows)
		qsort(m->rows, m->nr_rows, sizeof(*m->rows), cmp_row);
	return m->oom ? -1 : 0;
}

int merge_status(const struct merge *m)
{
	/* a duplicate's column is there; a matrix is an output, not a report */
	bool incomplete = m->nr_skips > m->nr_dups + m->nr_matrices;
	size_t i;

	for (i = 0; i < m->nr_cols; i++) {
		if (m->cols[i].worst == MERGE_FAIL)
			return 1;
		if (m->cols[i].worst != MERGE_PASS)
			incomplete = true;
	}
	return incomplete ? 3 : 0;
}

void merge_cell_counts(const struct merge_cell *c, char *buf, size_t size)
{
	if (!c->seen)
		snprintf(buf, size, "-");
	else if (c->gup)
		snprintf(buf, size, "%llu/%llu gup %llu/%llu", c->mmaps, c->pfnmap,
			 c->gup_attempts, c->gup_succeeded);
	else
		snprintf(buf, size, "%llu/%llu no gup", c->mmaps, c->pfnmap);
}

void merge_row_name(const struct merge_row *r, char *buf, size_t size)
{
	if (r->driver)
		snprintf(buf, size, "%s (%s)", r->name, r->driver);
	else
		snprintf(buf, size, "%s", r->name);
}

void merge_free(struct merge *m)
{
	/* drop_column() moves columns within the array, never reallocates it */
	void *arrays[] = { m->versions, m->skips, m->cols, m->rows };
	size_t i;

	while (m->nr_cols)
		drop_column(m, m->nr_cols - 1);
	for (i = 0; i < m->nr_rows; i++)
		free(m->rows[i].cells);
	for (i = 0; i < m->nr_skips; i++) {
		struct merge_skip *s = &m->skips[i];

		free(s->file);
		free(s->why);
		free(s->kept);
	}
	for (i = 0; i < m->nr_versions; i++)
		free(m->versions[i]);
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
		free(arrays[i]);
	memset(m, 0, sizeof(*m));
}

const char *merge_verdict_label(enum merge_verdict v)
{
	static const char *const labels[] = { "FAIL", "INCOMPLETE", "PASS", "-" };

	return v <= MERGE_NONE ? labels[v] : "-";
}

void merge_col_title(const struct merge_report *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s %s %s", c->label ? c->label : "?", merge_col_kernel(c),
		 merge_col_arch(c), c->source ? c->source : "?");
}

void merge_summary(const struct merge *m, char *buf, size_t size)
{
	size_t left = m->nr_skips - m->nr_dups;	/* matrices too: said */

	if (!m->nr_skips) {
		snprintf(buf, size, "%zu report%s, %zu exporter%s, nothing left out",
			 m->nr_cols, m->nr_cols == 1 ? "" : "s", m->nr_rows,
			 m->nr_rows == 1 ? "" : "s");
		return;
	}
	snprintf(buf, size, "%zu report%s, %zu exporter%s, %zu duplicate%s and %zu file%s left out",
		 m->nr_cols, m->nr_cols == 1 ? "" : "s", m->nr_rows, m->nr_rows == 1 ? "" : "s",
		 m->nr_dups, m->nr_dups == 1 ? "" : "s", left, left == 1 ? "" : "s");
}

static void put_file(const struct merge_markup *mk, FILE *f, const char *file)
{
	fputs(mk->code, f);
	mk->put(f, file);
	fputs(mk->code_end, f);
}

void merge_put_reports(const struct merge *m, const struct merge_markup *mk, FILE *f)
{
	char title[512];
	size_t i, k;

	for (i = 0; i < m->nr_cols; i++) {
		const struct merge_report *c = &m->cols[i];

		merge_col_title(c, title, sizeof(title));
		fprintf(f, "%s%s%s", mk->item, merge_verdict_label(c->worst), mk->label_end);
		mk->put(f, title);
		fputs(": version ", f);
		mk->put(f, c->version);
		fputs(", ", f);
		put_file(mk, f, c->file);
		for (k = 0; k < c->nr_reasons; k++) {
			fputs(mk->reason, f);
			mk->put(f, c->reasons[k]);
		}
		fputs(mk->end, f);
	}
	for (i = 0; i < m->nr_skips; i++) {
		fputs(mk->left_out, f);
		put_file(mk, f, m->skips[i].file);
		fputs(": ", f);
		mk->put(f, m->skips[i].why);
		if (m->skips[i].kept) {
			fputs(", kept ", f);
			put_file(mk, f, m->skips[i].kept);
		}
		fputs(mk->end, f);
	}
}

void merge_walk_head(const struct merge *m, const struct merge_markup *w, FILE *f)
{
	char title[512];
	size_t i;

	for (i = 0; i < m->nr_cols; i++) {
		merge_col_title(&m->cols[i], title, sizeof(title));
		w->head(f, &m->cols[i], i, title);
	}
}

void merge_walk_rows(const struct merge *m, const struct merge_markup *w, FILE *f)
{
	char name[256], counts[96];
	size_t i, k;

	for (k = 0; k < m->nr_rows; k++) {
		merge_row_name(&m->rows[k], name, sizeof(name));
		w->row(f, &m->rows[k], name);
		for (i = 0; i < m->nr_cols; i++) {
			merge_cell_counts(&m->rows[k].cells[i], counts, sizeof(counts));
			w->cell(f, &m->rows[k].cells[i], counts, i);
		}
		w->row_end(f);
	}
}
