/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabuf-audit merge: many JSON reports (docs/report.schema.json) into one
 * matrix, exporter x machine/kernel/architecture. merge-read.c reads the
 * files, merge-model.c builds and sorts the matrix, one merge-FORMAT.c
 * per output format writes it.
 */
#ifndef _DA_MERGE_H
#define _DA_MERGE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* Worst first: the order of rows, columns and the exit code's meaning. */
enum merge_verdict {
	MERGE_FAIL,
	MERGE_INCOMPLETE,
	MERGE_PASS,
	MERGE_NONE,	/* the exporter was not seen in that report */
};

/* One exporter of one report: a cell of the matrix. */
struct merge_cell {
	bool seen;
	enum merge_verdict verdict;
	unsigned long long mmaps, pfnmap, flags_unknown;
	bool gup;			/* the report saw GUP (not a snapshot) */
	unsigned long long gup_attempts, gup_succeeded;
};

struct merge_exporter {
	char *name;
	char *driver;			/* NULL: the report did not say */
	struct merge_cell cell;
};

/* One report read: a column. */
struct merge_report {
	char *file;
	char *host;			/* NULL: the report predates "host" */
	char *kernel, *arch, *source, *version;
	char *label;			/* host, or "host unknown (FILE)" */
	bool complete;
	int status;
	time_t mtime;
	char **reasons;			/* incomplete_reasons */
	size_t nr_reasons;
	struct merge_exporter *exp;
	size_t nr_exp;
	enum merge_verdict worst;
};

/* An exporter over all reports: a row. */
struct merge_row {
	const char *name, *driver;
	struct merge_cell *cells;	/* one per column, in column order */
	enum merge_verdict worst;
};

/* A file left out, and why: one line on stderr, and in every output. */
struct merge_skip {
	char *file;
	char *why;
	char *kept;			/* a duplicate: the file kept instead */
	const char *kind;		/* "unread", "duplicate", "matrix" */
};

struct merge {
	struct merge_report *cols;
	size_t nr_cols;
	struct merge_row *rows;
	size_t nr_rows;
	struct merge_skip *skips;
	size_t nr_skips;
	size_t nr_dups;			/* of nr_skips, duplicates */
	size_t nr_matrices;		/* of nr_skips, merged matrices (outputs) */
	char **versions;		/* the tool versions seen, distinct */
	size_t nr_versions;
	bool oom;
};

/* merge-read.c: every report of @paths (files, or directories of *.json) */
void merge_read_paths(struct merge *m, char **paths, int nr);
/* The column's label parts, "-" where a field is missing. */
void merge_report_free(struct merge_report *r);
const char *merge_col_kernel(const struct merge_report *c);
const char *merge_col_arch(const struct merge_report *c);
void merge_skip(struct merge *m, const char *file, const char *why,
		const char *kept);

/* merge-model.c */
void merge_drop_duplicates(struct merge *m);
int merge_build(struct merge *m);
void merge_free(struct merge *m);
/* 0 all pass, 1 a failing cell, 3 incomplete or a file left out */
int merge_status(const struct merge *m);
const char *merge_verdict_name(enum merge_verdict v);
/* "2/2 gup 5/0" or "2/2 no gup": mappings/VM_PFNMAP, GUP tried/pinned */
void merge_cell_counts(const struct merge_cell *c, char *buf, size_t size);
/* "FAIL", "INCOMPLETE", "PASS", "-": the label beside any colour */
const char *merge_verdict_label(enum merge_verdict v);
/* "HOST KERNEL ARCH SOURCE" of a column */
void merge_col_title(const struct merge_report *c, char *buf, size_t size);
/* "4 reports, 5 exporters, 1 file left out" */
void merge_summary(const struct merge *m, char *buf, size_t size);
/* "videobuf2_vmalloc" or "drm (vgem)" */
void merge_row_name(const struct merge_row *r, char *buf, size_t size);

/*
 * A markup writer (markdown, html). merge_walk_head() calls head for each
 * column's header, merge_walk_rows() row, cell and
 * row_end for the matrix in order, names and counts already made.
 * merge_put_reports() lists the reports and the files left out: each
 * report is ITEM LABEL LABEL_END title ": version " V ", " CODE file
 * CODE_END, then REASON why for each incomplete reason, then END; a file
 * left out is LEFT_OUT CODE file CODE_END ": " why [", kept " CODE file
 * CODE_END] END.
 */
struct merge_markup {
	void (*head)(FILE *f, const struct merge_report *c, size_t col, const char *title);
	void (*row)(FILE *f, const struct merge_row *r, const char *name);
	void (*cell)(FILE *f, const struct merge_cell *c, const char *counts, size_t col);
	void (*row_end)(FILE *f);
	void (*put)(FILE *f, const char *s);	/* text from a report, escaped */
	const char *item, *label_end, *code, *code_end, *reason, *left_out, *end;
};
/* head for each column's header cell */
void merge_walk_head(const struct merge *m, const struct merge_markup *w, FILE *f);
void merge_walk_rows(const struct merge *m, const struct merge_markup *w, FILE *f);
void merge_put_reports(const struct merge *m, const struct merge_markup *mk, FILE *f);

/* one writer per format; 0 or -1 (write error) */
int merge_write_text(const struct merge *m, FILE *f);
int merge_write_markdown(const struct merge *m, FILE *f);
int merge_write_json(const struct merge *m, FILE *f);
int merge_write_html(const struct merge *m, FILE *f);

#endif /* _DA_MERGE_H */
