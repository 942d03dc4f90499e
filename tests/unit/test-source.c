// SPDX-License-Identifier: GPL-2.0
/*
 * The source contract (lib/source.h): loss accounting from markers and
 * ring counters, a source without a decoder, the report handed over; and
 * the application's hints completing the library's notes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "source.h"
#include "unit.h"

static char *json_of(const struct dmabuf_audit_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, f), 0);
	fclose(f);
	return buf;
}

static void test_ring_losses(void)
{
	const char *cpu0 = "entries: 4\noverrun: 3\ncommit overrun: 0\n"
			   "bytes: 100\ndropped events: 2\nread events: 9\n";
	const char *two = "CPU:0\noverrun: 1\ndropped events: 0\n"
			  "CPU:1\noverrun: 10\ndropped events: 5\n";

	CU_ASSERT_EQUAL(da_source_ring_losses(NULL), 0);
	CU_ASSERT_EQUAL(da_source_ring_losses(""), 0);
	/* "commit overrun: 0" counts as an overrun of 0 */
	CU_ASSERT_EQUAL(da_source_ring_losses(cpu0), 5);
	CU_ASSERT_EQUAL(da_source_ring_losses(two), 16);
}

/* A source of typed events: no decoder, losses still reach the report. */
static void test_typed_source(void)
{
	struct da_source_ctx s;
	struct dmabuf_audit_report *r;
	char *j;

	CU_ASSERT_EQUAL_FATAL(da_source_begin(&s, DA_SOURCE_EXERCISE, 4096), 0);
	CU_ASSERT_PTR_NULL(s.dec);
	da_source_lost(&s, 4);
	s.missed = 3;		/* as if markers had counted 3 */
	da_source_ring_lost(&s, 5);	/* 2 more */
	da_source_ring_lost(&s, 1);	/* fewer than marked: nothing */
	da_source_finish(&s, true);
	r = da_source_take(&s);
	CU_ASSERT_PTR_NULL(s.report);
	da_source_end(&s);		/* the report is the caller's now */
	j = json_of(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"lost_events\":6"));
	free(j);
	dmabuf_audit_report_free(r);
	da_source_end(&s);		/* twice, and on an ended source: no harm */
}

static void test_hints(void)
{
	CU_ASSERT_PTR_NULL(da_hint(DMABUF_AUDIT_HINT_ROOT));
	CU_ASSERT_EQUAL(dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_ROOT, "ask"), 0);
	CU_ASSERT_STRING_EQUAL(da_hint(DMABUF_AUDIT_HINT_ROOT), "ask");
	CU_ASSERT_EQUAL(dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_ROOT, NULL), 0);
	CU_ASSERT_PTR_NULL(da_hint(DMABUF_AUDIT_HINT_ROOT));
	CU_ASSERT_EQUAL(dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_COUNT, "x"), -EINVAL);
	CU_ASSERT_EQUAL(dmabuf_audit_set_hint((enum dmabuf_audit_hint)-1, "x"), -EINVAL);
}

int add_source_suites(void)
{
	CU_pSuite s = CU_add_suite("source", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "ring-buffer loss counters", test_ring_losses) ||
	    !CU_add_test(s, "a source without a decoder", test_typed_source) ||
	    !CU_add_test(s, "hints of the application", test_hints))
		return -1;
	return 0;
}
