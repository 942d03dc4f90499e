// SPDX-License-Identifier: LGPL-2.1
/*
 * Arrays that grow by doubling: held records and their bytes, findings,
 * mappings, pids and archive members all use this one.
 */
#include <errno.h>
#include <stdlib.h>

#include "dmabuf-audit-local.h"

int da_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = reallocarray(*arr, n, size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}
