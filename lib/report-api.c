// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading a report through the API: what the JSON says ("complete", its
 * reasons, exporters with their verdicts, findings), from the same
 * functions the writers call, so that a program and the JSON never
 * disagree. Info structs are filled up to the caller's sz (da_opts_put()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "report-local.h"
#include "stacks.h"

/* The public enums name the same things in the same order. */
_Static_assert((int)DMABUF_AUDIT_VERDICT_PASS == DA_VERDICT_PASS &&
	       (int)DMABUF_AUDIT_VERDICT_FAIL == DA_VERDICT_FAIL &&
	       (int)DMABUF_AUDIT_VERDICT_INCOMPLETE == DA_VERDICT_INCOMPLETE,
	       "verdicts");
_Static_assert((int)DMABUF_AUDIT_SOURCE_LIVE == DA_SOURCE_LIVE &&
	       (int)DMABUF_AUDIT_SOURCE_TRACE == DA_SOURCE_TRACE &&
	       (int)DMABUF_AUDIT_SOURCE_SNAPSHOT == DA_SOURCE_SNAPSHOT &&
	       (int)DMABUF_AUDIT_SOURCE_EXERCISE == DA_SOURCE_EXERCISE,
	       "sources");
_Static_assert((int)DMABUF_AUDIT_FINDING_NOT_PFNMAP == DA_FIND_NOT_PFNMAP &&
	       (int)DMABUF_AUDIT_FINDING_GUP_SUCCEEDED == DA_FIND_GUP_SUCCEEDED,
	       "finding kinds");

const char *dmabuf_audit_verdict_name(enum dmabuf_audit_verdict v)
{
	return da_verdict_name((enum da_verdict)v);
}

/* The caller's info struct can hold at least its sz. */
static bool info_ok(const void *info)
{
	return info && *(const size_t *)info >= sizeof(size_t);
}

static void count_gap(const char *line, void *data)
{
	(void)line;
	(void)data;
}

int dmabuf_audit_report_info(const struct dmabuf_audit_report *r,
			     struct dmabuf_audit_report_info *info)
{
	struct dmabuf_audit_report_info out = { .sz = sizeof(out) };
	const struct da_exporter_stats *e;
	const struct da_finding *x;
	struct da_matcher_totals t;

	if (!r || !info_ok(info))
		return -EINVAL;
	da_matcher_totals(r->m, &t);
	/* complete as the JSON says it: not one reason to say otherwise */
	out.nr_incomplete_reasons = da_report_for_each_gap(r, count_gap, NULL);
	out.complete = !out.nr_incomplete_reasons;
	out.source = (enum dmabuf_audit_source)r->source;
	out.kernel = r->kernel;
	out.method = r->method;
	out.lost_events = t.lost_events;
	out.gup_observed = !r->no_gup;
	out.nr_exporters = da_matcher_exporters(r->m, &e);
	out.nr_findings = da_matcher_findings(r->m, &x);
	da_opts_put(info, &out, sizeof(out));
	return 0;
}

struct nth_gap {
	size_t want, at;
	char *buf;
	size_t size;
	int len;
};

static void nth_gap(const char *line, void *data)
{
	struct nth_gap *g = data;

	if (g->at++ != g->want)
		return;
	g->len = snprintf(g->buf, g->size, "%s", line);
}

int dmabuf_audit_report_incomplete_reason(const struct dmabuf_audit_report *r,
					  size_t i, char *buf, size_t size)
{
	struct nth_gap g = { .want = i, .buf = buf, .size = size, .len = -ERANGE };

	if (!r || (!buf && size))
		return -EINVAL;
	da_report_for_each_gap(r, nth_gap, &g);
	return g.len;
}

/* 0 when @info can take item @i of @n, else -EINVAL or -ERANGE */
static int item_ok(const void *info, size_t i, size_t n)
{
	if (!info_ok(info))
		return -EINVAL;
	return i < n ? 0 : -ERANGE;
}

int dmabuf_audit_report_exporter(const struct dmabuf_audit_report *r, size_t i,
				 struct dmabuf_audit_exporter_info *info)
{
	const struct da_exporter_stats *e;
	int err = r ? item_ok(info, i, da_matcher_exporters(r->m, &e)) : -EINVAL;

	if (err)
		return err;
	e += i;
	da_opts_put(info, &(struct dmabuf_audit_exporter_info){
		.sz = sizeof(*info), .name = e->name,
		.mmaps = e->mmaps, .mmaps_pfnmap = e->mmaps_pfnmap,
		.mmaps_flags_unknown = e->mmaps_flags_unknown,
		.gup_attempts = e->gup_attempts, .gup_succeeded = e->gup_succeeded,
		.verdict = (enum dmabuf_audit_verdict)da_report_verdict(r, e),
		.driver = e->driver[0] ? e->driver : NULL,
		.driver_unknown = da_report_driver_why(r, e), .label = e->label,
	}, sizeof(*info));
	return 0;
}

int dmabuf_audit_report_finding(const struct dmabuf_audit_report *r, size_t i,
				struct dmabuf_audit_finding_info *info)
{
	struct dmabuf_audit_finding_info out = { .sz = sizeof(out) };
	const struct da_finding *x;
	int err = r ? item_ok(info, i, da_matcher_findings(r->m, &x)) : -EINVAL;

	if (err)
		return err;
	x += i;
	out.kind = (enum dmabuf_audit_finding_kind)x->kind;
	out.exporter = x->map.exp_name;
	out.pid = x->map.pid;
	out.comm = x->map.comm;
	out.start = x->map.start;
	out.end = x->map.end;
	out.vm_flags = x->map.flags;
	out.ino = x->map.ino;
	out.size = x->map.size;
	out.forwarded = x->map.path == DA_MAP_FORWARDED;
	out.driver = x->map.driver[0] ? x->map.driver : NULL;
	out.label = x->map.label;
	out.stack = (const char *const *)x->stack;
	out.nr_stack = x->nr_stack;
	out.stack_missing = x->stack ? NULL :
		da_nostack_str(x->nostack ?: DA_NOSTACK_NOT_ASKED);
	if (x->kind == DA_FIND_GUP_SUCCEEDED) {
		out.gup_pid = x->gup_pid;
		out.gup_comm = x->gup_comm;
		out.gup_start = x->gup_start;
		out.gup_nr_pages = x->gup_nr_pages;
		out.gup_ret = x->gup_ret;
		out.gup_remote = x->remote;
	}
	da_opts_put(info, &out, sizeof(out));
	return 0;
}
