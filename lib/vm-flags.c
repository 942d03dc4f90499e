// SPDX-License-Identifier: LGPL-2.1
/*
 * vm_flags decoding for reports. Only the low 32 bits have had fixed
 * meanings across the kernels we audit; higher bits (pkeys, arch bits,
 * userfaultfd minor, ...) move between configs and are printed as hex.
 */
#include <stdio.h>

#include "dmabuf-audit-local.h"

static const struct {
	unsigned long bit;
	const char *name;
} vm_flag_names[] = {
	{ 0x00000001UL, "VM_READ" },
	{ 0x00000002UL, "VM_WRITE" },
	{ 0x00000004UL, "VM_EXEC" },
	{ 0x00000008UL, "VM_SHARED" },
	{ 0x00000010UL, "VM_MAYREAD" },
	{ 0x00000020UL, "VM_MAYWRITE" },
	{ 0x00000040UL, "VM_MAYEXEC" },
	{ 0x00000080UL, "VM_MAYSHARE" },
	{ 0x00000100UL, "VM_GROWSDOWN" },
	{ DMABUF_AUDIT_VM_PFNMAP, "VM_PFNMAP" },
	{ 0x00002000UL, "VM_LOCKED" },
	{ DMABUF_AUDIT_VM_IO, "VM_IO" },
	{ 0x00008000UL, "VM_SEQ_READ" },
	{ 0x00010000UL, "VM_RAND_READ" },
	{ 0x00020000UL, "VM_DONTCOPY" },
	{ 0x00040000UL, "VM_DONTEXPAND" },
	{ 0x00080000UL, "VM_LOCKONFAULT" },
	{ 0x00100000UL, "VM_ACCOUNT" },
	{ 0x00200000UL, "VM_NORESERVE" },
	{ 0x00400000UL, "VM_HUGETLB" },
	{ 0x00800000UL, "VM_SYNC" },
	{ 0x02000000UL, "VM_WIPEONFORK" },
	{ 0x04000000UL, "VM_DONTDUMP" },
	{ 0x08000000UL, "VM_SOFTDIRTY" },
	{ DMABUF_AUDIT_VM_MIXEDMAP, "VM_MIXEDMAP" },
	{ 0x20000000UL, "VM_HUGEPAGE" },
	{ 0x40000000UL, "VM_NOHUGEPAGE" },
	{ 0x80000000UL, "VM_MERGEABLE" },
};

int dmabuf_audit_vm_flags_str(unsigned long flags, char *buf, size_t size)
{
	/* every name at once, plus the hex rest, fits with room to spare */
	char all[512];
	unsigned long rest = flags;
	size_t len = 0;
	size_t i;

	all[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(vm_flag_names); i++) {
		if (!(flags & vm_flag_names[i].bit))
			continue;
		len += snprintf(all + len, sizeof(all) - len, "%s%s",
				len ? "|" : "", vm_flag_names[i].name);
		rest &= ~vm_flag_names[i].bit;
	}
	if (rest || !flags)
		snprintf(all + len, sizeof(all) - len, "%s0x%lx",
			 len ? "|" : "", rest);
	return snprintf(buf, size, "%s", all);
}
