// SPDX-License-Identifier: LGPL-2.1
/*
 * Reports: the matcher's counts and findings, plus what the source knows
 * about itself (kernel, probe method, lost events), in text, JSON (json-c,
 * described by docs/report.schema.json), markdown or KTAP. A report is
 * "complete" only if nothing was lost and no note says otherwise; an
 * incomplete report never passes.
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
	char method[320];
	char *command;		/* shell-quoted, or NULL */
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
	free(r->command);
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

int dmabuf_audit_report_set_command(struct dmabuf_audit_report *r, int argc,
				    char *const argv[])
{
	char *buf = NULL;
	size_t len = 0;
	const char *c;
	FILE *f;
	int i;

	free(r->command);
	r->command = NULL;
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
	r->command = buf;
	return 0;
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

static const char *status_name(enum dmabuf_audit_status s)
{
	return s == DMABUF_AUDIT_PASS ? "pass" : s == DMABUF_AUDIT_FAIL ? "fail" : "incomplete";
}

static const char *gup_path_name(enum da_gup_path p)
{
	switch (p) {
	case DA_GUP_FAST:
		return "fast";
	case DA_GUP_SLOW:
		return "slow";
	case DA_GUP_FAST_SLOW:
		return "fast->slow";
	default:
		return "unknown";
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
	if (r->no_gup)
		return "every process asked for was read";
	if (!strcmp(r->source, "exercise"))
		return "every exporter found was mapped, its VmFlags read and GUP tried";
	return "every probe placed, no event lost";
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

/* @first: the first finding of its mapping and kind: say what it is */
static void text_finding(FILE *f, const struct da_finding *x, bool first)
{
	if (first) {
		fprintf(f, "  FAIL %s: %s\n", x->map.exp_name, finding_title(x));
		text_mapping(f, &x->map);
	}
	if (x->kind != DA_FIND_GUP_SUCCEEDED)
		return;
	fprintf(f, "      GUP by pid %d (%s)%s, %s%s: %llu pages at 0x%llx, returned %lld\n",
		x->gup_pid, x->gup_comm, x->remote ? " on another process's mm" : "",
		x->gup_mech[0] ? x->gup_mech : gup_path_name(x->gup_path),
		x->gup_mech[0] ? "" : " path", (unsigned long long)x->gup_nr_pages,
		(unsigned long long)x->gup_start, x->gup_ret);
}

#define GUP_SHOWN 3	/* per exporter in text, markdown, KTAP; JSON has them all */

/* What a format does with the findings it is shown. */
struct finding_walk {
	/* @first: the first of its mapping and kind to be shown */
	void (*finding)(const struct da_finding *x, bool first, void *data);
	/* @n more GUP pins of @exporter's mappings were not shown */
	void (*more)(const char *exporter, unsigned long n, void *data);
	const char *only;	/* this exporter's findings, or NULL: all */
};

/*
 * Every mapping without VM_PFNMAP, and the first few GUP pins of each
 * exporter: a violator pinned through vmsplice shows hundreds.
 */
static void walk_findings(const struct dmabuf_audit_report *r,
			  const struct finding_walk *w, void *data)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	size_t i, j, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);
	unsigned long *shown = calloc(n ? n : 1, sizeof(*shown));
	const struct da_finding *prev = NULL;

	for (i = 0; i < nf; i++) {
		if (w->only && strcmp(w->only, x[i].map.exp_name))
			continue;
		for (j = 0; j < n && strcmp(e[j].name, x[i].map.exp_name); j++)
			;
		if (x[i].kind == DA_FIND_GUP_SUCCEEDED && shown && j < n &&
		    shown[j]++ >= GUP_SHOWN)
			continue;
		w->finding(&x[i], !prev || !same_mapping(&prev->map, &x[i].map) ||
			   prev->kind != x[i].kind, data);
		prev = &x[i];
	}
	for (j = 0; shown && j < n; j++)
		if (shown[j] > GUP_SHOWN)
			w->more(e[j].name, shown[j] - GUP_SHOWN, data);
	free(shown);
}

static void text_walk_finding(const struct da_finding *x, bool first, void *f)
{
	text_finding(f, x, first);
}

static void text_walk_more(const char *exporter, unsigned long n, void *f)
{
	fprintf(f, "  ... and %lu more GUP pins of %s mappings (--format json lists them all)\n",
		n, exporter);
}

static void text_findings(const struct dmabuf_audit_report *r, FILE *f)
{
	const struct finding_walk w = { text_walk_finding, text_walk_more, NULL };

	walk_findings(r, &w, f);
}

/*
 * Evidence in ftrace's usual shape, "comm-pid [cpu] secs.usecs: event:
 * fields", built from what the report kept of each event.
 */
static void evidence_head(FILE *f, const char *comm, int pid, int cpu,
			  unsigned long long ts)
{
	char task[DA_COMM_MAX + 12], c[12];

	snprintf(task, sizeof(task), "%s-%d", comm[0] ? comm : "<...>", pid);
	if (cpu >= 0)
		snprintf(c, sizeof(c), "%03d", cpu);
	else
		snprintf(c, sizeof(c), "---");
	fprintf(f, "%22s [%s] %6llu.%06llu: ", task, c, ts / 1000000000ULL,
		ts % 1000000000ULL / 1000);
}

static void evidence_mapping(FILE *f, const char *indent, const struct da_mapping *m)
{
	char flags[512];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	fputs(indent, f);
	evidence_head(f, m->comm, m->pid, m->cpu, m->ts);
	fprintf(f, "%s: exp_name=%s ino=%llu mm=0x%llx start=0x%llx end=0x%llx "
		"vm_flags=0x%llx (%s) pfnmap=%d\n",
		m->path == DA_MAP_FORWARDED ? "dma_buf_mmap" : "dma_buf_mmap_internal",
		m->exp_name, (unsigned long long)m->ino, (unsigned long long)m->mm,
		(unsigned long long)m->start, (unsigned long long)m->end,
		(unsigned long long)m->flags, flags, !!(m->flags & DMABUF_AUDIT_VM_PFNMAP));
}

static void evidence_gup(FILE *f, const char *indent, const struct da_finding *x)
{
	fputs(indent, f);
	evidence_head(f, x->gup_comm, x->gup_pid, x->gup_cpu, x->gup_ts);
	fprintf(f, "get_user_pages: %s%s%smm=0x%llx start=0x%llx nr_pages=%llu ret=%lld "
		"path=%s remote=%d\n", x->gup_mech[0] ? "mech=" : "", x->gup_mech,
		x->gup_mech[0] ? " " : "", (unsigned long long)x->map.mm,
		(unsigned long long)x->gup_start, (unsigned long long)x->gup_nr_pages,
		x->gup_ret, gup_path_name(x->gup_path), x->remote);
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
	if (x->gup_mech[0])
		json_add(g, "mech", json_object_new_string(x->gup_mech));
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

/* Everything but the findings, which write_json() streams after it. */
static json_object *json_report(const struct dmabuf_audit_report *r)
{
	json_object *o = json_object_new_object(), *arr, *gaps;
	const struct da_exporter_stats *e;
	struct da_matcher_totals t;
	size_t i, n = da_matcher_exporters(r->m, &e);

	da_matcher_totals(r->m, &t);
	json_add(o, "tool", json_object_new_string("dmabuf-audit"));
	json_add(o, "version", json_object_new_string(dmabuf_audit_version()));
	json_add(o, "source", json_object_new_string(r->source));
	json_add(o, "kernel", json_object_new_string(r->kernel));
	json_add(o, "method", json_object_new_string(r->method));
	if (r->command)
		json_add(o, "command", json_object_new_string(r->command));
	gaps = json_object_new_array();
	/* complete: not one reason to say otherwise, nothing mapped included */
	json_add(o, "complete", json_object_new_boolean(!for_each_gap(r, json_gap, gaps)));
	json_add(o, "lost_events", json_object_new_uint64(t.lost_events));
	json_add(o, "status", json_object_new_int(dmabuf_audit_report_status(r)));
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
	return o;
}

#define JSON_FLAGS	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

/* @s, pretty-printed at depth 0, as if it stood @indent (< 16) deeper. */
static void json_put_indented(FILE *f, const char *s, int indent)
{
	static const char blanks[16] = "                ";
	const char *nl;

	/* json-c escapes newlines inside strings: a raw one ends a line */
	fwrite(blanks, 1, indent, f);
	while ((nl = strchr(s, '\n'))) {
		fwrite(s, 1, nl + 1 - s, f);
		fwrite(blanks, 1, indent, f);
		s = nl + 1;
	}
	fputs(s, f);
}

/*
 * The report object, then its findings one at a time: a snapshot of a big
 * machine has tens of thousands, and a tree of them all would cost more
 * memory than everything else the audit holds.
 */
static int write_json(const struct dmabuf_audit_report *r, FILE *f)
{
	json_object *o = json_report(r), *one;
	const struct da_finding *x;
	size_t i, nf = da_matcher_findings(r->m, &x);
	const char *s = json_object_to_json_string_ext(o, JSON_FLAGS);
	size_t len = strlen(s);

	/* drop the closing "\n}" and go on with the last member, findings */
	if (len < 2 || strcmp(s + len - 2, "\n}")) {
		json_object_put(o);
		return -EINVAL;
	}
	fwrite(s, 1, len - 2, f);
	json_object_put(o);
	fputs(",\n  \"findings\":[\n", f);
	for (i = 0; i < nf; i++) {
		one = json_finding(&x[i]);
		json_put_indented(f, json_object_to_json_string_ext(one, JSON_FLAGS), 4);
		fputs(i + 1 < nf ? ",\n" : "\n", f);
		json_object_put(one);
	}
	fputs("  ]\n}\n", f);
	return ferror(f) ? -EIO : 0;
}

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
			finding_title(x));
		w->open = true;
		evidence_mapping(w->f, "", &x->map);
	}
	if (x->kind == DA_FIND_GUP_SUCCEEDED)
		evidence_gup(w->f, "", x);
}

static void md_walk_more(const char *exporter, unsigned long n, void *data)
{
	struct md_walk *w = data;

	md_close(w);
	fprintf(w->f, "\n... and %lu more GUP pins of `%s` mappings (`--format json` "
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
		fprintf(f, "**%s** |\n", verdict(r, &e[i]));
	}
	if (r->no_gup)
		fprintf(f, "\nGUP is not observable by a %s: VM flags only.\n", r->source);
}

/*
 * For a mail or an issue: who and what (tool version, kernel, probes,
 * completeness), the table, each finding with its evidence, and the
 * command line that made the report.
 */
static int write_markdown(const struct dmabuf_audit_report *r, FILE *f)
{
	struct md_walk w = { .f = f };
	const struct finding_walk fw = { md_walk_finding, md_walk_more, NULL };
	const struct da_finding *x;

	fprintf(f, "### dmabuf-audit %s: %s audit\n\n", dmabuf_audit_version(), r->source);
	fprintf(f, "- tool: dmabuf-audit %s\n- kernel: `%s`\n- probes: %s\n",
		dmabuf_audit_version(), r->kernel, r->method);
	if (!for_each_gap(r, md_gap, f))
		fprintf(f, "- complete: %s\n", complete_text(r));
	md_table(r, f);
	if (da_matcher_findings(r->m, &x)) {
		fprintf(f, "\n#### Findings\n");
		walk_findings(r, &fw, &w);
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

static void ktap_first_gap(const char *line, void *data)
{
	const char **first = data;

	if (!*first)
		*first = line;
}

static void ktap_walk_finding(const struct da_finding *x, bool first, void *f)
{
	if (first) {
		fprintf(f, "# FAIL %s:\n", finding_title(x));
		evidence_mapping(f, "# ", &x->map);
	}
	if (x->kind == DA_FIND_GUP_SUCCEEDED)
		evidence_gup(f, "# ", x);
}

static void ktap_walk_more(const char *exporter, unsigned long n, void *f)
{
	fprintf(f, "# ... and %lu more GUP pins (--format json lists them all)\n", n);
}

/* Nothing about it could be checked: no vm_flags, and no GUP seen. */
static bool nothing_checked(const struct da_exporter_stats *e)
{
	return e->mmaps_flags_unknown == e->mmaps && !e->gup_attempts;
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
	const struct finding_walk fw = { ktap_walk_finding, ktap_walk_more, e->name };
	const char *v = verdict(r, e), *why = NULL;
	bool ok = !strcmp(v, "pass") || nothing_checked(e);

	fputs("# ", f);
	ktap_str(f, e->name);
	fprintf(f, ": %lu mmaps, %lu with VM_PFNMAP, %lu without vm_flags; ", e->mmaps,
		e->mmaps_pfnmap, e->mmaps_flags_unknown);
	if (r->no_gup)
		fprintf(f, "GUP not observable\n");
	else
		fprintf(f, "GUP %lu tried, %lu pinned\n", e->gup_attempts, e->gup_succeeded);
	walk_findings(r, &fw, f);
	fprintf(f, "%s %zu ", ok ? "ok" : "not ok", num);
	ktap_str(f, e->name);
	if (!strcmp(v, "incomplete")) {
		if (e->mmaps_flags_unknown)
			fprintf(f, " # %s %lu of %lu mappings have no vm_flags in the source",
				nothing_checked(e) ? "SKIP" : "incomplete:",
				e->mmaps_flags_unknown, e->mmaps);
		else {
			for_each_gap(r, ktap_first_gap, &why);
			fputs(" # incomplete: ", f);
			ktap_str(f, why ? why : "the audit is partial");
		}
	}
	fputc('\n', f);
	if (!strcmp(v, "incomplete"))
		return nothing_checked(e) ? KTAP_SKIP : KTAP_INCOMPLETE;
	return ok ? KTAP_PASS : KTAP_FAIL;
}

static void ktap_header(const struct dmabuf_audit_report *r, FILE *f)
{
	struct da_matcher_totals t;

	da_matcher_totals(r->m, &t);
	fprintf(f, "# dmabuf-audit %s: %s audit, kernel ", dmabuf_audit_version(), r->source);
	ktap_str(f, r->kernel);
	fputs("\n# probes: ", f);
	ktap_str(f, r->method);
	fputc('\n', f);
	if (r->command) {
		fputs("# command: ", f);
		ktap_str(f, r->command);
		fputc('\n', f);
	}
	if (r->no_gup)
		fprintf(f, "# GUP: not observable by a %s (VM flags only)\n", r->source);
	else
		fprintf(f, "# events: %lu, GUP attempts: %lu (%lu not attributable)\n",
			t.events, t.gup_attempts, t.gup_unattributed);
	if (!for_each_gap(r, ktap_gap, f))
		fprintf(f, "# complete: %s\n", complete_text(r));
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
		for_each_gap(r, ktap_first_gap, &why);
		fputs("1..0 # SKIP ", f);
		ktap_str(f, why ? why : "nothing was checked");
		fputc('\n', f);
	}
	ktap_header(r, f);
	for (i = 0; i < n; i++)
		count[ktap_exporter(r, &e[i], i + 1, f)]++;
	fprintf(f, "# Totals: pass:%zu fail:%zu incomplete:%zu skip:%zu; status %s\n",
		count[KTAP_PASS], count[KTAP_FAIL], count[KTAP_INCOMPLETE], count[KTAP_SKIP],
		status_name(dmabuf_audit_report_status(r)));
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
	case DMABUF_AUDIT_FORMAT_KTAP:
		return write_ktap(r, f);
	}
	return -EINVAL;
}
