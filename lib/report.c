// SPDX-License-Identifier: LGPL-2.1
/*
 * Reports: the matcher's counts and findings, plus what the source knows
 * about itself (kernel, probe method, lost events), in text, JSON (json-c)
 * or markdown. A report is "complete" only if nothing was lost and no note
 * says otherwise; an incomplete report never passes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <json.h>

#include "dmabuf-audit-local.h"
#include "matcher.h"
#include "report.h"

#define MAX_NOTES 32

struct dmabuf_audit_report {
	struct da_matcher *m;
	char source[16];
	char kernel[128];
	char method[192];
	unsigned long unpaired;
	bool no_gup;		/* the source cannot see GUP (snapshot) */
	int nr_notes;
	char *notes[MAX_NOTES];
	int err;
};

struct dmabuf_audit_report *da_report_alloc(const char *source,
					    unsigned long page_size)
{
	struct dmabuf_audit_report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->m = da_matcher_alloc(page_size);
	if (!r->m) {
		free(r);
		return NULL;
	}
	snprintf(r->source, sizeof(r->source), "%s", source);
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
	da_matcher_free(r->m);
	free(r);
}

void da_report_set_kernel(struct dmabuf_audit_report *r, const char *release)
{
	snprintf(r->kernel, sizeof(r->kernel), "%s", release);
}

void da_report_set_method(struct dmabuf_audit_report *r, const char *method)
{
	snprintf(r->method, sizeof(r->method), "%s", method);
}

void da_report_set_no_gup(struct dmabuf_audit_report *r)
{
	r->no_gup = true;
}

void da_report_set_unpaired(struct dmabuf_audit_report *r, unsigned long n)
{
	r->unpaired = n;
}

void dmabuf_audit_report_add_note(struct dmabuf_audit_report *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nr_notes >= MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		r->notes[r->nr_notes++] = s;
	va_end(ap);
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

static const char *verdict(const struct dmabuf_audit_report *r,
			   const struct da_exporter_stats *e)
{
	if (exporter_fails(e))
		return "fail";
	return complete(r) && !e->mmaps_flags_unknown ? "pass" : "incomplete";
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

static const char *gup_path_name(enum da_gup_path p)
{
	switch (p) {
	case DA_GUP_FAST:
		return "fast";
	case DA_GUP_SLOW:
		return "slow";
	default:
		return "fast->slow";
	}
}

static const char *map_path_name(enum da_map_path p)
{
	return p == DA_MAP_FORWARDED ? "dma_buf_mmap (forwarded)" : "dma-buf fd mmap";
}

static const char *finding_title(const struct da_finding *f)
{
	return f->kind == DA_FIND_NOT_PFNMAP ? "mapping without VM_PFNMAP" :
		"get_user_pages pinned pages of the mapping";
}

/* What "complete" means for this source. */
static const char *complete_text(const struct dmabuf_audit_report *r)
{
	return r->no_gup ? "every process asked for was read" :
		"every probe placed, no event lost";
}

static size_t nr_exporters(const struct dmabuf_audit_report *r)
{
	const struct da_exporter_stats *e;

	return da_matcher_exporters(r->m, &e);
}

static unsigned long flags_unknown(const struct dmabuf_audit_report *r)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e);
	unsigned long sum = 0;

	for (i = 0; i < n; i++)
		sum += e[i].mmaps_flags_unknown;
	return sum;
}

/* Reasons the report is partial, each as one sentence. */
static int for_each_gap(const struct dmabuf_audit_report *r,
			void (*fn)(const char *line, void *data), void *data)
{
	struct da_matcher_totals t;
	char line[256];
	int i, n = 0;

	da_matcher_totals(r->m, &t);
	if (t.lost_chunks) {
		snprintf(line, sizeof(line), "%llu events lost (%lu times): mappings or GUP "
			 "attempts may be missing", t.lost_events, t.lost_chunks);
		fn(line, data), n++;
	}
	if (r->unpaired) {
		snprintf(line, sizeof(line), "%lu probe hits without their entry or return",
			 r->unpaired);
		fn(line, data), n++;
	}
	if (flags_unknown(r)) {
		snprintf(line, sizeof(line), "%lu mappings have no vm_flags in the source "
			 "(it lacks the events that carry the VMA)", flags_unknown(r));
		fn(line, data), n++;
	}
	for (i = 0; i < r->nr_notes; i++)
		fn(r->notes[i], data), n++;
	if (!nr_exporters(r)) {
		fn(r->no_gup ? "no dma-buf is mapped: nothing was checked" :
		   "no dma-buf was mapped while the audit ran: nothing was checked", data);
		n++;
	}
	return n;
}

static void text_gap(const char *line, void *f)
{
	fprintf(f, "  incomplete: %s\n", line);
}

static void text_mapping(FILE *f, const struct da_mapping *m)
{
	char flags[512];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	fprintf(f, "      mapped by pid %d (%s) via %s: 0x%llx-0x%llx (%llu KiB), ino %llu\n",
		m->pid, m->comm, map_path_name(m->path), (unsigned long long)m->start,
		(unsigned long long)m->end,
		(unsigned long long)(m->end - m->start) / 1024, (unsigned long long)m->ino);
	fprintf(f, "      vm_flags 0x%llx %s\n", (unsigned long long)m->flags, flags);
}

static bool same_mapping(const struct da_mapping *a, const struct da_mapping *b)
{
	return a->mm == b->mm && a->start == b->start && a->ts == b->ts;
}

/* @prev: the finding printed before, whose mapping need not be repeated */
static void text_finding(FILE *f, const struct da_finding *x,
			 const struct da_finding *prev)
{
	if (!prev || !same_mapping(&prev->map, &x->map) || prev->kind != x->kind) {
		fprintf(f, "  FAIL %s: %s\n", x->map.exp_name, finding_title(x));
		text_mapping(f, &x->map);
	}
	if (x->kind != DA_FIND_GUP_SUCCEEDED)
		return;
	fprintf(f, "      GUP by pid %d (%s)%s, %s path: %llu pages at 0x%llx, returned %lld\n",
		x->gup_pid, x->gup_comm, x->remote ? " on another process's mm" : "",
		gup_path_name(x->gup_path), (unsigned long long)x->gup_nr_pages,
		(unsigned long long)x->gup_start, x->gup_ret);
}

#define GUP_SHOWN 3	/* per exporter in text; JSON has them all */

/*
 * Every mapping without VM_PFNMAP, and the first few GUP pins of each
 * exporter: a violator pinned through vmsplice shows hundreds.
 */
static void text_findings(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	size_t i, j, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);
	unsigned long *shown = calloc(n ? n : 1, sizeof(*shown));
	const struct da_finding *prev = NULL;

	for (i = 0; i < nf; i++) {
		for (j = 0; j < n && strcmp(e[j].name, x[i].map.exp_name); j++)
			;
		if (x[i].kind == DA_FIND_GUP_SUCCEEDED && shown && j < n &&
		    shown[j]++ >= GUP_SHOWN)
			continue;
		text_finding(f, &x[i], prev);
		prev = &x[i];
	}
	for (j = 0; shown && j < n; j++)
		if (shown[j] > GUP_SHOWN)
			fprintf(f, "  ... and %lu more GUP pins of %s mappings "
				"(--format json lists them all)\n", shown[j] - GUP_SHOWN,
				e[j].name);
	free(shown);
}

static int write_text(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	struct da_matcher_totals t;
	size_t i, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);

	da_matcher_totals(r->m, &t);
	fprintf(f, "dmabuf-audit %s: %s audit, kernel %s\n", dmabuf_audit_version(),
		r->source, r->kernel);
	fprintf(f, "probes: %s\n", r->method);
	if (r->no_gup)
		fprintf(f, "GUP: not observable by a %s (VM flags only)\n\n", r->source);
	else
		fprintf(f, "events: %lu, GUP attempts: %lu (%lu not attributable)\n\n",
			t.events, t.gup_attempts, t.gup_unattributed);
	fprintf(f, "%-24s %7s %7s %10s %10s  %s\n", "exporter", "mmaps", "pfnmap",
		"gup-tried", "gup-pinned", "verdict");
	for (i = 0; i < n; i++) {
		fprintf(f, "%-24s %7lu %7lu ", e[i].name, e[i].mmaps, e[i].mmaps_pfnmap);
		if (r->no_gup)
			fprintf(f, "%10s %10s", "-", "-");
		else
			fprintf(f, "%10lu %10lu", e[i].gup_attempts, e[i].gup_succeeded);
		fprintf(f, "  %s\n", verdict(r, &e[i]));
	}
	if (nf)
		fprintf(f, "\nfindings:\n");
	text_findings(r, f);
	fprintf(f, "\n");
	if (!for_each_gap(r, text_gap, f))
		fprintf(f, "complete: %s\n", complete_text(r));
	return ferror(f) ? -EIO : 0;
}

static void json_gap(const char *line, void *arr)
{
	json_object_array_add(arr, json_object_new_string(line));
}

static json_object *hex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_object_new_string(buf);
}

static void json_add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *json_mapping(const struct da_mapping *m)
{
	json_object *o = json_object_new_object();
	char flags[512];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	json_add(o, "exporter", json_object_new_string(m->exp_name));
	json_add(o, "pid", json_object_new_int(m->pid));
	json_add(o, "comm", json_object_new_string(m->comm));
	json_add(o, "mm", hex(m->mm));
	json_add(o, "start", hex(m->start));
	json_add(o, "end", hex(m->end));
	json_add(o, "ino", json_object_new_uint64(m->ino));
	json_add(o, "vm_flags", hex(m->flags));
	json_add(o, "vm_flags_decoded", json_object_new_string(flags));
	json_add(o, "pfnmap", json_object_new_boolean(m->flags & DMABUF_AUDIT_VM_PFNMAP));
	json_add(o, "path", json_object_new_string(m->path == DA_MAP_FORWARDED ?
						       "dma_buf_mmap" : "dma_buf_mmap_internal"));
	json_add(o, "ts_ns", json_object_new_uint64(m->ts));
	return o;
}

static json_object *json_finding(const struct da_finding *x)
{
	json_object *o = json_object_new_object(), *g;

	json_add(o, "kind", json_object_new_string(x->kind == DA_FIND_NOT_PFNMAP ?
						       "not_pfnmap" : "gup_succeeded"));
	json_add(o, "exporter", json_object_new_string(x->map.exp_name));
	json_add(o, "mapping", json_mapping(&x->map));
	if (x->kind != DA_FIND_GUP_SUCCEEDED)
		return o;
	g = json_object_new_object();
	json_add(g, "pid", json_object_new_int(x->gup_pid));
	json_add(g, "comm", json_object_new_string(x->gup_comm));
	json_add(g, "start", hex(x->gup_start));
	json_add(g, "nr_pages", json_object_new_uint64(x->gup_nr_pages));
	json_add(g, "ret", json_object_new_int64(x->gup_ret));
	json_add(g, "path", json_object_new_string(gup_path_name(x->gup_path)));
	json_add(g, "remote", json_object_new_boolean(x->remote));
	json_add(g, "ts_ns", json_object_new_uint64(x->gup_ts));
	json_add(o, "gup", g);
	return o;
}

static json_object *json_exporter(const struct dmabuf_audit_report *r,
				  const struct da_exporter_stats *e)
{
	json_object *o = json_object_new_object();

	json_add(o, "name", json_object_new_string(e->name));
	json_add(o, "mmaps", json_object_new_uint64(e->mmaps));
	json_add(o, "mmaps_pfnmap", json_object_new_uint64(e->mmaps_pfnmap));
	json_add(o, "mmaps_flags_unknown", json_object_new_uint64(e->mmaps_flags_unknown));
	if (!r->no_gup) {
		json_add(o, "gup_attempts", json_object_new_uint64(e->gup_attempts));
		json_add(o, "gup_succeeded", json_object_new_uint64(e->gup_succeeded));
	}
	json_add(o, "verdict", json_object_new_string(verdict(r, e)));
	return o;
}

static json_object *json_report(const struct dmabuf_audit_report *r)
{
	json_object *o = json_object_new_object(), *arr, *gaps;
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	struct da_matcher_totals t;
	size_t i, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);

	da_matcher_totals(r->m, &t);
	json_add(o, "tool", json_object_new_string("dmabuf-audit"));
	json_add(o, "version", json_object_new_string(dmabuf_audit_version()));
	json_add(o, "source", json_object_new_string(r->source));
	json_add(o, "kernel", json_object_new_string(r->kernel));
	json_add(o, "method", json_object_new_string(r->method));
	json_add(o, "complete", json_object_new_boolean(complete(r)));
	json_add(o, "lost_events", json_object_new_uint64(t.lost_events));
	json_add(o, "status", json_object_new_int(dmabuf_audit_report_status(r)));
	gaps = json_object_new_array();
	for_each_gap(r, json_gap, gaps);
	json_add(o, "incomplete_reasons", gaps);
	json_add(o, "gup_observed", json_object_new_boolean(!r->no_gup));
	if (!r->no_gup) {
		json_add(o, "events", json_object_new_uint64(t.events));
		json_add(o, "gup_attempts", json_object_new_uint64(t.gup_attempts));
		json_add(o, "gup_unattributed", json_object_new_uint64(t.gup_unattributed));
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, json_exporter(r, &e[i]));
	json_add(o, "exporters", arr);
	arr = json_object_new_array();
	for (i = 0; i < nf; i++)
		json_object_array_add(arr, json_finding(&x[i]));
	json_add(o, "findings", arr);
	return o;
}

static int write_json(const struct dmabuf_audit_report *r, FILE *f)
{
	json_object *o = json_report(r);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE);

	fprintf(f, "%s\n", s);
	json_object_put(o);
	return ferror(f) ? -EIO : 0;
}

static void md_gap(const char *line, void *f)
{
	fprintf(f, "- incomplete: %s\n", line);
}

static int write_markdown(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	size_t i, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);

	fprintf(f, "### dmabuf-audit %s: %s audit\n\n", dmabuf_audit_version(), r->source);
	fprintf(f, "- kernel: `%s`\n- probes: %s\n", r->kernel, r->method);
	if (!for_each_gap(r, md_gap, f))
		fprintf(f, "- complete: %s\n", complete_text(r));
	fprintf(f, "\n| exporter | mmaps | VM_PFNMAP | GUP tried | GUP pinned | verdict |\n"
		"|---|---:|---:|---:|---:|---|\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | %lu | %lu | ", e[i].name, e[i].mmaps, e[i].mmaps_pfnmap);
		if (r->no_gup)
			fprintf(f, "- | - | ");
		else
			fprintf(f, "%lu | %lu | ", e[i].gup_attempts, e[i].gup_succeeded);
		fprintf(f, "**%s** |\n", verdict(r, &e[i]));
	}
	if (r->no_gup)
		fprintf(f, "\nGUP is not observable by a %s: VM flags only.\n", r->source);
	if (nf) {
		fprintf(f, "\n#### Findings\n\n```\n");
		text_findings(r, f);
		fprintf(f, "```\n");
	}
	return ferror(f) ? -EIO : 0;
}

int dmabuf_audit_report_write(const struct dmabuf_audit_report *r,
			      enum dmabuf_audit_format fmt, FILE *f)
{
	switch (fmt) {
	case DMABUF_AUDIT_FORMAT_TEXT:
		return write_text(r, f);
	case DMABUF_AUDIT_FORMAT_JSON:
		return write_json(r, f);
	case DMABUF_AUDIT_FORMAT_MARKDOWN:
		return write_markdown(r, f);
	}
	return -EINVAL;
}
