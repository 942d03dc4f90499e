// SPDX-License-Identifier: GPL-2.0
/*
 * Raw trace records into the decoder (lib/events.c), the matcher and the
 * report, past libtracecmd: the real formats of our events as captured on
 * 6.1, 6.12 and 7.2 (tests/unit/formats) are parsed once, and the input is
 * a series of records for them:
 *
 *   byte 0         which capture
 *   then, per record:
 *     u8 event     index into the capture's events (its common_type)
 *     u8 flags     bits 0-1: CPU; 2: events were lost before it (as
 *                  many as the event byte says, 0: unknown);
 *                  3: keep the input's common_type; 4-7: time step
 *     u16 len      little-endian, then len bytes of record (what is left
 *                  when the input ends first)
 *
 * Each record is copied to a buffer of exactly its size, so reading past a
 * short record shows. Seeds: the records of tests/fixtures/trace, written
 * by this program itself (DA_MAKE_SEEDS=DIR fuzz_records TRACE.dat...).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>
#include <trace-cmd.h>

#include "fuzz.h"
#include "events.h"
#include "probes.h"
#include "report.h"
#include "../slurp.h"

#ifndef DA_FORMATS_DIR
#define DA_FORMATS_DIR	"tests/unit/formats"
#endif
#define SECTION		"### /sys/kernel/tracing/events/"
#define REC_HDR		4
#define MAX_IDS		64
#define SEED_RECORDS	64	/* records per seed file */

/* exported by libtracecmd, declared only in its private header */
const char *tracecmd_get_uname(struct tracecmd_input *handle);

struct capture {
	const char *name;
	struct tep_handle *tep;
	int ids[MAX_IDS];
	int nr_ids;
};

static struct capture captures[] = {
	{ .name = "6.1" }, { .name = "6.12" }, { .name = "7" },
};

#define NR_CAPTURES	(sizeof(captures) / sizeof(captures[0]))

/* Every "### .../SYSTEM/EVENT/format" section of NAME.txt, as test-events.c. */
static int parse_capture(struct capture *c, const char *dir, char *buf, size_t size)
{
	char sys[DA_GROUP_MAX], *p, *fmt, *next;
	size_t len;

	for (p = strstr(buf, SECTION); p; p = next) {
		next = strstr(p + 1, SECTION);
		fmt = strchr(p, '\n');
		if (!fmt || sscanf(p + strlen(SECTION), "%63[^/]", sys) != 1)
			return -1;
		fmt++;
		len = (next ? next : buf + size) - fmt;
		if (tep_parse_event(c->tep, fmt, len, sys)) {
			fprintf(stderr, "%s/%s.txt: cannot parse %s\n", dir, c->name, p);
			return -1;
		}
	}
	return 0;
}

static int load(struct capture *c, const char *dir)
{
	struct tep_event **all;
	char path[4096], *buf;
	size_t size;
	int err;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, c->name);
	buf = slurp(path, &size);
	if (!buf) {
		fprintf(stderr, "%s: %s (set DA_FORMATS_DIR)\n", path, strerror(errno));
		return -1;
	}
	c->tep = tep_alloc();
	if (!c->tep)
		abort();
	tep_set_long_size(c->tep, 8);
	tep_set_page_size(c->tep, 4096);
	tep_set_file_bigendian(c->tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(c->tep, TEP_LITTLE_ENDIAN);
	err = parse_capture(c, dir, buf, size);
	free(buf);
	all = tep_list_events(c->tep, TEP_EVENT_SORT_ID);
	for (; !err && all && *all && c->nr_ids < MAX_IDS; all++)
		c->ids[c->nr_ids++] = (*all)->id;
	return err || !c->nr_ids ? -1 : 0;
}

/* ---- seeds: the records of recorded traces, in the input's form ---- */

struct seeding {
	const char *dir;
	char name[64];		/* the trace's file name, without .dat */
	const struct capture *c;
	FILE *f;
	int files, records;
};

static bool same_kind(const char *a, const char *b)
{
	return da_group_is_ours(a) ? da_group_is_ours(b) : !strcmp(a, b);
}

/* The index of the capture's event like @ev, or -1. */
static int capture_index(const struct capture *c, const struct tep_event *ev)
{
	struct tep_event *e;
	int i;

	for (i = 0; i < c->nr_ids; i++) {
		e = tep_find_event(c->tep, c->ids[i]);
		if (e && !strcmp(e->name, ev->name) && same_kind(e->system, ev->system))
			return i;
	}
	return -1;
}

static int seed_record(struct tracecmd_input *h, struct tep_record *rec,
		       int cpu, void *data)
{
	struct tep_event *ev = tep_find_event_by_record(tracecmd_get_tep(h), rec);
	struct seeding *s = data;
	unsigned int len = rec->size < 0xffff ? rec->size : 0xffff;
	uint8_t hdr[REC_HDR];
	char path[4096];
	int sel = ev ? capture_index(s->c, ev) : -1;

	if (sel < 0)
		return 0;
	if (!s->f) {
		snprintf(path, sizeof(path), "%s/%s-%03d", s->dir, s->name, s->files++);
		s->f = fopen(path, "w");
		if (!s->f)
			return -1;
		fputc(s->c - captures, s->f);
	}
	hdr[0] = sel;
	hdr[1] = (cpu & 3) | (rec->missed_events ? 4 : 0) | 1 << 4;
	hdr[2] = len;
	hdr[3] = len >> 8;
	fwrite(hdr, sizeof(hdr), 1, s->f);
	fwrite(rec->data, len, 1, s->f);
	if (++s->records % SEED_RECORDS == 0) {
		fclose(s->f);
		s->f = NULL;
	}
	return 0;
}

/* The capture of the trace's kernel: "Linux host 6.12.118..." is 6.12. */
static const struct capture *capture_of(struct tracecmd_input *h)
{
	const char *u = tracecmd_get_uname(h);
	char sys[64], host[256], rel[128];
	size_t i, n;

	if (!u || sscanf(u, "%63s %255s %127s", sys, host, rel) != 3)
		return NULL;
	for (i = 0; i < NR_CAPTURES; i++) {
		n = strlen(captures[i].name);
		if (!strncmp(rel, captures[i].name, n) && rel[n] == '.')
			return &captures[i];
	}
	return NULL;
}

/*
 * More tasks with a GUP in flight than the decoder has slots for: what no
 * fixture holds, and the fuzzer would not find by itself.
 */
static void seed_many_tasks(const char *dir)
{
	const struct capture *c = &captures[NR_CAPTURES - 1];
	uint8_t rec[REC_HDR + 40] = { 0 };
	struct tep_event *ev;
	char path[4096];
	int i, sel = -1;
	FILE *f;

	for (i = 0; i < c->nr_ids && sel < 0; i++) {
		ev = tep_find_event(c->tep, c->ids[i]);
		if (ev && !strcmp(ev->name, "gup_fast") && da_group_is_ours(ev->system))
			sel = i;
	}
	snprintf(path, sizeof(path), "%s/many-tasks", dir);
	f = sel < 0 ? NULL : fopen(path, "w");
	if (!f)
		return;
	fputc(c - captures, f);
	rec[0] = sel;
	rec[1] = 1 << 4;
	rec[2] = sizeof(rec) - REC_HDR;
	for (i = 0; i < 1100; i++) {
		rec[REC_HDR + 4] = 100 + i;	/* common_pid */
		rec[REC_HDR + 5] = (100 + i) >> 8;
		fwrite(rec, sizeof(rec), 1, f);
	}
	fclose(f);
}

static int make_seeds(const char *dir, int argc, char **argv)
{
	struct tracecmd_input *h;
	const char *base;
	struct seeding s;
	size_t n;
	int i;

	for (i = 1; i < argc; i++) {
		memset(&s, 0, sizeof(s));
		s.dir = dir;
		base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		n = strlen(base);
		if (n > 4 && !strcmp(base + n - 4, ".dat"))
			n -= 4;
		snprintf(s.name, sizeof(s.name), "%.*s", (int)n, base);
		h = tracecmd_open(argv[i], TRACECMD_FL_LOAD_NO_PLUGINS);
		s.c = h ? capture_of(h) : NULL;
		if (s.c && tracecmd_iterate_events(h, NULL, 0, seed_record, &s) < 0)
			fprintf(stderr, "%s: %s: cannot write seeds\n", argv[0], argv[i]);
		if (s.f)
			fclose(s.f);
		if (h)
			tracecmd_close(h);
		printf("%s: %d seed%s\n", argv[i], s.files, s.files == 1 ? "" : "s");
	}
	seed_many_tasks(dir);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("DA_FORMATS_DIR") ?: DA_FORMATS_DIR;
	const char *seeds = getenv("DA_MAKE_SEEDS");
	size_t i;

	dmabuf_audit_set_print(fuzz_quiet);
	for (i = 0; i < NR_CAPTURES; i++)
		if (load(&captures[i], dir))
			exit(1);
	if (seeds)
		exit(make_seeds(seeds, *argc, *argv));
	return 0;
}

/* The input's next record into @rec: returns where the one after starts. */
static const uint8_t *next_record(const struct capture *c, const uint8_t *p,
				  const uint8_t *end, struct tep_record *rec,
				  unsigned int *lost)
{
	unsigned int sel, flags, len;

	if (end - p < REC_HDR)
		return NULL;
	sel = p[0];
	flags = p[1];
	len = p[2] | p[3] << 8;
	p += REC_HDR;
	if (len > (size_t)(end - p))
		len = end - p;
	rec->ts += flags >> 4;
	rec->cpu = flags & 3;
	rec->size = len;
	rec->data = malloc(len ? len : 1);
	if (!rec->data)
		abort();
	memcpy(rec->data, p, len);
	if (!(flags & 8) && len >= 2) {
		int id = c->ids[sel % c->nr_ids];

		((uint8_t *)rec->data)[0] = id;
		((uint8_t *)rec->data)[1] = id >> 8;
	}
	*lost = flags & 4 ? sel + 1 : 0;	/* 1 + the count */
	return p + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 1, *end = data + size;
	struct tep_record rec = { .ts = 1000 };
	struct dmabuf_audit_report *r;
	const struct capture *c;
	struct da_decoder *d;
	unsigned int lost;
	int err = 0;

	if (!size)
		return 0;
	c = &captures[data[0] % NR_CAPTURES];
	r = da_report_alloc(DA_SOURCE_TRACE, 4096);
	d = r ? da_decoder_alloc(c->tep, da_report_feed, r) : NULL;
	if (!d)
		abort();
	while (!err && (p = next_record(c, p, end, &rec, &lost))) {
		if (lost)
			err = da_decoder_lost(d, rec.ts, rec.cpu, lost - 1);
		err = err ?: da_decoder_feed(d, &rec);
		free(rec.data);
	}
	da_decoder_finish(d);
	da_report_set_unpaired(r, da_decoder_unpaired(d));
	if (da_decoder_missing(d))
		dmabuf_audit_report_add_note(r, "the trace lacks events");
	fuzz_write_report(r);
	da_decoder_free(d);
	dmabuf_audit_report_free(r);
	return 0;
}
