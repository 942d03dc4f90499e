// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit merge: the fleet view. JSON reports of many machines and
 * kernels (any of live, report, snapshot, exercise --format json) into one
 * matrix, exporter x machine/kernel/architecture, worst first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "merge.h"

static const struct merge_format {
	const char *name;
	int (*write)(const struct merge *m, FILE *f);
} formats[] = {
	{ "text", merge_write_text },
	{ "markdown", merge_write_markdown },
	{ "json", merge_write_json },
	{ "html", merge_write_html },
};

struct merge_opts {
	const struct merge_format *format;
	const char *output;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit merge [OPTIONS] REPORT.json|DIR...\n"
		"Merge JSON reports (live, report, snapshot, exercise --format json) of\n"
		"many machines into one matrix: exporter x host/kernel/architecture, each\n"
		"cell the verdict with mappings/VM_PFNMAP and GUP tried/pinned, worst first.\n"
		"  REPORT.json|DIR   report files, or directories of *.json reports\n"
		"  --format FMT      the matrix's format: text (default), markdown, json or html\n"
		"                    (html: one self-contained page, no external resource)\n"
		"  -o, --output FILE write the matrix to FILE instead of stdout\n"
		"  -h, --help        show this help\n"
		"Files that are not reports this version reads (left out unread),\n"
		"duplicates (same host, kernel, architecture and source: the newest\n"
		"file is kept) and merged matrices are named on stderr and left out.\n"
		"Exit: 0 all pass, 1 a failing cell, 2 usage error or no report read,\n"
		"3 incomplete cells or a file left out unread.\n");
}

static int option(int opt, const char *arg, void *data)
{
	struct merge_opts *o = data;
	size_t i;

	if (opt == 'o') {
		o->output = arg;
		return 0;
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(arg, formats[i].name)) {
			o->format = &formats[i];
			return 0;
		}
	cli_error("unknown --format '%s': text, markdown, json or html; "
		  "try 'dmabuf-audit merge --help'", arg);
	return -1;
}

/* Reports of several versions are merged, and said to be: one line. */
static void note_versions(const struct merge *m)
{
	char list[256] = "";
	size_t i, len = 0;

	if (m->nr_versions < 2)
		return;
	for (i = 0; i < m->nr_versions && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
				m->versions[i]);
	cli_error("reports of %zu tool versions merged: %s (each column names its own)",
		  m->nr_versions, list);
}

/* Write the matrix to stdout or --output; 0 or -1 after saying why. */
static int write_out(const struct merge *m, const struct merge_opts *o)
{
	struct da_out_file out = { 0 };
	int err;

	err = da_out_file_open(&out, o->output ? o->output : "-", DA_OUT_DASH_STDOUT);
	if (err) {
		cli_error("cannot write %s: %s", o->output, strerror(-err));
		return -1;
	}
	if (o->format->write(m, out.f)) {
		da_out_file_discard(&out);
		cli_error("cannot write %s: %s", o->output ? o->output : "stdout",
			  strerror(errno ? errno : EIO));
		return -1;
	}
	err = da_out_file_commit(&out);
	da_out_file_discard(&out);
	if (err)
		cli_error("cannot write %s: %s", o->output ? o->output : "stdout",
			  strerror(-err));
	return err ? -1 : 0;
}

int cmd_merge(int argc, char **argv)
{
	struct merge_opts o = { .format = &formats[0] };
	const struct cli_parser p = { "hf:o:", "format:f output:o", NULL, usage,
				      option, NULL, &o };
	struct merge m = { 0 };
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind >= argc) {
		cli_usage_error("merge", "no report given: REPORT.json or DIR");
		return 2;
	}
	merge_read_paths(&m, argv + optind, argc - optind);
	merge_drop_duplicates(&m);
	if (m.oom || merge_build(&m)) {
		cli_error("out of memory");
		ret = 2;
	} else if (!m.nr_cols) {
		cli_error("no report could be read: nothing to merge");
		ret = 2;
	} else {
		note_versions(&m);
		ret = write_out(&m, &o) ? 2 : merge_status(&m);
	}
	merge_free(&m);
	return ret;
}
