// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge --format text: the columns listed with their files,
 * then the matrix with one numbered column per report, aligned.
 */
#include <stdlib.h>
#include <string.h>

#include "merge.h"

#define CELL_MAX	96

static void cell_text(const struct merge_cell *c, char *buf, size_t size)
{
	char counts[CELL_MAX - 16];	/* room for the label */

	merge_cell_counts(c, counts, sizeof(counts));
	if (c->seen)
		snprintf(buf, size, "%s %s", merge_verdict_label(c->verdict), counts);
	else
		snprintf(buf, size, "-");
}

static void put_columns(const struct merge *m, FILE *f)
{
	char title[512];
	size_t i, k;

	fprintf(f, "reports (columns, worst first):\n");
	for (i = 0; i < m->nr_cols; i++) {
		const struct merge_report *c = &m->cols[i];

		merge_col_title(c, title, sizeof(title));
		fprintf(f, "  [%zu] %s %s (version %s, %s)\n", i + 1,
			merge_verdict_label(c->worst), title, c->version, c->file);
		for (k = 0; k < c->nr_reasons; k++)
			fprintf(f, "      incomplete: %s\n", c->reasons[k]);
		if (!c->nr_exp && !c->nr_reasons)	/* the report says why, else we do */
			fprintf(f, "      incomplete: no dma-buf mapping in this report\n");
	}
}

/* Width of each column: its header "[N]" or its widest cell. */
static void widths(const struct merge *m, int *w, int *name_w)
{
	char buf[CELL_MAX];
	size_t i, k;
	int n;

	*name_w = strlen("exporter");
	for (k = 0; k < m->nr_rows; k++) {
		merge_row_name(&m->rows[k], buf, sizeof(buf));
		n = strlen(buf);
		*name_w = n > *name_w ? n : *name_w;
	}
	for (i = 0; i < m->nr_cols; i++) {
		w[i] = snprintf(buf, sizeof(buf), "[%zu]", i + 1);
		for (k = 0; k < m->nr_rows; k++) {
			cell_text(&m->rows[k].cells[i], buf, sizeof(buf));
			n = strlen(buf);
			w[i] = n > w[i] ? n : w[i];
		}
	}
}

static void put_matrix(const struct merge *m, FILE *f, const int *w, int name_w)
{
	char buf[CELL_MAX], hdr[24];
	size_t i, k;

	fprintf(f, "%-*s", name_w, "exporter");
	for (i = 0; i < m->nr_cols; i++) {
		snprintf(hdr, sizeof(hdr), "[%zu]", i + 1);
		fprintf(f, "  %-*s", i + 1 < m->nr_cols ? w[i] : 0, hdr);
	}
	fputc('\n', f);
	for (k = 0; k < m->nr_rows; k++) {
		merge_row_name(&m->rows[k], buf, sizeof(buf));
		fprintf(f, "%-*s", name_w, buf);
		for (i = 0; i < m->nr_cols; i++) {
			cell_text(&m->rows[k].cells[i], buf, sizeof(buf));
			fprintf(f, "  %-*s", i + 1 < m->nr_cols ? w[i] : 0, buf);
		}
		fputc('\n', f);
	}
}

static void put_skips(const struct merge *m, FILE *f)
{
	size_t i;

	for (i = 0; i < m->nr_skips; i++)
		fprintf(f, "left out: %s: %s%s%s\n", m->skips[i].file, m->skips[i].why,
			m->skips[i].kept ? ", kept " : "", m->skips[i].kept ? m->skips[i].kept : "");
	if (m->nr_versions > 1)
		fprintf(f, "note: reports of %zu tool versions (see each column's version)\n",
			m->nr_versions);
}

int merge_write_text(const struct merge *m, FILE *f)
{
	char sum[256];
	int *w = calloc(m->nr_cols ? m->nr_cols : 1, sizeof(*w)), name_w;

	if (!w)
		return -1;
	merge_summary(m, sum, sizeof(sum));
	fprintf(f, "dmabuf-audit merge: %s\n\n", sum);
	put_columns(m, f);
	fprintf(f, "\ncells: VERDICT mappings/VM_PFNMAP gup tried/pinned "
		"(no gup: a snapshot; -: exporter not seen there)\n\n");
	widths(m, w, &name_w);
	put_matrix(m, f, w, name_w);
	free(w);
	if (m->nr_skips || m->nr_versions > 1)
		fputc('\n', f);
	put_skips(m, f);
	return ferror(f) ? -1 : 0;
}
