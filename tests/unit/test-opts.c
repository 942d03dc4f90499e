// SPDX-License-Identifier: GPL-2.0
/*
 * da_opts_get: options structs of an older (smaller) or newer (bigger)
 * version than the library's own.
 */
#include <errno.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "unit.h"

struct v1 {
	size_t sz;
	unsigned int a;
};

struct v2 {
	size_t sz;
	unsigned int a;
	unsigned long long b;
};

struct v3 {
	size_t sz;
	unsigned int a;
	unsigned long long b;
	unsigned long long c;
};

static void test_same_and_null(void)
{
	struct v2 in = { .sz = sizeof(in), .a = 7, .b = 9 }, out;

	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), 0);
	CU_ASSERT_EQUAL(out.a, 7);
	CU_ASSERT_EQUAL(out.b, 9);
	memset(&out, 0xff, sizeof(out));
	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), NULL), 0);
	CU_ASSERT_EQUAL(out.sz, 0);
	CU_ASSERT_EQUAL(out.a, 0);
	CU_ASSERT_EQUAL(out.b, 0);
}

static void test_older(void)
{
	struct v1 in = { .sz = sizeof(in), .a = 3 };
	struct v2 out;

	memset(&out, 0xff, sizeof(out));
	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), 0);
	CU_ASSERT_EQUAL(out.a, 3);
	CU_ASSERT_EQUAL(out.b, 0);	/* a field the caller does not know */
}

static void test_newer(void)
{
	struct v3 in = { .sz = sizeof(in), .a = 5, .b = 6 };
	struct v2 out;

	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), 0);
	CU_ASSERT_EQUAL(out.a, 5);
	CU_ASSERT_EQUAL(out.b, 6);
	in.c = 1;	/* asks for something we cannot do */
	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), -EINVAL);
}

static void test_bad_size(void)
{
	struct v2 in = { .sz = 0, .a = 1 }, out;

	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), -EINVAL);
	in.sz = sizeof(size_t) - 1;
	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), -EINVAL);
	in.sz = sizeof(size_t);		/* only sz: every option at its default */
	CU_ASSERT_EQUAL(da_opts_get(&out, sizeof(out), &in), 0);
	CU_ASSERT_EQUAL(out.a, 0);
}

int add_opts_suites(void)
{
	CU_pSuite s = CU_add_suite("opts", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "same version, and NULL for defaults", test_same_and_null) ||
	    !CU_add_test(s, "older caller: new fields zero", test_older) ||
	    !CU_add_test(s, "newer caller: unknown tail must be zero", test_newer) ||
	    !CU_add_test(s, "sz too small", test_bad_size))
		return -1;
	return 0;
}
