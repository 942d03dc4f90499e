// SPDX-License-Identifier: LGPL-2.1
/*
 * Reports: the matcher's counts and findings, plus what the source knows
 * about itself (kernel, probe method, lost events), and the verdicts. A
 * report is "complete" only if nothing was lost and no note says otherwise;
 * an incomplete report never passes. Each format has its own writer
 * (report-text.c, report-json.c, report-markdown.c, report-ktap.c,
 * report-junit.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"

static const char *const source_names[DA_SOURCE_NR] = {
	[DA_SOURCE_LIVE]	= "live",
	[DA_SOURCE_TRACE]	= "trace",
	[DA_SOURCE_SNAPSHOT]	= "snapshot",
	[DA_SOURCE_EXERCISE]	= "exercise",
};

static const char *const verdict_names[DA_VERDICT_NR] = {
	[DA_VERDICT_PASS]	= "pass",
	[DA_VERDICT_FAIL]	= "fail",
	[DA_VERDICT_INCOMPLETE]	= "incomplete",
};

/* One row per format: a new format is a report-FORMAT.c and a row here. */
static const struct da_report_writer *const writers[] = {
	&da_report_writer_text,
	&da_report_writer_json,
	&da_report_writer_markdown,
	&da_report_writer_ktap,
	&da_report_writer_junit,
};

const char *da_source_name(enum da_source s)
{
	return (unsigned int)s < DA_SOURCE_NR ? source_names[s] : "unknown";
}

const char *da_verdict_name(enum da_verdict v)
{
	return (unsigned int)v < DA_VERDICT_NR ? verdict_names[v] : "unknown";
}

struct dmabuf_audit_report *da_report_alloc(enum da_source source,
					    unsigned long page_size)
{
	struct dmabuf_audit_report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->m = da_matcher_alloc(page_size);
	r->labels = da_labels_alloc();
	if (!r->m || !r->labels) {
		da_matcher_free(r->m);
		free(r->labels);
		free(r);
		return NULL;
	}
	r->source = source;
	snprintf(r->method, sizeof(r->method), "unknown");
	snprintf(r->kernel, sizeof(r->kernel), "unknown");
	return r;
}

void dmabuf_audit_report_free(struct dmabuf_audit_report *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->nr_notes; i++)
		free(r->notes[i]);
	free(r->command);
	free(r->workload);
	da_labels_free(r->labels);
	da_filter_free(r->filter);
	da_matcher_free(r->m);
	free(r);
}

void da_report_set_kernel(struct dmabuf_audit_report *r, const char *release)
{
	snprintf(r->kernel, sizeof(r->kernel), "%s", release);
}

void da_report_set_machine(struct dmabuf_audit_report *r, const char *host,
			   const char *arch)
{
	if (host && *host)
		snprintf(r->host, sizeof(r->host), "%s", host);
	if (arch && *arch)
		snprintf(r->arch, sizeof(r->arch), "%s", arch);
}

void da_report_set_uname(struct dmabuf_audit_report *r)
{
	struct utsname u;

	if (uname(&u))
		return;
	da_report_set_kernel(r, u.release);
	da_report_set_machine(r, u.nodename, u.machine);
}

void da_report_set_method(struct dmabuf_audit_report *r, const char *method)
{
	snprintf(r->method, sizeof(r->method), "%s", method);
}

void da_report_set_symbols(struct dmabuf_audit_report *r,
			   void (*fn)(uint64_t ip, char *buf, size_t size, void *data),
			   void *data)
{
	da_matcher_set_symbols(r->m, fn, data);
}

void da_report_no_stacks(struct dmabuf_audit_report *r)
{
	da_matcher_no_stacks(r->m);
}

void da_report_set_no_gup(struct dmabuf_audit_report *r)
{
	r->no_gup = true;
	da_matcher_counts_only(r->m);
}

void da_report_set_unpaired(struct dmabuf_audit_report *r, unsigned long n)
{
	r->unpaired = n;
}

/* Words a shell reads as they are; anything else goes in single quotes. */
static bool shell_plain(const char *w)
{
	return *w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_@%+=:,./-") == strlen(w);
}

/* @argv shell-quoted in a new string, NULL for none; -ENOMEM. */
static int shell_quote(int argc, char *const argv[], char **out)
{
	char *buf = NULL;
	size_t len = 0;
	const char *c;
	FILE *f;
	int i;

	*out = NULL;
	if (argc <= 0 || !argv)
		return 0;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	for (i = 0; i < argc; i++) {
		fputs(i ? " " : "", f);
		if (shell_plain(argv[i])) {
			fputs(argv[i], f);
			continue;
		}
		fputc('\'', f);
		for (c = argv[i]; *c; c++) {
			if (*c == '\'')
				fputs("'\\''", f);
			else
				fputc(*c, f);
		}
		fputc('\'', f);
	}
	if (fclose(f) || !buf) {
		free(buf);
		return -ENOMEM;
	}
	*out = buf;
	return 0;
}

int dmabuf_audit_report_set_command(struct dmabuf_audit_report *r, int argc,
				    char *const argv[])
{
	free(r->command);
	return shell_quote(argc, argv, &r->command);
}

int dmabuf_audit_report_set_workload(struct dmabuf_audit_report *r, int argc,
				     char *const argv[])
{
	if (!r)
		return -EINVAL;
	free(r->workload);
	return shell_quote(argc, argv, &r->workload);
}

void dmabuf_audit_report_add_note(struct dmabuf_audit_report *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nr_notes >= DA_REPORT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		r->notes[r->nr_notes++] = s;
	va_end(ap);
}

void da_report_set_gup_scope(struct dmabuf_audit_report *r, const char *what)
{
	r->gup_scope = what;
}

int da_report_interest(struct dmabuf_audit_report *r, da_interest_fn fn, void *data)
{
	return da_matcher_interest(r->m, fn, data);
}

int da_report_follow(struct dmabuf_audit_report *r, int pid)
{
	return da_matcher_follow(r->m, pid);
}

int da_report_feed(const struct da_event *ev, void *report)
{
	struct dmabuf_audit_report *r = report;

	return da_matcher_feed(r->m, ev);
}

static bool complete(const struct dmabuf_audit_report *r)
{
	struct da_matcher_totals t;

	da_matcher_totals(r->m, &t);
	return !r->nr_notes && !t.lost_chunks && !r->unpaired;
}

static bool exporter_fails(const struct da_exporter_stats *e)
{
	return e->mmaps_pfnmap + e->mmaps_flags_unknown < e->mmaps || e->gup_succeeded;
}

enum da_verdict da_report_verdict(const struct dmabuf_audit_report *r,
				  const struct da_exporter_stats *e)
{
	if (exporter_fails(e))
		return DA_VERDICT_FAIL;
	return complete(r) && !e->mmaps_flags_unknown ? DA_VERDICT_PASS :
		DA_VERDICT_INCOMPLETE;
}

enum dmabuf_audit_status dmabuf_audit_report_status(const struct dmabuf_audit_report *r)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e);
	bool unknown = false;

	for (i = 0; i < n; i++) {
		if (exporter_fails(&e[i]))
			return DMABUF_AUDIT_FAIL;
		unknown |= e[i].mmaps_flags_unknown > 0;
	}
	/* nothing mapped: nothing was shown to be right */
	if (!n || unknown || !complete(r))
		return DMABUF_AUDIT_INCOMPLETE;
	return DMABUF_AUDIT_PASS;
}

/* A status is the verdict on the whole report, in the same words. */
const char *da_report_status_name(enum dmabuf_audit_status s)
{
	return da_verdict_name(s == DMABUF_AUDIT_PASS ? DA_VERDICT_PASS :
			       s == DMABUF_AUDIT_FAIL ? DA_VERDICT_FAIL :
			       DA_VERDICT_INCOMPLETE);
}
int dmabuf_audit_report_write(const struct dmabuf_audit_report *r,
			      enum dmabuf_audit_format fmt, FILE *f)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(writers); i++)
		if (writers[i]->format == fmt)
			return writers[i]->write(r, f);
	return -EINVAL;
}
