// SPDX-License-Identifier: GPL-2.0
/*
 * Reports built from a program's own measurements (the public API that
 * dmabuf-audit exercise uses) and the KTAP and markdown writers.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "unit.h"

#define MM_SELF		100ULL
#define MM_CHILD	101ULL
#define PAGE		4096ULL
#define DRM_AT		0x7f0000000000ULL
#define VB2_AT		0x7f0000100000ULL
#define LEN		(16 * PAGE)
#define PF_FLAGS	"rd wr sh mr mw ms pf de dd"
#define MM_FLAGS	"rd wr sh mr mw ms de dd mm"

static char *written(const struct dmabuf_audit_report *r, enum dmabuf_audit_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, fmt, f), 0);
	fclose(f);
	return buf;
}

static void add_map(struct dmabuf_audit_report *r, const char *exp, unsigned long long at,
		    const char *letters)
{
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = exp, .pid = 100, .comm = "exerciser",
		.cpu = 1, .ts_ns = 2000001000, .mm = MM_SELF, .start = at,
		.end = at + LEN, .ino = 7, .size = LEN,
		.vm_flags = dmabuf_audit_vm_flags_from_smaps(letters),
		.driver = strcmp(exp, "drm") ? NULL : "vgem",	/* the lab's */
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
}

/* @pid 0: this process; else a child (its own mm) reading ours */
static void add_gup(struct dmabuf_audit_report *r, const char *mech, unsigned long long at,
		    int pid, long long ret)
{
	struct dmabuf_audit_gup g = {
		.sz = sizeof(g), .mech = mech, .pid = pid ? pid : 100,
		.comm = "exerciser", .cpu = pid ? -1 : 1, .ts_ns = 2000002000,
		.mm = MM_SELF, .caller_mm = pid ? MM_CHILD : 0, .start = at,
		.nr_pages = LEN / PAGE, .ret = ret,
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_gup(r, &g), 0);
}

/* What exercise measures on 6.1: a compliant drm and videobuf2_vmalloc. */
static struct dmabuf_audit_report *lab_6_1(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	add_map(r, "drm", DRM_AT, PF_FLAGS);
	add_gup(r, "vmsplice", DRM_AT, 0, -EFAULT);
	add_gup(r, "process_vm_readv_remote", DRM_AT, 200, -EFAULT);
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_unmap(r, MM_SELF, DRM_AT, DRM_AT + LEN), 0);
	/* anonymous memory where drm was: pinned, and nobody's fault */
	add_gup(r, "vmsplice", DRM_AT, 0, LEN / PAGE);
	add_map(r, "videobuf2_vmalloc", VB2_AT, MM_FLAGS);
	add_gup(r, "vmsplice", VB2_AT, 0, LEN / PAGE);
	add_gup(r, "process_vm_readv_remote", VB2_AT, 201, LEN / PAGE);
	/* pinned, then refused by io_uring itself: a refusal here */
	add_gup(r, "io_uring_register", VB2_AT, 0, -EOPNOTSUPP);
	return r;
}

static void test_exercise_report(void)
{
	struct dmabuf_audit_report *r = lab_6_1();
	char *j = written(r, DMABUF_AUDIT_FORMAT_JSON);

	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"source\":\"exercise\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"method\":\"unit test\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"complete\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"gup_attempts\":6,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"name\":\"drm\",\n      \"label\":\"drm (vgem)\",\n"
				      "      \"driver\":\"vgem\",\n      \"mmaps\":1,\n"
				      "      \"mmaps_pfnmap\":1,\n      \"mmaps_flags_unknown\":0,\n"
				      "      \"gup_attempts\":2,\n      \"gup_succeeded\":0,\n"
				      "      \"verdict\":\"pass\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"gup_attempts\":3,\n      \"gup_succeeded\":2,\n"
				      "      \"verdict\":\"fail\""));
	/* the child's read is a GUP on another process's mm */
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"pid\":201,\n        \"comm\":\"exerciser\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"mech\":\"process_vm_readv_remote\",\n"
				      "        \"remote\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"path\":\"unknown\""));
	free(j);
	dmabuf_audit_report_free(r);
}

static void test_bad_arguments(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc(NULL);
	struct dmabuf_audit_mapping m = { .sz = sizeof(m), .mm = 1, .start = 0, .end = PAGE };
	struct dmabuf_audit_gup g = { .sz = sizeof(g), .mm = 1, .nr_pages = 1 };

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, NULL), -EINVAL);
	m.sz = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), -EINVAL);
	m.sz = sizeof(m);
	m.mm = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), -EINVAL);
	m.mm = 1;
	m.end = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), -EINVAL);
	/* an older caller's smaller struct: what it lacks is zero */
	m.end = PAGE;
	m.sz = offsetof(struct dmabuf_audit_mapping, ino);
	m.ino = 99;
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
	g.nr_pages = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_gup(r, &g), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_unmap(r, 1, PAGE, PAGE), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_unmap(NULL, 1, 0, PAGE), -EINVAL);
	/* unknown exporter, vm_flags 0: a mapping without VM_PFNMAP */
	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_FAIL);
	dmabuf_audit_report_free(r);
}

static void test_letters(void)
{
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_from_smaps(PF_FLAGS), 0x040404bbULL);
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_from_smaps(MM_FLAGS), 0x140400bbULL);
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_from_smaps("pf io"),
			DMABUF_AUDIT_VM_PFNMAP | DMABUF_AUDIT_VM_IO);
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_from_smaps(""), 0);
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_from_smaps(NULL), 0);
}

/* The lines of @s that are not diagnostics. */
static void results(const char *s, char *out, size_t size)
{
	const char *nl;
	size_t n = 0;

	out[0] = '\0';
	for (; *s; s = nl + 1) {
		nl = strchrnul(s, '\n');
		if (*s != '#' && n < size)
			n += snprintf(out + n, size - n, "%.*s\n", (int)(nl - s), s);
		if (!*nl)
			break;
	}
}

static void test_ktap(void)
{
	struct dmabuf_audit_report *r = lab_6_1();
	char *k = written(r, DMABUF_AUDIT_FORMAT_KTAP), res[512];

	results(k, res, sizeof(res));
	CU_ASSERT_STRING_EQUAL(res, "KTAP version 1\n1..2\nok 1 drm (vgem)\n"
			       "not ok 2 videobuf2_vmalloc\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(k, "\n# complete: every exporter found was mapped"));
	CU_ASSERT_PTR_NOT_NULL(strstr(k, "\n# drm (vgem): 1 mmaps, 1 with VM_PFNMAP, 0 without "
				      "vm_flags; GUP 2 tried, 0 pinned\nok 1 drm (vgem)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(k, "\n# FAIL mapping without VM_PFNMAP (1 mapping):\n# "
				      "         exerciser-100 [001]      2.000001: "
				      "dma_buf_mmap_internal: exp_name=videobuf2_vmalloc "));
	CU_ASSERT_PTR_NOT_NULL(strstr(k, "exerciser-201 [---]      2.000002: get_user_pages: "
				      "mech=process_vm_readv_remote mm=mm#1 start=0x7f0000100000 "
				      "nr_pages=16 ret=16 path=unknown remote=1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(k, "# Totals: pass:1 fail:1 incomplete:0 skip:0; status fail\n"));
	free(k);
	/* incomplete: not ok, with the reason, never a pass */
	dmabuf_audit_report_add_note(r, "a # in a reason\nand a line break");
	k = written(r, DMABUF_AUDIT_FORMAT_KTAP);
	results(k, res, sizeof(res));
	CU_ASSERT_STRING_EQUAL(res, "KTAP version 1\n1..2\nnot ok 1 drm (vgem) # incomplete: "
			       "a _ in a reason?and a line break\nnot ok 2 videobuf2_vmalloc\n");
	free(k);
	dmabuf_audit_report_free(r);
}

static void test_ktap_skips(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = "system", .mm = 1, .start = PAGE,
		.end = 2 * PAGE, .flags_unknown = 1,
	};
	char *k = written(r, DMABUF_AUDIT_FORMAT_KTAP), res[512];

	/* nothing at all: the whole plan is skipped, saying why */
	results(k, res, sizeof(res));
	CU_ASSERT_STRING_EQUAL(res, "KTAP version 1\n1..0 # SKIP no dma-buf was mapped "
			       "while the audit ran: nothing was checked\n");
	free(k);
	/* a mapping of which nothing could be checked: SKIP, not a pass */
	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
	k = written(r, DMABUF_AUDIT_FORMAT_KTAP);
	results(k, res, sizeof(res));
	CU_ASSERT_STRING_EQUAL(res, "KTAP version 1\n1..1\nok 1 system # SKIP 1 of 1 "
			       "mappings have no vm_flags in the source\n");
	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_INCOMPLETE);
	free(k);
	dmabuf_audit_report_free(r);
}

static void test_markdown(void)
{
	char *const argv[] = { "dmabuf-audit", "live", "--", "sh", "-c", "echo 'hi'" };
	struct dmabuf_audit_report *r = lab_6_1();
	char *md;

	md = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n#### How to reproduce\n\nThe command line was not recorded.\n"));
	free(md);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_command(r, 6, argv), 0);
	md = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "### dmabuf-audit "));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, ": exercise audit\n\n- tool: dmabuf-audit "));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n- probes: unit test\n- complete: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n| videobuf2_vmalloc | 1 | 0 | 3 | 2 | **fail** |\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n**FAIL `videobuf2_vmalloc`: mapping without "
				      "VM_PFNMAP (1 mapping)**\n\n```\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "```sh\ndmabuf-audit live -- sh -c 'echo '\\''hi'\\'''\n```\n"));
	free(md);
	md = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\"command\":\"dmabuf-audit live -- sh -c 'echo '\\\\''hi'\\\\'''\""));
	free(md);
	dmabuf_audit_report_free(r);
}

/*
 * Past the first two GUP pins of an exporter, text, markdown and KTAP
 * count the rest and point to the JSON report, in words that name no
 * option of any program: the library does not know its callers' CLI.
 */
static void test_more_pins(void)
{
	static const struct {
		enum dmabuf_audit_format fmt;
		const char *line;
	} want[] = {
		{ DMABUF_AUDIT_FORMAT_TEXT, "pinned pages of the mapping (5 GUP pins)\n" },
		{ DMABUF_AUDIT_FORMAT_TEXT, "\n      ... and 3 more (the JSON report lists "
		  "them all)\n" },
		{ DMABUF_AUDIT_FORMAT_MARKDOWN, "\n... and 3 more (the JSON report lists "
		  "them all).\n" },
		{ DMABUF_AUDIT_FORMAT_KTAP, "\n# ... and 3 more (the JSON report "
		  "lists them all)\n" },
	};
	struct dmabuf_audit_report *r = lab_6_1();
	size_t i;
	char *out;

	for (i = 0; i < 3; i++)
		add_gup(r, "vmsplice", VB2_AT, 0, LEN / PAGE);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		out = written(r, want[i].fmt);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, want[i].line));
		CU_ASSERT_PTR_NULL(strstr(out, "--format"));
		free(out);
	}
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NULL(strstr(out, "more (the JSON"));
	free(out);
	/* a format no writer knows */
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, (enum dmabuf_audit_format)99, stdout),
			-EINVAL);
	dmabuf_audit_report_free(r);
}

#define KMM(i)	(0xffff888100000000ULL + (i) * 0x1000)	/* kernel-like mm ids */

/* @n failing mappings of videobuf2_vmalloc over 4 address spaces, mm 3 first */
static struct dmabuf_audit_report *many_failing(int n)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = "videobuf2_vmalloc", .pid = 300,
		.comm = "camera", .cpu = 0, .ino = 9, .size = LEN,
		.vm_flags = dmabuf_audit_vm_flags_from_smaps(MM_FLAGS),
	};
	int i;

	for (i = 0; i < n; i++) {
		m.ts_ns = 1000000000ULL + i;
		m.mm = KMM((i + 3) % 4);
		m.start = DRM_AT + i * LEN;
		m.end = m.start + LEN;
		CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
	}
	return r;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Forty failing mappings: one group with its count and two examples, not
 * forty blocks; the JSON keeps every one.
 */
static void test_grouped(void)
{
	struct dmabuf_audit_report *r = many_failing(40);
	char *out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);

	CU_ASSERT(count_lines(out) <= 40);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n**FAIL `videobuf2_vmalloc`: mapping without "
				      "VM_PFNMAP (40 mappings)**\n\n```\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n... and 38 more (the JSON report lists them all).\n"));
	CU_ASSERT_PTR_NULL(strstr(strstr(out, "**FAIL") + 1, "**FAIL"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_TEXT);
	CU_ASSERT(count_lines(out) <= 20);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  FAIL videobuf2_vmalloc: mapping without VM_PFNMAP "
				      "(40 mappings)\n"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_KTAP);
	CU_ASSERT(count_lines(out) <= 20);
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_EQUAL(count_lines(strstr(out, "\"findings\"")) > 40 * 10, 1);
	free(out);
	dmabuf_audit_report_free(r);
}

/*
 * No kernel pointer in any format by default: labels in order of first
 * appearance (KMM(3) maps first: mm#1); raw values only when asked for.
 */
static void test_pointer_labels(void)
{
	static const enum dmabuf_audit_format fmts[] = {
		DMABUF_AUDIT_FORMAT_TEXT, DMABUF_AUDIT_FORMAT_JSON,
		DMABUF_AUDIT_FORMAT_MARKDOWN, DMABUF_AUDIT_FORMAT_KTAP,
	};
	struct dmabuf_audit_report *r = many_failing(4);
	size_t i;
	char *out;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		out = written(r, fmts[i]);
		CU_ASSERT_PTR_NULL(strstr(out, "ffff888"));
		free(out);
	}
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"raw_pointers\":false"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"mm\":\"mm#1\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"mm\":\"mm#4\""));
	CU_ASSERT_PTR_NULL(strstr(out, "\"mm\":\"mm#5\""));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "start=0x7f0000000000 end=0x7f0000010000 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ino=9 mm=mm#1 start=0x7f0000000000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ino=9 mm=mm#2 start=0x7f0000010000"));
	free(out);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_raw_pointers(r, 1), 0);
	out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ino=9 mm=0xffff888100003000 start=0x7f0000000000"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"raw_pointers\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"mm\":\"0xffff888100003000\""));
	free(out);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_raw_pointers(NULL, 1), -EINVAL);
	dmabuf_audit_report_free(r);
}

/* Filters keep the mappings they match, their GUP and counts, and say so. */
static void test_filter(void)
{
	static const char *const exps[] = { "videobuf2_vmalloc" };
	static const char *const comms[] = { "exerciser" };
	static const char *const empty[] = { "" };
	struct dmabuf_audit_filter f = { .sz = sizeof(f), .exporters = exps, .nr_exporters = 1 };
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");
	char *out;

	CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, &f), 0);
	add_map(r, "drm", DRM_AT, PF_FLAGS);
	add_map(r, "videobuf2_vmalloc", VB2_AT, MM_FLAGS);
	add_gup(r, "vmsplice", VB2_AT, 0, LEN / PAGE);
	out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NULL(strstr(out, "| drm |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n| videobuf2_vmalloc | 1 | 0 | 1 | 1 | **fail** |\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n- filter: only the mappings of exporter "
				      "videobuf2_vmalloc (not the whole audit)\n"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"filter\":\"exporter videobuf2_vmalloc\""));
	free(out);
	dmabuf_audit_report_free(r);
	/* a pid that mapped nothing: nothing kept; a comm and a pid together */
	r = dmabuf_audit_report_alloc("unit test");
	f = (struct dmabuf_audit_filter){ .sz = sizeof(f), .pids = (int[]){ 100, 7 },
					  .nr_pids = 2, .comms = comms, .nr_comms = 1 };
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, &f), 0);
	add_map(r, "drm", DRM_AT, PF_FLAGS);
	out = written(r, DMABUF_AUDIT_FORMAT_TEXT);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nfilter: only the mappings of pid 100, 7; "
				      "comm exerciser (not the whole audit)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndrm "));
	free(out);
	f.pids = (int[]){ 7 };
	f.nr_pids = 1;
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, &f), 0);
	add_map(r, "system", DRM_AT + LEN, PF_FLAGS);
	out = written(r, DMABUF_AUDIT_FORMAT_TEXT);
	CU_ASSERT_PTR_NULL(strstr(out, "\nsystem "));
	free(out);
	f.comms = empty;
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, &f), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, NULL), 0);
	dmabuf_audit_report_free(r);
}

static void add_gem(struct dmabuf_audit_report *r, const char *driver, unsigned long long at,
		    const char *letters)
{
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = "drm", .pid = 100, .comm = "exerciser",
		.cpu = 1, .ts_ns = 2000001000, .mm = MM_SELF, .start = at,
		.end = at + LEN, .ino = 8, .size = LEN, .driver = driver,
		.vm_flags = dmabuf_audit_vm_flags_from_smaps(letters),
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
}

#define UNKNOWN_WHY	"the workload did not name the driver"

/*
 * The driver behind "drm": a row each, in every format and the API; one
 * row for those the source could not name, and one line saying why; no
 * driver for another exporter, whatever its caller said.
 */
static void test_driver_rows(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };
	char *out;

	add_gem(r, "vgem", DRM_AT, PF_FLAGS);
	add_gem(r, "cirrus", DRM_AT + LEN, MM_FLAGS);
	add_gem(r, NULL, DRM_AT + 2 * LEN, PF_FLAGS);
	add_gem(r, "vgem", DRM_AT + 3 * LEN, PF_FLAGS);
	add_map(r, "system", VB2_AT, PF_FLAGS);
	{
		struct dmabuf_audit_mapping m = {
			.sz = sizeof(m), .exporter = "i915", .pid = 100, .mm = MM_SELF,
			.start = VB2_AT + LEN, .end = VB2_AT + 2 * LEN, .driver = "i915",
			.vm_flags = dmabuf_audit_vm_flags_from_smaps(PF_FLAGS),
		};
		CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
	}
	out = written(r, DMABUF_AUDIT_FORMAT_TEXT);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndrm (vgem)                     2       2 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndrm (cirrus)                   1       0 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndrm (driver unknown)           1       1 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ni915                           1       1 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndrm (driver unknown): " UNKNOWN_WHY "\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  FAIL drm (cirrus): mapping without VM_PFNMAP"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n| drm (cirrus) | 1 | 0 | 0 | 0 | **fail** |\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n- `drm (driver unknown)`: " UNKNOWN_WHY "\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n**FAIL `drm (cirrus)`: mapping without VM_PFNMAP"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "dma_buf_mmap_internal: exp_name=drm driver=cirrus ino=8 "));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_KTAP);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nok 1 drm (vgem)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nnot ok 2 drm (cirrus)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n# drm (driver unknown): " UNKNOWN_WHY "\n"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"name\":\"drm\",\n      \"label\":\"drm (driver unknown)\",\n"
				      "      \"driver\":null,\n      \"driver_unknown\":\"" UNKNOWN_WHY "\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"name\":\"i915\",\n      \"label\":\"i915\",\n"
				      "      \"mmaps\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"exporter\":\"drm\",\n      \"label\":\"drm (cirrus)\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"exporter\":\"drm\",\n        \"driver\":\"cirrus\""));
	free(out);
	/* the API: driver or why not, and the row */
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 1, &e), 0);
	CU_ASSERT_STRING_EQUAL(e.name, "drm");
	CU_ASSERT_STRING_EQUAL(e.driver, "cirrus");
	CU_ASSERT_PTR_NULL(e.driver_unknown);
	CU_ASSERT_STRING_EQUAL(e.label, "drm (cirrus)");
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 2, &e), 0);
	CU_ASSERT_PTR_NULL(e.driver);
	CU_ASSERT_STRING_EQUAL(e.driver_unknown, UNKNOWN_WHY);
	CU_ASSERT_STRING_EQUAL(e.label, "drm (driver unknown)");
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 4, &e), 0);
	CU_ASSERT_STRING_EQUAL(e.label, "i915");
	CU_ASSERT_PTR_NULL(e.driver);
	CU_ASSERT_PTR_NULL(e.driver_unknown);
	CU_ASSERT_EQUAL(dmabuf_audit_report_finding(r, 0, &x), 0);
	CU_ASSERT_STRING_EQUAL(x.exporter, "drm");
	CU_ASSERT_STRING_EQUAL(x.driver, "cirrus");
	CU_ASSERT_STRING_EQUAL(x.label, "drm (cirrus)");
	/* an older caller's smaller struct is written up to its size */
	e = (struct dmabuf_audit_exporter_info){ .sz = offsetof(struct dmabuf_audit_exporter_info,
								driver) };
	CU_ASSERT_EQUAL(dmabuf_audit_report_exporter(r, 1, &e), 0);
	CU_ASSERT_PTR_NULL(e.driver);
	CU_ASSERT_PTR_NULL(e.label);
	dmabuf_audit_report_free(r);
}

/* --exporter: "drm" is every driver's row, "vgem" or "drm (vgem)" one. */
static void test_driver_filter(void)
{
	static const char *const sel[][2] = {
		{ "drm", "drm (vgem),drm (cirrus),drm (driver unknown)," },
		{ "vgem", "drm (vgem)," }, { "drm (cirrus)", "drm (cirrus)," },
		{ "drm (driver unknown)", "drm (driver unknown)," }, { "cirrus-qemu", "" },
	};
	size_t i, j, n;

	for (i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		struct dmabuf_audit_filter f = { .sz = sizeof(f), .exporters = &sel[i][0],
						 .nr_exporters = 1 };
		struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("unit test");
		struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
		char got[256] = "";

		CU_ASSERT_EQUAL(dmabuf_audit_report_set_filter(r, &f), 0);
		add_gem(r, "vgem", DRM_AT, PF_FLAGS);
		add_gem(r, "cirrus", DRM_AT + LEN, PF_FLAGS);
		add_gem(r, NULL, DRM_AT + 2 * LEN, PF_FLAGS);
		add_map(r, "system", VB2_AT, PF_FLAGS);
		for (j = 0, n = 0; !dmabuf_audit_report_exporter(r, j, &e); j++)
			n += snprintf(got + n, sizeof(got) - n, "%s,", e.label);
		CU_ASSERT_STRING_EQUAL(got, sel[i][1]);
		dmabuf_audit_report_free(r);
	}
}

/* How to reproduce: the workload and the audit command. */
static void test_workload(void)
{
	char *const audit[] = { "dmabuf-audit", "live", "--format", "markdown", "--",
				"cam", "--frames", "10" };
	struct dmabuf_audit_report *r = lab_6_1();
	char *out;

	CU_ASSERT_EQUAL(dmabuf_audit_report_set_workload(r, 3, audit + 5), 0);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_command(r, 8, audit), 0);
	out = written(r, DMABUF_AUDIT_FORMAT_MARKDOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "the workload:\n\n```sh\ncam --frames 10\n```\n\n"
				      "audited with:\n\n```sh\ndmabuf-audit live --format "
				      "markdown -- cam --frames 10\n```\n"));
	free(out);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"workload\":\"cam --frames 10\""));
	free(out);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_workload(r, 0, NULL), 0);
	out = written(r, DMABUF_AUDIT_FORMAT_JSON);
	CU_ASSERT_PTR_NULL(strstr(out, "\"workload\""));
	free(out);
	dmabuf_audit_report_free(r);
}

int add_report_suites(void)
{
	CU_pSuite s = CU_add_suite("report", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "exercise measurements as a report", test_exercise_report) ||
	    !CU_add_test(s, "bad arguments, older callers", test_bad_arguments) ||
	    !CU_add_test(s, "VmFlags letters, public", test_letters) ||
	    !CU_add_test(s, "KTAP: ok, not ok, incomplete", test_ktap) ||
	    !CU_add_test(s, "KTAP: SKIP", test_ktap_skips) ||
	    !CU_add_test(s, "markdown: evidence, how to reproduce", test_markdown) ||
	    !CU_add_test(s, "more GUP pins than shown, unknown format", test_more_pins) ||
	    !CU_add_test(s, "forty failing mappings: one group", test_grouped) ||
	    !CU_add_test(s, "kernel pointers: labels, raw on request", test_pointer_labels) ||
	    !CU_add_test(s, "filters: pid, comm, exporter", test_filter) ||
	    !CU_add_test(s, "the driver behind drm: a row each", test_driver_rows) ||
	    !CU_add_test(s, "--exporter drm, vgem, drm (vgem)", test_driver_filter) ||
	    !CU_add_test(s, "how to reproduce: the workload", test_workload))
		return -1;
	return 0;
}
