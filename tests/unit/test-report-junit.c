// SPDX-License-Identifier: GPL-2.0
/*
 * The JUnit writer (lib/report-junit.c) on reports built by hand: counts,
 * one testcase per exporter with the right result element, an incomplete
 * audit as an error and never a skip or a pass, every string escaped
 * whatever bytes it holds, write errors returned. The CLI tests validate
 * its output on the fixtures against tests/junit/junit.xsd.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "unit.h"

#define MM	100ULL
#define PAGE	4096ULL
#define AT	0x7f0000000000ULL
#define LEN	(16 * PAGE)
#define RW_SHARED	0xfbULL		/* VM_READ|VM_WRITE|VM_SHARED|VM_MAY* */

static char *junit(const struct dmabuf_audit_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JUNIT, f), 0);
	fclose(f);
	return buf;
}

static void map(struct dmabuf_audit_report *r, const char *exporter, const char *comm,
		unsigned long long at, unsigned long long flags, int unknown)
{
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m), .exporter = exporter, .pid = 7, .comm = comm, .cpu = 0,
		.mm = MM, .start = at, .end = at + LEN, .vm_flags = flags,
		.flags_unknown = unknown, .ino = 3, .size = LEN,
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_mapping(r, &m), 0);
}

static void gup(struct dmabuf_audit_report *r, unsigned long long at, long long ret)
{
	struct dmabuf_audit_gup g = {
		.sz = sizeof(g), .mech = "vmsplice", .pid = 7, .comm = "t", .cpu = 0,
		.mm = MM, .start = at, .nr_pages = 16, .ret = ret,
	};

	CU_ASSERT_EQUAL(dmabuf_audit_report_add_gup(r, &g), 0);
}

/* The text of the testcase named @name: from its tag to </testcase>. */
static char *testcase(const char *xml, const char *name)
{
	char tag[256], *s, *e;

	snprintf(tag, sizeof(tag), "name=\"%s\">\n", name);
	s = strstr(xml, tag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	e = strstr(s, "</testcase>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	return strndup(s, e - s);
}

/* No byte XML 1.0 cannot hold, and nothing but UTF-8. */
static int xml_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int i, n;

	while (*p) {
		if (*p < ' ' && *p != '\n' && *p != '\t')
			return 0;
		n = *p < 0x80 ? 1 : *p >= 0xc2 && *p < 0xe0 ? 2 : *p >= 0xe0 && *p < 0xf0 ? 3 :
			*p >= 0xf0 && *p < 0xf5 ? 4 : 0;
		if (!n)
			return 0;
		for (i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

/* A pass, a failure (GUP pinned), an exporter without vm_flags. */
static void test_results(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("by hand");
	char *xml, *tc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	map(r, "good", "t", AT, RW_SHARED | DMABUF_AUDIT_VM_PFNMAP, 0);
	map(r, "bad", "t", AT + LEN, RW_SHARED | DMABUF_AUDIT_VM_MIXEDMAP, 0);
	map(r, "blind", "t", AT + 2 * LEN, 0, 1);
	gup(r, AT, -14);
	gup(r, AT + LEN, 16);
	xml = junit(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<testsuite tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\""));
	CU_ASSERT_PTR_NULL(strstr(xml, "<skipped"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<property name=\"source\" value=\"exercise\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<property name=\"status\" value=\"fail\"/>"));
	tc = testcase(xml, "good");
	CU_ASSERT_PTR_NULL(strstr(tc, "<failure"));
	CU_ASSERT_PTR_NULL(strstr(tc, "<error"));
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "GUP 1 tried, 0 pinned"));
	free(tc);
	tc = testcase(xml, "bad");
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "<failure type=\"fail\" message=\"mapping without VM_PFNMAP\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "get_user_pages pinned pages of the mapping (1 GUP pin):"));
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "VM_MIXEDMAP"));
	CU_ASSERT_PTR_NULL(strstr(tc, "<error"));
	free(tc);
	tc = testcase(xml, "blind");
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "<error type=\"nothing-checked\" message=\"1 of 1 "
				      "mappings have no vm_flags in the source\">"));
	free(tc);
	CU_ASSERT(xml_clean(xml));
	free(xml);
	dmabuf_audit_report_free(r);
}

/* A report with a note: the exporter that would pass is an error, saying why. */
static void test_incomplete(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("by hand");
	char *xml, *tc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	map(r, "good", "t", AT, RW_SHARED | DMABUF_AUDIT_VM_PFNMAP, 0);
	dmabuf_audit_report_add_note(r, "the workload was killed by signal %d", 9);
	xml = junit(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""));
	tc = testcase(xml, "good");
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "<error type=\"incomplete\" message=\"the workload was "
				      "killed by signal 9\">the workload was killed by signal 9\n"
				      "</error>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "no GUP tried (judged by its VM flags)"));
	free(tc);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<property name=\"incomplete\" value=\"the workload "
				      "was killed by signal 9\"/>"));
	free(xml);
	dmabuf_audit_report_free(r);
}

/* Nothing mapped: one testcase in error, not an empty suite shown green. */
static void test_empty(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("by hand");
	char *xml, *tc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	xml = junit(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""));
	tc = testcase(xml, "(no dma-buf mapping)");
	CU_ASSERT_PTR_NOT_NULL(strstr(tc, "<error type=\"nothing-checked\" message=\"no dma-buf "
				      "was mapped while the audit ran: nothing was checked\">"));
	free(tc);
	free(xml);
	dmabuf_audit_report_free(r);
}

/* Names from the kernel: markup, quotes, control bytes, bytes not UTF-8. */
static void test_escaping(void)
{
	static const char name[] = "<&\"'>\x01\x1b\xff\xc3\xa9\xe2\x82\n\t]]>";
	static const char want[] = "name=\"&lt;&amp;&quot;&apos;&gt;???\xc3\xa9??&#10;&#9;]]&gt;\">";
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("a<b & \"c\"");
	char *argv[] = { "cmd", "--x=<y>", "\x07" };
	char *xml;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	map(r, name, "c<&>\x02", AT, RW_SHARED, 0);
	CU_ASSERT_EQUAL(dmabuf_audit_report_set_command(r, 3, argv), 0);
	xml = junit(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<property name=\"probes\" value=\"a&lt;b &amp; "
				      "&quot;c&quot;\"/>"));
	/* the evidence in the failure's body: comm-pid as ftrace prints it */
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "c&lt;&amp;&gt;?-7 "));
	CU_ASSERT_PTR_NULL(strstr(xml, "<y>"));
	CU_ASSERT(xml_clean(xml));
	free(xml);
	dmabuf_audit_report_free(r);
}

static void test_write_error(void)
{
	struct dmabuf_audit_report *r = dmabuf_audit_report_alloc("by hand");
	FILE *f = fopen("/dev/full", "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	if (!f) {
		dmabuf_audit_report_free(r);
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	map(r, "bad", "t", AT, RW_SHARED, 0);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JUNIT, f), -EIO);
	fclose(f);
	dmabuf_audit_report_free(r);
}

int add_report_junit_suites(void)
{
	CU_pSuite s = CU_add_suite("report JUnit", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "pass, failure, nothing checked", test_results) ||
	    !CU_add_test(s, "an incomplete audit is an error with its reason", test_incomplete) ||
	    !CU_add_test(s, "nothing mapped: one testcase in error", test_empty) ||
	    !CU_add_test(s, "every string escaped, whatever its bytes", test_escaping) ||
	    !CU_add_test(s, "a failed write is -EIO", test_write_error))
		return -1;
	return 0;
}
