// SPDX-License-Identifier: LGPL-2.1
/*
 * The JUnit XML report, for the CI systems that read JUnit and not KTAP
 * (Jenkins, GitLab): one testsuite, one testcase per exporter.
 *
 * An exporter that fails has a <failure> with its findings; one whose
 * audit is incomplete an <error> with the reason, which those systems
 * count as not passed, as KTAP's "not ok # incomplete". There is no
 * <skipped>: Jenkins and GitLab show a suite of skips as green, and a
 * partial audit must never pass, so an exporter of which nothing could be
 * checked (KTAP's SKIP) is an <error type="nothing-checked">, and a report
 * with no exporter has one testcase in error saying why. An exporter no
 * GUP was tried on is judged by its VM flags alone, as in every format:
 * a pass when they are right (its output says no GUP was tried). The
 * report has no time of its own, so there is no timestamp attribute.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

/*
 * Length of the valid UTF-8 sequence at @s, or 0 if it is none (XML must
 * be well-formed whatever bytes the kernel's names hold).
 */
static int utf8_len(const unsigned char *s)
{
	int i, n = s[0] < 0x80 ? 1 : s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 :
		s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* The entity for @c, or NULL when it stands for itself. */
static const char *xml_entity(unsigned char c, bool attr)
{
	switch (c) {
	case '&':
		return "amp";
	case '<':
		return "lt";
	case '>':
		return "gt";
	case '"':
		return attr ? "quot" : NULL;
	case '\'':
		return attr ? "apos" : NULL;
	default:
		return NULL;
	}
}

/*
 * @s as XML character data, or an attribute value when @attr. XML 1.0 has
 * no way to write the other control bytes, even as references: they and
 * bytes that are not UTF-8 become '?'.
 */
static void xml_str(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p) {
		if (xml_entity(*p, attr)) {
			fprintf(f, "&%s;", xml_entity(*p++, attr));
			continue;
		}
		if (*p < ' ' && *p != '\n' && *p != '\t') {
			fputc('?', f), p++;
			continue;
		}
		if (attr && *p < ' ') {
			/* an attribute's line breaks and tabs survive only as references */
			fprintf(f, "&#%d;", *p++);
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			fputc('?', f), p++;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
}

/* name="value" */
static void xml_attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xml_str(f, value, true);
	fputc('"', f);
}

static void junit_property(FILE *f, const char *name, const char *value)
{
	if (!value)
		return;
	fputs("      <property", f);
	xml_attr(f, "name", name);
	xml_attr(f, "value", value);
	fputs("/>\n", f);
}

static void junit_gap_property(const char *line, void *f)
{
	junit_property(f, "incomplete", line);
}

static void junit_gap_line(const char *line, void *f)
{
	xml_str(f, line, false);
	fputc('\n', f);
}

static void junit_first_gap(const char *line, void *data)
{
	const char **first = data;

	if (!*first)
		*first = line;
}

enum junit_result { JUNIT_PASS, JUNIT_FAIL, JUNIT_ERROR, JUNIT_NR };

static enum junit_result junit_result(const struct dmabuf_audit_report *r,
				      const struct da_exporter_stats *e)
{
	enum da_verdict v = da_report_verdict(r, e);

	return v == DA_VERDICT_PASS ? JUNIT_PASS : v == DA_VERDICT_FAIL ? JUNIT_FAIL :
		JUNIT_ERROR;
}

/* The title of @name's first finding: the failure's message. */
static const char *first_title(const struct dmabuf_audit_report *r, const char *label)
{
	const struct da_finding *x;
	size_t i, n = da_matcher_findings(r->m, &x);

	for (i = 0; i < n; i++)
		if (!strcmp(x[i].map.label, label))
			return da_finding_title(&x[i]);
	return "the exporter fails";
}

/* <failure> with the exporter's findings as its message and body */
static int junit_failure(const struct dmabuf_audit_report *r,
			 const struct da_exporter_stats *e, FILE *f)
{
	char *body = NULL;
	size_t len;
	FILE *m = open_memstream(&body, &len);

	/* gathered first: every byte of it is escaped */
	if (!m)
		return -ENOMEM;
	da_report_findings_text(m, r, e->label, "", "  ");
	if (fclose(m)) {
		free(body);
		return -ENOMEM;
	}
	fputs("      <failure type=\"fail\"", f);
	xml_attr(f, "message", first_title(r, e->label));
	fputs(">", f);
	xml_str(f, body, false);
	fputs("</failure>\n", f);
	free(body);
	return 0;
}

/* <error>: why the audit of exporter @e (NULL: of the report) is no pass */
static void junit_error(const struct dmabuf_audit_report *r,
			const struct da_exporter_stats *e, FILE *f)
{
	const char *why = NULL;
	char line[160];

	if (e && e->mmaps_flags_unknown) {
		snprintf(line, sizeof(line), "%lu of %lu mappings have no vm_flags in the source",
			 e->mmaps_flags_unknown, e->mmaps);
		why = line;
	} else {
		da_report_for_each_gap(r, junit_first_gap, &why);
	}
	fputs("      <error", f);
	xml_attr(f, "type", !e || da_exporter_unchecked(e) ? "nothing-checked" : "incomplete");
	xml_attr(f, "message", why ? why : "the audit is partial");
	/* the body: every reason the report gives */
	fputc('>', f);
	da_report_for_each_gap(r, junit_gap_line, f);
	fputs("</error>\n", f);
}

/* What was counted, in the testcase's output. */
static void junit_counts(const struct dmabuf_audit_report *r,
			 const struct da_exporter_stats *e, FILE *f)
{
	fprintf(f, "      <system-out>%lu mmaps, %lu with VM_PFNMAP, %lu without vm_flags; ",
		e->mmaps, e->mmaps_pfnmap, e->mmaps_flags_unknown);
	if (r->no_gup)
		fputs("GUP not observable", f);
	else if (!e->gup_attempts)
		fputs(da_exporter_unchecked(e) ? "no GUP tried" : "no GUP tried (judged by its VM flags)", f);
	else
		fprintf(f, "GUP %lu tried, %lu pinned", e->gup_attempts, e->gup_succeeded);
	fputs("</system-out>\n", f);
}

static void junit_testcase_open(const struct dmabuf_audit_report *r, const char *name,
				FILE *f)
{
	char kernel[sizeof(r->kernel)], *k;

	fprintf(f, "    <testcase classname=\"dmabuf-audit.%s", da_source_name(r->source));
	if (strcmp(r->kernel, "unknown") && r->kernel[0]) {
		/* CI tools split a classname at dots into packages: keep the kernel whole */
		snprintf(kernel, sizeof(kernel), "%s", r->kernel);
		for (k = kernel; *k; k++)
			if (*k == '.')
				*k = '_';
		fputc('.', f);
		xml_str(f, kernel, true);
	}
	fputc('"', f);
	xml_attr(f, "name", name);
	fputs(">\n", f);
}

static int junit_testcase(const struct dmabuf_audit_report *r,
			  const struct da_exporter_stats *e, FILE *f)
{
	enum junit_result res = junit_result(r, e);
	int err = 0;

	junit_testcase_open(r, e->label, f);
	if (res == JUNIT_FAIL)
		err = junit_failure(r, e, f);
	else if (res == JUNIT_ERROR)
		junit_error(r, e, f);
	junit_counts(r, e, f);
	fputs("    </testcase>\n", f);
	return err;
}

/* No exporter: one testcase saying why, never an empty suite shown green. */
static void junit_empty(const struct dmabuf_audit_report *r, FILE *f)
{
	junit_testcase_open(r, "(no dma-buf mapping)", f);
	junit_error(r, NULL, f);
	fputs("    </testcase>\n", f);
}

static void junit_properties(const struct dmabuf_audit_report *r, FILE *f)
{
	fputs("    <properties>\n", f);
	junit_property(f, "dmabuf-audit.version", dmabuf_audit_version());
	junit_property(f, "source", da_source_name(r->source));
	junit_property(f, "kernel", r->kernel);
	junit_property(f, "probes", r->method);
	junit_property(f, "command", r->command);
	junit_property(f, "workload", r->workload);
	if (r->filter)
		junit_property(f, "filter", da_filter_text(r->filter));
	junit_property(f, "gup", r->no_gup ? "not observable (VM flags only)" : "observed");
	junit_property(f, "status", da_report_status_name(dmabuf_audit_report_status(r)));
	if (!da_report_for_each_gap(r, junit_gap_property, f))
		junit_property(f, "complete", da_report_complete_text(r));
	fputs("    </properties>\n", f);
}

/* <testsuites> and <testsuite> with the counts of every result */
static void junit_suite_open(const struct dmabuf_audit_report *r, const size_t *count,
			     FILE *f)
{
	char name[200];
	size_t i, tests = 0;

	for (i = 0; i < JUNIT_NR; i++)
		tests += count[i];
	snprintf(name, sizeof(name), "dmabuf-audit %s audit, kernel %s",
		 da_source_name(r->source), r->kernel);
	fprintf(f, "<testsuites tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\"",
		tests, count[JUNIT_FAIL], count[JUNIT_ERROR]);
	xml_attr(f, "name", "dmabuf-audit");
	fprintf(f, ">\n  <testsuite tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\"",
		tests, count[JUNIT_FAIL], count[JUNIT_ERROR]);
	xml_attr(f, "name", name);
	fputs(">\n", f);
}

static int write_junit(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e), count[JUNIT_NR] = { 0 };
	int err = 0;

	for (i = 0; i < n; i++)
		count[junit_result(r, &e[i])]++;
	if (!n)
		count[JUNIT_ERROR]++;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	junit_suite_open(r, count, f);
	junit_properties(r, f);
	for (i = 0; i < n && !err; i++)
		err = junit_testcase(r, &e[i], f);
	if (!n)
		junit_empty(r, f);
	fputs("  </testsuite>\n</testsuites>\n", f);
	if (err)
		return err;
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_junit = {
	.format = DMABUF_AUDIT_FORMAT_JUNIT,
	.write = write_junit,
};
