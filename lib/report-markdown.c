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

/* Markdown: a heading per group of findings, its examples in a code block. */
struct md_walk {
	FILE *f;
	const struct dmabuf_audit_report *r;
	bool open;		/* inside a code block */
};

static void md_close(struct md_walk *w)
{
	if (w->open)
		fprintf(w->f, "```\n");
	w->open = false;
}

static void md_walk_group(const struct da_finding *x, unsigned long n, void *data)
{
	struct md_walk *w = data;
	char count[48];

	md_close(w);
	fprintf(w->f, "\n**FAIL `%s`: %s (%s)**\n\n```\n", x->map.label,
		da_finding_title(x), da_finding_count(x, n, count, sizeof(count)));
	w->open = true;
}

static void md_walk_finding(const struct da_finding *x, bool first, void *data)
{
	struct md_walk *w = data;

	da_evidence_finding(w->f, "", w->r, x, first);
	da_evidence_stack(w->f, "", x);
}

static void md_walk_more(const struct da_finding *x, unsigned long n, void *data)
{
	struct md_walk *w = data;

	md_close(w);
	fprintf(w->f, "\n... and %lu more (the JSON report lists them all).\n", n);
}

static void md_driver_unknown(const char *label, const char *why, void *f)
{
	fprintf(f, "- `%s`: %s\n", label, why);
}

static void md_table(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e);

	fprintf(f, "\n| exporter | mmaps | VM_PFNMAP | GUP tried | GUP pinned | verdict |\n"
		"|---|---:|---:|---:|---:|---|\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | %lu | %lu | ", e[i].label, e[i].mmaps, e[i].mmaps_pfnmap);
		if (r->no_gup)
			fprintf(f, "- | - | ");
		else
			fprintf(f, "%lu | %lu | ", e[i].gup_attempts, e[i].gup_succeeded);
		fprintf(f, "**%s** |\n", da_verdict_name(da_report_verdict(r, &e[i])));
	}
	if (r->no_gup)
		fprintf(f, "\nGUP is not observable by a %s: VM flags only.\n",
			da_source_name(r->source));
	if (da_report_for_each_driver_unknown(r, NULL, NULL))
		fputc('\n', f);
	da_report_for_each_driver_unknown(r, md_driver_unknown, f);
}

/*
 * The workload (what made the mappings) and the audit command, so that a
 * reader can run both; a trace's report also says how it was recorded.
 */
static void md_reproduce(const struct dmabuf_audit_report *r, FILE *f)
{
	fprintf(f, "\n#### How to reproduce\n\n");
	if (r->workload)
		fprintf(f, "On kernel `%s`, with the same exporters, the workload:\n\n"
			"```sh\n%s\n```\n\naudited with:\n\n", r->kernel, r->workload);
	else if (r->command)
		fprintf(f, "On kernel `%s`, with the same exporters:\n\n", r->kernel);
	if (r->workload && r->source == DA_SOURCE_TRACE)
		fprintf(f, "```sh\ndmabuf-audit record -o trace.dat -- %s\n%s\n```\n",
			r->workload, r->command ? r->command : "dmabuf-audit report trace.dat");
	else if (r->command)
		fprintf(f, "```sh\n%s\n```\n", r->command);
	else
		fprintf(f, "The command line was not recorded.\n");
}

/*
 * For a mail or an issue: who and what (tool version, kernel, probes,
 * filter, completeness), the table, the findings grouped with a few
 * examples each, and how to reproduce.
 */
static int write_markdown(const struct dmabuf_audit_report *r, FILE *f)
{
	struct md_walk w = { .f = f, .r = r };
	const struct da_finding_walk fw = { md_walk_group, md_walk_finding,
					    md_walk_more, NULL };
	const struct da_finding *x;

	fprintf(f, "### dmabuf-audit %s: %s audit\n\n", dmabuf_audit_version(),
		da_source_name(r->source));
	fprintf(f, "- tool: dmabuf-audit %s\n- kernel: `%s`\n- probes: %s\n",
		dmabuf_audit_version(), r->kernel, r->method);
	if (da_filter_text(r->filter))
		fprintf(f, "- filter: only the mappings of %s (not the whole audit)\n",
			da_filter_text(r->filter));
	if (r->gup_scope)
		fprintf(f, "- GUP filtered: %s\n", r->gup_scope);
	if (!da_report_for_each_gap(r, md_gap, f))
		fprintf(f, "- complete: %s\n", da_report_complete_text(r));
	md_table(r, f);
	if (da_matcher_findings(r->m, &x)) {
		fprintf(f, "\n#### Findings\n");
		da_report_walk_findings(r, &fw, &w);
		md_close(&w);
	}
	md_reproduce(r, f);
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_markdown = {
	.format = DMABUF_AUDIT_FORMAT_MARKDOWN,
	.write = write_markdown,
};
