// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a report through the public API (lib/report-api.c): every value
 * equals what the JSON of the same report says, for reports built with
 * dmabuf_audit_report_add_*() and for the fixture traces; callers' sz is
 * honoured, bad arguments and indexes refused.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>

#include "dmabuf-audit.h"
#include "report.h"
#include "stacks.h"
#include "unit.h"

#define MM	100ULL
#define PAGE	4096ULL
#define AT	0x7f0000000000ULL
#define LEN	(16 * PAGE)

static json_object *report_json(const struct dmabuf_audit_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_object *o;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, f), 0);
	fclose(f);
	o = json_tokener_parse(buf);
	free(buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	return o;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	CU_ASSERT_FATAL(json_object_object_get_ex(o, key, &v));
	return v;
}

static const char *str(json_object *o, const char *key)
{
	return json_object_get_string(get(o, key));
}

static unsigned long long num(json_object *o, const char *key)
{
	return json_object_get_uint64(get(o, key));
}

/* the JSON writes addresses and flags as "0x..." */
static unsigned long long hexnum(json_object *o, const char *key)
{
	return strtoull(str(o, key), NULL, 16);
}

static void check_report(const struct dmabuf_audit_report *r, json_object *j,
			 struct dmabuf_audit_report_info *ri)
{
	static const char *const sources[] = { "live", "trace", "snapshot", "exercise" };
	json_object *gaps = get(j, "incomplete_reasons");
	char buf[512];
	size_t i;

	ri->sz = sizeof(*ri);
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_report_info(r, ri), 0);
	CU_ASSERT_EQUAL(ri->complete, json_object_get_boolean(get(j, "complete")));
	CU_ASSERT_EQUAL(ri->nr_incomplete_reasons, json_object_array_length(gaps));
	for (i = 0; i < ri->nr_incomplete_reasons; i++) {
		CU_ASSERT(dmabuf_audit_report_incomplete_reason(r, i, buf, sizeof(buf)) > 0);
		CU_ASSERT_STRING_EQUAL(buf, json_object_get_string(
					       json_object_array_get_idx(gaps, i)));
	}
	CU_ASSERT_EQUAL(dmabuf_audit_report_incomplete_reason(r, i, buf, sizeof(buf)), -ERANGE);
	CU_ASSERT_FATAL((unsigned int)ri->source < 4);
	CU_ASSERT_STRING_EQUAL(sources[ri->source], str(j, "source"));
	CU_ASSERT_STRING_EQUAL(ri->kernel, str(j, "kernel"));
	CU_ASSERT_STRING_EQUAL(ri->method, str(j, "method"));
	CU_ASSERT_EQUAL(ri->lost_events, num(j, "lost_events"));
	CU_ASSERT_EQUAL(ri->gup_observed, json_object_get_boolean(get(j, "gup_observed")));
	CU_ASSERT_EQUAL(ri->nr_exporters, json_object_array_length(get(j, "exporters")));
	CU_ASSERT_EQUAL(ri->nr_findings, json_object_array_length(get(j, "findings")));
}

static void check_exporters(const struct dmabuf_audit_report *r, json_object *arr,
			    size_t n)
{
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	json_object *o, *v;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		memset(&e, 0, sizeof(e));
		e.sz = sizeof(e);
		CU_ASSERT_EQUAL_FATAL(dmabuf_audit_report_exporter(r, i, &e), 0);
		CU_ASSERT_STRING_EQUAL(e.name, str(o, "name"));
		CU_ASSERT_EQUAL(e.mmaps, num(o, "mmaps"));
		CU_ASSERT_EQUAL(e.mmaps_pfnmap, num(o, "mmaps_pfnmap"));
		CU_ASSERT_EQUAL(e.mmaps_flags_unknown, num(o, "mmaps_flags_unknown"));
		if (json_object_object_get_ex(o, "gup_attempts", &v)) {
			CU_ASSERT_EQUAL(e.gup_attempts, json_object_get_uint64(v));
			CU_ASSERT_EQUAL(e.gup_succeeded, num(o, "gup_succeeded"));
		}
		CU_ASSERT_STRING_EQUAL(dmabuf_audit_verdict_name(e.verdict), str(o, "verdict"));
	}
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, n, &e), -ERANGE);
}

static void check_gup(const struct dmabuf_audit_finding_info *x, json_object *o)
{
	json_object *g;

	if (x->kind != DMABUF_AUDIT_FINDING_GUP_SUCCEEDED) {
		CU_ASSERT_FALSE(json_object_object_get_ex(o, "gup", &g));
		CU_ASSERT_PTR_NULL(x->gup_comm);
		return;
	}
	g = get(o, "gup");
	CU_ASSERT_EQUAL(x->gup_pid, (int)num(g, "pid"));
	CU_ASSERT_STRING_EQUAL(x->gup_comm, str(g, "comm"));
	CU_ASSERT_EQUAL(x->gup_start, hexnum(g, "start"));
	CU_ASSERT_EQUAL(x->gup_nr_pages, num(g, "nr_pages"));
	CU_ASSERT_EQUAL(x->gup_ret, json_object_get_int64(get(g, "ret")));
	CU_ASSERT_EQUAL(x->gup_remote, json_object_get_boolean(get(g, "remote")));
}

/* The stack as the JSON has it, or the same reason for none. */
static void check_stack(const struct dmabuf_audit_finding_info *x, json_object *o)
{
	json_object *a;
	size_t i;

	if (!x->stack) {
		CU_ASSERT_EQUAL(x->nr_stack, 0);
		CU_ASSERT_FALSE(json_object_object_get_ex(o, "stack", &a));
		CU_ASSERT_PTR_NOT_NULL_FATAL(x->stack_missing);
		CU_ASSERT_STRING_EQUAL(x->stack_missing, str(o, "stack_missing"));
		return;
	}
	CU_ASSERT_PTR_NULL(x->stack_missing);
	a = get(o, "stack");
	CU_ASSERT_EQUAL_FATAL(x->nr_stack, json_object_array_length(a));
	for (i = 0; i < x->nr_stack; i++)
		CU_ASSERT_STRING_EQUAL(x->stack[i],
				       json_object_get_string(json_object_array_get_idx(a, i)));
	CU_ASSERT_PTR_NULL(x->stack[x->nr_stack]);
}

static void check_findings(const struct dmabuf_audit_report *r, json_object *arr,
			   size_t n)
{
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };
	json_object *o, *m;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		m = get(o, "mapping");
		memset(&x, 0, sizeof(x));
		x.sz = sizeof(x);
		CU_ASSERT_EQUAL_FATAL(dmabuf_audit_report_finding(r, i, &x), 0);
		CU_ASSERT_STRING_EQUAL(x.kind == DMABUF_AUDIT_FINDING_NOT_PFNMAP ?
				       "not_pfnmap" : "gup_succeeded", str(o, "kind"));
		CU_ASSERT_STRING_EQUAL(x.exporter, str(o, "exporter"));
		CU_ASSERT_EQUAL(x.pid, (int)num(m, "pid"));
		CU_ASSERT_STRING_EQUAL(x.comm, str(m, "comm"));
		CU_ASSERT_EQUAL(x.start, hexnum(m, "start"));
		CU_ASSERT_EQUAL(x.end, hexnum(m, "end"));
		CU_ASSERT_EQUAL(x.vm_flags, hexnum(m, "vm_flags"));
		CU_ASSERT_EQUAL(x.ino, num(m, "ino"));
		CU_ASSERT_EQUAL(x.forwarded, !strcmp(str(m, "path"), "dma_buf_mmap"));
		check_gup(&x, o);
		check_stack(&x, o);
	}
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, n, &x), -ERANGE);
}

/* Everything the API says of @r equals what its JSON says. */
static void check_like_json(const struct dmabuf_audit_report *r,
			    struct dmabuf_audit_report_info *ri)
{
	json_object *j = report_json(r);

	check_report(r, j, ri);
	check_exporters(r, get(j, "exporters"), ri->nr_exporters);
	check_findings(r, get(j, "findings"), ri->nr_findings);
	json_object_put(j);
}

static void add_map(struct dmabuf_audit_report *r, const char *exp, unsigned long long at,
		    const char *letters)
{
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = exp, .pid = 100, .comm = "cam", .cpu = 0,
		.ts_ns = 1000, .mm = MM, .start = at, .end = at + LEN, .ino = 9,
		.size = LEN, .vm_flags = dmabuf_audit_vm_flags_from_smaps(letters),
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
}

static void add_gup(struct dmabuf_audit_report *r, unsigned long long at, int pid,
		    long long ret)
{
	struct dmabuf_audit_gup g = {
		.sz = sizeof(g), .mech = "vmsplice", .pid = pid, .comm = "reader",
		.cpu = -1, .ts_ns = 2000, .mm = MM, .caller_mm = pid != 100 ? MM + 1 : 0,
		.start = at, .nr_pages = LEN / PAGE, .ret = ret,
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_gup(r, &g), 0);
}

/* A compliant drm, a videobuf2_vmalloc mapped without VM_PFNMAP and pinned. */
static struct dmabuf_audit_report *built(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("api test");

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	add_map(r, "drm", AT, "rd wr sh mr mw ms pf de dd");
	add_gup(r, AT, 100, -EFAULT);
	add_map(r, "videobuf2_vmalloc", AT + LEN, "rd wr sh mr mw ms de dd mm");
	add_gup(r, AT + LEN, 201, LEN / PAGE);
	return r;
}

static void test_built(void)
{
	struct dmabuf_audit_report *r = built();
	struct dmabuf_audit_report_info ri;
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };

	check_like_json(r, &ri);
	CU_ASSERT_EQUAL(ri.source, DMABUF_AUDIT_SOURCE_EXERCISE);
	CU_ASSERT_TRUE(ri.complete);
	CU_ASSERT_EQUAL(ri.nr_exporters, 2);
	CU_ASSERT_EQUAL(ri.nr_findings, 2);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 0, &e), 0);
	CU_ASSERT_EQUAL(e.verdict, DMABUF_AUDIT_VERDICT_PASS);
	CU_ASSERT_EQUAL(e.gup_attempts, 1);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 1, &e), 0);
	CU_ASSERT_EQUAL(e.verdict, DMABUF_AUDIT_VERDICT_FAIL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 1, &x), 0);
	CU_ASSERT_EQUAL(x.kind, DMABUF_AUDIT_FINDING_GUP_SUCCEEDED);
	CU_ASSERT_EQUAL(x.gup_pid, 201);
	CU_ASSERT_TRUE(x.gup_remote);
	CU_ASSERT_EQUAL(x.gup_ret, (long long)(LEN / PAGE));
	CU_ASSERT_EQUAL(x.start, AT + LEN);
	CU_ASSERT_FALSE(x.forwarded);
	/* a note makes it incomplete: pass becomes incomplete, fail stays */
	dmabuf_audit_report_add_note(r, "the workload was killed");
	check_like_json(r, &ri);
	CU_ASSERT_FALSE(ri.complete);
	CU_ASSERT_EQUAL(ri.nr_incomplete_reasons, 1);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 0, &e), 0);
	CU_ASSERT_EQUAL(e.verdict, DMABUF_AUDIT_VERDICT_INCOMPLETE);
	dmabuf_audit_report_free(r);
}

/* Nothing mapped: incomplete, one reason, nothing to iterate. */
static void test_empty(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc(NULL);
	struct dmabuf_audit_report_info ri;
	char buf[8];

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	check_like_json(r, &ri);
	CU_ASSERT_FALSE(ri.complete);
	CU_ASSERT_EQUAL(ri.nr_exporters, 0);
	/* like snprintf: the length it needs, the text cut to fit */
	CU_ASSERT(dmabuf_audit_report_incomplete_reason(r, 0, buf, sizeof(buf)) >=
		  (int)sizeof(buf));
	CU_ASSERT_EQUAL(strlen(buf), sizeof(buf) - 1);
	CU_ASSERT(dmabuf_audit_report_incomplete_reason(r, 0, NULL, 0) > 0);
	dmabuf_audit_report_free(r);
}

static void test_sizes(void)
{
	struct dmabuf_audit_report *r = built();
	struct dmabuf_audit_exporter_info e;
	struct dmabuf_audit_finding_info x;
	struct dmabuf_audit_report_info ri;
	char buf[64];

	/* an older caller's smaller struct: filled up to its size only */
	memset(&e, 0xa5, sizeof(e));
	e.sz = offsetof(struct dmabuf_audit_exporter_info, mmaps_pfnmap);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 1, &e), 0);
	CU_ASSERT_STRING_EQUAL(e.name, "videobuf2_vmalloc");
	CU_ASSERT_EQUAL(e.mmaps, 1);
	CU_ASSERT_EQUAL(e.mmaps_pfnmap, 0xa5a5a5a5a5a5a5a5ULL);
	memset(&x, 0xa5, sizeof(x));
	x.sz = offsetof(struct dmabuf_audit_finding_info, exporter);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 0, &x), 0);
	CU_ASSERT_EQUAL(x.kind, DMABUF_AUDIT_FINDING_NOT_PFNMAP);
	CU_ASSERT_EQUAL((uintptr_t)x.exporter, (uintptr_t)0xa5a5a5a5a5a5a5a5ULL);
	/* sz 0, NULL: refused, nothing written */
	memset(&ri, 0, sizeof(ri));
	CU_ASSERT_EQUAL(dmabuf_audit_report_info(r, &ri), -EINVAL);
	CU_ASSERT_EQUAL(ri.nr_exporters, 0);
	e.sz = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 0, &e), -EINVAL);
	x.sz = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 0, &x), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_info(NULL, &ri), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 0, NULL), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(NULL, 0, &x), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_incomplete_reason(NULL, 0, buf, sizeof(buf)),
			-EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_incomplete_reason(r, 0, NULL, 4), -EINVAL);
	/* a complete report has no reason 0 */
	CU_ASSERT_EQUAL(dmabuf_audit_report_incomplete_reason(r, 0, buf, sizeof(buf)), -ERANGE);
	e.sz = sizeof(e);
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, (size_t)-1, &e), -ERANGE);
	CU_ASSERT_STRING_EQUAL(dmabuf_audit_verdict_name(DMABUF_AUDIT_VERDICT_INCOMPLETE),
			       "incomplete");
	CU_ASSERT_STRING_EQUAL(dmabuf_audit_verdict_name((enum dmabuf_audit_verdict)42),
			       "unknown");
	dmabuf_audit_report_free(r);
}

static struct dmabuf_audit_report *fixture(const char *name)
{
	struct dmabuf_audit_report *r = NULL;
	char path[4096];

	/* the fixtures sit beside the formats: tests/unit/formats */
	snprintf(path, sizeof(path), "%s/../../fixtures/trace/%s",
		 unit_formats_dir ? unit_formats_dir : "tests/unit/formats", name);
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_trace_report(path, &r), 0);
	return r;
}

static void test_fixtures(void)
{
	static const char *const names[] = { "6.1.dat", "6.12.dat", "7.dat",
					     "7-dma_buf-only.dat" };
	struct dmabuf_audit_report_info ri;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct dmabuf_audit_report *r = fixture(names[i]);

		check_like_json(r, &ri);
		CU_ASSERT_EQUAL(ri.source, DMABUF_AUDIT_SOURCE_TRACE);
		CU_ASSERT_TRUE(ri.nr_exporters > 0);
		dmabuf_audit_report_free(r);
	}
}

/* Known numbers of 7.dat (the CLI tests read them in the text report). */
static void test_fixture_7(void)
{
	struct dmabuf_audit_report *r = fixture("7.dat");
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };
	struct dmabuf_audit_report_info ri = { .sz = sizeof(ri) };
	size_t i, fails = 0;

	CU_ASSERT_EQUAL(dmabuf_audit_report_info(r, &ri), 0);
	CU_ASSERT_TRUE(ri.complete);
	CU_ASSERT_EQUAL(ri.nr_exporters, 5);
	CU_ASSERT_EQUAL(ri.nr_findings, 9);
	CU_ASSERT_PTR_NOT_NULL(strstr(ri.kernel, "7.2"));
	for (i = 0; i < ri.nr_exporters; i++) {
		CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, i, &e), 0);
		if (e.verdict != DMABUF_AUDIT_VERDICT_FAIL)
			continue;
		fails++;
		CU_ASSERT_STRING_EQUAL(e.name, "videobuf2_vmalloc");
		CU_ASSERT_EQUAL(e.gup_attempts, 8);
		CU_ASSERT_EQUAL(e.gup_succeeded, 8);
	}
	CU_ASSERT_EQUAL(fails, 1);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 8, &x), 0);
	CU_ASSERT_EQUAL(x.kind, DMABUF_AUDIT_FINDING_GUP_SUCCEEDED);
	CU_ASSERT_EQUAL(x.gup_nr_pages, 38);
	CU_ASSERT_EQUAL(x.gup_ret, 38);
	CU_ASSERT_EQUAL(x.pid, 140);
	dmabuf_audit_report_free(r);
}

static void sym(uint64_t ip, char *buf, size_t size, void *data)
{
	(void)data;
	snprintf(buf, size, ip == 1 ? "kprobe_trace_func+0x10" : "fn%llx+0x4",
		 (unsigned long long)ip);
}

static void feed(struct dmabuf_audit_report *r, struct da_event *ev)
{
	ev->ts += 1000;
	CU_ASSERT_EQUAL(da_report_feed(ev, r), 0);
}

/*
 * Findings with the kernel stacks a source gave their events: the failing
 * mapping the mmap's, each pin its GUP's; one pin whose stack was lost
 * says so, and a source that turns out to hold no stacks at all says that.
 */
static void test_stacks(void)
{
	struct dmabuf_audit_report *r = da_report_alloc(DA_SOURCE_LIVE, PAGE);
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };
	struct da_stack map_st = { 3, { 1, 0xa0, 0xa1 } }, gup_st = { 2, { 0xb0, 0xb1 } };
	struct dmabuf_audit_report_info ri;
	struct da_event ev = { .type = DA_EV_MAP, .pid = 100, .comm = "cam" };

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	da_report_set_symbols(r, sym, NULL);
	ev.map.mm = MM;
	ev.map.start = AT;
	ev.map.end = AT + LEN;
	ev.map.flags = dmabuf_audit_vm_flags_from_smaps("rd wr sh mr mw ms de dd mm");
	snprintf(ev.map.exp_name, sizeof(ev.map.exp_name), "videobuf2_vmalloc");
	ev.stack = &map_st;
	feed(r, &ev);
	memset(&ev.map, 0, sizeof(ev.map));
	ev.type = DA_EV_GUP;
	ev.gup.mm = MM;
	ev.gup.start = AT;
	ev.gup.nr_pages = 4;
	ev.gup.ret = 4;
	ev.stack = &gup_st;
	feed(r, &ev);
	ev.stack = NULL;
	ev.nostack = DA_NOSTACK_MISSING;
	feed(r, &ev);
	check_like_json(r, &ri);
	CU_ASSERT_EQUAL_FATAL(ri.nr_findings, 3);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 0, &x), 0);
	CU_ASSERT_EQUAL_FATAL(x.nr_stack, 2);	/* kprobe_trace_func left out */
	CU_ASSERT_STRING_EQUAL(x.stack[0], "fna0+0x4");
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 1, &x), 0);
	CU_ASSERT_EQUAL_FATAL(x.nr_stack, 2);
	CU_ASSERT_STRING_EQUAL(x.stack[1], "fnb1+0x4");
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 2, &x), 0);
	CU_ASSERT_PTR_NULL(x.stack);
	CU_ASSERT_STRING_EQUAL(x.stack_missing, da_nostack_str(DA_NOSTACK_MISSING));
	/* an older caller's struct ends before the stack: left alone */
	memset(&x, 0x5a, sizeof(x));
	x.sz = offsetof(struct dmabuf_audit_finding_info, stack);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 0, &x), 0);
	CU_ASSERT_EQUAL(x.nr_stack, (size_t)0x5a5a5a5a5a5a5a5aULL);
	/* no stack anywhere in the source: that, not "lost" */
	da_report_no_stacks(r);
	x.sz = sizeof(x);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 2, &x), 0);
	CU_ASSERT_STRING_EQUAL(x.stack_missing, da_nostack_str(DA_NOSTACK_NOT_RECORDED));
	check_like_json(r, &ri);
	dmabuf_audit_report_free(r);
}

int add_report_api_suites(void)
{
	CU_pSuite s = CU_add_suite("report API", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "a built report reads as its JSON", test_built) ||
	    !CU_add_test(s, "nothing mapped: one reason", test_empty) ||
	    !CU_add_test(s, "caller's sz, bad arguments, indexes", test_sizes) ||
	    !CU_add_test(s, "fixture traces read as their JSON", test_fixtures) ||
	    !CU_add_test(s, "7.dat: videobuf2_vmalloc fails", test_fixture_7) ||
	    !CU_add_test(s, "findings' kernel stacks, or why none", test_stacks))
		return -1;
	return 0;
}
