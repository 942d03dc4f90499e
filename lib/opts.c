// SPDX-License-Identifier: LGPL-2.1
/*
 * Options structs that carry their own size (libbpf's OPTS_VALID idea):
 * a program built against an older header passes a smaller struct, one
 * built against a newer header a bigger one. Both work as long as the
 * newer one asks for nothing this library does not know.
 */
#include <errno.h>
#include <string.h>

#include "dmabuf-audit-local.h"

int da_opts_get(void *out, size_t out_sz, const void *in)
{
	const unsigned char *tail;
	size_t sz, i;

	memset(out, 0, out_sz);
	if (!in)
		return 0;
	sz = *(const size_t *)in;
	if (sz < sizeof(size_t))
		return -EINVAL;
	/* a field we do not know, set: we cannot do what it asks */
	for (tail = in, i = out_sz; i < sz; i++)
		if (tail[i])
			return -EINVAL;
	memcpy(out, in, sz < out_sz ? sz : out_sz);
	return 0;
}

/*
 * da_opts_get() the other way round: results into the caller's struct,
 * up to its sz (an older, smaller one gets what it has room for; a newer,
 * bigger one keeps what we do not know of untouched).
 */
void da_opts_put(void *dst, const void *src, size_t size)
{
	size_t sz = *(const size_t *)dst;

	memcpy((char *)dst + sizeof(sz), (const char *)src + sizeof(sz),
	       (sz < size ? sz : size) - sizeof(sz));
}
