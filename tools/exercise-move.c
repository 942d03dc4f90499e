// SPDX-License-Identifier: GPL-2.0
/*
 * exercise --move and --split: reshape a mapping the way programs do,
 * before GUP is tried on it, so that an audit must follow the VMA the
 * kernel copies (mremap) or cuts (mprotect of a part) to keep attributing
 * GUP to the dma-buf.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "exercise.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4	/* include/uapi/linux/mman.h, Linux 5.7 */
#endif

/* " what:ok" or " what:ERRNO" at the end of @dst */
static void note(char *dst, size_t size, const char *what, int err)
{
	char name[32];
	size_t n = strlen(dst);

	snprintf(dst + n, size - n, "%s%s:%s", n ? " " : "", what,
		 err ? ex_errno_name(err, name, sizeof(name)) : "ok");
}

/* Room for @len bytes nobody uses: MREMAP_FIXED's destination. */
static void *reserve(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * MREMAP_DONTUNMAP first (the kernel refuses it for VM_DONTEXPAND and
 * VM_PFNMAP mappings; where it moves, the old place is unmapped by hand so
 * that one mapping remains), then a MREMAP_FIXED move. A move without
 * MREMAP_FIXED needs a bigger size, which VM_DONTEXPAND mappings refuse.
 */
void ex_move_buf(struct exercise_buf *b, struct exercise_result *r)
{
	const int flags[2] = { MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
			       MREMAP_MAYMOVE | MREMAP_FIXED };
	const char *what[2] = { "dontunmap", "fixed" };
	void *to, *p;
	int i;

	for (i = 0; i < 2; i++) {
		to = reserve(b->len);
		if (!to) {
			note(r->moved, sizeof(r->moved), "reserve", errno);
			return;
		}
		p = mremap(b->addr, b->len, b->len, flags[i], to);
		note(r->moved, sizeof(r->moved), what[i], p == MAP_FAILED ? errno : 0);
		if (p == MAP_FAILED) {
			munmap(to, b->len);
			continue;
		}
		if (flags[i] & MREMAP_DONTUNMAP)
			munmap(b->addr, b->len);
		else if (p != to)
			munmap(to, b->len);
		b->addr = p;
	}
}

/*
 * mprotect the middle third read-only and back: three VMAs of one
 * mapping, which the kernel never merges again for VM_SPECIAL mappings
 * (VM_PFNMAP, VM_MIXEDMAP, VM_IO, VM_DONTEXPAND). GUP then crosses all of
 * them.
 */
void ex_split_buf(struct exercise_buf *b, struct exercise_result *r)
{
	size_t ps = ex_page_size(), pages = b->len / ps, third = pages / 3 * ps;
	char *mid = (char *)b->addr + third;

	if (pages < 3) {
		snprintf(r->split, sizeof(r->split), "mprotect:too-small");
		return;
	}
	if (mprotect(mid, third, PROT_READ)) {
		note(r->split, sizeof(r->split), "mprotect", errno);
		return;
	}
	note(r->split, sizeof(r->split), "mprotect",
	     mprotect(mid, third, r->prot) ? errno : 0);
}
