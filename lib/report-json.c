// SPDX-License-Identifier: LGPL-2.1
/*
 * The JSON report (json-c), described by docs/report.schema.json: every
 * finding, streamed one at a time after the rest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"
#include "stacks.h"

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

/* A GEM export's driver, null when unknown; other exporters have none. */
static void json_driver(json_object *o, const char *exp_name, const char *driver)
{
	if (da_exporter_is_gem(exp_name))
		json_add(o, "driver", driver[0] ? json_object_new_string(driver) : NULL);
}

static json_object *json_mapping(const struct dmabuf_audit_report *r,
				 const struct da_mapping *m)
{
	json_object *o = json_object_new_object();
	char flags[512], mm[DA_MM_LABEL_MAX];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	json_add(o, "exporter", json_object_new_string(m->exp_name));
	json_driver(o, m->exp_name, m->driver);
	json_add(o, "pid", json_object_new_int(m->pid));
	json_add(o, "comm", json_object_new_string(m->comm));
	json_add(o, "mm", json_object_new_string(da_report_mm(r, m->mm, mm, sizeof(mm))));
	json_add(o, "start", hex(m->start));
	json_add(o, "end", hex(m->end));
	json_add(o, "ino", json_object_new_uint64(m->ino));
	json_add(o, "vm_flags", hex(m->flags));
	json_add(o, "vm_flags_decoded", json_object_new_string(flags));
	json_add(o, "pfnmap", json_object_new_boolean(m->flags & DMABUF_AUDIT_VM_PFNMAP));
	json_add(o, "path", json_object_new_string(da_map_event_name(m->path)));
	json_add(o, "ts_ns", json_object_new_uint64(m->ts));
	return o;
}

/* The call chain that led to the finding, innermost first, or why not. */
static void json_stack(json_object *o, const struct da_finding *x)
{
	json_object *a;
	int i;

	if (!x->stack) {
		json_add(o, "stack_missing", json_object_new_string(
				 da_nostack_str(x->nostack ?: DA_NOSTACK_NOT_ASKED)));
		return;
	}
	a = json_object_new_array();
	for (i = 0; i < x->nr_stack; i++)
		json_object_array_add(a, json_object_new_string(x->stack[i]));
	json_add(o, "stack", a);
}

static json_object *json_finding(const struct dmabuf_audit_report *r,
				 const struct da_finding *x)
{
	json_object *o = json_object_new_object(), *g;

	json_add(o, "kind", json_object_new_string(x->kind == DA_FIND_NOT_PFNMAP ?
						       "not_pfnmap" : "gup_succeeded"));
	json_add(o, "exporter", json_object_new_string(x->map.exp_name));
	json_add(o, "label", json_object_new_string(x->map.label));
	json_add(o, "mapping", json_mapping(r, &x->map));
	json_stack(o, x);
	if (x->kind != DA_FIND_GUP_SUCCEEDED)
		return o;
	g = json_object_new_object();
	json_add(g, "pid", json_object_new_int(x->gup_pid));
	json_add(g, "comm", json_object_new_string(x->gup_comm));
	json_add(g, "start", hex(x->gup_start));
	json_add(g, "nr_pages", json_object_new_uint64(x->gup_nr_pages));
	json_add(g, "ret", json_object_new_int64(x->gup_ret));
	json_add(g, "path", json_object_new_string(da_gup_path_name(x->gup_path)));
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
	const char *why = da_report_driver_why(r, e);

	json_add(o, "name", json_object_new_string(e->name));
	json_add(o, "label", json_object_new_string(e->label));
	json_driver(o, e->name, e->driver);
	if (why)
		json_add(o, "driver_unknown", json_object_new_string(why));
	json_add(o, "mmaps", json_object_new_uint64(e->mmaps));
	json_add(o, "mmaps_pfnmap", json_object_new_uint64(e->mmaps_pfnmap));
	json_add(o, "mmaps_flags_unknown", json_object_new_uint64(e->mmaps_flags_unknown));
	if (!r->no_gup) {
		json_add(o, "gup_attempts", json_object_new_uint64(e->gup_attempts));
		json_add(o, "gup_succeeded", json_object_new_uint64(e->gup_succeeded));
	}
	json_add(o, "verdict", json_object_new_string(da_verdict_name(da_report_verdict(r, e))));
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
	json_add(o, "source", json_object_new_string(da_source_name(r->source)));
	json_add(o, "kernel", json_object_new_string(r->kernel));
	/* which machine, so that reports of many can be merged (merge) */
	if (r->host[0])
		json_add(o, "host", json_object_new_string(r->host));
	if (r->arch[0])
		json_add(o, "arch", json_object_new_string(r->arch));
	json_add(o, "method", json_object_new_string(r->method));
	if (r->command)
		json_add(o, "command", json_object_new_string(r->command));
	if (r->workload)
		json_add(o, "workload", json_object_new_string(r->workload));
	if (da_filter_text(r->filter))
		json_add(o, "filter", json_object_new_string(da_filter_text(r->filter)));
	if (r->gup_scope)
		json_add(o, "gup_filtered", json_object_new_string(r->gup_scope));
	json_add(o, "raw_pointers", json_object_new_boolean(r->raw_pointers));
	gaps = json_object_new_array();
	/* complete: not one reason to say otherwise, nothing mapped included */
	json_add(o, "complete", json_object_new_boolean(!da_report_for_each_gap(r, json_gap, gaps)));
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
		one = json_finding(r, &x[i]);
		json_put_indented(f, json_object_to_json_string_ext(one, JSON_FLAGS), 4);
		fputs(i + 1 < nf ? ",\n" : "\n", f);
		json_object_put(one);
	}
	fputs("  ]\n}\n", f);
	return ferror(f) ? -EIO : 0;
}

const struct da_report_writer da_report_writer_json = {
	.format = DMABUF_AUDIT_FORMAT_JSON,
	.write = write_json,
};
