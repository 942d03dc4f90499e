// SPDX-License-Identifier: LGPL-2.1
/*
 * What every report writer walks the same way: the reasons a report is
 * partial, the findings it shows (a few GUP pins per exporter, not
 * hundreds), and the evidence lines in ftrace's shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"
#include "stacks.h"

const char *da_gup_path_name(enum da_gup_path p)
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

const char *da_map_path_name(enum da_map_path p)
{
	return p == DA_MAP_FORWARDED ? "dma_buf_mmap (forwarded)" : "dma-buf fd mmap";
}

const char *da_map_event_name(enum da_map_path p)
{
	return p == DA_MAP_FORWARDED ? "dma_buf_mmap" : "dma_buf_mmap_internal";
}

const char *da_finding_title(const struct da_finding *f)
{
	return f->kind == DA_FIND_NOT_PFNMAP ? "mapping without VM_PFNMAP" :
		"get_user_pages pinned pages of the mapping";
}

/* What "complete" means for this source. */
const char *da_report_complete_text(const struct dmabuf_audit_report *r)
{
	if (r->no_gup)
		return "every process asked for was read";
	if (r->source == DA_SOURCE_EXERCISE)
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
int da_report_for_each_gap(const struct dmabuf_audit_report *r,
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
		fn(r->filter ? "no dma-buf mapping matched the filter: nothing was checked" :
		   r->no_gup ? "no dma-buf is mapped: nothing was checked" :
		   "no dma-buf was mapped while the audit ran: nothing was checked", data);
		n++;
	}
	return n;
}

/* Each source says what it lacked in its own words: a live session knows. */
static const char *driver_why_text(enum da_source src, enum da_driver_why why)
{
	switch (why) {
	case DA_DRV_NO_FIELD:
		return src == DA_SOURCE_LIVE ?
			"the probes placed read no driver: drm's BTF types were not "
			"available (no /sys/kernel/btf/drm: drm not loaded yet, or no "
			"kernel BTF), or the kernel refused the probe that reads it" :
			"the trace's mmap events have no driver field (recorded by an older "
			"dmabuf-audit, or on a kernel without drm's BTF types)";
	case DA_DRV_TRACEPOINT:
		return src == DA_SOURCE_LIVE ?
			"the dma_buf tracepoint carries no driver, and drm's BTF types, "
			"which a probe needs to read it, were not available" :
			"the trace names dma-bufs by the dma_buf tracepoints, which carry "
			"no driver";
	case DA_DRV_FAULT:
		return "the kernel could not read the driver's name (the probe's read faulted)";
	case DA_DRV_SNAPSHOT:
		return "/proc and debugfs name only the exporter of a dma-buf, not the "
			"driver behind a GEM export; trace the mmap to name it";
	case DA_DRV_NOT_GIVEN:
		return "the workload did not name the driver";
	default:
		return "the source did not say";
	}
}

const char *da_report_driver_why(const struct dmabuf_audit_report *r,
				 const struct da_exporter_stats *e)
{
	if (!da_exporter_is_gem(e->name) || e->driver[0])
		return NULL;
	return driver_why_text(r->source, e->driver_why);
}

int da_report_for_each_driver_unknown(const struct dmabuf_audit_report *r,
				      void (*fn)(const char *label, const char *why,
						 void *data), void *data)
{
	const struct da_exporter_stats *e;
	size_t i, n = da_matcher_exporters(r->m, &e);
	int count = 0;

	for (i = 0; i < n; i++) {
		const char *why = da_report_driver_why(r, &e[i]);

		if (!why)
			continue;
		if (fn)
			fn(e[i].label, why, data);
		count++;
	}
	return count;
}

static bool same_mapping(const struct da_mapping *a, const struct da_mapping *b)
{
	return a->mm == b->mm && a->start == b->start && a->ts == b->ts;
}

static bool same_group(const struct da_finding *a, const struct da_finding *b)
{
	return a->kind == b->kind && !strcmp(a->map.label, b->map.label);
}

const char *da_finding_count(const struct da_finding *x, unsigned long n,
			     char *buf, size_t size)
{
	if (x->kind == DA_FIND_NOT_PFNMAP)
		snprintf(buf, size, "%lu mapping%s", n, n == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lu GUP pin%s", n, n == 1 ? "" : "s");
	return buf;
}

/* The group that starts at finding @g: its count, its first few, the rest. */
static void walk_group(const struct da_finding *x, size_t nf, size_t g,
		       const struct da_finding_walk *w, void *data)
{
	const struct da_finding *prev = NULL;
	unsigned long n = 0, shown = 0;
	size_t i;

	for (i = g; i < nf; i++)
		n += same_group(&x[g], &x[i]);
	w->group(&x[g], n, data);
	for (i = g; i < nf && shown < DA_REPORT_SHOWN; i++) {
		if (!same_group(&x[g], &x[i]))
			continue;
		w->finding(&x[i], !prev || !same_mapping(&prev->map, &x[i].map), data);
		prev = &x[i];
		shown++;
	}
	if (n > shown)
		w->more(&x[g], n - shown, data);
}

/*
 * Findings grouped per exporter and kind, in order of first appearance:
 * a violator mapped forty times, or pinned through vmsplice hundreds of
 * times, is one group with its count and a few examples.
 */
void da_report_walk_findings(const struct dmabuf_audit_report *r,
			     const struct da_finding_walk *w, void *data)
{
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	size_t i, j, n = da_matcher_exporters(r->m, &e), nf = da_matcher_findings(r->m, &x);
	bool *seen = calloc(2 * n + 1, sizeof(*seen));	/* per exporter and kind */

	for (i = 0; seen && i < nf; i++) {
		if (w->only && strcmp(w->only, x[i].map.label))
			continue;
		for (j = 0; j < n && strcmp(e[j].label, x[i].map.label); j++)
			;
		j = 2 * j + (x[i].kind != DA_FIND_NOT_PFNMAP);
		if (j < 2 * n && seen[j])
			continue;
		if (j < 2 * n)
			seen[j] = true;
		walk_group(x, nf, i, w, data);
	}
	free(seen);
}

/* KTAP's and JUnit's findings: the same lines, behind their own prefixes. */
struct findings_text {
	FILE *f;
	const struct dmabuf_audit_report *r;
	const char *group;	/* before each group's title */
	const char *indent;	/* before each evidence line */
};

static void text_group(const struct da_finding *x, unsigned long n, void *data)
{
	struct findings_text *t = data;
	char count[48];

	fprintf(t->f, "%s%s (%s):\n", t->group, da_finding_title(x),
		da_finding_count(x, n, count, sizeof(count)));
}

static void text_finding(const struct da_finding *x, bool first, void *data)
{
	struct findings_text *t = data;

	da_evidence_finding(t->f, t->indent, t->r, x, first);
}

static void text_more(const struct da_finding *x, unsigned long n, void *data)
{
	struct findings_text *t = data;

	fprintf(t->f, "%s... and %lu more (the JSON report lists them all)\n", t->indent, n);
}

void da_report_findings_text(FILE *f, const struct dmabuf_audit_report *r, const char *only,
			     const char *group, const char *indent)
{
	const struct da_finding_walk w = { text_group, text_finding, text_more, only };
	struct findings_text t = { f, r, group, indent };

	da_report_walk_findings(r, &w, &t);
}

bool da_exporter_unchecked(const struct da_exporter_stats *e)
{
	return e->mmaps_flags_unknown == e->mmaps && !e->gup_attempts;
}

void da_evidence_finding(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
			 const struct da_finding *x, bool first)
{
	if (first)
		da_evidence_mapping(f, indent, r, &x->map);
	if (x->kind == DA_FIND_GUP_SUCCEEDED)
		da_evidence_gup(f, indent, r, x);
}

/*
 * The finding's kernel stack as trace-cmd prints a kernel_stack record
 * (innermost first, " => function+offset"), or why it has none.
 */
void da_evidence_stack(FILE *f, const char *indent, const struct da_finding *x)
{
	int i;

	if (!x->stack) {
		fprintf(f, "%s%22s <no stack: %s>\n", indent, "",
			da_nostack_str(x->nostack ?: DA_NOSTACK_NOT_ASKED));
		return;
	}
	fprintf(f, "%s%22s <stack trace>\n", indent, "");
	for (i = 0; i < x->nr_stack; i++)
		fprintf(f, "%s => %s\n", indent, x->stack[i]);
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

void da_evidence_mapping(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
			 const struct da_mapping *m)
{
	char flags[512], mm[DA_MM_LABEL_MAX];

	dmabuf_audit_vm_flags_str(m->flags, flags, sizeof(flags));
	fputs(indent, f);
	evidence_head(f, m->comm, m->pid, m->cpu, m->ts);
	fprintf(f, "%s: exp_name=%s%s%s ino=%llu mm=%s start=0x%llx end=0x%llx "
		"vm_flags=0x%llx (%s) pfnmap=%d\n",
		da_map_event_name(m->path), m->exp_name,
		da_exporter_is_gem(m->exp_name) ? " driver=" : "",
		da_exporter_is_gem(m->exp_name) ? (m->driver[0] ? m->driver : "(unknown)") : "",
		(unsigned long long)m->ino, da_report_mm(r, m->mm, mm, sizeof(mm)),
		(unsigned long long)m->start, (unsigned long long)m->end,
		(unsigned long long)m->flags, flags, !!(m->flags & DMABUF_AUDIT_VM_PFNMAP));
}

void da_evidence_gup(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
		     const struct da_finding *x)
{
	char mm[DA_MM_LABEL_MAX];

	fputs(indent, f);
	evidence_head(f, x->gup_comm, x->gup_pid, x->gup_cpu, x->gup_ts);
	fprintf(f, "get_user_pages: %s%s%smm=%s start=0x%llx nr_pages=%llu ret=%lld "
		"path=%s remote=%d\n", x->gup_mech[0] ? "mech=" : "", x->gup_mech,
		x->gup_mech[0] ? " " : "", da_report_mm(r, x->map.mm, mm, sizeof(mm)),
		(unsigned long long)x->gup_start, (unsigned long long)x->gup_nr_pages,
		x->gup_ret, da_gup_path_name(x->gup_path), x->remote);
}
