// SPDX-License-Identifier: LGPL-2.1
/*
 * The text report: a table of exporters with their verdicts, the findings
 * with the mapping and the GUP that touched it, and what is missing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"
#include "stacks.h"

static void text_gap(const char *line, void *f)
{
	fprintf(f, "  incomplete: %s\n", line);
}

static void text_driver_unknown(const char *label, const char *why, void *f)
{
	fprintf(f, "%s: %s\n", label, why);
}

static void text_mapping(FILE *f, const struct da_mapping *m)
{
	char flags[512];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	fprintf(f, "      mapped by pid %d (%s) via %s: 0x%llx-0x%llx (%llu KiB), ino %llu\n",
		m->pid, m->comm, da_map_path_name(m->path), (unsigned long long)m->start,
		(unsigned long long)m->end,
		(unsigned long long)(m->end - m->start) / 1024, (unsigned long long)m->ino);
	fprintf(f, "      vm_flags 0x%llx %s\n", (unsigned long long)m->flags, flags);
}

#define TEXT_FRAMES	4

/* The stack's first frames by name only; markdown and JSON have it whole. */
static void text_stack(FILE *f, const struct da_finding *x)
{
	int i;

	if (!x->stack && x->nostack == DA_NOSTACK_NO_TRACE)
		return;		/* a snapshot, the exerciser: no kernel call to show */
	if (!x->stack) {
		fprintf(f, "      no kernel stack: %s\n",
			da_nostack_str(x->nostack ?: DA_NOSTACK_NOT_ASKED));
		return;
	}
	fprintf(f, "      kernel stack:");
	for (i = 0; i < x->nr_stack && i < TEXT_FRAMES; i++)
		fprintf(f, "%s %.*s", i ? " <" : "", (int)strcspn(x->stack[i], "+"),
			x->stack[i]);
	if (x->nr_stack > TEXT_FRAMES)
		fprintf(f, " < ... (%d frames: --format markdown or json)", x->nr_stack);
	fputc('\n', f);
}

/* @first: the first finding of its mapping and kind: say what it is */
static void text_finding(FILE *f, const struct da_finding *x, bool first)
{
	if (first)
		text_mapping(f, &x->map);
	if (x->kind != DA_FIND_GUP_SUCCEEDED) {
		text_stack(f, x);
		return;
	}
	fprintf(f, "      GUP by pid %d (%s)%s, %s%s: %llu pages at 0x%llx, returned %lld\n",
		x->gup_pid, x->gup_comm, x->remote ? " on another process's mm" : "",
		x->gup_mech[0] ? x->gup_mech : da_gup_path_name(x->gup_path),
		x->gup_mech[0] ? "" : " path", (unsigned long long)x->gup_nr_pages,
		(unsigned long long)x->gup_start, x->gup_ret);
	text_stack(f, x);
}

static void text_walk_group(const struct da_finding *x, unsigned long n, void *f)
{
	char count[48];

	fprintf(f, "  FAIL %s: %s (%s)\n", x->map.label, da_finding_title(x),
		da_finding_count(x, n, count, sizeof(count)));
}

static void text_walk_finding(const struct da_finding *x, bool first, void *f)
{
	text_finding(f, x, first);
}

static void text_walk_more(const struct da_finding *x, unsigned long n, void *f)
{
	fprintf(f, "      ... and %lu more (the JSON report lists them all)\n", n);
}

static void text_findings(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_finding_walk w = { text_walk_group, text_walk_finding,
					   text_walk_more, NULL };

	da_report_walk_findings(r, &w, f);
}

/* Who and what, before the table. */
static void text_head(const struct dmabuf_audit_report *r, FILE *f)
{
	struct da_matcher_totals t;

	da_matcher_totals(r->m, &t);
	fprintf(f, "dmabuf-audit %s: %s audit, kernel %s\n", dmabuf_audit_version(),
		da_source_name(r->source), r->kernel);
	fprintf(f, "probes: %s\n", r->method);
	if (da_filter_text(r->filter))
		fprintf(f, "filter: only the mappings of %s (not the whole audit)\n",
			da_filter_text(r->filter));
	if (r->workload)
		fprintf(f, "workload: %s\n", r->workload);
	if (r->gup_scope)
		fprintf(f, "GUP filtered: %s\n", r->gup_scope);
	if (r->no_gup)
		fprintf(f, "GUP: not observable by a %s (VM flags only)\n\n",
			da_source_name(r->source));
	else
		fprintf(f, "events: %lu, GUP attempts: %lu (%lu not attributable)\n\n",
			t.events, t.gup_attempts, t.gup_unattributed);
}

static int write_text(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	size_t i, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);

	text_head(r, f);
	fprintf(f, "%-24s %7s %7s %10s %10s  %s\n", "exporter", "mmaps", "pfnmap",
		"gup-tried", "gup-pinned", "verdict");
	for (i = 0; i < n; i++) {
		fprintf(f, "%-24s %7lu %7lu ", e[i].label, e[i].mmaps, e[i].mmaps_pfnmap);
		if (r->no_gup)
			fprintf(f, "%10s %10s", "-", "-");
		else
			fprintf(f, "%10lu %10lu", e[i].gup_attempts, e[i].gup_succeeded);
		fprintf(f, "  %s\n", da_verdict_name(da_report_verdict(r, &e[i])));
	}
	da_report_for_each_driver_unknown(r, text_driver_unknown, f);
	if (nf)
		fprintf(f, "\nfindings:\n");
	text_findings(r, f);
	fprintf(f, "\n");
	if (!da_report_for_each_gap(r, text_gap, f))
		fprintf(f, "complete: %s\n", da_report_complete_text(r));
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_text = {
	.format = DMABUF_AUDIT_FORMAT_TEXT,
	.write = write_text,
};
