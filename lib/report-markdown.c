// SPDX-License-Identifier: LGPL-2.1
/*
 * The markdown report, for a mail or an issue.
 */
#include <errno.h>
#include <stdio.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

static void md_gap(const char *line, void *f)
{
	fprintf(f, "- incomplete: %s\n", line);
}

/* Markdown: a heading per finding, its evidence in a code block. */
struct md_walk {
	FILE *f;
	bool open;		/* inside a code block */
};

static void md_close(struct md_walk *w)
{
	if (w->open)
		fprintf(w->f, "```\n");
	w->open = false;
}

static void md_walk_finding(const struct da_finding *x, bool first, void *data)
{
	struct md_walk *w = data;

	if (first) {
		md_close(w);
		fprintf(w->f, "\n**FAIL `%s`: %s**\n\n```\n", x->map.exp_name,
			da_finding_title(x));
		w->open = true;
		da_evidence_mapping(w->f, "", &x->map);
	}
	if (x->kind == DA_FIND_GUP_SUCCEEDED)
		da_evidence_gup(w->f, "", x);
}

static void md_walk_more(const char *exporter, unsigned long n, void *data)
{
	struct md_walk *w = data;

	md_close(w);
	fprintf(w->f, "\n... and %lu more GUP pins of `%s` mappings (the JSON report "
		"lists them all).\n", n, exporter);
}

static void md_table(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e);

	fprintf(f, "\n| exporter | mmaps | VM_PFNMAP | GUP tried | GUP pinned | verdict |\n"
		"|---|---:|---:|---:|---:|---|\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | %lu | %lu | ", e[i].name, e[i].mmaps, e[i].mmaps_pfnmap);
		if (r->no_gup)
			fprintf(f, "- | - | ");
		else
			fprintf(f, "%lu | %lu | ", e[i].gup_attempts, e[i].gup_succeeded);
		fprintf(f, "**%s** |\n", da_verdict_name(da_report_verdict(r, &e[i])));
	}
	if (r->no_gup)
		fprintf(f, "\nGUP is not observable by a %s: VM flags only.\n",
			da_source_name(r->source));
}

/*
 * For a mail or an issue: who and what (tool version, kernel, probes,
 * completeness), the table, each finding with its evidence, and the
 * command line that made the report.
 */
static int write_markdown(const struct dmabuf_audit_report *r, FILE *f)
{
	struct md_walk w = { .f = f };
	const struct da_finding_walk fw = { md_walk_finding, md_walk_more, NULL };
	const struct da_finding *x;

	fprintf(f, "### dmabuf-audit %s: %s audit\n\n", dmabuf_audit_version(),
		da_source_name(r->source));
	fprintf(f, "- tool: dmabuf-audit %s\n- kernel: `%s`\n- probes: %s\n",
		dmabuf_audit_version(), r->kernel, r->method);
	if (!da_report_for_each_gap(r, md_gap, f))
		fprintf(f, "- complete: %s\n", da_report_complete_text(r));
	md_table(r, f);
	if (da_matcher_findings(r->m, &x)) {
		fprintf(f, "\n#### Findings\n");
		da_report_walk_findings(r, &fw, &w);
		md_close(&w);
	}
	fprintf(f, "\n#### How to reproduce\n\n");
	if (r->command)
		fprintf(f, "On kernel `%s`, with the same exporters:\n\n```sh\n%s\n```\n",
			r->kernel, r->command);
	else
		fprintf(f, "The command line was not recorded.\n");
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_markdown = {
	.format = DMABUF_AUDIT_FORMAT_MARKDOWN,
	.write = write_markdown,
};
