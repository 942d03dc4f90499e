// SPDX-License-Identifier: GPL-2.0
/*
 * The exerciser's measurements as measured: --format tsv (one record per
 * line, for scripts such as the lab's), and the table --format text shows
 * before the common report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exercise.h"
#include "exporter-v4l2.h"
#include "exporter-drm.h"

const char *gup_str(const struct gup_result *g, char *buf, size_t len)
{
	char eb[16];
	const char *e;

	if (!g->tried)
		return "-";
	if (!g->err) {
		if (g->done == g->want)
			return "ok";
		snprintf(buf, len, "ok:%zu/%zu", g->done, g->want);
		return buf;
	}
	e = ex_errno_name(g->err, eb, sizeof(eb));
	if (g->stage)
		snprintf(buf, len, "%s:%s", g->stage, e);
	else
		snprintf(buf, len, "%s", e);
	return buf;
}

static void print_tsv_result(FILE *out, const struct exercise_result *r)
{
	char buf[64];
	int m;

	fprintf(out, "exporter\t%s\t%s\t%s%s\n", r->exp_name, r->source,
		r->failure[0] ? "failed:" : "ok", r->failure);
	if (!r->mapped)
		return;
	fprintf(out, "map\t%s\t%s\t%lx\t%lx\t%lu\t%s\t%d\n", r->exp_name,
		r->source, r->start, r->end, r->ino,
		r->vmflags[0] ? r->vmflags : "-", r->pfnmap);
	if (r->moved[0])
		fprintf(out, "move\t%s\t%s\t%s\n", r->exp_name, r->source, r->moved);
	if (r->split[0])
		fprintf(out, "split\t%s\t%s\t%s\n", r->exp_name, r->source, r->split);
	/*
	 * o_direct only when it reached GUP: without a filesystem doing
	 * direct I/O (the lab's initramfs) there was no attempt to show.
	 */
	for (m = 0; m < GUP_NR; m++)
		if (r->gup[m].tried &&
		    (!gup_methods[m]->setup_not_shown || !r->gup[m].stage))
			fprintf(out, "gup\t%s\t%s\t%s\t%s\n", r->exp_name,
				r->source, gup_methods[m]->name,
				gup_str(&r->gup[m], buf, sizeof(buf)));
	if (r->reused)
		fprintf(out, "reuse\t%s\t%s\t%lx\t%d\t%s\n", r->exp_name,
			r->source, r->reuse_start, r->reuse_same,
			gup_str(&r->reuse_gup, buf, sizeof(buf)));
}

void exercise_print_tsv(FILE *out, const struct exercise_report *rep)
{
	size_t i;

	fprintf(out, "kernel\t%s\n", rep->kernel);
	for (i = 0; i < rep->nres; i++)
		print_tsv_result(out, &rep->res[i]);
	for (i = 0; i < rep->nskips; i++)
		fprintf(out, "skip\t%s\t%s\n", rep->skips[i].source,
			rep->skips[i].reason);
	drm_print_paths(out, true);
}

enum text_col {
	COL_EXPORTER, COL_SOURCE, COL_SIZE, COL_PROT, COL_VMFLAGS, COL_PFNMAP,
	COL_GUP,	/* GUP_NR columns */
	COL_REUSE = COL_GUP + GUP_NR,
	COL_NR,
};

/* The GUP methods' columns come from their table. */
static const char *const text_header[COL_NR] = {
	[COL_EXPORTER] = "EXPORTER", [COL_SOURCE] = "SOURCE", [COL_SIZE] = "SIZE",
	[COL_PROT] = "PROT", [COL_VMFLAGS] = "VMFLAGS", [COL_PFNMAP] = "PFNMAP",
	[COL_REUSE] = "REUSE",
};

typedef char text_row[COL_NR][EX_SOURCE_LEN];

static void text_fill_row(text_row row, const struct exercise_result *r)
{
	char buf[64];
	int m;

	snprintf(row[COL_EXPORTER], sizeof(row[0]), "%s", r->exp_name);
	snprintf(row[COL_SOURCE], sizeof(row[0]), "%s", r->source);
	snprintf(row[COL_SIZE], sizeof(row[0]), "%zu", r->size);
	snprintf(row[COL_PROT], sizeof(row[0]), "%s",
		 r->prot & PROT_WRITE ? "rw" : "r");
	snprintf(row[COL_VMFLAGS], sizeof(row[0]), "%s",
		 r->vmflags[0] ? r->vmflags : "?");
	snprintf(row[COL_PFNMAP], sizeof(row[0]), "%s",
		 r->pfnmap ? "yes" : "no");
	for (m = 0; m < GUP_NR; m++)
		snprintf(row[COL_GUP + m], sizeof(row[0]), "%s",
			 gup_str(&r->gup[m], buf, sizeof(buf)));
	snprintf(row[COL_REUSE], sizeof(row[0]), "%s%s",
		 gup_str(&r->reuse_gup, buf, sizeof(buf)),
		 !r->reused ? "" : r->reuse_same ? " (same addr)" : " (moved)");
}

static void text_print_row(FILE *out, text_row row, const int *width)
{
	int c;

	for (c = 0; c < COL_NR; c++)
		fprintf(out, "%-*s%s", c == COL_NR - 1 ? 0 : width[c], row[c],
			c == COL_NR - 1 ? "\n" : "  ");
}

static void print_text_table(FILE *out, text_row *rows, size_t nrows)
{
	int width[COL_NR], c, len;
	text_row header;
	size_t i;

	for (c = 0; c < COL_NR; c++) {
		snprintf(header[c], sizeof(header[c]), "%s", text_header[c] ?:
			 gup_methods[c - COL_GUP]->column);
		width[c] = strlen(header[c]);
		for (i = 0; i < nrows; i++) {
			len = strlen(rows[i][c]);
			if (len > width[c])
				width[c] = len;
		}
	}
	text_print_row(out, header, width);
	for (i = 0; i < nrows; i++)
		text_print_row(out, rows[i], width);
	fprintf(out, "(PVR: process_vm_readv of our own mapping; PVR-CHILD: from a forked child; O_DIRECT: write(2) from it to a file opened with O_DIRECT; REUSE: vmsplice on anonymous memory mapped where the dma-buf was)\n");
}

/* Was a queue of a mem-to-mem node met, mapped or skipped? */
static bool met_m2m(const struct exercise_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nres; i++)
		if (strstr(rep->res[i].source, ":" V4L2_M2M_PREFIX))
			return true;
	for (i = 0; i < rep->nskips; i++)
		if (strstr(rep->skips[i].source, ":" V4L2_M2M_PREFIX))
			return true;
	return false;
}

static void print_text_notes(FILE *out, const struct exercise_report *rep)
{
	const struct exercise_result *r;
	size_t i;

	for (i = 0; i < rep->nres; i++) {
		r = &rep->res[i];
		if (r->failure[0])
			fprintf(out, "failed:  %s (%s): %s\n", r->exp_name,
				r->source, r->failure);
		if (r->mapped && !r->in_smaps)
			fprintf(out, "note:    %s (%s): mapping at %lx not found in /proc/self/smaps\n",
				r->exp_name, r->source, r->start);
		else if (r->mapped && r->map_ino != r->ino)
			fprintf(out, "note:    %s (%s): the VMA's file is not the dma-buf (%s, inode %lu, dma-buf inode %lu)\n",
				r->exp_name, r->source, r->map_name,
				r->map_ino, r->ino);
	}
	for (i = 0; i < rep->nskips; i++)
		fprintf(out, "skipped: %s: %s\n", rep->skips[i].source,
			rep->skips[i].reason);
	if (met_m2m(rep))
		fprintf(out, "note:    " V4L2_M2M_PREFIX "* queues (V4L2 mem-to-mem): this path was built from the uapi and never run on a real M2M device before; check its rows\n");
	if (rep->odirect.fd < 0 && rep->nres)
		fprintf(out, "note:    o_direct: no O_DIRECT filesystem (%s): not tried\n",
			rep->odirect.why);
}

void exercise_print_text(FILE *out, const struct exercise_report *rep)
{
	text_row *rows;
	size_t i, n = 0;

	fprintf(out, "kernel: %s\n", rep->kernel);
	rows = calloc(rep->nres ? rep->nres : 1, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, EX_PREFIX "out of memory, use --format tsv\n");
		return;
	}
	for (i = 0; i < rep->nres; i++)
		if (rep->res[i].mapped)
			text_fill_row(rows[n++], &rep->res[i]);
	if (n)
		print_text_table(out, rows, n);
	free(rows);
	print_text_notes(out, rep);
	drm_print_paths(out, false);
}
