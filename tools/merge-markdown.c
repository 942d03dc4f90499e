// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge --format markdown: the matrix as a GitHub/GitLab
 * table, for a bug report or a CI summary; the reports listed below it.
 */
#include <string.h>

#include "merge.h"

/* A table cell: '|' would end it, a newline the table. */
static void md_put(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' ||
		    *s == '<' || *s == '[' || *s == ']')
			fputc('\\', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

static void md_header(const struct merge *m, FILE *f)
{
	char title[512];
	size_t i;

	fputs("| exporter |", f);
	for (i = 0; i < m->nr_cols; i++) {
		merge_col_title(&m->cols[i], title, sizeof(title));
		fputc(' ', f);
		md_put(f, title);
		fputs(" |", f);
	}
	fputs("\n|---|", f);
	for (i = 0; i < m->nr_cols; i++)
		fputs("---|", f);
	fputc('\n', f);
}

static void md_rows(const struct merge *m, FILE *f)
{
	char buf[256];
	size_t i, k;

	for (k = 0; k < m->nr_rows; k++) {
		merge_row_name(&m->rows[k], buf, sizeof(buf));
		fputs("| ", f);
		md_put(f, buf);
		fputs(" |", f);
		for (i = 0; i < m->nr_cols; i++) {
			const struct merge_cell *c = &m->rows[k].cells[i];

			merge_cell_counts(c, buf, sizeof(buf));
			if (c->seen)
				fprintf(f, " **%s** %s |", merge_verdict_label(c->verdict), buf);
			else
				fputs(" - |", f);
		}
		fputc('\n', f);
	}
}

static void md_reports(const struct merge *m, FILE *f)
{
	char title[512];
	size_t i, k;

	fputs("\n### Reports\n\n", f);
	for (i = 0; i < m->nr_cols; i++) {
		const struct merge_report *c = &m->cols[i];

		merge_col_title(c, title, sizeof(title));
		fprintf(f, "- **%s** ", merge_verdict_label(c->worst));
		md_put(f, title);
		fprintf(f, ": version %s, ", c->version);
		md_put(f, c->file);
		fputc('\n', f);
		for (k = 0; k < c->nr_reasons; k++) {
			fputs("  - incomplete: ", f);
			md_put(f, c->reasons[k]);
			fputc('\n', f);
		}
	}
	for (i = 0; i < m->nr_skips; i++) {
		fputs("- left out: ", f);
		md_put(f, m->skips[i].file);
		fputs(": ", f);
		md_put(f, m->skips[i].why);
		if (m->skips[i].kept) {
			fputs(", kept ", f);
			md_put(f, m->skips[i].kept);
		}
		fputc('\n', f);
	}
}

int merge_write_markdown(const struct merge *m, FILE *f)
{
	char sum[256];

	merge_summary(m, sum, sizeof(sum));
	fprintf(f, "## dmabuf-audit merge\n\n%s. Cells: verdict, mappings/VM_PFNMAP, "
		"GUP tried/pinned (no gup: a snapshot; -: exporter not seen there).\n\n", sum);
	md_header(m, f);
	md_rows(m, f);
	md_reports(m, f);
	return ferror(f) ? -1 : 0;
}
