// SPDX-License-Identifier: LGPL-2.1
/*
 * One ring-buffer page (sub-buffer) into records, as the kernel writes it
 * (kernel/trace/ring_buffer.c): a header of the page's timestamp and its
 * commit count, then events, each a 32-bit word of type_len (5 bits) and
 * time delta (27 bits) and its data. type_len 29 is padding, 30 extends the
 * next delta, 31 is an absolute timestamp, 0 has its length in the next
 * word, any other the length in words. The same walk as libtraceevent's
 * kbuffer, inlined: it is the reader's inner loop, run for every record
 * of the trace, ours or not.
 */
#include <errno.h>
#include <string.h>

#include "dmabuf-audit-local.h"
#include "trace-reader.h"

#define TYPE_PADDING		29
#define TYPE_TIME_EXTEND	30
#define TYPE_TIME_STAMP		31
#define TS_SHIFT		27
#define TS_MSB			(0xf8ULL << 56)
#define COMMIT_MASK		((1u << 27) - 1)
#define MISSED_EVENTS		(1ULL << 31)
#define MISSED_STORED		(1ULL << 30)

static inline unsigned int rd4(const struct da_rb_page *p, const unsigned char *at)
{
	unsigned int v;

	memcpy(&v, at, 4);
	return p->swap ? __builtin_bswap32(v) : v;
}

static inline unsigned long long rd8(const struct da_rb_page *p, const unsigned char *at)
{
	unsigned long long v;

	memcpy(&v, at, 8);
	return p->swap ? __builtin_bswap64(v) : v;
}

void da_rb_init(struct da_rb_page *p, bool big_endian, int long_size, unsigned int page_size)
{
	memset(p, 0, sizeof(*p));
	p->big_endian = big_endian;
	p->swap = big_endian != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	p->long_size = long_size;
	p->room = page_size - 8 - long_size;
}

int da_rb_load(struct da_rb_page *p, const unsigned char *page)
{
	unsigned long long flags;

	p->ts = rd8(p, page);
	flags = p->long_size == 8 ? rd8(p, page + 8) : rd4(p, page + 8);
	p->data = page + 8 + p->long_size;
	p->size = flags & COMMIT_MASK;
	if (p->size > p->room ||
	    (flags & MISSED_STORED && p->size + p->long_size > p->room))
		return -EINVAL;
	p->lost = 0;
	if (flags & MISSED_EVENTS)
		p->lost = !(flags & MISSED_STORED) ? -1 :
			  p->long_size == 8 ? (long long)rd8(p, p->data + p->size) :
			  (long long)rd4(p, p->data + p->size);
	p->next = 0;
	return 0;
}

/*
 * The page's next record: 1, 0 at the end of the page, -EINVAL when an
 * event claims bytes beyond the page (kbuffer would read them).
 */
int da_rb_next(struct da_rb_page *p)
{
	unsigned int w, type, at, len;
	unsigned long long delta;

	for (;;) {
		p->curr = p->next;
		if (p->next >= p->size)
			return 0;
		if (p->curr + 4 > p->room)
			return 0;
		w = rd4(p, p->data + p->curr);
		type = p->big_endian ? w >> 27 : w & 31;
		delta = p->big_endian ? w & ((1u << 27) - 1) : w >> 5;
		at = p->curr + 4;
		/* a short padding may end the page: its length word is not there */
		if ((type == 0 || type >= TYPE_PADDING) && at + 4 > p->room)
			return type == TYPE_PADDING ? 0 : -EINVAL;
		switch (type) {
		case TYPE_PADDING:
			len = rd4(p, p->data + at);
			p->ts += delta;
			break;
		case TYPE_TIME_STAMP:
			p->ts = (((unsigned long long)rd4(p, p->data + at) << TS_SHIFT) +
				 delta) | (p->ts & TS_MSB);
			at += 4;
			len = 0;
			break;
		case TYPE_TIME_EXTEND:
			p->ts += ((unsigned long long)rd4(p, p->data + at) << TS_SHIFT) + delta;
			at += 4;
			len = 0;
			break;
		case 0:
			len = (rd4(p, p->data + at) - 4 + 3) & ~3u;
			at += 4;
			p->ts += delta;
			break;
		default:
			len = type * 4;
			p->ts += delta;
			break;
		}
		p->index = at;
		p->next = at + len;
		if (type < TYPE_PADDING)
			return at + len > p->room || at + len < at ? -EINVAL : 1;
		if (p->next < at)
			return 0;	/* a padding length that wraps: nothing after it */
	}
}
