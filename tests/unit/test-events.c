// SPDX-License-Identifier: GPL-2.0
/*
 * The record decoder (lib/events.c) on records built byte by byte against
 * the real tracefs formats of our events, as captured on Debian 6.1, 6.12
 * and 7.2 (tests/unit/formats). The three kernels are three shapes of the
 * same story: on 6.1 the VMA of an mmap comes from a separate
 * perf_event_mmap probe, on 6.12 the return probe carries it, on 7.2 the
 * dma-buf's identity comes from the dma_buf tracepoint; "7-driver" is 7.2
 * as probed since the driver of a GEM export is read (a kprobe's identity
 * with the driver, captured in the lab, event IDs renumbered to sit beside
 * the rest of 7.2's capture). Each test runs on
 * every kernel its shape applies to, and checks exact values, so a field
 * read at the wrong offset, width or sign shows.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "event-filter.h"
#include "events.h"
#include "probes.h"
#include "schema.h"
#include "stacks.h"
#include "unit.h"
#include "../slurp.h"

#define PID_A		4242
#define PID_B		4343
#define CHILD		5000
#define MM_A		0xffff888001000000ULL
#define MM_B		0xffff888002000000ULL
#define INO		0x1234ULL
#define BUF_SIZE	(16 * 4096ULL)
#define UA		0x7f0000000000ULL	/* user addresses */
#define UB		0x7f1000000000ULL
/* shared rw + VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP */
#define FLAGS_PFN	0x040444fbULL

#define ALL_ROLES	((1u << DA_ROLE_COUNT) - 1)

struct vma_desc {
	uint64_t vma, mm, start, end, flags;
};

static const struct vma_desc V_A = {
	0xffff888100001000ULL, MM_A, UA, UA + BUF_SIZE, FLAGS_PFN,
};
static const struct vma_desc V_B = {
	0xffff888100002000ULL, MM_B, UB, UB + 4096, 0xfb,
};

struct kern {
	const char *name;		/* the fixture: NAME.txt */
	unsigned int roles;		/* what its probes serve, for the roles check */
	struct tep_handle *tep;
	char group[DA_GROUP_MAX];	/* our group in that capture */
};

static struct kern kernels[] = {
	{ .name = "6.1", .roles = ALL_ROLES },
	/* the fprobe returns carry the VMA: no perf_event_mmap probe */
	{ .name = "6.12", .roles = ALL_ROLES & ~(1u << DA_ROLE_VMA_FINAL) },
	/*
	 * The identity comes from dma_buf:dma_buf_mmap_internal; the capture
	 * holds no format for dma_buf:dma_buf_mmap, so nothing serves the
	 * forwarded identity here.
	 */
	{ .name = "7", .roles = ALL_ROLES & ~(1u << DA_ROLE_VMA_FINAL) &
			       ~(1u << DA_ROLE_MMAP_FWD_ID) },
	/* the identity from our kprobes, which read the GEM export's driver */
	{ .name = "7-driver", .roles = ALL_ROLES & ~(1u << DA_ROLE_VMA_FINAL) },
};

#define NR_KERNELS	(sizeof(kernels) / sizeof(kernels[0]))

/*
 * Events that are not ours, parsed next to ours (so the decoder sees them
 * when it is made): real formats under a system that must not match. Each
 * would emit something if it were taken for ours.
 */
static const struct {
	const char *system;	/* NULL: our group */
	const char *name;
	const char *as_system;
	int id;			/* a fresh ID, as the real one is taken */
} foreign[] = {
	{ "sched", "sched_process_exit", "other", 60001 },
	{ NULL, "mm_exit", "dmabuf_audit_1a", 60002 },
	{ NULL, "vma_free", "dmabuf_auditor", 60003 },
	{ NULL, "task_new", "dmabuf_audit_", 60004 },
};

#define NOT_A_TYPE	4321	/* registered in no capture */

static const char *cur = "";	/* the kernel under test, named in failures */
static unsigned long long now;	/* timestamps of the records we make */
static int rec_cpu = -1;	/* >= 0: every record on this CPU (stacks) */

static void check_u64(uint64_t got, uint64_t want, const char *what,
		      unsigned int line)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "[%s] %s: got %#llx (%lld), want %#llx (%lld)",
		 cur, what, (unsigned long long)got, (long long)got,
		 (unsigned long long)want, (long long)want);
	CU_assertImplementation(got == want, line, msg, __FILE__, "", CU_FALSE);
}

static void check_str(const char *got, const char *want, const char *what,
		      unsigned int line)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "[%s] %s: got \"%s\", want \"%s\"", cur, what,
		 got, want);
	CU_assertImplementation(!strcmp(got, want), line, msg, __FILE__, "",
				CU_FALSE);
}

static void fail(const char *what, const char *name, unsigned int line)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "[%s] %s %s", cur, what, name);
	CU_assertImplementation(CU_FALSE, line, msg, __FILE__, "", CU_FALSE);
}

#define EQ(got, want)	check_u64((uint64_t)(got), (uint64_t)(want), #got, __LINE__)
#define STREQ(got, want) check_str((got), (want), #got, __LINE__)

/* ---- the fixtures ---- */

/* Parse one format, under another system and ID when @id is set. */
static int parse_as(struct tep_handle *tep, const char *fmt, size_t len,
		    const char *system, int id)
{
	const char *num, *rest;
	char *copy;
	int n, err;

	if (!id)
		return tep_parse_event(tep, fmt, len, system) ? -1 : 0;
	num = strstr(fmt, "\nID: ");
	if (!num || num >= fmt + len)
		return -1;
	num += strlen("\nID: ");
	rest = num + strspn(num, "0123456789");
	copy = malloc(len + 16);
	if (!copy)
		return -1;
	n = snprintf(copy, len + 16, "%.*s%d%.*s", (int)(num - fmt), fmt, id,
		     (int)(fmt + len - rest), rest);
	err = tep_parse_event(tep, copy, n, system) ? -1 : 0;
	free(copy);
	return err;
}

#define SECTION		"### /sys/kernel/tracing/events/"

/*
 * A format damaged on load: in @event's format, the first @from after
 * @after becomes @to (as a flipped byte or a renamed field would).
 */
struct damage {
	const char *event, *after, *from, *to;
};

static const struct damage *damage;	/* for the next load_kernel() */

/* The format text with the damage applied; NULL if it does not apply. */
static char *damaged(const char *fmt, size_t len, size_t *out_len)
{
	char *copy = strndup(fmt, len), *out, *a, *f;

	if (!copy)
		return NULL;
	a = strstr(copy, damage->after);
	f = a ? strstr(a, damage->from) : NULL;
	out = f ? malloc(len + strlen(damage->to) + 1) : NULL;
	if (out) {
		*out_len = sprintf(out, "%.*s%s%s", (int)(f - copy), copy, damage->to,
				   f + strlen(damage->from));
	}
	free(copy);
	return out;
}

/* Every "### .../SYSTEM/EVENT/format" section of NAME.txt into k->tep. */
static int load_kernel(struct kern *k)
{
	char path[4096], *buf, *p, *next;
	int nr = 0, err = 0;
	size_t size, i;

	snprintf(path, sizeof(path), "%s/%s.txt", unit_formats_dir, k->name);
	buf = slurp(path, &size);
	if (!buf) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	k->tep = tep_alloc();
	if (!k->tep) {
		free(buf);
		return -1;
	}
	/* the captures come from x86_64 */
	tep_set_long_size(k->tep, 8);
	tep_set_page_size(k->tep, 4096);
	tep_set_file_bigendian(k->tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(k->tep, TEP_LITTLE_ENDIAN);
	for (p = strstr(buf, SECTION); p && !err; p = next) {
		char sys[DA_GROUP_MAX], name[64];
		const char *fmt = strchr(p, '\n');
		size_t len;

		next = strstr(p + 1, SECTION);
		if (!fmt || sscanf(p + strlen(SECTION), "%63[^/]/%63[^/]", sys, name) != 2) {
			err = -1;
			break;
		}
		fmt++;
		len = (next ? next : buf + size) - fmt;
		if (damage && da_group_is_ours(sys) && !strcmp(name, damage->event)) {
			size_t dlen;
			char *d = damaged(fmt, len, &dlen);

			err = d ? parse_as(k->tep, d, dlen, sys, 0) : -1;
			free(d);
		} else {
			err = parse_as(k->tep, fmt, len, sys, 0);
		}
		if (err)
			fprintf(stderr, "%s: cannot parse %s/%s\n", path, sys, name);
		if (da_group_is_ours(sys))
			snprintf(k->group, sizeof(k->group), "%s", sys);
		for (i = 0; i < sizeof(foreign) / sizeof(foreign[0]) && !err; i++) {
			if (strcmp(foreign[i].name, name) ||
			    (foreign[i].system ? strcmp(foreign[i].system, sys) :
			     !da_group_is_ours(sys)))
				continue;
			err = parse_as(k->tep, fmt, len, foreign[i].as_system,
				       foreign[i].id);
		}
		nr++;
	}
	free(buf);
	if (!err && (!nr || !k->group[0])) {
		fprintf(stderr, "%s: no events of ours\n", path);
		err = -1;
	}
	return err;
}

static int events_setup(void)
{
	size_t i;

	if (!unit_formats_dir)
		return 0;
	for (i = 0; i < NR_KERNELS; i++)
		if (load_kernel(&kernels[i]))
			return -1;
	return 0;
}

static int events_teardown(void)
{
	size_t i;

	for (i = 0; i < NR_KERNELS; i++) {
		if (kernels[i].tep)
			tep_free(kernels[i].tep);
		kernels[i].tep = NULL;
	}
	return 0;
}

static bool skip(void)
{
	if (unit_formats_dir)
		return false;
	printf("SKIP: no --formats-dir given ");
	return true;
}

/* ---- a decoder and what it emitted ---- */

#define MAX_EVENTS	16

struct scene {
	const struct kern *k;
	struct da_decoder *d;
	struct da_event ev[MAX_EVENTS];
	int n;			/* events emitted so far */
	int emit_err;		/* what the emit callback answers */
	int ret;		/* of the last da_decoder_feed() */
	unsigned long long ts;	/* of the last record fed */
	int cpu;
	struct da_event last;	/* the last event emitted */
	bool gup_by_pid;	/* check each GUP against gup_fast_by_pid() */
	unsigned long gup_bad;	/* GUPs that failed that check */
};

static int collect(const struct da_event *ev, void *data)
{
	struct scene *s = data;

	if (s->n < MAX_EVENTS)
		s->ev[s->n] = *ev;
	s->n++;
	s->last = *ev;
	if (s->gup_by_pid && (ev->type != DA_EV_GUP || ev->gup.start != ev->pid * 4096ULL ||
			      ev->gup.nr_pages != (uint64_t)ev->pid))
		s->gup_bad++;
	return s->emit_err;
}

static bool scene_init(struct scene *s, const struct kern *k)
{
	memset(s, 0, sizeof(*s));
	s->k = k;
	cur = k->name;
	s->d = da_decoder_alloc(k->tep, collect, s);
	CU_ASSERT_PTR_NOT_NULL(s->d);
	return s->d;
}

static void scene_done(struct scene *s)
{
	da_decoder_free(s->d);
	cur = "";
}

/* The emitted event of @type for @pid, NULL if there is none. */
static const struct da_event *find(const struct scene *s, enum da_event_type type,
				   int pid)
{
	int i;

	for (i = 0; i < s->n && i < MAX_EVENTS; i++)
		if (s->ev[i].type == type && s->ev[i].pid == pid)
			return &s->ev[i];
	return NULL;
}

/* ---- records, byte by byte ---- */

#define REC_MAX		512

struct rec {
	struct scene *s;
	struct tep_event *ev;
	unsigned char data[REC_MAX];
	unsigned int len;
};

/* little-endian, as the captures' kernels wrote it */
static void put(unsigned char *p, unsigned int size, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size && i < 8; i++)
		p[i] = v >> (8 * i);
}

static struct tep_format_field *field(struct rec *r, const char *name)
{
	struct tep_format_field *f = tep_find_any_field(r->ev, name);

	if (!f)
		fail("the format has no field", name, __LINE__);
	return f;
}

static bool has_field(struct tep_event *ev, const char *name)
{
	return ev && tep_find_field(ev, name);
}

static void rec_num(struct rec *r, const char *name, uint64_t v)
{
	struct tep_format_field *f = field(r, name);

	if (f)
		put(r->data + f->offset, f->size, v);
}

/* A __data_loc string: the bytes after the fixed part, (len << 16) | offset. */
static void rec_bytes(struct rec *r, const char *name, const void *bytes,
		      unsigned int n)
{
	struct tep_format_field *f = field(r, name);
	unsigned int off = r->len;

	if (!f || !(f->flags & TEP_FIELD_IS_DYNAMIC) || r->len + n > REC_MAX) {
		fail("not a dynamic field, or too long:", name, __LINE__);
		return;
	}
	memcpy(r->data + off, bytes, n);
	r->len += n;
	if (f->flags & TEP_FIELD_IS_RELATIVE)
		off -= f->offset + f->size;
	put(r->data + f->offset, 4, (uint64_t)n << 16 | off);
}

static void rec_str(struct rec *r, const char *name, const char *str)
{
	rec_bytes(r, name, str, strlen(str) + 1);
}

/* A raw __data_loc word, damaged on purpose. */
static void rec_loc(struct rec *r, const char *name, uint32_t loc)
{
	struct tep_format_field *f = field(r, name);

	if (f)
		put(r->data + f->offset, 4, loc);
}

/* A fixed char[N] field such as sched_process_exit's comm. */
static void rec_chars(struct rec *r, const char *name, const char *str)
{
	struct tep_format_field *f = field(r, name);

	if (!f)
		return;
	memset(r->data + f->offset, 0, f->size);
	memcpy(r->data + f->offset, str, strnlen(str, f->size));
}

/*
 * A record of @ev run by @pid. Bytes no field covers are filled with a
 * pattern, so a decoder reading wider than a field does not get zeros by
 * luck.
 */
static bool rec_begin(struct rec *r, struct scene *s, struct tep_event *ev, int pid)
{
	struct tep_format_field *f;
	unsigned int end = 0;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->ev = ev;
	if (!ev) {
		fail("the capture has no such event", "", __LINE__);
		return false;
	}
	for (f = ev->format.common_fields; f; f = f->next)
		if (f->offset + f->size > (int)end)
			end = f->offset + f->size;
	for (f = ev->format.fields; f; f = f->next)
		if (f->offset + f->size > (int)end)
			end = f->offset + f->size;
	memset(r->data, 0xa5, end);
	r->len = end;
	rec_num(r, "common_type", ev->id);
	rec_num(r, "common_flags", 0);
	rec_num(r, "common_preempt_count", 0);
	rec_num(r, "common_pid", pid);
	return true;
}

static struct tep_event *ours(const struct kern *k, const char *name)
{
	return tep_find_event_by_name(k->tep, k->group, name);
}

static bool rec_begin_ours(struct rec *r, struct scene *s, const char *name, int pid)
{
	struct tep_event *ev = ours(s->k, name);

	if (!ev)
		fail("the capture has no event", name, __LINE__);
	return ev && rec_begin(r, s, ev, pid);
}

/*
 * Hand the record over in a buffer of exactly its size, so valgrind sees
 * any read past its end. The ring buffer pads records to 4 bytes; so do we.
 */
static int rec_feed(struct rec *r)
{
	struct scene *s = r->s;
	struct tep_record rec;
	unsigned int len = r->len;

	while (len % 4 && len < REC_MAX)
		r->data[len++] = 0;
	memset(&rec, 0, sizeof(rec));
	rec.ts = ++now * 1000;
	rec.cpu = rec_cpu >= 0 ? rec_cpu : (int)(now % 4);
	rec.size = len;
	rec.data = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rec.data);
	memcpy(rec.data, r->data, len);
	s->ret = da_decoder_feed(s->d, &rec);
	s->ts = rec.ts;
	s->cpu = rec.cpu;
	free(rec.data);
	return s->ret;
}

/* ---- the kernel's side: one helper per probe hit ---- */

/* Where the dma-buf's identity comes from: our kprobe, else the tracepoint. */
static struct tep_event *identity_event(const struct kern *k, bool fwd)
{
	struct tep_event *ev = ours(k, fwd ? "mmap_fwd_id" : "mmap_id");

	if (!ev)
		ev = tep_find_event_by_name(k->tep, "dma_buf",
					    fwd ? "dma_buf_mmap" : "dma_buf_mmap_internal");
	return ev;
}

/* 6.1: the return carries only ret; perf_event_mmap (vma_final) has the VMA */
static bool split_vma(const struct kern *k)
{
	return !has_field(ours(k, "mmap_ret"), "flags");
}

/* dma_buf_mmap_internal (or dma_buf_mmap, @fwd) entered */
static void mmap_identity(struct scene *s, int pid, bool fwd, const char *exp,
			  uint64_t size, uint64_t ino, uint64_t vma)
{
	struct rec r;

	if (!rec_begin(&r, s, identity_event(s->k, fwd), pid))
		return;
	if (has_field(r.ev, "vma"))	/* the kprobes have it, the tracepoint not */
		rec_num(&r, "vma", vma);
	rec_str(&r, "exp_name", exp);
	rec_num(&r, "size", size);
	rec_num(&r, "ino", ino);
	/* what the kernel read through priv: a GEM object's driver, or garbage */
	if (has_field(r.ev, "driver"))
		rec_str(&r, "driver", !strcmp(exp, "drm") ? "vgem" : "\x7f?");
	rec_feed(&r);
}

/* ... and returned @ret, the VMA as the exporter left it */
static void mmap_ret(struct scene *s, int pid, bool fwd, int ret,
		     const struct vma_desc *v, const char *comm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, fwd ? "mmap_fwd_ret" : "mmap_ret", pid))
		return;
	rec_num(&r, "ret", (uint64_t)(int64_t)ret);
	if (has_field(r.ev, "flags")) {
		rec_num(&r, "vma", v->vma);
		rec_num(&r, "mm", v->mm);
		rec_num(&r, "start", v->start);
		rec_num(&r, "end", v->end);
		rec_num(&r, "flags", v->flags);
	}
	rec_str(&r, "comm", comm);
	rec_feed(&r);
}

/* perf_event_mmap() of a file mapping (6.1 only) */
static void vma_final(struct scene *s, int pid, const struct vma_desc *v,
		      const char *comm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "vma_final", pid))
		return;
	rec_num(&r, "vma", v->vma);
	rec_num(&r, "mm", v->mm);
	rec_num(&r, "start", v->start);
	rec_num(&r, "end", v->end);
	rec_num(&r, "flags", v->flags);
	rec_num(&r, "file", 0xffff888200000000ULL);	/* the filter: file != 0 */
	rec_str(&r, "comm", comm);
	rec_feed(&r);
}

static void gup_fast(struct scene *s, int pid, uint64_t start, uint64_t nr,
		     const char *comm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "gup_fast", pid))
		return;
	rec_num(&r, "start", start);
	rec_num(&r, "nr", nr);
	rec_str(&r, "comm", comm);
	rec_feed(&r);
}

static void gup_slow(struct scene *s, int pid, uint64_t mm, uint64_t start,
		     uint64_t nr, const char *comm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "gup_slow", pid))
		return;
	rec_num(&r, "mm", mm);
	rec_num(&r, "start", start);
	rec_num(&r, "nr", nr);
	rec_str(&r, "comm", comm);
	rec_feed(&r);
}

/* gup_fast_ret or gup_slow_ret */
static void gup_ret(struct scene *s, const char *event, int pid, int ret)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, event, pid))
		return;
	rec_num(&r, "ret", (uint64_t)(int64_t)ret);
	rec_feed(&r);
}

static void vma_free(struct scene *s, int pid, const struct vma_desc *v)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "vma_free", pid))
		return;
	rec_num(&r, "vma", v->vma);
	rec_num(&r, "mm", v->mm);
	rec_num(&r, "start", v->start);
	rec_num(&r, "end", v->end);
	rec_num(&r, "flags", v->flags);
	rec_num(&r, "file", 0xffff888200000000ULL);
	rec_feed(&r);
}

/* copy_vma entry and return: part of @v, from page @pgoff on, moves to @to */
static void vma_move(struct scene *s, int pid, const struct vma_desc *v,
		     uint64_t pgoff, uint64_t to, uint64_t len, uint64_t ret)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "vma_move", pid))
		return;
	rec_num(&r, "vma", v->vma);
	rec_num(&r, "mm", v->mm);
	rec_num(&r, "start", v->start);
	rec_num(&r, "pgoff", 7);
	rec_num(&r, "file", 0xffff888200000000ULL);
	rec_num(&r, "new_start", to);
	rec_num(&r, "len", len);
	rec_num(&r, "new_pgoff", 7 + pgoff);
	rec_feed(&r);
	if (!rec_begin_ours(&r, s, "vma_move_ret", pid))
		return;
	rec_num(&r, "ret", ret);
	rec_feed(&r);
}

static void mm_exit(struct scene *s, int pid, uint64_t mm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "mm_exit", pid))
		return;
	rec_num(&r, "mm", mm);
	rec_feed(&r);
}

static void task_new(struct scene *s, int parent, int child, int tgid,
		     uint64_t mm, uint64_t parent_mm)
{
	struct rec r;

	if (!rec_begin_ours(&r, s, "task_new", parent))
		return;
	rec_num(&r, "pid", child);
	rec_num(&r, "tgid", tgid);
	rec_num(&r, "mm", mm);
	rec_num(&r, "parent_mm", parent_mm);
	rec_feed(&r);
}

static void sched_exec(struct scene *s, int pid, int old_pid, const char *file)
{
	struct rec r;

	if (!rec_begin(&r, s, tep_find_event_by_name(s->k->tep, "sched",
						     "sched_process_exec"), pid))
		return;
	rec_str(&r, "filename", file);
	rec_num(&r, "pid", pid);
	rec_num(&r, "old_pid", old_pid);
	rec_feed(&r);
}

static void sched_exit(struct scene *s, const char *system, int pid)
{
	struct rec r;

	if (!rec_begin(&r, s, tep_find_event_by_name(s->k->tep, system,
						     "sched_process_exit"), pid))
		return;
	rec_chars(&r, "comm", "worker");
	rec_num(&r, "pid", pid);
	rec_num(&r, "prio", 120);
	if (has_field(r.ev, "group_dead"))
		rec_num(&r, "group_dead", 1);
	rec_feed(&r);
}

/* ---- checks ---- */

static void check_map(const struct da_event *ev, int pid, const char *comm,
		      const struct vma_desc *v, const char *exp,
		      uint64_t size, uint64_t ino, enum da_map_path path)
{
	if (!ev) {
		fail("no MAP event for", comm, __LINE__);
		return;
	}
	EQ(ev->type, DA_EV_MAP);
	EQ(ev->pid, pid);
	STREQ(ev->comm, comm);
	EQ(ev->map.vma, v->vma);
	EQ(ev->map.mm, v->mm);
	EQ(ev->map.start, v->start);
	EQ(ev->map.end, v->end);
	EQ(ev->map.flags, v->flags);
	STREQ(ev->map.exp_name, exp);
	EQ(ev->map.size, size);
	EQ(ev->map.ino, ino);
	EQ(ev->map.path, path);
}

static void check_gup(const struct da_event *ev, int pid, const char *comm,
		      enum da_gup_path path, uint64_t mm, uint64_t start,
		      uint64_t nr, long long ret)
{
	if (!ev) {
		fail("no GUP event for", comm, __LINE__);
		return;
	}
	EQ(ev->type, DA_EV_GUP);
	EQ(ev->pid, pid);
	STREQ(ev->comm, comm);
	EQ(ev->gup.path, path);
	EQ(ev->gup.mm, mm);
	EQ(ev->gup.start, start);
	EQ(ev->gup.nr_pages, nr);
	EQ(ev->gup.ret, ret);
	STREQ(ev->gup.mech, "");
}

/* The last event came from the last record: its time and CPU. */
static void check_last_stamp(const struct scene *s)
{
	if (s->n < 1 || s->n > MAX_EVENTS)
		return;
	EQ(s->ev[s->n - 1].ts, s->ts);
	EQ(s->ev[s->n - 1].cpu, s->cpu);
}

/* ---- the tests ---- */

/* (1) mmap() of a dma-buf fd, alone and with two tasks mapping at once */
static void test_mmap_fd(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];

		if (!scene_init(&s, k))
			continue;
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		EQ(s.n, 0);
		mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");
		if (split_vma(k)) {
			EQ(s.n, 0);	/* the VMA is still to come */
			/* another task's mapping in between is not ours */
			vma_final(&s, PID_B, &V_B, "bystander");
			EQ(s.n, 0);
			/* nor another VMA of this task: the entry named the VMA */
			vma_final(&s, PID_A, &V_B, "mapper");
			EQ(s.n, 0);
			/* renamed by a sibling thread meanwhile: the newer name */
			vma_final(&s, PID_A, &V_A, "renamed");
		}
		EQ(s.n, 1);
		check_map(&s.ev[0], PID_A, split_vma(k) ? "renamed" : "mapper",
			  &V_A, "system", BUF_SIZE, INO, DA_MAP_DMABUF_FD);
		check_last_stamp(&s);
		if (split_vma(k)) {
			/* taken once: the task's next file mapping is no dma-buf */
			vma_final(&s, PID_A, &V_B, "mapper");
			EQ(s.n, 1);
		}
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);

		/* two tasks in dma_buf_mmap_internal at once keep their own */
		if (!scene_init(&s, k))
			continue;
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_identity(&s, PID_B, false, "drm", 4096, INO + 1, V_B.vma);
		mmap_ret(&s, PID_B, false, 0, &V_B, "b");
		mmap_ret(&s, PID_A, false, 0, &V_A, "a");
		if (split_vma(k)) {
			vma_final(&s, PID_A, &V_A, "a");
			vma_final(&s, PID_B, &V_B, "b");
		}
		EQ(s.n, 2);
		check_map(find(&s, DA_EV_MAP, PID_A), PID_A, "a", &V_A, "system",
			  BUF_SIZE, INO, DA_MAP_DMABUF_FD);
		check_map(find(&s, DA_EV_MAP, PID_B), PID_B, "b", &V_B, "drm",
			  4096, INO + 1, DA_MAP_DMABUF_FD);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);

		/* a perf_event_mmap with no dma-buf mmap pending is nobody's */
		if (split_vma(k)) {
			if (!scene_init(&s, k))
				continue;
			vma_final(&s, PID_A, &V_A, "mapper");
			EQ(s.n, 0);
			EQ(da_decoder_unpaired(s.d), 0);
			scene_done(&s);
		}
	}
}

/* (2) the exporter's mmap failed: nothing, and nothing left pending */
static void test_mmap_failed(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];

		if (!scene_init(&s, k))
			continue;
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, -EINVAL, &V_A, "mapper");
		EQ(s.n, 0);
		if (split_vma(k)) {
			vma_final(&s, PID_A, &V_B, "mapper");
			EQ(s.n, 0);
		}
		/* the task's next dma-buf mmap starts clean */
		mmap_identity(&s, PID_A, false, "drm", 4096, INO + 7, V_B.vma);
		mmap_ret(&s, PID_A, false, 0, &V_B, "mapper");
		if (split_vma(k))
			vma_final(&s, PID_A, &V_B, "mapper");
		EQ(s.n, 1);
		check_map(&s.ev[0], PID_A, "mapper", &V_B, "drm", 4096, INO + 7,
			  DA_MAP_DMABUF_FD);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
}

/* (3) dma_buf_mmap() forwarded by a driver; a return without identity */
static void test_mmap_forwarded(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];
		bool id = identity_event(k, true);

		if (!scene_init(&s, k))
			continue;
		if (id)
			mmap_identity(&s, PID_A, true, "i915", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, true, 0, &V_A, "gl");
		if (split_vma(k))
			vma_final(&s, PID_A, &V_A, "gl");
		EQ(s.n, 1);
		/* no identity: still a mapping, of an unknown dma-buf */
		check_map(&s.ev[0], PID_A, "gl", &V_A, id ? "i915" : "",
			  id ? BUF_SIZE : 0, id ? INO : 0, DA_MAP_FORWARDED);
		check_last_stamp(&s);
		EQ(da_decoder_unpaired(s.d), id ? 0 : 1);
		scene_done(&s);

		/* the identity of a dma-buf fd mmap was lost */
		if (!scene_init(&s, k))
			continue;
		mmap_ret(&s, PID_B, false, 0, &V_B, "b");
		if (split_vma(k))
			vma_final(&s, PID_B, &V_B, "b");
		EQ(s.n, 1);
		check_map(&s.ev[0], PID_B, "b", &V_B, "", 0, 0, DA_MAP_DMABUF_FD);
		EQ(da_decoder_unpaired(s.d), 1);
		scene_done(&s);
	}
}

/* (4) the three GUP paths */
static void test_gup_paths(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		/* fast path alone */
		gup_fast(&s, PID_A, UA, 16, "vmsplicer");
		EQ(s.n, 0);
		gup_ret(&s, "gup_fast_ret", PID_A, 16);
		EQ(s.n, 1);
		check_gup(&s.ev[0], PID_A, "vmsplicer", DA_GUP_FAST, 0, UA, 16, 16);
		check_last_stamp(&s);

		/* fast path falling back: the slow return is reported with the fast one */
		gup_fast(&s, PID_A, UA + 4096, 4, "vmsplicer");
		gup_slow(&s, PID_A, MM_A, UA + 8192, 3, "vmsplicer");
		gup_ret(&s, "gup_slow_ret", PID_A, -EFAULT);
		EQ(s.n, 1);
		gup_ret(&s, "gup_fast_ret", PID_A, -EFAULT);
		EQ(s.n, 2);
		check_gup(&s.ev[1], PID_A, "vmsplicer", DA_GUP_FAST_SLOW, MM_A,
			  UA + 4096, 4, -EFAULT);
		check_last_stamp(&s);

		/* slow path alone: a remote mm, as process_vm_readv has it */
		gup_slow(&s, PID_B, MM_B, UB, 2, "reader");
		EQ(s.n, 2);
		gup_ret(&s, "gup_slow_ret", PID_B, 2);
		EQ(s.n, 3);
		check_gup(&s.ev[2], PID_B, "reader", DA_GUP_SLOW, MM_B, UB, 2, 2);
		check_last_stamp(&s);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
}

/* (4) tasks interleaved, and returns whose entry was never seen */
static void test_gup_tasks(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		gup_fast(&s, PID_A, UA, 8, "a");
		gup_fast(&s, PID_B, UB, 1, "b");
		gup_ret(&s, "gup_fast_ret", PID_B, 1);
		gup_slow(&s, PID_B, MM_B, UB, 5, "b");	/* B, no fast frame now */
		gup_slow(&s, PID_A, MM_A, UA, 8, "a");	/* A's fallback */
		gup_ret(&s, "gup_slow_ret", PID_B, 5);
		gup_ret(&s, "gup_slow_ret", PID_A, -EFAULT);
		EQ(s.n, 2);
		gup_ret(&s, "gup_fast_ret", PID_A, -EFAULT);
		EQ(s.n, 3);
		check_gup(&s.ev[0], PID_B, "b", DA_GUP_FAST, 0, UB, 1, 1);
		check_gup(&s.ev[1], PID_B, "b", DA_GUP_SLOW, MM_B, UB, 5, 5);
		check_gup(&s.ev[2], PID_A, "a", DA_GUP_FAST_SLOW, MM_A, UA, 8, -EFAULT);
		EQ(da_decoder_unpaired(s.d), 0);

		/* returns with no entry: counted, never reported */
		gup_ret(&s, "gup_fast_ret", PID_A, 8);
		EQ(da_decoder_unpaired(s.d), 1);
		gup_ret(&s, "gup_slow_ret", PID_B, 5);
		EQ(da_decoder_unpaired(s.d), 2);
		EQ(s.n, 3);

		/*
		 * live filters GUP entries in the kernel: slow returns are
		 * never filtered, so lone ones are expected there, not lost
		 */
		da_decoder_set_gup_filtered(s.d);
		gup_ret(&s, "gup_slow_ret", PID_B, 1);
		gup_ret(&s, "gup_fast_ret", PID_B, 1);
		EQ(da_decoder_unpaired(s.d), 2);
		gup_slow(&s, PID_B, MM_B, UB, 5, "b");
		gup_ret(&s, "gup_slow_ret", PID_B, -EFAULT);
		EQ(s.n, 4);
		check_gup(&s.ev[3], PID_B, "b", DA_GUP_SLOW, MM_B, UB, 5, -EFAULT);
		/* and entries whose return the filter dropped */
		gup_fast(&s, PID_A, UA, 8, "a");
		gup_fast(&s, PID_A, UA, 8, "a");
		gup_ret(&s, "gup_fast_ret", PID_A, 8);
		EQ(s.n, 5);
		gup_slow(&s, PID_B, MM_B, UB, 5, "b");
		da_decoder_finish(s.d);
		EQ(da_decoder_unpaired(s.d), 2);
		scene_done(&s);
	}
}

/* (4) more tasks than the decoder has slots: idle ones make room */
static void gup_fast_by_pid(struct scene *s, int pid)
{
	gup_fast(s, pid, pid * 4096ULL, pid, "t");
}

static void test_gup_many_tasks(void)
{
	const int first = 10000, idle = 3 * 1024, busy = 4096;
	struct scene s;
	size_t i;
	int pid;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		/* one frame held open while many tasks come and go */
		gup_fast(&s, PID_A, UA, 8, "a");
		for (pid = first; pid < first + idle; pid++) {
			gup_slow(&s, pid, MM_B, UB, 1, "t");
			gup_ret(&s, "gup_slow_ret", pid, 1);
		}
		EQ(s.n, idle);
		gup_ret(&s, "gup_fast_ret", PID_A, 8);
		EQ(s.n, idle + 1);
		check_gup(&s.last, PID_A, "a", DA_GUP_FAST, 0, UA, 8, 8);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);

		/*
		 * More calls in flight than slots: those without a slot are
		 * counted at entry and at return; the others pair right.
		 */
		if (!scene_init(&s, &kernels[i]))
			continue;
		s.gup_by_pid = true;
		for (pid = first; pid < first + busy; pid++)
			gup_fast_by_pid(&s, pid);
		for (pid = first; pid < first + busy; pid++)
			gup_ret(&s, "gup_fast_ret", pid, pid);
		EQ(s.gup_bad, 0);
		CU_ASSERT(s.n > 0);
		EQ(da_decoder_unpaired(s.d) % 2, 0);
		EQ(s.n + da_decoder_unpaired(s.d) / 2, busy);
		/* and the table still works */
		s.gup_by_pid = false;
		gup_fast(&s, PID_B, UB, 2, "b");
		gup_ret(&s, "gup_fast_ret", PID_B, 2);
		check_gup(&s.last, PID_B, "b", DA_GUP_FAST, 0, UB, 2, 2);
		scene_done(&s);
	}
}

/* (5) events that need no pairing */
static void test_simple_events(void)
{
	const struct da_event *ev;
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		vma_free(&s, PID_A, &V_A);
		EQ(s.n, 1);
		ev = &s.ev[0];
		EQ(ev->type, DA_EV_UNMAP);
		EQ(ev->pid, PID_A);
		EQ(ev->unmap.mm, MM_A);
		EQ(ev->unmap.start, V_A.start);
		EQ(ev->unmap.end, V_A.end);
		check_last_stamp(&s);

		mm_exit(&s, PID_B, MM_B);
		EQ(s.n, 2);
		ev = &s.ev[1];
		EQ(ev->type, DA_EV_MM_GONE);
		EQ(ev->pid, PID_B);
		EQ(ev->mm_gone.mm, MM_B);
		check_last_stamp(&s);

		/* fork: a new process; then clone(CLONE_VM): a thread of A */
		task_new(&s, PID_A, CHILD, CHILD, MM_B, MM_A);
		task_new(&s, PID_A, CHILD + 1, PID_A, MM_A, MM_A);
		EQ(s.n, 4);
		ev = &s.ev[2];
		EQ(ev->type, DA_EV_TASK_NEW);
		EQ(ev->pid, PID_A);
		EQ(ev->task_new.child, CHILD);
		EQ(ev->task_new.tgid, CHILD);
		EQ(ev->task_new.mm, MM_B);
		EQ(ev->task_new.parent_mm, MM_A);
		ev = &s.ev[3];
		EQ(ev->type, DA_EV_TASK_NEW);
		EQ(ev->task_new.child, CHILD + 1);
		EQ(ev->task_new.tgid, PID_A);
		EQ(ev->task_new.mm, MM_A);
		check_last_stamp(&s);

		/* a thread's exec: the task runs on as the leader's pid */
		sched_exec(&s, CHILD, CHILD + 1, "/usr/bin/true");
		EQ(s.n, 5);
		EQ(s.ev[4].type, DA_EV_TASK_EXEC);
		EQ(s.ev[4].pid, CHILD);
		check_last_stamp(&s);
		sched_exit(&s, "sched", CHILD);
		EQ(s.n, 6);
		EQ(s.ev[5].type, DA_EV_TASK_EXIT);
		EQ(s.ev[5].pid, CHILD);
		check_last_stamp(&s);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
}

/*
 * mremap: copy_vma's entry and a non-NULL return make one move; a NULL
 * return (the move failed) makes none; a return alone is unpaired.
 */
static void test_vma_move(void)
{
	const struct da_event *ev;
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		vma_move(&s, PID_A, &V_A, 2, 0x7f0000100000ULL, 0x3000, 0xffff888211110000ULL);
		EQ(s.n, 1);
		ev = &s.ev[0];
		EQ(ev->type, DA_EV_MOVE);
		EQ(ev->pid, PID_A);
		EQ(ev->move.mm, MM_A);
		EQ(ev->move.vma_start, V_A.start);
		EQ(ev->move.vma_pgoff, 7);
		EQ(ev->move.new_pgoff, 9);
		EQ(ev->move.new_start, 0x7f0000100000ULL);
		EQ(ev->move.len, 0x3000);
		check_last_stamp(&s);
		vma_move(&s, PID_A, &V_A, 0, 0x7f0000200000ULL, 0x1000, 0);
		EQ(s.n, 1);
		EQ(da_decoder_unpaired(s.d), 0);
		{
			struct rec r;

			if (rec_begin_ours(&r, &s, "vma_move_ret", PID_B)) {
				rec_num(&r, "ret", 1);
				rec_feed(&r);
			}
		}
		EQ(s.n, 1);
		EQ(da_decoder_unpaired(s.d), 1);
		scene_done(&s);
	}
}

/* (6) lost events; events that are not ours; the roles of each capture */
static void test_lost_and_foreign(void)
{
	struct scene s;
	struct rec r;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];

		if (!scene_init(&s, k))
			continue;
		EQ(da_decoder_roles(s.d), k->roles);
		EQ(da_decoder_lost(s.d, 777, 2, 123), 0);
		EQ(s.n, 1);
		EQ(s.ev[0].type, DA_EV_LOST);
		EQ(s.ev[0].ts, 777);
		EQ(s.ev[0].cpu, 2);
		EQ(s.ev[0].lost.count, 123);
		EQ(s.ev[0].pid, 0);

		/* each would emit something if it were taken for ours */
		sched_exit(&s, "other", PID_A);
		if (rec_begin(&r, &s, tep_find_event_by_name(k->tep, "dmabuf_audit_1a",
							     "mm_exit"), PID_A)) {
			rec_num(&r, "mm", MM_A);
			rec_feed(&r);
		}
		if (rec_begin(&r, &s, tep_find_event_by_name(k->tep, "dmabuf_auditor",
							     "vma_free"), PID_A)) {
			rec_num(&r, "mm", MM_A);
			rec_feed(&r);
		}
		if (rec_begin(&r, &s, tep_find_event_by_name(k->tep, "dmabuf_audit_",
							     "task_new"), PID_A)) {
			rec_num(&r, "pid", CHILD);
			rec_feed(&r);
		}
		/* a type no format describes, laid out like our mm_exit */
		if (rec_begin_ours(&r, &s, "mm_exit", PID_A)) {
			rec_num(&r, "common_type", NOT_A_TYPE);
			rec_num(&r, "mm", MM_A);
			EQ(rec_feed(&r), 0);
		}
		EQ(s.n, 1);
		/* a damaged trace: counted, it may hide our events */
		EQ(da_decoder_unknown_types(s.d), 1);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
}

/* (7) an s32 ret is sign-extended, and only its 4 bytes are read */
static void test_s32_ret(void)
{
	static const int rets[] = { -EFAULT, -1, INT32_MIN, INT32_MAX, 0 };
	struct scene s;
	size_t i, j;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		for (j = 0; j < sizeof(rets) / sizeof(rets[0]); j++) {
			gup_slow(&s, PID_B, MM_B, UB, 1, "reader");
			gup_ret(&s, "gup_slow_ret", PID_B, rets[j]);
			EQ(s.n, j + 1);
			if (s.n == (int)j + 1)
				EQ(s.ev[j].gup.ret, (long long)rets[j]);
		}
		/* a negative s32 in mmap_ret is a failure */
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, -ENOMEM, &V_A, "mapper");
		if (split_vma(&kernels[i]))
			vma_final(&s, PID_A, &V_A, "mapper");
		EQ(s.n, j);
		/*
		 * and 0 a success, though non-zero bytes follow it (the VMA on
		 * 6.12 and 7.2, comm's __data_loc on 6.1)
		 */
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");
		if (split_vma(&kernels[i]))
			vma_final(&s, PID_A, &V_A, "mapper");
		EQ(s.n, j + 1);
		scene_done(&s);
	}
}

/*
 * The count of undecodable records of kind @i, 0 unless it is of @event,
 * @field and @why.
 */
static unsigned long undec(const struct scene *s, int i, const char *event,
			   enum da_field_id field, enum da_undec_why why)
{
	enum da_field_id f = DA_F_COUNT;
	enum da_undec_why w = DA_UNDEC_NR;
	const char *e = "";
	unsigned long n = da_decoder_undecodable(s->d, i, &e, &f, &w);
	char msg[256];

	snprintf(msg, sizeof(msg), "[%s] undecodable #%d: %lu %s '%s' %s, want %s '%s' %s",
		 cur, i, n, n ? e : "-", n ? da_field_name(f) : "-",
		 n ? da_undec_why_str(w) : "-", event, da_field_name(field),
		 da_undec_why_str(why));
	CU_assertImplementation(!n || (!strcmp(e, event) && f == field && w == why),
				__LINE__, msg, __FILE__, "", CU_FALSE);
	return n && !strcmp(e, event) && f == field && w == why ? n : 0;
}

/* (8) strings: damaged __data_loc, overlong, unterminated */
static void test_damaged_strings(void)
{
	static const char *const long_name = "a-very-long-exporter-name-0123456789";
	struct scene s;
	struct rec r;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];

		if (!scene_init(&s, k))
			continue;
		/* exp_name far past the end, comm straddling it */
		if (rec_begin(&r, &s, identity_event(k, false), PID_A)) {
			rec_num(&r, "size", BUF_SIZE);
			rec_num(&r, "ino", INO);
			if (has_field(r.ev, "vma"))	/* a probe's entry, not the tracepoint */
				rec_num(&r, "vma", V_A.vma);
			rec_loc(&r, "exp_name", 8u << 16 | (r.len + 64));
			rec_feed(&r);
		}
		if (rec_begin_ours(&r, &s, "mmap_ret", PID_A)) {
			rec_num(&r, "ret", 0);
			if (!split_vma(k)) {
				rec_num(&r, "vma", V_A.vma);
				rec_num(&r, "mm", V_A.mm);
				rec_num(&r, "start", V_A.start);
				rec_num(&r, "end", V_A.end);
				rec_num(&r, "flags", V_A.flags);
			}
			rec_loc(&r, "comm", 16u << 16 | (r.len - 2));
			rec_feed(&r);
		}
		if (split_vma(k) && rec_begin_ours(&r, &s, "vma_final", PID_A)) {
			rec_num(&r, "vma", V_A.vma);
			rec_num(&r, "mm", V_A.mm);
			rec_num(&r, "start", V_A.start);
			rec_num(&r, "end", V_A.end);
			rec_num(&r, "flags", V_A.flags);
			rec_loc(&r, "comm", 0xffffu << 16);
			rec_feed(&r);
		}
		/* no exporter, no mapping: undecodable, and its return swallowed */
		EQ(s.n, 0);
		EQ(undec(&s, 0, identity_event(k, false)->name, DA_F_EXP, DA_UNDEC_EMPTY), 1);
		EQ(da_decoder_unpaired(s.d), 0);

		/* too long for the model: cut, still terminated */
		mmap_identity(&s, PID_A, false, long_name, BUF_SIZE, INO, V_B.vma);
		/* no NUL inside its length: the length bounds it */
		if (rec_begin_ours(&r, &s, "mmap_ret", PID_A)) {
			rec_num(&r, "ret", 0);
			if (!split_vma(k)) {
				rec_num(&r, "vma", V_B.vma);
				rec_num(&r, "mm", V_B.mm);
				rec_num(&r, "start", V_B.start);
				rec_num(&r, "end", V_B.end);
				rec_num(&r, "flags", V_B.flags);
			}
			rec_bytes(&r, "comm", "abcdef", 3);
			rec_feed(&r);
		}
		if (split_vma(k))
			vma_final(&s, PID_A, &V_B, "abc");
		EQ(s.n, 1);
		check_map(&s.ev[0], PID_A, "abc", &V_B,
			  "a-very-long-exporter-name-01234", BUF_SIZE, INO,
			  DA_MAP_DMABUF_FD);

		/* a GUP's comm past the end */
		if (rec_begin_ours(&r, &s, "gup_fast", PID_B)) {
			rec_num(&r, "start", UB);
			rec_num(&r, "nr", 1);
			rec_loc(&r, "comm", 4u << 16 | 0xfff0);
			rec_feed(&r);
		}
		gup_ret(&s, "gup_fast_ret", PID_B, 1);
		EQ(s.n, 2);
		check_gup(&s.ev[1], PID_B, "", DA_GUP_FAST, 0, UB, 1, 1);
		scene_done(&s);
	}
}

/* (9) a mapping no kernel makes is undecodable, never an event */
static void test_damaged_values(void)
{
	static const struct {
		struct vma_desc v;
		enum da_field_id field;
	} bad[] = {
		/* start >= end */
		{ { 0xffff888100001000ULL, MM_A, UA, UA, FLAGS_PFN }, DA_F_END },
		{ { 0xffff888100001000ULL, MM_A, UA + 4096, UA, 0xfb }, DA_F_END },
		/* end beyond any user address space: 136 TB of garbage */
		{ { 0xffff888100001000ULL, MM_A, 0, 0xffff888100000000ULL, 0xfb }, DA_F_END },
		/* no mm, no VMA, not page-aligned */
		{ { 0xffff888100001000ULL, 0, UA, UA + 4096, 0xfb }, DA_F_MM },
		{ { 0, MM_A, UA, UA + 4096, 0xfb }, DA_F_VMA },
		{ { 0xffff888100001000ULL, MM_A, UA + 1, UA + 4096, 0xfb }, DA_F_START },
	};
	struct scene s;
	size_t i, j;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];
		const char *where = split_vma(k) ? "vma_final" : "mmap_ret";

		if (!scene_init(&s, k))
			continue;
		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, bad[j].v.vma);
			mmap_ret(&s, PID_A, false, 0, &bad[j].v, "mapper");
			if (split_vma(k))
				vma_final(&s, PID_A, &bad[j].v, "mapper");
		}
		EQ(s.n, 0);
		EQ(undec(&s, 0, where, DA_F_END, DA_UNDEC_RANGE), 3);
		EQ(undec(&s, 1, where, DA_F_MM, DA_UNDEC_RANGE), 1);
		EQ(undec(&s, 2, where, DA_F_VMA, DA_UNDEC_RANGE), 1);
		EQ(undec(&s, 3, where, DA_F_START, DA_UNDEC_RANGE), 1);
		EQ(da_decoder_unpaired(s.d), 0);
		/* and a real one still is a mapping */
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");
		if (split_vma(k))
			vma_final(&s, PID_A, &V_A, "mapper");
		EQ(s.n, 1);
		scene_done(&s);
	}
}

/* (10) a record shorter than its format: undecodable, its call dropped */
static void test_short_records(void)
{
	struct scene s;
	struct rec r;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];
		const char *where = split_vma(k) ? "vma_final" : "mmap_ret";

		if (!scene_init(&s, k))
			continue;
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		if (!split_vma(k))
			mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");	/* not yet */
		if (rec_begin_ours(&r, &s, where, PID_A)) {
			if (has_field(r.ev, "ret"))
				rec_num(&r, "ret", 0);
			rec_num(&r, "vma", V_A.vma);
			rec_num(&r, "mm", V_A.mm);
			rec_num(&r, "start", V_A.start);
			r.len = field(&r, "end")->offset;	/* cut before end */
			rec_feed(&r);
		}
		/* a GUP entry cut short: its return emits nothing */
		if (rec_begin_ours(&r, &s, "gup_fast", PID_B)) {
			rec_num(&r, "start", UB);
			r.len = field(&r, "nr")->offset;
			rec_feed(&r);
		}
		gup_ret(&s, "gup_fast_ret", PID_B, 1);
		/* 6.12 and 7.2: the first mmap_ret made the mapping, the cut one not */
		EQ(s.n, split_vma(k) ? 0 : 1);
		EQ(undec(&s, 0, where, DA_F_END, DA_UNDEC_SHORT), 1);
		EQ(undec(&s, 1, "gup_fast", DA_F_NR, DA_UNDEC_SHORT), 1);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
}

/* (11) formats damaged as a flipped byte or a renamed field would */
static void test_damaged_formats(void)
{
	static const struct {
		const char *kernel;
		struct damage dmg;
		const char *event;	/* whose records are undecodable */
		enum da_field_id field;
		enum da_undec_why why;
	} cases[] = {
		{ "6.12", { "mmap_ret", "field:", " start;", " stArt;" }, "mmap_ret",
		  DA_F_START, DA_UNDEC_MISSING },
		{ "7", { "mmap_ret", "field:", " start;", " stArt;" }, "mmap_ret",
		  DA_F_START, DA_UNDEC_MISSING },
		{ "6.12", { "mmap_ret", " start;", "size:8", "size:4" }, "mmap_ret",
		  DA_F_START, DA_UNDEC_SIZE },
		{ "6.12", { "mmap_ret", " end;", "offset:52", "offset:44" }, "mmap_ret",
		  DA_F_END, DA_UNDEC_OVERLAP },
		{ "6.12", { "mmap_id", "field:", "__data_loc char[] exp_name",
			    "u32 exp_name" }, "mmap_id", DA_F_EXP, DA_UNDEC_TYPE },
		{ "6.12", { "mmap_ret", "field:", "u64 flags", "char flags[8]" },
		  "mmap_ret", DA_F_FLAGS, DA_UNDEC_TYPE },
		{ "6.1", { "vma_final", "field:", " start;", " stArt;" }, "vma_final",
		  DA_F_START, DA_UNDEC_MISSING },
		{ "6.1", { "mmap_id", "field:", " exp_name;", " exp_nXme;" }, "mmap_id",
		  DA_F_EXP, DA_UNDEC_MISSING },
	};
	struct scene s;
	size_t i, j;

	if (skip())
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kern dk = { .name = cases[i].kernel }, *k = NULL;

		for (j = 0; j < NR_KERNELS; j++)
			if (!strcmp(kernels[j].name, cases[i].kernel))
				k = &kernels[j];
		damage = &cases[i].dmg;
		CU_ASSERT_FATAL(k && !load_kernel(&dk));
		damage = NULL;
		if (!scene_init(&s, &dk))
			continue;
		s.k = k;	/* intact records, read through the damaged formats */
		mmap_identity(&s, PID_A, false, "system", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");
		if (split_vma(k))
			vma_final(&s, PID_A, &V_A, "mapper");
		EQ(s.n, 0);
		EQ(undec(&s, 0, cases[i].event, cases[i].field, cases[i].why), 1);
		EQ(da_decoder_undecodable(s.d, 1, &(const char *){ NULL },
					  &(enum da_field_id){ 0 },
					  &(enum da_undec_why){ 0 }), 0);
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
		tep_free(dk.tep);
	}
}

/* emit's first error is returned, and nothing more is emitted */
static void test_emit_error(void)
{
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		s.emit_err = -ENOSPC;
		vma_free(&s, PID_A, &V_A);
		EQ(s.ret, -ENOSPC);
		EQ(s.n, 1);
		s.emit_err = -EIO;
		mm_exit(&s, PID_A, MM_A);
		EQ(s.ret, -ENOSPC);
		EQ(da_decoder_lost(s.d, 1, 0, 1), -ENOSPC);
		EQ(s.n, 1);
		scene_done(&s);
	}
}

/* The schema's field a definition names, or DA_F_COUNT. */
static enum da_field_id field_id(const char *name, size_t len)
{
	int f;

	for (f = 0; f < DA_F_COUNT; f++)
		if (strlen(da_field_name(f)) == len && !strncmp(da_field_name(f), name, len))
			return f;
	return DA_F_COUNT;
}

/*
 * "p:%E sym a=fetch b=fetch": the fields a definition gives its event, one
 * bit each; DA_FB(DA_F_COUNT) for a name the schema does not know.
 */
static unsigned int def_fields(const char *tmpl)
{
	const char *p = strchr(tmpl, ' '), *eq;
	unsigned int bits = 0;
	size_t n;

	if (p)
		p = strchr(p + 1, ' ');	/* past the probed symbol */
	while (p && *p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		eq = memchr(p, '=', n);
		bits |= DA_FB(eq ? field_id(p, eq - p) : DA_F_COUNT);
		p += n;
	}
	return bits;
}

struct def_check {
	unsigned int defined;	/* roles some definition serves */
	int defs;
	int drivers;		/* definitions that read a GEM export's driver */
};

static int check_def(enum da_role role, const char *tmpl, bool no_vma, void *data)
{
	const struct da_role_schema *s = da_schema_role(role);
	struct def_check *c = data;
	unsigned int want;

	c->defs++;
	c->defined |= 1u << role;
	if (!strcmp(tmpl, "tp:%T")) {
		CU_ASSERT_PTR_NOT_NULL(s->tp_system);
		return 0;
	}
	CU_ASSERT_FALSE(s->tp_only);
	CU_ASSERT_EQUAL(strncmp(strchr(tmpl, ':'), ":%E ", 4), 0);
	want = no_vma ? s->no_vma : s->fields;
	/* a candidate may lack the optional fields, never anything else */
	if ((def_fields(tmpl) | s->opt) == (want | s->opt))
		want = def_fields(tmpl);
	if (strstr(tmpl, " driver="))
		c->drivers++;
	CU_ASSERT_EQUAL(def_fields(tmpl), want);
	if (def_fields(tmpl) != want)
		fprintf(stderr, "%s: not the fields of %s\n", tmpl, s->event);
	return 0;
}

/* Every definition of every candidate has exactly its role's fields. */
static void test_schema_defs(void)
{
	struct def_check c = { 0 };

	EQ(da_probes_for_each_def(check_def, &c), 0);
	EQ(c.defs, 30);
	EQ(c.defined, ALL_ROLES);
	/* the dma-buf of an mmap and of a forwarded one, first */
	EQ(c.drivers, 2);
}

/*
 * The driver of a GEM export as the entry read it; why not, where the
 * kernel's events carry none: an older probe, the dma_buf tracepoint, or
 * a read that faulted (an empty string).
 */
static void test_map_driver(void)
{
	static const enum da_driver_why none[] = {
		DA_DRV_NO_FIELD, DA_DRV_NO_FIELD, DA_DRV_TRACEPOINT, DA_DRV_KNOWN,
	};
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		const struct kern *k = &kernels[i];
		bool named = none[i] == DA_DRV_KNOWN;
		struct rec r;

		if (!scene_init(&s, k))
			continue;
		mmap_identity(&s, PID_A, false, "drm", BUF_SIZE, INO, V_A.vma);
		mmap_ret(&s, PID_A, false, 0, &V_A, "mapper");
		if (split_vma(k))
			vma_final(&s, PID_A, &V_A, "mapper");
		EQ(s.n, 1);
		STREQ(s.ev[0].map.driver, named ? "vgem" : "");
		EQ(s.ev[0].map.driver_why, none[i]);
		/* the kernel's read faulted: an empty string, and the mapping stands */
		if (named && rec_begin(&r, &s, identity_event(k, false), PID_B)) {
			rec_num(&r, "vma", V_B.vma);
			rec_str(&r, "exp_name", "drm");
			rec_num(&r, "size", 4096);
			rec_num(&r, "ino", INO + 1);
			rec_str(&r, "driver", "");
			rec_feed(&r);
			mmap_ret(&s, PID_B, false, 0, &V_B, "b");
			EQ(s.n, 2);
			STREQ(s.ev[1].map.driver, "");
			EQ(s.ev[1].map.driver_why, DA_DRV_FAULT);
			EQ(s.ev[1].map.ino, INO + 1);
		}
		EQ(da_decoder_unpaired(s.d), 0);
		scene_done(&s);
	}
	EQ(sizeof(none) / sizeof(none[0]), NR_KERNELS);
}

/* Names and tracepoints find their role back, and nothing else does. */
static void test_schema_roles(void)
{
	const struct da_role_schema *s;
	int r;

	for (r = 0; r < DA_ROLE_COUNT; r++) {
		s = da_schema_role(r);
		EQ(da_role_event(r), s->event);
		if (s->tp_system)
			EQ(da_role_of(s->tp_system, s->tp_event), r);
		EQ(da_role_of("dmabuf_audit_77", s->event), s->tp_only ? -1 : r);
		EQ(da_role_of("dmabuf_auditor", s->event), -1);
		EQ(da_role_of("kprobes", s->event), -1);
		CU_ASSERT_EQUAL(s->no_vma & ~s->fields, 0);
		CU_ASSERT_EQUAL(s->opt & ~s->fields, 0);
		if (!s->tp_only)
			CU_ASSERT_EQUAL(s->tp_fields & ~s->fields, 0);
	}
	EQ(da_role_of("dma_buf", "mmap_id"), -1);
	EQ(da_role_of("sched", "sched_process_fork"), -1);
}

/* ---- kernel stacks (events-stack.c) ---- */

/*
 * An ftrace kernel_stack record, as a stacktrace trigger writes it right
 * after its event: "size" frames, more than the format's caller[8] says.
 */
static void kstack(struct scene *s, int pid, const uint64_t *ip, int n)
{
	struct tep_event *ev = tep_find_event_by_name(s->k->tep, "ftrace", "kernel_stack");
	struct tep_format_field *f;
	struct rec r;
	int i;

	if (!rec_begin(&r, s, ev, pid))
		return;
	f = field(&r, "caller");
	rec_num(&r, "size", n);
	for (i = 0; f && i < n && f->offset + (i + 1) * 8 <= REC_MAX; i++)
		put(r.data + f->offset + i * 8, 8, ip[i]);
	if (f && f->offset + n * 8 > (int)r.len)
		r.len = f->offset + n * 8;
	rec_feed(&r);
}

static const uint64_t GUP_IPS[] = {
	0xffffffff81001000ULL, 0xffffffff81002000ULL, 0xffffffffc04f60daULL,
	0xffffffff81300005ULL, 0xffffffff81400123ULL, 0xffffffff81500456ULL,
	0xffffffff81600789ULL, 0xffffffff81700abcULL, 0xffffffff81800defULL,
	0xffffffff81900001ULL, 0xffffffff81a00002ULL,	/* 11: past caller[8] */
};
static const uint64_t MAP_IPS[] = {
	0xffffffff82000010ULL, 0xffffffff82100020ULL, 0xffffffff82200030ULL,
};
#define NR(a)	((int)(sizeof(a) / sizeof((a)[0])))

static void check_stack(const struct da_event *ev, const uint64_t *ip, int n,
			unsigned int line)
{
	int i;

	check_u64(ev->stack ? 1 : 0, 1, "has a stack", line);
	if (!ev->stack)
		return;
	check_u64(ev->stack->nr, n, "stack frames", line);
	for (i = 0; i < n && i < ev->stack->nr; i++)
		check_u64(ev->stack->ip[i], ip[i], "stack frame", line);
	check_u64(ev->nostack, DA_NOSTACK_NONE, "nostack", line);
}

static void no_stack(const struct da_event *ev, enum da_nostack why, unsigned int line)
{
	check_u64(ev->stack ? 1 : 0, 0, "has a stack", line);
	check_u64(ev->nostack, why, "why no stack", line);
}

#define STACK_IS(ev, ip)	check_stack((ev), (ip), NR(ip), __LINE__)
#define NO_STACK(ev, why)	no_stack((ev), (why), __LINE__)

/* A GUP of @pid's on one CPU: entry, maybe its stack, return. */
static const struct da_event *gup_stacked(struct scene *s, int pid, const uint64_t *ip,
					  int n)
{
	gup_fast(s, pid, UA, 4, "reader");
	if (ip)
		kstack(s, pid, ip, n);
	gup_ret(s, "gup_fast_ret", pid, 4);
	return s->last.type == DA_EV_GUP ? &s->last : NULL;
}

/* The stack after an entry is the entry's: mmap (who mapped), GUP (who pinned). */
static void test_stacks(void)
{
	const struct da_event *ev;
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		rec_cpu = 1;
		mmap_identity(&s, PID_A, false, "videobuf2_vmalloc", BUF_SIZE, INO, V_B.vma);
		kstack(&s, PID_A, MAP_IPS, NR(MAP_IPS));
		mmap_ret(&s, PID_A, false, 0, &V_B, "cam");
		if (split_vma(s.k))
			vma_final(&s, PID_A, &V_B, "cam");
		ev = find(&s, DA_EV_MAP, PID_A);
		CU_ASSERT_PTR_NOT_NULL(ev);
		if (ev)
			STACK_IS(ev, MAP_IPS);
		/* the GUP's own stack, all of it (11 frames, the format says 8) */
		ev = gup_stacked(&s, PID_A, GUP_IPS, NR(GUP_IPS));
		CU_ASSERT_PTR_NOT_NULL(ev);
		if (ev)
			STACK_IS(ev, GUP_IPS);
		/* a fallback's stack is not the GUP's: the fast entry's stays */
		gup_fast(&s, PID_B, UB, 1, "reader");
		kstack(&s, PID_B, MAP_IPS, NR(MAP_IPS));
		gup_slow(&s, PID_B, MM_B, UB, 1, "reader");
		kstack(&s, PID_B, GUP_IPS, NR(GUP_IPS));
		gup_ret(&s, "gup_slow_ret", PID_B, 1);
		gup_ret(&s, "gup_fast_ret", PID_B, 1);
		CU_ASSERT_EQUAL(s.last.type, DA_EV_GUP);
		STACK_IS(&s.last, MAP_IPS);
		/* slow path alone: its entry's */
		gup_slow(&s, PID_B, MM_A, UA, 2, "reader");
		kstack(&s, PID_B, GUP_IPS, 5);
		gup_ret(&s, "gup_slow_ret", PID_B, 2);
		check_stack(&s.last, GUP_IPS, 5, __LINE__);
		EQ(da_decoder_stacks_seen(s.d), 4);
		rec_cpu = -1;
		scene_done(&s);
	}
}

/*
 * A stack that does not follow its entry on the same CPU, for the same
 * task, belongs to nothing: the event says why it has none.
 */
static void test_stacks_lost(void)
{
	const struct da_event *ev;
	struct scene s;
	size_t i;

	if (skip())
		return;
	for (i = 0; i < NR_KERNELS; i++) {
		if (!scene_init(&s, &kernels[i]))
			continue;
		rec_cpu = 2;
		/* lost in the ring buffer: nothing followed the entry */
		ev = gup_stacked(&s, PID_A, NULL, 0);
		CU_ASSERT_PTR_NOT_NULL(ev);
		if (ev)
			NO_STACK(ev, DA_NOSTACK_MISSING);
		/* another task's stack on that CPU */
		gup_fast(&s, PID_A, UA, 4, "reader");
		kstack(&s, PID_B, GUP_IPS, 4);
		gup_ret(&s, "gup_fast_ret", PID_A, 4);
		NO_STACK(&s.last, DA_NOSTACK_MISSING);
		/* after a return (a filtered-out hit's trigger): not the next GUP's */
		gup_ret(&s, "gup_fast_ret", PID_A, 4);
		kstack(&s, PID_A, GUP_IPS, 4);
		ev = gup_stacked(&s, PID_A, NULL, 0);
		if (ev)
			NO_STACK(ev, DA_NOSTACK_MISSING);
		/* on another CPU */
		gup_fast(&s, PID_A, UA, 4, "reader");
		rec_cpu = 3;
		kstack(&s, PID_A, GUP_IPS, 4);
		rec_cpu = 2;
		gup_ret(&s, "gup_fast_ret", PID_A, 4);
		NO_STACK(&s.last, DA_NOSTACK_MISSING);
		/* one stack per event: a second one is dropped */
		gup_fast(&s, PID_A, UA, 4, "reader");
		kstack(&s, PID_A, GUP_IPS, 3);
		kstack(&s, PID_A, MAP_IPS, 3);
		gup_ret(&s, "gup_fast_ret", PID_A, 4);
		check_stack(&s.last, GUP_IPS, 3, __LINE__);
		/* a damaged size: no more frames than the record holds */
		gup_fast(&s, PID_A, UA, 4, "reader");
		kstack(&s, PID_A, GUP_IPS, 2);
		gup_ret(&s, "gup_fast_ret", PID_A, 4);
		check_stack(&s.last, GUP_IPS, 2, __LINE__);
		/* the trigger was refused, or never asked */
		da_decoder_stacks(s.d, DA_STACK_ROLES & ~(1u << DA_ROLE_GUP_FAST),
				  1u << DA_ROLE_GUP_FAST);
		ev = gup_stacked(&s, PID_A, NULL, 0);
		if (ev)
			NO_STACK(ev, DA_NOSTACK_REFUSED);
		da_decoder_stacks(s.d, 0, 0);
		ev = gup_stacked(&s, PID_A, NULL, 0);
		if (ev)
			NO_STACK(ev, DA_NOSTACK_NOT_ASKED);
		EQ(da_decoder_stacks_seen(s.d), 2);
		rec_cpu = -1;
		scene_done(&s);
	}
}

/* Records as a kernel_stack's bytes say: order, width, end markers. */
static void test_stack_record(void)
{
	unsigned char be[3 * 8] = { 0 }, le32[4 * 4];
	struct da_stack st;

	/* big-endian 64-bit words read on this little-endian host */
	be[7] = 0x10;
	be[8] = 0xff, be[9] = 0xff, be[15] = 0x20;
	da_stack_from_record(&st, 3, be, sizeof(be), 8, 1);
	EQ(st.nr, 2);	/* the third word is 0: the end */
	EQ(st.ip[0], 0x10);
	EQ(st.ip[1], 0xffff000000000020ULL);
	/* 32-bit words, -1 ends it; size bigger than the record */
	memset(le32, 0, sizeof(le32));
	put(le32, 4, 0xc0001000);
	put(le32 + 4, 4, 0xc0002000);
	put(le32 + 8, 4, 0xffffffff);
	da_stack_from_record(&st, 99, le32, sizeof(le32), 4, 0);
	EQ(st.nr, 2);
	EQ(st.ip[1], 0xc0002000);
	da_stack_from_record(&st, -1, le32, 0, 8, 0);
	EQ(st.nr, 0);
}

/* A symbolizer of made-up names, as kallsyms would give them. */
static void fake_sym(uint64_t ip, char *buf, size_t size, void *data)
{
	static const char *const names[] = {
		"kprobe_trace_func+0x10", "arch_ftrace_ops_list_func+0x11b", NULL,
		"gup_fast_fallback+0x5", "__iov_iter_get_pages_alloc+0x29b",
		"iov_iter_get_pages2+0x1d", "__do_sys_vmsplice+0x403",
		"do_syscall_64+0xe1", "entry_SYSCALL_64_after_hwframe+0x76",
		"trace_in_the_middle+0x1", "0xffffffff81a00002",
	};
	size_t i = ip >> 20 & 0xff;

	(void)data;
	if (i < sizeof(names) / sizeof(names[0]) && names[i])
		snprintf(buf, size, "%s", names[i]);
	else
		snprintf(buf, size, "0x%llx", (unsigned long long)ip);
}

static void arm_sym(uint64_t ip, char *buf, size_t size, void *data)
{
	snprintf(buf, size, "%s", ((const char *const *)data)[ip]);
}

/* Lines: the tracing machinery's frames above the probed function go. */
static void test_stack_lines(void)
{
	struct da_stack st = { .nr = NR(GUP_IPS) };
	char **lines;
	int n, i;

	for (i = 0; i < st.nr; i++)
		st.ip[i] = (uint64_t)i << 20 | 0xffffffff80000000ULL;
	n = da_stack_lines(&st, fake_sym, NULL, &lines);
	EQ(n, st.nr - 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(lines);
	STREQ(lines[0], "gup_fast_fallback+0x5");
	STREQ(lines[3], "__do_sys_vmsplice+0x403");
	STREQ(lines[6], "trace_in_the_middle+0x1");	/* only leading ones go */
	STREQ(lines[7], "0xffffffff81a00002");
	CU_ASSERT_PTR_NULL(lines[n]);
	free(lines);
	/* arm64 6.1: a breakpoint kprobe's trap path, as the lab showed it */
	{
		static const char *const arm[] = { "call_break_hook+0x74", "brk_handler+0x24",
			"do_debug_exception+0x60", "el1_dbg+0x70", "el1h_64_sync_handler+0xc8",
			"el1h_64_sync+0x64", "dma_buf_mmap_internal+0x0", "mmap_region+0x218" };

		st.nr = 8;
		for (i = 0; i < st.nr; i++)
			st.ip[i] = i;
		static const char *const arm612[] = { "do_el1_brk64+0xb0", "el1_brk64+0x28",
			"el1h_64_sync_handler+0x70", "el1h_64_sync+0x64",
			"gup_fast_fallback+0x0", "__iov_iter_get_pages_alloc+0x250" };

		n = da_stack_lines(&st, arm_sym, (void *)arm, &lines);
		EQ(n, 2);
		STREQ(lines[0], "dma_buf_mmap_internal+0x0");
		free(lines);
		st.nr = 6;	/* arm64 6.12 */
		n = da_stack_lines(&st, arm_sym, (void *)arm612, &lines);
		EQ(n, 2);
		STREQ(lines[0], "gup_fast_fallback+0x0");
		free(lines);
	}
	for (i = 0; i < (int)NR(GUP_IPS); i++)
		st.ip[i] = (uint64_t)i << 20 | 0xffffffff80000000ULL;
	/* nothing but tracing frames: the last one stays */
	st.nr = 2;
	n = da_stack_lines(&st, fake_sym, NULL, &lines);
	EQ(n, 1);
	STREQ(lines[0], "arch_ftrace_ops_list_func+0x11b");
	free(lines);
	/* every reason has words; a stack has none */
	CU_ASSERT_PTR_NULL(da_nostack_str(DA_NOSTACK_NONE));
	for (i = DA_NOSTACK_NONE + 1; i < DA_NOSTACK_NR; i++)
		CU_ASSERT_PTR_NOT_NULL(da_nostack_str(i));
}

/*
 * Live's GUP filter gives the GUP entries' triggers its own filters: the
 * longest it writes (a set that fits DA_FILTER_MAX) must fit the trigger.
 */
static void test_stack_trigger_long(void)
{
	static uint64_t mm[DA_FILTER_MAX / 20];
	static char filter[DA_FILTER_MAX + 1], buf[DA_STACK_TRIGGER_MAX];
	size_t n;
	int len = 0;

	for (n = 0; n < sizeof(mm) / sizeof(mm[0]); n++) {
		mm[n] = 0xffff888000000000ULL + n * 4096;
		if (da_filter_build(filter, sizeof(filter), "mm", mm, n + 1, false, true) < 0)
			break;
		len = strlen(filter);
	}
	CU_ASSERT_TRUE(len > DA_FILTER_MAX - 40);
	da_filter_build(filter, sizeof(filter), "mm", mm, n, false, true);
	CU_ASSERT_PTR_NOT_NULL(da_stack_trigger_text("dmabuf_audit_7", "gup_slow", filter,
						     buf, sizeof(buf)));
	CU_ASSERT_TRUE(strlen(buf) < 4096);	/* the kernel takes under a page */
}

/* The trigger text: only for the entries that take a stack. */
static void test_stack_trigger_text(void)
{
	char buf[DA_STACK_TRIGGER_MAX];

	STREQ(da_stack_trigger_text("dmabuf_audit_7", "gup_fast", NULL, buf, sizeof(buf)) ?:
	      "(null)", "stacktrace");
	STREQ(da_stack_trigger_text("dmabuf_audit_7", "gup_slow", "mm != 0", buf,
				    sizeof(buf)) ?: "(null)", "stacktrace if mm != 0");
	STREQ(da_stack_trigger_text("dma_buf", "dma_buf_mmap_internal", NULL, buf,
				    sizeof(buf)) ?: "(null)", "stacktrace");
	STREQ(da_stack_trigger_text("dmabuf_audit_7", "mmap_id", NULL, buf,
				    sizeof(buf)) ?: "(null)", "stacktrace");
	CU_ASSERT_PTR_NULL(da_stack_trigger_text("dmabuf_audit_7", "gup_fast_ret", NULL,
						 buf, sizeof(buf)));
	CU_ASSERT_PTR_NULL(da_stack_trigger_text("dmabuf_audit_7", "vma_free", NULL,
						 buf, sizeof(buf)));
	CU_ASSERT_PTR_NULL(da_stack_trigger_text("other", "gup_fast", NULL, buf,
						 sizeof(buf)));
	CU_ASSERT_PTR_NULL(da_stack_trigger_text("dmabuf_audit_7", "gup_fast", "x",
						 buf, 8));
	test_stack_trigger_long();
}

int add_events_suites(void)
{
	CU_pSuite s = CU_add_suite("events", events_setup, events_teardown);
	CU_pSuite schema = CU_add_suite("schema", NULL, NULL);

	if (!schema ||
	    !CU_add_test(schema, "probe definitions have their role's fields",
			 test_schema_defs) ||
	    !CU_add_test(schema, "event names and roles", test_schema_roles))
		return -1;

	if (!s ||
	    !CU_add_test(s, "mmap of a dma-buf fd", test_mmap_fd) ||
	    !CU_add_test(s, "failed mmap", test_mmap_failed) ||
	    !CU_add_test(s, "the driver of a GEM export", test_map_driver) ||
	    !CU_add_test(s, "forwarded mmap, lost identity", test_mmap_forwarded) ||
	    !CU_add_test(s, "GUP fast, fallback, slow", test_gup_paths) ||
	    !CU_add_test(s, "GUP tasks interleaved, unpaired", test_gup_tasks) ||
	    !CU_add_test(s, "GUP by more tasks than slots", test_gup_many_tasks) ||
	    !CU_add_test(s, "unmap, mm gone, fork, exec, exit", test_simple_events) ||
	    !CU_add_test(s, "mremap moves (copy_vma)", test_vma_move) ||
	    !CU_add_test(s, "lost and foreign events, roles", test_lost_and_foreign) ||
	    !CU_add_test(s, "s32 ret sign extension", test_s32_ret) ||
	    !CU_add_test(s, "damaged and odd strings", test_damaged_strings) ||
	    !CU_add_test(s, "mappings no kernel makes", test_damaged_values) ||
	    !CU_add_test(s, "records shorter than their format", test_short_records) ||
	    !CU_add_test(s, "damaged formats", test_damaged_formats) ||
	    !CU_add_test(s, "emit error kept", test_emit_error) ||
	    !CU_add_test(s, "kernel stacks of mmap and GUP entries", test_stacks) ||
	    !CU_add_test(s, "kernel stacks lost, refused, not asked", test_stacks_lost) ||
	    !CU_add_test(s, "kernel_stack record words", test_stack_record) ||
	    !CU_add_test(s, "stack lines without tracing frames", test_stack_lines) ||
	    !CU_add_test(s, "stacktrace trigger text", test_stack_trigger_text))
		return -1;
	return 0;
}
