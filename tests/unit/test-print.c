// SPDX-License-Identifier: GPL-2.0
/* The printer hook, errno preservation and error texts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "unit.h"

static char last[256];
static enum dmabuf_audit_print_level last_level;

static int capture(enum dmabuf_audit_print_level level, const char *fmt, va_list ap)
{
	last_level = level;
	errno = EBADF;	/* a printer that clobbers errno must not leak it */
	return vsnprintf(last, sizeof(last), fmt, ap);
}

static void test_hook_receives_and_errno_kept(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(capture);

	errno = ENOENT;
	da_warn("probe %s refused", "gup_fast");
	CU_ASSERT_EQUAL(errno, ENOENT);
	CU_ASSERT_STRING_EQUAL(last, "probe gup_fast refused");
	CU_ASSERT_EQUAL(last_level, DMABUF_AUDIT_WARN);
	CU_ASSERT_PTR_EQUAL(dmabuf_audit_set_print(old), capture);
}

static void test_null_printer_silences(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(NULL);

	last[0] = '\0';
	da_warn("nobody hears this");
	CU_ASSERT_STRING_EQUAL(last, "");
	dmabuf_audit_set_print(old);
}

static void test_strerror(void)
{
	char buf[128];

	CU_ASSERT_EQUAL(dmabuf_audit_strerror(-DMABUF_AUDIT_ERR_NO_TRACEFS, buf, sizeof(buf)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "tracefs"));
	CU_ASSERT_EQUAL(dmabuf_audit_strerror(-DMABUF_AUDIT_ERR_TRUNCATED, buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "input is truncated");
	CU_ASSERT_EQUAL(dmabuf_audit_strerror(-ENOENT, buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, strerror(ENOENT));
	CU_ASSERT_EQUAL(dmabuf_audit_strerror(-DMABUF_AUDIT_ERR_END, buf, sizeof(buf)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown error"));
	/* every library code has a text */
	for (int e = DMABUF_AUDIT_ERR_START; e < DMABUF_AUDIT_ERR_END; e++)
		CU_ASSERT_EQUAL(dmabuf_audit_strerror(e, buf, sizeof(buf)), 0);
}

static void test_version(void)
{
	const char *v = dmabuf_audit_version();

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_NOT_EQUAL(strcmp(v, "unknown"), 0);
	CU_ASSERT_PTR_NOT_NULL(strchr(v, '.'));
}

int add_print_suites(void)
{
	CU_pSuite s = CU_add_suite("print", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "hook receives text, errno kept", test_hook_receives_and_errno_kept) ||
	    !CU_add_test(s, "NULL printer silences", test_null_printer_silences) ||
	    !CU_add_test(s, "strerror", test_strerror) ||
	    !CU_add_test(s, "version", test_version))
		return -1;
	return 0;
}
