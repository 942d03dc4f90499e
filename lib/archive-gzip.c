// SPDX-License-Identifier: LGPL-2.1
/*
 * Snapshot archives compressed with gzip (users gzip them before mailing
 * them): recognised by the gzip magic, not the file name, and inflated in
 * memory before the ustar index (archive.c). Bounded: what inflates to
 * more than @max is refused, a zip bomb as much as a truncated stream.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "dmabuf-audit-local.h"
#include "archive.h"

bool da_gzip_is(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	/* ID1 ID2 and CM (8: deflate, the only one defined) of RFC 1952 */
	return len >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8;
}

/* Room for more output, doubling up to @max; false when @max is reached. */
static bool grow_out(z_stream *z, unsigned char **out, size_t *cap, size_t max)
{
	size_t used = *cap - z->avail_out, ncap = *cap * 2;
	unsigned char *n;

	if (*cap >= max)
		return false;
	if (ncap > max)
		ncap = max;
	n = realloc(*out, ncap);
	if (!n)
		return false;
	*out = n;
	*cap = ncap;
	z->next_out = n + used;
	z->avail_out = ncap - used;
	return true;
}

/* Past a member's end: another member, zeros (padding), or junk. */
static int next_member(z_stream *z)
{
	size_t i;

	if (da_gzip_is(z->next_in, z->avail_in))
		return inflateReset(z) == Z_OK ? 1 : -ENOMEM;
	for (i = 0; i < z->avail_in; i++)
		if (z->next_in[i])
			return -DMABUF_AUDIT_ERR_FORMAT;
	return 0;
}

static int inflate_all(z_stream *z, unsigned char **out, size_t *cap, size_t max,
		       const char **why)
{
	int ret, more;

	for (;;) {
		ret = inflate(z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			more = next_member(z);
			if (more <= 0) {
				*why = more ? "data after the end of the stream" : NULL;
				return more;
			}
			continue;
		}
		if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) {
			*why = z->msg ? z->msg : "corrupt data";
			return -DMABUF_AUDIT_ERR_FORMAT;
		}
		if (ret == Z_MEM_ERROR)
			return -ENOMEM;
		if (!z->avail_out) {
			if (grow_out(z, out, cap, max))
				continue;
			*why = *cap >= max ? "inflates to more than a snapshot can be" : NULL;
			return *cap >= max ? -EFBIG : -ENOMEM;
		}
		if (!z->avail_in) {
			*why = "truncated";
			return -DMABUF_AUDIT_ERR_TRUNCATED;
		}
	}
}

int da_gunzip(const void *buf, size_t len, size_t max, void **out, size_t *out_len,
	      char *why, size_t why_len)
{
	z_stream z = { .next_in = (unsigned char *)buf, .avail_in = len };
	size_t cap = len < max / 4 ? len * 4 + 4096 : max + 1;
	unsigned char *o;
	const char *what = NULL;
	int err;

	*out = NULL;
	if (len > UINT_MAX || cap > max + 1)
		cap = max + 1;
	o = malloc(cap);
	if (!o || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(o);
		return -ENOMEM;
	}
	z.next_out = o;
	z.avail_out = cap;
	/* one byte past @max: a stream of exactly @max bytes must end */
	err = inflate_all(&z, &o, &cap, max + 1, &what);
	if (!err && cap - z.avail_out > max) {
		what = "inflates to more than a snapshot can be";
		err = -EFBIG;
	}
	if (err) {
		snprintf(why, why_len, "gzip: %s (at byte %lu of %zu)",
			 what ? what : strerror(ENOMEM), z.total_in, len);
		free(o);
	} else {
		*out = o;
		*out_len = cap - z.avail_out;
	}
	inflateEnd(&z);
	return err;
}
