/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Our own reader of a trace.dat's ring-buffer data (trace-layout.c finds
 * it, trace-pages.c walks it). libtracecmd still opens the file and parses
 * the event formats; the records are read here because libtracecmd 3.1
 * keeps every decompressed chunk of a compressed file (its free_zpage()
 * never matches a chunk) and allocates each record it hands out.
 */
#ifndef _DA_TRACE_READER_H
#define _DA_TRACE_READER_H

#include <stdbool.h>

struct tep_handle;
struct tep_record;

enum da_trace_zip {
	DA_ZIP_NONE,
	DA_ZIP_ZSTD,
	DA_ZIP_ZLIB,
};

/* Where one CPU's data is: raw pages, or a chunk count and the chunks. */
struct da_trace_cpu {
	unsigned long long offset;
	unsigned long long size;	/* raw: bytes of pages; compressed: unused */
	int id;				/* the CPU it was recorded on */
};

struct da_trace_layout {
	int version;
	bool big_endian;
	unsigned int page_size;
	enum da_trace_zip zip;
	int nr_cpus;
	struct da_trace_cpu *cpu;
};

/*
 * The top buffer's flyrecord data of the trace.dat open on @fd. 0;
 * -EOPNOTSUPP for what this reader does not read (a latency trace, an
 * unknown compression): libtracecmd reads those; -EINVAL for a damaged
 * layout; -ENOMEM. da_trace_layout_free() in all cases.
 */
int da_trace_layout_read(int fd, struct da_trace_layout *l);
void da_trace_layout_free(struct da_trace_layout *l);

/* All @len bytes at @off of @fd: 0, or -EINVAL if the file ends first. */
int da_trace_pread(int fd, void *buf, size_t len, unsigned long long off);

/* trace-cmd writes chunks of a few pages; a bigger claim is damage */
#define DA_TRACE_MAX_CHUNK	(64u << 20)

/*
 * Checks made before libtracecmd opens the file, as libtracecmd 3.1
 * crashes on them: each CPU's data within the file, and for a compressed
 * one its chunk table and first chunk. -EINVAL with @why saying which CPU
 * and chunk is damaged or cut; 0 for anything else, including files this
 * reader does not read (libtracecmd judges those).
 */
int da_trace_check_file(int fd, char *why, size_t n);

/*
 * @len compressed bytes to exactly @out_len bytes; 0 or -EINVAL. @zctx:
 * NULL, or a ZSTD_DCtx kept from one chunk to the next.
 */
int da_trace_unzip(enum da_trace_zip zip, void *zctx, const void *in, size_t len,
		   void *out, size_t out_len);

/* trace-ringbuf.c: the records of one ring-buffer page */
struct da_rb_page {
	const unsigned char *data;	/* the events, after the page header */
	unsigned int size;		/* bytes of events (the commit count) */
	unsigned int room;		/* bytes after the header in a page */
	unsigned int curr, index, next;	/* the record's header, data, the next */
	unsigned long long ts;		/* the record's timestamp */
	long long lost;			/* events lost before the page: -1 unknown */
	int long_size;
	bool big_endian, swap;
};

void da_rb_init(struct da_rb_page *p, bool big_endian, int long_size, unsigned int page_size);
/* 0, or -EINVAL for a page whose count says more than it holds. */
int da_rb_load(struct da_rb_page *p, const unsigned char *page);
/* The next record (p->data + p->index, p->next - p->index bytes): 1, 0 at the end, -EINVAL. */
int da_rb_next(struct da_rb_page *p);

/* Called with each record of interest, in time order; non-zero stops. */
typedef int (*da_trace_record_fn)(struct tep_record *rec, int cpu, void *data);

struct da_trace_walk {
	struct tep_handle *tep;
	const bool *wanted;	/* by event id (65536): records the callback gets */
	da_trace_record_fn fn;
	void *data;
	char why[160];		/* on -EIO: where the data ends short or is damaged */
};

/*
 * Every CPU's records in time order (the CPU first listed first on equal
 * times, as libtracecmd does); only those @w->wanted names, those whose
 * id no format describes, and the first of a page that lost events reach
 * @w->fn. 0, the callback's value, -EIO (@w->why says where), -ENOMEM.
 */
int da_trace_walk(int fd, const struct da_trace_layout *l, struct da_trace_walk *w);

/* The first record's timestamp of each CPU (-1ULL: none); 0 or as above. */
int da_trace_first_ts(int fd, const struct da_trace_layout *l, struct tep_handle *tep,
		      unsigned long long *ts);

#endif /* _DA_TRACE_READER_H */
