// SPDX-License-Identifier: LGPL-2.1
/*
 * vm_flags decoding for reports, and encoding of smaps' VmFlags letters
 * (snapshot and exercise read them). Only the low 32 bits have had fixed
 * meanings across the kernels we audit; higher bits (pkeys, arch bits,
 * userfaultfd minor, ...) move between configs and are printed as hex.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
	size_t len = 0, n, i;

	/* reports print one per mapping: names copied, not formatted */
	for (i = 0; i < ARRAY_SIZE(vm_flag_names); i++) {
		if (!(flags & vm_flag_names[i].bit))
			continue;
		if (len)
			all[len++] = '|';
		n = strlen(vm_flag_names[i].name);
		memcpy(all + len, vm_flag_names[i].name, n);
		len += n;
		rest &= ~vm_flag_names[i].bit;
	}
	all[len] = '\0';
	if (rest || !flags)
		snprintf(all + len, sizeof(all) - len, "%s0x%lx",
			 len ? "|" : "", rest);
	return snprintf(buf, size, "%s", all);
}

/*
 * fs/proc/task_mmu.c, show_smap_vma_flags(): one letter pair per vm_flags
 * bit. The low 32 bits have kept their values; the bits of the others move
 * between kernels and architectures, so they are known but not encoded.
 */
static const struct {
	char letters[3];
	uint64_t bit;
} vm_letters[] = {
	{ "rd", 0x00000001 }, { "wr", 0x00000002 }, { "ex", 0x00000004 },
	{ "sh", 0x00000008 }, { "mr", 0x00000010 }, { "mw", 0x00000020 },
	{ "me", 0x00000040 }, { "ms", 0x00000080 }, { "gd", 0x00000100 },
	{ "um", 0x00000200 }, { "pf", DMABUF_AUDIT_VM_PFNMAP },
	{ "uw", 0x00001000 }, { "lo", 0x00002000 }, { "io", DMABUF_AUDIT_VM_IO },
	{ "sr", 0x00008000 }, { "rr", 0x00010000 }, { "dc", 0x00020000 },
	{ "de", 0x00040000 }, { "lf", 0x00080000 }, { "ac", 0x00100000 },
	{ "nr", 0x00200000 }, { "ht", 0x00400000 }, { "sf", 0x00800000 },
	{ "ar", 0x01000000 }, { "bt", 0x01000000 }, { "wf", 0x02000000 },
	{ "dd", 0x04000000 }, { "sd", 0x08000000 },
	{ "mm", DMABUF_AUDIT_VM_MIXEDMAP }, { "hg", 0x20000000 },
	{ "nh", 0x40000000 }, { "mg", 0x80000000 },
	/* above bit 31: position depends on the kernel */
	{ "mt", 0 }, { "ui", 0 }, { "ss", 0 }, { "dp", 0 }, { "sl", 0 },
};

/* Letter pair -> bit, for pairs of 'a'..'z': built once from vm_letters. */
static uint64_t letter_bits[26][26];
static pthread_once_t letter_bits_once = PTHREAD_ONCE_INIT;

static void letter_bits_init(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vm_letters); i++)
		letter_bits[vm_letters[i].letters[0] - 'a'][vm_letters[i].letters[1] - 'a'] |=
			vm_letters[i].bit;
}

static bool lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* A snapshot decodes one VmFlags line per mapping: a table, not a search. */
uint64_t da_vm_flags_from_letters(const char *s, size_t len)
{
	const char *end = s + len;
	uint64_t flags = 0;
	size_t n;

	pthread_once(&letter_bits_once, letter_bits_init);
	while (s < end) {
		n = 0;
		while (s + n < end && s[n] != ' ' && s[n] != '\t' && s[n] != '\n')
			n++;
		if (n == 2 && lower(s[0]) && lower(s[1]))
			flags |= letter_bits[s[0] - 'a'][s[1] - 'a'];
		s += n ? n : 1;
	}
	return flags;
}

unsigned long long dmabuf_audit_vm_flags_from_smaps(const char *letters)
{
	return letters ? da_vm_flags_from_letters(letters, strlen(letters)) : 0;
}
