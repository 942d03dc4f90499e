// SPDX-License-Identifier: GPL-2.0
/* vm_flags decoding, with values seen on real dma-buf mappings. */
#include <string.h>

#include "dmabuf-audit.h"
#include "unit.h"

static void expect(unsigned long flags, const char *text)
{
	char buf[512];
	int n = dmabuf_audit_vm_flags_str(flags, buf, sizeof(buf));

	CU_ASSERT_STRING_EQUAL(buf, text);
	CU_ASSERT_EQUAL(n, (int)strlen(text));
}

static void test_known_mappings(void)
{
	/* vgem: smaps "rd wr sh mr mw ms pf de dd" */
	expect(0x040404bbUL,
	       "VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYSHARE|"
	       "VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP");
	/* videobuf2_vmalloc: "rd wr sh mr mw ms de dd mm", no pf */
	expect(0x140400bbUL,
	       "VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|VM_MAYSHARE|"
	       "VM_DONTEXPAND|VM_DONTDUMP|VM_MIXEDMAP");
	expect(DMABUF_AUDIT_VM_PFNMAP | DMABUF_AUDIT_VM_IO, "VM_PFNMAP|VM_IO");
}

static void test_unknown_and_zero(void)
{
	expect(0, "0x0");
	expect(0x100000000UL, "0x100000000");
	expect(0x100000401UL, "VM_READ|VM_PFNMAP|0x100000000");
}

static void test_truncation(void)
{
	char buf[8];
	int n = dmabuf_audit_vm_flags_str(DMABUF_AUDIT_VM_PFNMAP | 1, buf, sizeof(buf));

	CU_ASSERT_EQUAL(n, (int)strlen("VM_READ|VM_PFNMAP"));
	CU_ASSERT_STRING_EQUAL(buf, "VM_READ");
	CU_ASSERT_EQUAL(dmabuf_audit_vm_flags_str(1, NULL, 0), 7);
}

int add_vm_flags_suites(void)
{
	CU_pSuite s = CU_add_suite("vm_flags", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "flags of real mappings", test_known_mappings) ||
	    !CU_add_test(s, "unknown bits and zero", test_unknown_and_zero) ||
	    !CU_add_test(s, "truncation reports full length", test_truncation))
		return -1;
	return 0;
}
