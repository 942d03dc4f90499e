// SPDX-License-Identifier: GPL-2.0
/*
 * BTF offset lookup on BTF built here with libbpf's writer API (the 6.1 and
 * 7.x shapes of vm_area_struct), and on this machine's kernel when it has
 * BTF.
 */
#include <errno.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "dmabuf-audit-local.h"
#include "unit.h"

/*
 * struct vm_area_struct {            7.x shape, with made-up padding
 *	unsigned long vm_start, vm_end;
 *	union {
 *		struct { int lo; int vm_refcnt; };
 *		unsigned long vm_flags;
 *	};
 *	struct mm_struct *vm_mm;
 *	unsigned int bits:3;
 * };
 */
static struct btf *make_btf(void)
{
	struct btf *btf = btf__new_empty();
	int ul, in, inner, un, mm, ptr, vma;

	ul = btf__add_int(btf, "unsigned long", 8, 0);
	in = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	inner = btf__add_struct(btf, NULL, 8);
	btf__add_field(btf, "lo", in, 0, 0);
	btf__add_field(btf, "vm_refcnt", in, 32, 0);
	un = btf__add_union(btf, NULL, 8);
	btf__add_field(btf, NULL, inner, 0, 0);
	btf__add_field(btf, "vm_flags", ul, 0, 0);
	mm = btf__add_struct(btf, "mm_struct", 0);
	ptr = btf__add_ptr(btf, mm);
	vma = btf__add_struct(btf, "vm_area_struct", 40);
	btf__add_field(btf, "vm_start", ul, 0, 0);
	btf__add_field(btf, "vm_end", ul, 64, 0);
	btf__add_field(btf, NULL, un, 128, 0);
	btf__add_field(btf, "vm_mm", ptr, 192, 0);
	btf__add_field(btf, "bits", in, 256, 3);
	return vma > 0 ? btf : NULL;
}

static void test_anonymous_members(void)
{
	struct btf *btf = make_btf();
	struct da_field f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(btf);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_end", &f), 0);
	CU_ASSERT_EQUAL(f.offset, 8);
	CU_ASSERT_EQUAL(f.size, 8);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_flags", &f), 0);
	CU_ASSERT_EQUAL(f.offset, 16);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_refcnt", &f), 0);
	CU_ASSERT_EQUAL(f.offset, 20);
	CU_ASSERT_EQUAL(f.size, 4);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_mm", &f), 0);
	CU_ASSERT_EQUAL(f.offset, 24);
	CU_ASSERT_EQUAL(f.size, 8);
	btf__free(btf);
}

static void test_missing_and_bitfield(void)
{
	struct btf *btf = make_btf();
	struct da_field f;
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(NULL);

	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_pgoff", &f),
			-DMABUF_AUDIT_ERR_NO_BTF);
	CU_ASSERT_EQUAL(da_btf_field(btf, "dma_buf", "exp_name", &f),
			-DMABUF_AUDIT_ERR_NO_BTF);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "bits", &f),
			-DMABUF_AUDIT_ERR_NO_BTF);
	dmabuf_audit_set_print(old);
	btf__free(btf);
}

static void test_running_kernel(void)
{
	struct btf *btf;
	struct da_field f;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		printf("SKIP: this kernel has no /sys/kernel/btf/vmlinux ");
		return;
	}
	btf = btf__load_vmlinux_btf();
	CU_ASSERT_PTR_NOT_NULL_FATAL(btf);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_flags", &f), 0);
	CU_ASSERT_EQUAL(f.size, 8);
	CU_ASSERT_EQUAL(da_btf_field(btf, "vm_area_struct", "vm_mm", &f), 0);
	CU_ASSERT_EQUAL(da_btf_field(btf, "file", "private_data", &f), 0);
	btf__free(btf);
}

int add_btf_suites(void)
{
	CU_pSuite s = CU_add_suite("btf", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "offsets through anonymous unions", test_anonymous_members) ||
	    !CU_add_test(s, "missing types and bitfields", test_missing_and_bitfield) ||
	    !CU_add_test(s, "this machine's kernel BTF", test_running_kernel))
		return -1;
	return 0;
}
