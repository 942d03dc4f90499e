// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge --format markdown: the matrix as a GitHub/GitLab
 * table, for a bug report or a CI summary; the reports listed below it.
 */
#include <string.h>

#include "merge.h"

/* Text from a report: '|' would end a cell, a newline the table. */
static void md_put(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("|\\*_`<[]", *s))
			fputc('\\', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

static void md_head(FILE *f, const struct merge_report *c, size_t col, const char *title)
{
	fputc(' ', f);
	md_put(f, title);
	fputs(" |", f);
}

static void md_row(FILE *f, const struct merge_row *r, const char *name)
{
	fputs("| ", f);
	md_put(f, name);
	fputs(" |", f);
}

static void md_cell(FILE *f, const struct merge_cell *c, const char *counts, size_t col)
{
	if (c->seen)
		fprintf(f, " **%s** %s |", merge_verdict_label(c->verdict), counts);
	else
		fputs(" - |", f);
}

static void md_row_end(FILE *f)
{
	fputc('\n', f);
}

/* no code span around files: markdown shows a backslash in one as it is */
static const struct merge_markup md_markup = {
	md_head, md_row, md_cell, md_row_end, md_put,
	"- **", "** ", "", "", "\n  - incomplete: ", "- left out: ", "\n",
};

static void md_header(const struct merge *m, FILE *f)
{
	size_t i;

	fputs("| exporter |", f);
	merge_walk_head(m, &md_markup, f);
	fputs("\n|---|", f);
	for (i = 0; i < m->nr_cols; i++)
		fputs("---|", f);
	fputc('\n', f);
}

int merge_write_markdown(const struct merge *m, FILE *f)
{
	char sum[256];

	merge_summary(m, sum, sizeof(sum));
	fprintf(f, "## dmabuf-audit merge\n\n%s. Cells: verdict, mappings/VM_PFNMAP, "
		"GUP tried/pinned (no gup: a snapshot; -: exporter not seen there).\n\n", sum);
	md_header(m, f);
	merge_walk_rows(m, &md_markup, f);
	fputs("\n### Reports\n\n", f);
	merge_put_reports(m, &md_markup, f);
	return ferror(f) ? -1 : 0;
}
