// SPDX-License-Identifier: GPL-2.0
/*
 * The text of live's GUP filters (lib/event-filter.c): sets of mms or pids,
 * their complement for the windows, and sets too long for the kernel.
 */
#include <errno.h>
#include <string.h>

#include "event-filter.h"
#include "unit.h"

static void test_build(void)
{
	uint64_t mm[] = { 0xffff888001000000ULL, 0xffff888002000000ULL };
	uint64_t pid[] = { 7, 4242 };
	char buf[256];

	CU_ASSERT_EQUAL(da_filter_build(buf, sizeof(buf), "mm", mm, 2, false, true),
			(int)strlen(buf));
	CU_ASSERT_STRING_EQUAL(buf, "mm == 0xffff888001000000 || mm == 0xffff888002000000");
	da_filter_build(buf, sizeof(buf), "common_pid", pid, 2, true, false);
	CU_ASSERT_STRING_EQUAL(buf, "common_pid != 7 && common_pid != 4242");
	da_filter_build(buf, sizeof(buf), "common_pid", pid, 1, false, false);
	CU_ASSERT_STRING_EQUAL(buf, "common_pid == 7");
}

/* No address space of interest: nothing passes F, everything its complement. */
static void test_empty(void)
{
	char buf[64];

	CU_ASSERT_TRUE(da_filter_build(buf, sizeof(buf), "mm", NULL, 0, false, true) > 0);
	CU_ASSERT_STRING_EQUAL(buf, DA_FILTER_NONE);
	CU_ASSERT_EQUAL(da_filter_build(buf, sizeof(buf), "mm", NULL, 0, true, true), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");
}

/* The kernel refuses a page of filter: such a set is not filtered at all. */
static void test_too_long(void)
{
	static uint64_t many[400];
	static char buf[16384];
	size_t i;

	for (i = 0; i < 400; i++)
		many[i] = 0xffff888000000000ULL + i * 4096;
	CU_ASSERT_EQUAL(da_filter_build(buf, sizeof(buf), "mm", many, 400, false, true),
			-E2BIG);
	CU_ASSERT_EQUAL(da_filter_build(buf, 20, "mm", many, 1, false, true), -E2BIG);
	CU_ASSERT_TRUE(da_filter_build(buf, sizeof(buf), "mm", many, 100, false, true) > 0);
	CU_ASSERT_TRUE(strlen(buf) <= DA_FILTER_MAX);
}

int add_event_filter_suites(void)
{
	CU_pSuite s = CU_add_suite("event filters", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "sets and complements", test_build) ||
	    !CU_add_test(s, "empty sets", test_empty) ||
	    !CU_add_test(s, "too long for the kernel", test_too_long))
		return -1;
	return 0;
}
