// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot source on procfs trees captured in the lab (6.1, 6.12, 7.2:
 * tests/fixtures/snapshot, one process holding a mapping of every
 * exporter), and on archives built from them: exporter naming from fdinfo
 * and bufinfo, VmFlags letters, unknown exporters, unreadable and missing
 * processes. The archive reader gets truncated, corrupted and foreign
 * input: it must say so and never read out of bounds (run under valgrind).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>

#include "dmabuf-audit.h"
#include "dmabuf-audit-local.h"
#include "archive.h"
#include "snapshot.h"
#include "unit.h"

/* vm_flags bits, include/linux/mm.h */
#define RD 0x1ULL
#define WR 0x2ULL
#define SH 0x8ULL
#define MR 0x10ULL
#define MW 0x20ULL
#define ME 0x40ULL
#define MS 0x80ULL
#define PF 0x400ULL
#define IO 0x4000ULL
#define DE 0x40000ULL
#define AR 0x1000000ULL
#define DD 0x4000000ULL
#define SD 0x8000000ULL
#define MM 0x10000000ULL
#define RW (RD | WR | SH | MR | MW | MS)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct want {
	uint64_t ino, start, end, flags;
	const char *exp;
};

/* What the captures hold, checked by hand against the exerciser's TSV. */
static const struct fixture {
	const char *name, *release;
	int pid;
	size_t n;
	struct want maps[5];
} fixtures[] = {
	{ "6.1", "6.1.0-56-amd64", 116, 3, {
		{ 3, 0x7f90ac229000, 0x7f90ac29a000, RW | ME | PF | IO | DE | AR | DD | SD,
		  "videobuf2_dma_contig" },
		{ 2, 0x7f90ac29a000, 0x7f90ac30b000, RW | ME | DE | DD | SD | MM,
		  "videobuf2_vmalloc" },
		{ 1, 0x7f90ac30b000, 0x7f90ac40b000, RW | ME | PF | DE | DD | SD, "drm" },
	} },
	{ "6.12", "6.12.118+deb13-amd64", 167, 5, {
		{ 5, 0x7f79fb26a000, 0x7f79fb2db000, RW | ME | PF | IO | DE | AR | DD | SD,
		  "videobuf2_dma_contig" },
		{ 4, 0x7f79fb2db000, 0x7f79fb34c000, RW | ME | DE | DD | SD | MM,
		  "videobuf2_vmalloc" },
		{ 3, 0x7f79fb34c000, 0x7f79fb44c000, RW | ME | PF | DE | DD | SD, "udmabuf" },
		{ 2, 0x7f79fb44c000, 0x7f79fb54c000, RW | ME | PF | IO | DE | DD | SD, "system" },
		{ 1, 0x7f79fb54c000, 0x7f79fb64c000, RW | ME | PF | DE | DD | SD, "drm" },
	} },
	{ "7", "7.2.13+deb14-amd64", 132, 5, {
		{ 5, 0x7f4fc729f000, 0x7f4fc72c5000, RW | PF | IO | DE | DD | SD,
		  "videobuf2_dma_contig" },
		{ 4, 0x7f4fc72c5000, 0x7f4fc72eb000, RW | DE | DD | SD | MM,
		  "videobuf2_vmalloc" },
		{ 3, 0x7f4fc72eb000, 0x7f4fc73eb000, RW | PF | DE | DD | SD, "udmabuf" },
		{ 2, 0x7f4fc73eb000, 0x7f4fc74eb000, RW | PF | IO | DE | DD | SD, "system" },
		{ 1, 0x7f4fc74eb000, 0x7f4fc75eb000, RW | PF | DE | DD | SD, "drm" },
	} },
};

/* small enough that paths built on them fit PATH_MAX */
static char fixture_root[PATH_MAX / 2];
static char scratch[64];

#define MAX_EVENTS 16

struct collected {
	struct da_event ev[MAX_EVENTS];
	size_t n;
};

static int collect(const struct da_event *ev, void *data)
{
	struct collected *c = data;

	CU_ASSERT_EQUAL(ev->type, DA_EV_MAP);
	if (c->n < MAX_EVENTS)
		c->ev[c->n] = *ev;
	c->n++;
	return 0;
}

static int walk(const char *root, const int *pids, size_t nr_pids,
		struct collected *c, struct da_snapshot_stats *st)
{
	struct dmabuf_audit_snapshot_opts o = {
		.sz = sizeof(o), .root = root, .pids = pids, .nr_pids = nr_pids,
	};

	memset(c, 0, sizeof(*c));
	return da_snapshot_walk(&o, collect, c, st);
}

static bool have_fixtures(void)
{
	if (!access(fixture_root, R_OK))
		return true;
	printf("SKIP: no fixtures at %s (run from the top of the tree) ", fixture_root);
	return false;
}

static void fixture_path(char *buf, size_t size, const struct fixture *f)
{
	snprintf(buf, size, "%s/%s", fixture_root, f->name);
}

/* ---- archives built from the fixtures ---- */

typedef bool (*keep_fn)(const char *rel);
typedef unsigned int (*mode_fn)(const char *rel);

static struct {
	struct da_tar *tar;
	size_t skip;
	keep_fn keep;
	mode_fn mode;
} build;

static int add_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + build.skip;
	char buf[65536];
	ssize_t n;
	int fd;

	if (type != FTW_F || (build.keep && !build.keep(rel)))
		return 0;
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	CU_ASSERT_FATAL(n >= 0);
	return da_tar_add(build.tar, rel, buf, n, build.mode ? build.mode(rel) : 0444);
}

/* Write @dir as an archive at @out, with the files @keep keeps. */
static void make_archive(const char *dir, const char *out, keep_fn keep, mode_fn mode)
{
	CU_ASSERT_FATAL(da_tar_open(out, &build.tar) == 0);
	build.skip = strlen(dir) + 1;
	build.keep = keep;
	build.mode = mode;
	CU_ASSERT(nftw(dir, add_one, 8, FTW_PHYS) == 0);
	CU_ASSERT_FATAL(da_tar_close(build.tar, 1) == 0);
}

static void *read_all(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	CU_ASSERT_FATAL(fd >= 0 && !fstat(fd, &st));
	buf = malloc(st.st_size ? st.st_size : 1);
	CU_ASSERT_FATAL(buf && read(fd, buf, st.st_size) == st.st_size);
	close(fd);
	*len = st.st_size;
	return buf;
}

static void write_all(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CU_ASSERT_FATAL(fd >= 0 && write(fd, buf, len) == (ssize_t)len);
	close(fd);
}

static int setup(void)
{
	const char *d = unit_formats_dir;

	/* the fixtures sit beside the formats: tests/unit/formats */
	if (d)
		snprintf(fixture_root, sizeof(fixture_root), "%s/../../fixtures/snapshot", d);
	else
		snprintf(fixture_root, sizeof(fixture_root), "tests/fixtures/snapshot");
	snprintf(scratch, sizeof(scratch), "/tmp/da-snapshot-XXXXXX");
	return mkdtemp(scratch) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static int teardown(void)
{
	return nftw(scratch, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void scratch_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", scratch, name);
}

/* ---- tests ---- */

static void test_letters(void)
{
	const char *s = "rd wr sh mr mw me ms pf io de ar dd sd ";

	CU_ASSERT_EQUAL(da_vm_flags_from_letters(s, strlen(s)),
			RW | ME | PF | IO | DE | AR | DD | SD);
	s = "rd mm";
	CU_ASSERT_EQUAL(da_vm_flags_from_letters(s, strlen(s)), RD | MM);
	/* kernel-dependent high bits, unknown letters, junk: nothing */
	s = "sl ui ss dp zz p pfx  \t";
	CU_ASSERT_EQUAL(da_vm_flags_from_letters(s, strlen(s)), 0);
	CU_ASSERT_EQUAL(da_vm_flags_from_letters("pf", 1), 0);
	CU_ASSERT_EQUAL(da_vm_flags_from_letters("", 0), 0);
}

static void check_fixture_events(const struct fixture *f, const struct collected *c)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(c->n, f->n);
	for (i = 0; i < f->n; i++) {
		const struct da_event *ev = &c->ev[i];
		const struct want *w = &f->maps[i];

		CU_ASSERT_EQUAL(ev->pid, f->pid);
		CU_ASSERT_EQUAL(ev->map.mm, (uint64_t)f->pid);
		CU_ASSERT_STRING_EQUAL(ev->comm, "dmabuf-audit");
		CU_ASSERT_EQUAL(ev->map.ino, w->ino);
		CU_ASSERT_EQUAL(ev->map.start, w->start);
		CU_ASSERT_EQUAL(ev->map.end, w->end);
		CU_ASSERT_EQUAL(ev->map.flags, w->flags);
		CU_ASSERT_FALSE(ev->map.flags_unknown);
		CU_ASSERT_STRING_EQUAL(ev->map.exp_name, w->exp);
		CU_ASSERT_EQUAL(ev->map.path, DA_MAP_DMABUF_FD);
		/* the buffers of the lab fill their mappings exactly */
		CU_ASSERT_EQUAL(ev->map.size, w->end - w->start);
	}
}

/* Every captured kernel, read as a directory tree. */
static void test_fixtures(void)
{
	struct da_snapshot_stats st;
	struct collected c;
	char dir[PATH_MAX];
	size_t i;

	if (!have_fixtures())
		return;
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		fixture_path(dir, sizeof(dir), &fixtures[i]);
		CU_ASSERT_EQUAL_FATAL(walk(dir, NULL, 0, &c, &st), 0);
		check_fixture_events(&fixtures[i], &c);
		CU_ASSERT_STRING_EQUAL(st.kernel, fixtures[i].release);
		CU_ASSERT(st.bufinfo);
		CU_ASSERT_EQUAL(st.processes, 1);
		CU_ASSERT_EQUAL(st.denied + st.failed + st.gone, 0);
	}
}

/* --save, then the archive as --root: the same events, the same files. */
static void test_save_and_reread(void)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct collected a, b;
	struct da_snapshot_stats st;
	char dir[PATH_MAX], tar[PATH_MAX];
	size_t i;

	if (!have_fixtures())
		return;
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		fixture_path(dir, sizeof(dir), &fixtures[i]);
		scratch_path(tar, sizeof(tar), "saved.tar");
		o.root = dir;
		o.save_path = tar;
		CU_ASSERT_EQUAL_FATAL(da_snapshot_walk(&o, collect, memset(&a, 0, sizeof(a)),
						       &st), 0);
		CU_ASSERT_EQUAL_FATAL(walk(tar, NULL, 0, &b, &st), 0);
		CU_ASSERT_EQUAL(a.n, b.n);
		CU_ASSERT(!memcmp(a.ev, b.ev, sizeof(a.ev)));
		check_fixture_events(&fixtures[i], &b);
		CU_ASSERT_STRING_EQUAL(st.kernel, fixtures[i].release);
		CU_ASSERT(st.bufinfo);
	}
}

/* The public entry point: a report of source "snapshot" with the verdicts. */
static void test_report(void)
{
	const struct fixture *f = &fixtures[2];
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	char dir[PATH_MAX], *txt = NULL;
	size_t len;
	FILE *m;

	if (!have_fixtures())
		return;
	fixture_path(dir, sizeof(dir), f);
	o.root = dir;
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_snapshot(&r, &o), 0);
	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_FAIL);
	m = open_memstream(&txt, &len);
	CU_ASSERT_EQUAL(dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, m), 0);
	fclose(m);
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"source\":\"snapshot\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"kernel\":\"7.2.13+deb14-amd64\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"method\":\"procfs maps/smaps/fdinfo/bufinfo"));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"gup_observed\":false"));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"complete\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"kind\":\"not_pfnmap\""));
	free(txt);
	dmabuf_audit_report_free(r);
}

static bool no_fdinfo(const char *rel)
{
	return !strstr(rel, "/fdinfo/");
}

static bool no_names(const char *rel)
{
	return no_fdinfo(rel) && !strstr(rel, "bufinfo");
}

/* A buffer whose fd was closed: bufinfo names it; without it, nobody does. */
static void test_exporter_sources(void)
{
	const struct fixture *f = &fixtures[1];
	struct da_snapshot_stats st;
	char dir[PATH_MAX], tar[PATH_MAX];
	struct collected c;
	size_t i;

	if (!have_fixtures())
		return;
	fixture_path(dir, sizeof(dir), f);
	scratch_path(tar, sizeof(tar), "bufinfo-only.tar");
	make_archive(dir, tar, no_fdinfo, NULL);
	CU_ASSERT_EQUAL_FATAL(walk(tar, NULL, 0, &c, &st), 0);
	check_fixture_events(f, &c);

	scratch_path(tar, sizeof(tar), "unnamed.tar");
	make_archive(dir, tar, no_names, NULL);
	CU_ASSERT_EQUAL_FATAL(walk(tar, NULL, 0, &c, &st), 0);
	CU_ASSERT_FALSE(st.bufinfo);
	CU_ASSERT_EQUAL_FATAL(c.n, f->n);
	for (i = 0; i < c.n; i++) {
		CU_ASSERT_STRING_EQUAL(c.ev[i].map.exp_name, "");
		CU_ASSERT_EQUAL(c.ev[i].map.flags, f->maps[i].flags);
		CU_ASSERT_EQUAL(c.ev[i].map.size, 0);
	}
}

static const char *report_json(struct dmabuf_audit_report *r, char **txt)
{
	size_t len;
	FILE *m = open_memstream(txt, &len);

	dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, m);
	fclose(m);
	return *txt;
}

/* Unnamed mappings are reported under "(unknown)", not dropped. */
static void test_unknown_in_report(void)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	char dir[PATH_MAX], tar[PATH_MAX], *txt = NULL;

	if (!have_fixtures())
		return;
	fixture_path(dir, sizeof(dir), &fixtures[0]);
	scratch_path(tar, sizeof(tar), "unnamed-6.1.tar");
	make_archive(dir, tar, no_names, NULL);
	o.root = tar;
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_snapshot(&r, &o), 0);
	report_json(r, &txt);
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"name\":\"(unknown)\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"mmaps\":3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "\"mmaps_pfnmap\":2"));
	CU_ASSERT_PTR_NULL(strstr(txt, "bufinfo"));
	free(txt);
	dmabuf_audit_report_free(r);
}

static unsigned int maps_unreadable(const char *rel)
{
	return strstr(rel, "/maps") ? 0 : 0444;
}

/* A process that cannot be read is a note, and the report is incomplete. */
static void test_unreadable(void)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	struct da_snapshot_stats st;
	char dir[PATH_MAX], tar[PATH_MAX], *txt = NULL;
	struct collected c;

	if (!have_fixtures())
		return;
	fixture_path(dir, sizeof(dir), &fixtures[1]);
	scratch_path(tar, sizeof(tar), "unreadable.tar");
	make_archive(dir, tar, NULL, maps_unreadable);
	CU_ASSERT_EQUAL_FATAL(walk(tar, NULL, 0, &c, &st), 0);
	CU_ASSERT_EQUAL(c.n, 0);
	CU_ASSERT_EQUAL(st.denied, 1);
	CU_ASSERT_EQUAL(st.processes, 0);
	o.root = tar;
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_snapshot(&r, &o), 0);
	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_INCOMPLETE);
	report_json(r, &txt);
	CU_ASSERT_PTR_NOT_NULL(strstr(txt, "could not read 1 process (permission denied)"));
	free(txt);
	dmabuf_audit_report_free(r);
}

/* The same in a directory: a file with no read bit reads as EACCES, root or not. */
static void test_unreadable_dir(void)
{
	char path[PATH_MAX], root[128];
	struct da_snapshot_stats st;
	struct collected c;
	const int pids[] = { 42, 43 };

	scratch_path(root, sizeof(root), "tree");
	CU_ASSERT_FATAL(!mkdir(root, 0755));
	snprintf(path, sizeof(path), "%s/proc", root);
	CU_ASSERT_FATAL(!mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/proc/42", root);
	CU_ASSERT_FATAL(!mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/proc/42/maps", root);
	write_all(path, "", 0);
	CU_ASSERT_FATAL(chmod(path, 0) == 0);
	/* 43 was asked for, but is not there */
	CU_ASSERT_EQUAL_FATAL(walk(root, pids, 2, &c, &st), 0);
	CU_ASSERT_EQUAL(st.denied, 1);
	CU_ASSERT_EQUAL(st.gone, 1);
	CU_ASSERT_EQUAL(st.gone_pid, 43);
	CU_ASSERT_EQUAL(c.n, 0);
	/* not asked for by pid: a process that went away is no news */
	CU_ASSERT_EQUAL_FATAL(walk(root, NULL, 0, &c, &st), 0);
	CU_ASSERT_EQUAL(st.denied, 1);
	CU_ASSERT_EQUAL(st.gone, 0);
}

/* --pid of a readable process: a complete report; of a missing one: a note. */
static void test_pids(void)
{
	const struct fixture *f = &fixtures[2];
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	char dir[PATH_MAX], *txt = NULL;
	int pids[2] = { f->pid, 999999 };

	if (!have_fixtures())
		return;
	fixture_path(dir, sizeof(dir), f);
	o.root = dir;
	o.pids = pids;
	o.nr_pids = 1;
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_snapshot(&r, &o), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(report_json(r, &txt), "\"complete\":true"));
	free(txt);
	dmabuf_audit_report_free(r);
	o.nr_pids = 2;
	CU_ASSERT_EQUAL_FATAL(dmabuf_audit_snapshot(&r, &o), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(report_json(r, &txt), "process 999999 does not exist"));
	CU_ASSERT_EQUAL(dmabuf_audit_report_status(r), DMABUF_AUDIT_FAIL);
	free(txt);
	dmabuf_audit_report_free(r);
}

/* ---- the archive reader on bad input ---- */

static int quiet(enum dmabuf_audit_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* A small archive of known layout, made by the writer. */
static void *sample_archive(size_t *len)
{
	static const char maps[] =
		"7f0000000000-7f0000001000 rw-s 00000000 00:0c 7                          /dmabuf:\n";
	static const char smaps[] =
		"7f0000000000-7f0000001000 rw-s 00000000 00:0c 7                          /dmabuf:\n"
		"Size:                  4 kB\nVmFlags: rd wr sh mr mw ms de dd sd mm \n";
	static const char fdinfo[] = "ino:\t7\nsize:\t4096\nexp_name:\tfoo\n";
	char path[PATH_MAX];
	struct da_tar *t;

	scratch_path(path, sizeof(path), "sample.tar");
	CU_ASSERT_FATAL(da_tar_open(path, &t) == 0);
	da_tar_add(t, "proc/sys/kernel/osrelease", "7.2.13+deb14-amd64\n", 19, 0444);
	da_tar_add(t, "proc/7/comm", "holder\n", 7, 0444);
	da_tar_add(t, "proc/7/maps", maps, strlen(maps), 0444);
	da_tar_add(t, "proc/7/smaps", smaps, strlen(smaps), 0444);
	da_tar_add(t, "proc/7/fdinfo/3", fdinfo, strlen(fdinfo), 0444);
	CU_ASSERT_FATAL(da_tar_close(t, 1) == 0);
	return read_all(path, len);
}

static void test_sample(void)
{
	struct da_snapshot_stats st;
	char path[PATH_MAX];
	struct collected c;

	scratch_path(path, sizeof(path), "sample.tar");
	free(sample_archive(&(size_t){ 0 }));
	CU_ASSERT_EQUAL_FATAL(walk(path, NULL, 0, &c, &st), 0);
	CU_ASSERT_EQUAL_FATAL(c.n, 1);
	CU_ASSERT_STRING_EQUAL(c.ev[0].map.exp_name, "foo");
	CU_ASSERT_STRING_EQUAL(c.ev[0].comm, "holder");
	CU_ASSERT_EQUAL(c.ev[0].map.size, 4096);
	CU_ASSERT_EQUAL(c.ev[0].map.flags, RW | DE | DD | SD | MM);
	CU_ASSERT_STRING_EQUAL(st.kernel, "7.2.13+deb14-amd64");
}

/* Parse, and if that works, walk it: neither may crash or leak. */
static int parse_and_walk(const void *buf, size_t len)
{
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	struct da_archive *a;
	char why[160], path[PATH_MAX];
	int err;

	err = da_archive_parse(buf, len, &a, why, sizeof(why));
	da_archive_free(a);
	if (err) {
		CU_ASSERT(err == -DMABUF_AUDIT_ERR_FORMAT || err == -DMABUF_AUDIT_ERR_TRUNCATED);
		CU_ASSERT(why[0] != '\0');
		return err;
	}
	scratch_path(path, sizeof(path), "damaged.tar");
	write_all(path, buf, len);
	o.root = path;
	if (!dmabuf_audit_snapshot(&r, &o))
		dmabuf_audit_report_free(r);
	return 0;
}

/* Cut anywhere before the end blocks: truncated, never accepted. */
static void test_truncated(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(quiet);
	size_t len, cut;
	char *buf = sample_archive(&len);

	/* the writer ends with two zero blocks; one is enough to end */
	for (cut = 0; cut < len - 512; cut += cut % 512 < 3 || cut % 512 > 508 ? 1 : 37)
		CU_ASSERT_EQUAL(parse_and_walk(buf, cut), -DMABUF_AUDIT_ERR_TRUNCATED);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len - 512), 0);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), 0);
	free(buf);
	dmabuf_audit_set_print(old);
}

/* Flip each byte of the headers and some of the data. */
static void test_flipped(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(quiet);
	size_t len, i;
	char *buf = sample_archive(&len);

	for (i = 0; i < len; i += i % 1024 < 512 ? 1 : 13) {
		buf[i] ^= 0xa5;
		parse_and_walk(buf, len);
		buf[i] ^= 0xa5;
	}
	/* a flip in a header's name is caught by its checksum */
	buf[512 * 2 + 3] ^= 1;
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), -DMABUF_AUDIT_ERR_FORMAT);
	free(buf);
	dmabuf_audit_set_print(old);
}

/* Set the checksum of the header at @h after editing it. */
static void reseal(unsigned char *h)
{
	unsigned int sum = 0, i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

/* Headers that pass their checksum but lie. */
static void test_lying_headers(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(quiet);
	unsigned char *h;
	size_t len;
	char *buf = sample_archive(&len);

	h = (unsigned char *)buf;
	memcpy(h + 124, "77777777777", 11);	/* a size beyond the buffer */
	reseal(h);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), -DMABUF_AUDIT_ERR_TRUNCATED);
	memcpy(h + 124, "0000000009x", 11);	/* not octal */
	reseal(h);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), -DMABUF_AUDIT_ERR_FORMAT);
	memcpy(h + 124, "00000000023", 11);
	memcpy(h + 257, "junk!", 5);		/* a pre-POSIX tar: not ours */
	reseal(h);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), -DMABUF_AUDIT_ERR_FORMAT);
	memcpy(h + 257, "ustar", 5);
	memset(h, 'a', 100);			/* a name filling its field */
	reseal(h);
	CU_ASSERT_EQUAL(parse_and_walk(buf, len), 0);
	free(buf);
	dmabuf_audit_set_print(old);
}

/* Empty, zeros, random bytes, a tar of something else, not a file at all. */
static void test_foreign(void)
{
	dmabuf_audit_print_fn_t old = dmabuf_audit_set_print(quiet);
	struct dmabuf_audit_snapshot_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	char zeros[1024] = { 0 }, noise[4096], path[PATH_MAX];
	struct da_archive *a;
	struct da_tar *t;
	size_t i;

	CU_ASSERT_EQUAL(parse_and_walk("", 0), -DMABUF_AUDIT_ERR_TRUNCATED);
	CU_ASSERT_EQUAL(da_archive_parse(zeros, sizeof(zeros), &a, path, 64), 0);
	da_archive_free(a);
	srand(1);
	for (i = 0; i < sizeof(noise); i++)
		noise[i] = rand();
	CU_ASSERT_EQUAL(parse_and_walk(noise, sizeof(noise)), -DMABUF_AUDIT_ERR_FORMAT);
	scratch_path(path, sizeof(path), "foreign.tar");
	CU_ASSERT_FATAL(da_tar_open(path, &t) == 0);
	da_tar_add(t, "src/main.c", "int main;\n", 10, 0644);
	CU_ASSERT_FATAL(da_tar_close(t, 1) == 0);
	o.root = path;
	CU_ASSERT_EQUAL(dmabuf_audit_snapshot(&r, &o), -DMABUF_AUDIT_ERR_FORMAT);
	o.root = "/dev/null";
	CU_ASSERT_EQUAL(dmabuf_audit_snapshot(&r, &o), -EINVAL);
	o.root = "/nonexistent/snapshot.tar";
	CU_ASSERT_EQUAL(dmabuf_audit_snapshot(&r, &o), -ENOENT);
	o.root = scratch;	/* a directory without proc/ */
	CU_ASSERT_EQUAL(dmabuf_audit_snapshot(&r, &o), -ENOENT);
	o.root = "/";
	o.save_path = "/nonexistent/dir/s.tar";
	CU_ASSERT_EQUAL(dmabuf_audit_snapshot(&r, &o), -ENOENT);
	dmabuf_audit_set_print(old);
}

static int count_name(const char *name, void *data)
{
	(*(int *)data)++;
	return 0;
}

/* Long names (ustar prefix), "./" in front, a file stored twice. */
static void test_paths(void)
{
	char path[PATH_MAX], lng[160];
	const struct da_archive_file *f;
	struct da_archive *a;
	struct da_tar *t;
	char why[160], *buf;
	size_t len;
	int n = 0;

	memset(lng, 'x', sizeof(lng));
	memcpy(lng, "proc/", 5);
	lng[70] = '/';
	lng[sizeof(lng) - 1] = '\0';
	scratch_path(path, sizeof(path), "paths.tar");
	CU_ASSERT_FATAL(da_tar_open(path, &t) == 0);
	CU_ASSERT_EQUAL(da_tar_add(t, lng, "long", 4, 0444), 0);
	CU_ASSERT_EQUAL(da_tar_add(t, "proc/1/maps", "old", 3, 0444), 0);
	CU_ASSERT_EQUAL(da_tar_add(t, "proc/1/maps", "new", 3, 0444), 0);
	CU_ASSERT_EQUAL(da_tar_add(t, "proc/10/maps", "", 0, 0), 0);
	CU_ASSERT_FATAL(da_tar_close(t, 1) == 0);
	buf = read_all(path, &len);
	CU_ASSERT_FATAL(da_archive_parse(buf, len, &a, why, sizeof(why)) == 0);
	f = da_archive_find(a, lng);
	CU_ASSERT(f && f->size == 4 && !memcmp(f->data, "long", 4));
	f = da_archive_find(a, "proc/1/maps");
	CU_ASSERT(f && f->size == 3 && !memcmp(f->data, "new", 3));
	f = da_archive_find(a, "proc/10/maps");
	CU_ASSERT(f && f->size == 0 && f->mode == 0);
	CU_ASSERT_PTR_NULL(da_archive_find(a, "proc/1"));
	CU_ASSERT_EQUAL(da_archive_list(a, "proc", count_name, &n), 0);
	CU_ASSERT_EQUAL(n, 3);	/* "1", "10" and the long one */
	CU_ASSERT_EQUAL(da_archive_list(a, "sys", count_name, &n), -ENOENT);
	da_archive_free(a);
	free(buf);
}

/* A .tar.gz: told by its magic, inflated within the bound, else refused. */
static void test_gzip(void)
{
	size_t len, zlen, n;
	char *buf = sample_archive(&len), why[160];
	unsigned char z[1 << 16];
	z_stream s = { 0 };
	void *out;

	CU_ASSERT_FATAL(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				     Z_DEFAULT_STRATEGY) == Z_OK);
	s.next_in = (unsigned char *)buf;
	s.avail_in = len;
	s.next_out = z;
	s.avail_out = sizeof(z);
	CU_ASSERT_FATAL(deflate(&s, Z_FINISH) == Z_STREAM_END);
	zlen = sizeof(z) - s.avail_out;
	deflateEnd(&s);
	CU_ASSERT(da_gzip_is(z, zlen));
	CU_ASSERT(!da_gzip_is(buf, len));
	/* exactly the bound fits; a byte less is too big */
	CU_ASSERT_EQUAL_FATAL(da_gunzip(z, zlen, len, &out, &n, why, sizeof(why)), 0);
	CU_ASSERT(n == len && !memcmp(out, buf, len));
	free(out);
	CU_ASSERT_EQUAL(da_gunzip(z, zlen, len - 1, &out, &n, why, sizeof(why)), -EFBIG);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(da_gunzip(z, zlen - 10, len, &out, &n, why, sizeof(why)),
			-DMABUF_AUDIT_ERR_TRUNCATED);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "truncated"));
	z[zlen - 5] ^= 0xff;	/* the CRC of the trailer */
	CU_ASSERT_EQUAL(da_gunzip(z, zlen, len, &out, &n, why, sizeof(why)),
			-DMABUF_AUDIT_ERR_FORMAT);
	free(buf);
}

int add_snapshot_suites(void)
{
	CU_pSuite s = CU_add_suite("snapshot", setup, teardown);

	if (!s ||
	    !CU_add_test(s, "VmFlags letters", test_letters) ||
	    !CU_add_test(s, "lab captures 6.1, 6.12, 7.2", test_fixtures) ||
	    !CU_add_test(s, "save, then read the archive", test_save_and_reread) ||
	    !CU_add_test(s, "report", test_report) ||
	    !CU_add_test(s, "exporter from fdinfo, bufinfo, nothing", test_exporter_sources) ||
	    !CU_add_test(s, "unknown exporter in the report", test_unknown_in_report) ||
	    !CU_add_test(s, "unreadable process in an archive", test_unreadable) ||
	    !CU_add_test(s, "unreadable and missing processes", test_unreadable_dir) ||
	    !CU_add_test(s, "--pid", test_pids) ||
	    !CU_add_test(s, "small archive", test_sample) ||
	    !CU_add_test(s, "truncated archives", test_truncated) ||
	    !CU_add_test(s, "flipped bytes", test_flipped) ||
	    !CU_add_test(s, "lying headers", test_lying_headers) ||
	    !CU_add_test(s, "foreign input", test_foreign) ||
	    !CU_add_test(s, "archive paths", test_paths) ||
	    !CU_add_test(s, "gzip'ed archives", test_gzip))
		return -1;
	return 0;
}
