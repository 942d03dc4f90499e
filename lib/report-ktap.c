// SPDX-License-Identifier: LGPL-2.1
/*
 * The KTAP report, one test per exporter, for CI farms.
 */
#include <errno.h>
#include <stdio.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

/* KTAP: text after "# " must not hold a '#' or a line break. */
static void ktap_str(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '#' ? '_' : (unsigned char)*s < ' ' ? '?' : *s, f);
}

static void ktap_gap(const char *line, void *f)
{
	fputs("# incomplete: ", f);
	ktap_str(f, line);
	fputc('\n', f);
}

static void ktap_driver_unknown(const char *label, const char *why, void *f)
{
	fputs("# ", f);
	ktap_str(f, label);
	fputs(": ", f);
	ktap_str(f, why);
	fputc('\n', f);
}

static void ktap_first_gap(const char *line, void *data)
{
	const char **first = data;

	if (!*first)
		*first = line;
}

/*
 * One exporter: diagnostics with its counts and findings, then its result
 * line. Incomplete is "not ok" with the reason as an (unknown) directive,
 * which KTAP parsers read as a plain failure: a partial audit must never
 * pass in a CI farm. SKIP is kept for an exporter nothing was checked of.
 */
enum ktap_result { KTAP_PASS, KTAP_FAIL, KTAP_INCOMPLETE, KTAP_SKIP, KTAP_NR };

static enum ktap_result ktap_exporter(const struct dmabuf_audit_report *r,
				      const struct da_exporter_stats *e, size_t num,
				      FILE *f)
{
	enum da_verdict v = da_report_verdict(r, e);
	bool ok = v == DA_VERDICT_PASS || da_exporter_unchecked(e);
	const char *why = NULL;

	fputs("# ", f);
	ktap_str(f, e->label);
	fprintf(f, ": %lu mmaps, %lu with VM_PFNMAP, %lu without vm_flags; ", e->mmaps,
		e->mmaps_pfnmap, e->mmaps_flags_unknown);
	if (r->no_gup)
		fprintf(f, "GUP not observable\n");
	else
		fprintf(f, "GUP %lu tried, %lu pinned\n", e->gup_attempts, e->gup_succeeded);
	da_report_findings_text(f, r, e->label, "# FAIL ", "# ");
	fprintf(f, "%s %zu ", ok ? "ok" : "not ok", num);
	ktap_str(f, e->label);
	if (v == DA_VERDICT_INCOMPLETE) {
		if (e->mmaps_flags_unknown)
			fprintf(f, " # %s %lu of %lu mappings have no vm_flags in the source",
				da_exporter_unchecked(e) ? "SKIP" : "incomplete:",
				e->mmaps_flags_unknown, e->mmaps);
		else {
			da_report_for_each_gap(r, ktap_first_gap, &why);
			fputs(" # incomplete: ", f);
			ktap_str(f, why ? why : "the audit is partial");
		}
	}
	fputc('\n', f);
	if (v == DA_VERDICT_INCOMPLETE)
		return da_exporter_unchecked(e) ? KTAP_SKIP : KTAP_INCOMPLETE;
	return ok ? KTAP_PASS : KTAP_FAIL;
}

/* "# key: value" when there is a value */
static void ktap_fact(FILE *f, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(f, "# %s: ", key);
	ktap_str(f, value);
	fputc('\n', f);
}

static void ktap_header(const struct dmabuf_audit_report *r, FILE *f)
{
	const char *src = da_source_name(r->source);
	struct da_matcher_totals t;

	da_matcher_totals(r->m, &t);
	fprintf(f, "# dmabuf-audit %s: %s audit, kernel ", dmabuf_audit_version(), src);
	ktap_str(f, r->kernel);
	fputs("\n# probes: ", f);
	ktap_str(f, r->method);
	fputc('\n', f);
	ktap_fact(f, "command", r->command);
	ktap_fact(f, "workload", r->workload);
	if (r->filter) {
		fputs("# filter: only the mappings of ", f);
		ktap_str(f, da_filter_text(r->filter));
		fputs(" (not the whole audit)\n", f);
	}
	ktap_fact(f, "GUP filtered", r->gup_scope);
	if (r->no_gup)
		fprintf(f, "# GUP: not observable by a %s (VM flags only)\n", src);
	else
		fprintf(f, "# events: %lu, GUP attempts: %lu (%lu not attributable)\n",
			t.events, t.gup_attempts, t.gup_unattributed);
	if (!da_report_for_each_gap(r, ktap_gap, f))
		fprintf(f, "# complete: %s\n", da_report_complete_text(r));
	da_report_for_each_driver_unknown(r, ktap_driver_unknown, f);
}

/*
 * KTAP version 1 (Documentation/dev-tools/ktap.rst): the plan, the
 * report's facts as diagnostics, then one test per exporter. A report
 * with no exporter has plan 1..0 and says why on it, as kselftest does.
 */
static int write_ktap(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e), count[KTAP_NR] = { 0 };
	const char *why = NULL;

	fprintf(f, "KTAP version 1\n");
	if (n) {
		fprintf(f, "1..%zu\n", n);
	} else {
		da_report_for_each_gap(r, ktap_first_gap, &why);
		fputs("1..0 # SKIP ", f);
		ktap_str(f, why ? why : "nothing was checked");
		fputc('\n', f);
	}
	ktap_header(r, f);
	for (i = 0; i < n; i++)
		count[ktap_exporter(r, &e[i], i + 1, f)]++;
	fprintf(f, "# Totals: pass:%zu fail:%zu incomplete:%zu skip:%zu; status %s\n",
		count[KTAP_PASS], count[KTAP_FAIL], count[KTAP_INCOMPLETE], count[KTAP_SKIP],
		da_report_status_name(dmabuf_audit_report_status(r)));
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_ktap = {
	.format = DMABUF_AUDIT_FORMAT_KTAP,
	.write = write_ktap,
};
