// SPDX-License-Identifier: GPL-2.0
/*
 * The libtraceevent plugin as trace-cmd would load it: from
 * TRACEEVENT_PLUGIN_DIR, through tep_load_plugins(), before the formats are
 * parsed. The formats are the real ones captured on Debian 6.1, 6.12 and
 * 7.2 (tests/unit/formats); records are built byte by byte against them
 * and printed through tep_print_event(), and each line is compared whole,
 * so a field read at the wrong offset, width or sign shows.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "unit.h"
#include "../slurp.h"

static struct tep_handle *tep;
static struct tep_plugin_list *plugins;

static int plugin_setup(void)
{
	if (!unit_plugin_dir)
		return 0;
	setenv("TRACEEVENT_PLUGIN_DIR", unit_plugin_dir, 1);
	tep = tep_alloc();
	if (!tep)
		return -1;
	plugins = tep_load_plugins(tep);
	return 0;
}

static int plugin_teardown(void)
{
	if (tep) {
		tep_unload_plugins(plugins, tep);
		tep_free(tep);
	}
	return 0;
}

static void test_plugin_loads_with_option(void)
{
	struct trace_seq s;

	if (!unit_plugin_dir) {
		printf("SKIP: no --plugin-dir given ");
		return;
	}
	trace_seq_init(&s);
	tep_print_plugins(&s, "", "\n", plugins);
	trace_seq_terminate(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s.buffer, "plugin_dmabuf_audit.so"));
	trace_seq_reset(&s);
	tep_plugin_print_options(&s);
	trace_seq_terminate(&s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s.buffer, "plugin:\tdmabuf_audit\n  option:\tverdict"));
	trace_seq_destroy(&s);
}

/* Values as a videobuf2 / vgem mapping in the lab would give them. */
#define VMA		0xffff888100001000ULL
#define MM_A		0xffff888001000000ULL
#define MM_B		0xffff888002000000ULL
#define UA		0x7f0000000000ULL
#define UA_END		(UA + 152 * 1024)
#define FUNC		0xffffffff81234560ULL
#define RET_IP		0xffffffff81234567ULL
/* vgem: "rd wr sh mr mw ms pf de dd" */
#define FLAGS_PFN	0x040404bbULL
#define TEXT_PFN	"VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|" \
			"VM_MAYSHARE|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP"
/* videobuf2_vmalloc: "rd wr sh mr mw ms de dd mm" */
#define FLAGS_MIXED	0x140400bbULL
#define TEXT_MIXED	"VM_READ|VM_WRITE|VM_SHARED|VM_MAYREAD|VM_MAYWRITE|" \
			"VM_MAYSHARE|VM_DONTEXPAND|VM_DONTDUMP|VM_MIXEDMAP"
#define RANGE		"0x7f0000000000-0x7f0000026000 (152 KiB)"

/* Copies of our formats under other systems, with IDs moved past the real ones. */
#define FOREIGN_FIRST	"kprobes"		/* parsed before ours */
#define FOREIGN_LOOKALIKE "dmabuf_audit_12x"	/* not digits: not ours */
#define SECOND_GROUP	"dmabuf_audit"		/* ours too, parsed after */

struct kern {
	const char *name;	/* the fixture: NAME.txt */
	bool ret_has_vma;	/* the mmap return probes carry the VMA */
	bool vma_final;		/* perf_event_mmap probe (6.1) */
	bool own_mmap_id;	/* kprobe, not the dma_buf tracepoint (7.2) */
	struct tep_handle *tep;
	struct tep_plugin_list *plugins;
	char group[64];		/* our group in that capture */
};

static struct kern kernels[] = {
	{ .name = "6.1", .ret_has_vma = false, .vma_final = true, .own_mmap_id = true },
	{ .name = "6.12", .ret_has_vma = true, .vma_final = false, .own_mmap_id = true },
	{ .name = "7", .ret_has_vma = true, .vma_final = false, .own_mmap_id = false },
	/* 7.2 probed since the GEM export's driver is read: our kprobe again */
	{ .name = "7-driver", .ret_has_vma = true, .vma_final = false, .own_mmap_id = true },
};

#define NR_KERNELS	(sizeof(kernels) / sizeof(kernels[0]))
#define FOREACH_KERN(k)	for (k = kernels; k < kernels + NR_KERNELS; k++)

static const char *formats_dir(void)
{
	return unit_formats_dir ? unit_formats_dir : "tests/unit/formats";
}

static char *read_fixture(const char *kernel)
{
	char path[PATH_MAX], *buf;
	size_t size = 0;

	snprintf(path, sizeof(path), "%s/%s.txt", formats_dir(), kernel);
	buf = slurp(path, &size);
	if (buf && !size) {	/* an empty fixture is a missing one */
		free(buf);
		buf = NULL;
	}
	return buf;
}

static bool captured_group(const char *sys)
{
	return !strncmp(sys, "dmabuf_audit_", strlen("dmabuf_audit_"));
}

/* The format text with "ID: n" made "ID: n + @id_add": IDs are unique in a tep. */
static char *move_id(const char *fmt, int len, int id_add)
{
	const char *id = strstr(fmt, "\nID: "), *rest;
	char *out;

	if (!id || id - fmt > len)
		return NULL;
	rest = strchr(id + 1, '\n');
	if (asprintf(&out, "%.*sID: %d%.*s", (int)(id + 1 - fmt), fmt,
		     atoi(id + 5) + id_add, (int)(fmt + len - rest), rest) < 0)
		return NULL;
	return out;
}

/*
 * Parse one "### /sys/kernel/tracing/events/SYS/EVENT/format" section.
 * With @as set, only our group's sections count, parsed under system @as.
 */
static int parse_section(struct tep_handle *t, const char *sec, int len,
			 const char *as, int id_add, char *group)
{
	const char *sys = strstr(sec, "/events/"), *fmt = strchr(sec, '\n');
	char name[64], *moved;
	int err;

	if (!sys || !fmt || sscanf(sys, "/events/%63[^/]", name) != 1)
		return -1;
	fmt++;
	len -= fmt - sec;
	if (captured_group(name) && group)
		strcpy(group, name);
	if (!as)
		return tep_parse_event(t, fmt, len, name) ? -1 : 0;
	if (!captured_group(name))
		return 0;
	moved = move_id(fmt, len, id_add);
	err = !moved || tep_parse_event(t, moved, strlen(moved), as);
	free(moved);
	return err ? -1 : 0;
}

static int parse_fixture(struct tep_handle *t, const char *text, const char *as,
			 int id_add, char *group)
{
	const char *sec = strstr(text, "### "), *next;

	for (; sec; sec = next) {
		next = strstr(sec + 1, "\n### ");
		if (next)
			next++;
		if (parse_section(t, sec, next ? next - sec : (int)strlen(sec),
				  as, id_add, group))
			return -1;
	}
	return 0;
}

/*
 * Like a trace holding our group next to a foreign event of the same name
 * parsed before it, a second group of ours and a lookalike after it: each
 * takes one of the plugin's handlers waiting by name.
 */
static int load_kernel(struct kern *k)
{
	char *text = read_fixture(k->name);
	int err = -1;

	k->tep = tep_alloc();
	if (!text || !k->tep)
		goto out;
	tep_set_long_size(k->tep, 8);
	k->plugins = tep_load_plugins(k->tep);
	err = parse_fixture(k->tep, text, FOREIGN_FIRST, 10000, NULL) ||
	      parse_fixture(k->tep, text, NULL, 0, k->group) ||
	      parse_fixture(k->tep, text, SECOND_GROUP, 20000, NULL) ||
	      parse_fixture(k->tep, text, FOREIGN_LOOKALIKE, 30000, NULL);
out:
	if (err)
		fprintf(stderr, "cannot load %s/%s.txt\n", formats_dir(), k->name);
	free(text);
	return err ? -1 : 0;
}

static void unload_kernel(struct kern *k)
{
	if (!k->tep)
		return;
	tep_unload_plugins(k->plugins, k->tep);
	tep_free(k->tep);
	k->tep = NULL;
	k->plugins = NULL;
}

static int print_setup(void)
{
	struct kern *k;

	if (!unit_plugin_dir)
		return 0;
	setenv("TRACEEVENT_PLUGIN_DIR", unit_plugin_dir, 1);
	FOREACH_KERN(k)
		if (load_kernel(k))
			return -1;
	return 0;
}

static int print_teardown(void)
{
	struct kern *k;

	FOREACH_KERN(k)
		unload_kernel(k);
	return 0;
}

struct fv {
	const char *name;
	unsigned long long num;
	const char *str;	/* a __data_loc string when set */
};

#define NUM(n, v)	{ (n), (v), NULL }
#define STR(n, s)	{ (n), 0, (s) }
#define END		{ NULL, 0, NULL }

struct rec_buf {
	unsigned char data[512];
	int size;
};

/* Where the fixed part ends: __data_loc strings go after it. */
static int fixed_size(struct tep_event *e)
{
	struct tep_format_field *lists[] = { e->format.common_fields, e->format.fields };
	struct tep_format_field *f;
	int end = 0;
	size_t i;

	for (i = 0; i < 2; i++)
		for (f = lists[i]; f; f = f->next)
			if (f->offset + f->size > end)
				end = f->offset + f->size;
	return end;
}

/* Little-endian host, as the captures: the low bytes of @v are the field. */
static void put(struct rec_buf *r, struct tep_event *e, const struct fv *v)
{
	struct tep_format_field *f = tep_find_any_field(e, v->name);
	unsigned int len, loc;

	if (!f)
		return;	/* 6.1's returns have no VMA: the same values fit all */
	if (!v->str) {
		memcpy(r->data + f->offset, &v->num, f->size);
		return;
	}
	len = strlen(v->str) + 1;
	loc = len << 16 | r->size;
	memcpy(r->data + f->offset, &loc, sizeof(loc));
	memcpy(r->data + r->size, v->str, len);
	r->size += len;
}

static void build(struct rec_buf *r, struct tep_event *e, const struct fv *fv)
{
	const struct fv common[] = {
		NUM("common_type", e->id), NUM("common_pid", 4242),
		STR("comm", "exerciser"),
	};
	size_t i;

	memset(r, 0, sizeof(*r));
	r->size = fixed_size(e);
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		put(r, e, &common[i]);
	for (; fv && fv->name; fv++)
		put(r, e, fv);
}

/* Print a record of SYS:NAME and compare the line with @want. */
static void expect(struct tep_handle *t, const char *sys, const char *name,
		   const struct fv *fv, const char *want)
{
	struct tep_event *e = tep_find_event_by_name(t, sys, name);
	struct tep_record record = { 0 };
	struct rec_buf r;
	struct trace_seq s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	build(&r, e, fv);
	record.data = r.data;
	record.size = r.size;
	trace_seq_init(&s);
	tep_print_event(t, &s, &record, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	if (strcmp(s.buffer, want))
		printf("\n  %s:%s\n    got  \"%s\"\n    want \"%s\"\n", sys, name,
		       s.buffer, want);
	CU_ASSERT_STRING_EQUAL(s.buffer, want);
	trace_seq_destroy(&s);
}

static bool ready(void)
{
	if (unit_plugin_dir)
		return true;
	printf("SKIP: no --plugin-dir given ");
	return false;
}

#define MAPPING(flags, r)	NUM("ret", (unsigned int)(r)), NUM("vma", VMA), \
	NUM("mm", MM_A), NUM("start", UA), NUM("end", UA_END), NUM("flags", flags)

static void expect_rets(const struct kern *k, const struct fv *fv, const char *want)
{
	expect(k->tep, k->group, "mmap_ret", fv, want);
	expect(k->tep, k->group, "mmap_fwd_ret", fv, want);
}

static void test_pfnmap_pass(void)
{
	const struct fv fv[] = { MAPPING(FLAGS_PFN, 0), END };
	const char *line = "ret=0 " RANGE " vm_flags=0x40404bb " TEXT_PFN " PASS: VM_PFNMAP";
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		expect_rets(k, fv, k->ret_has_vma ? line : "ret=0");
		/* every file mapping comes here: no verdict */
		if (k->vma_final)
			expect(k->tep, k->group, "vma_final", fv,
			       "vma=0xffff888100001000 " RANGE " vm_flags=0x40404bb " TEXT_PFN);
	}
}

static void test_mixedmap_fail(void)
{
	const struct fv fv[] = { MAPPING(FLAGS_MIXED, 0), END };
	const char *line = "ret=0 " RANGE " vm_flags=0x140400bb " TEXT_MIXED
			   " FAIL: not VM_PFNMAP";
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k)
		if (k->ret_has_vma)
			expect_rets(k, fv, line);
}

/* No mapping came of it: the VMA's fields are not printed. */
static void test_failed_mmap(void)
{
	const struct fv fv[] = { MAPPING(FLAGS_MIXED, -22), END };
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k)
		expect_rets(k, fv, "ret=-22 EINVAL failed");
}

static void test_gup_verdicts(void)
{
	const struct fv pinned[] = { NUM("ret", 16), END };
	const struct fv refused[] = { NUM("ret", (unsigned int)-14), END };
	const struct fv none[] = { NUM("ret", 0), END };
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		expect(k->tep, k->group, "gup_fast_ret", pinned, "ret=16 pinned");
		expect(k->tep, k->group, "gup_slow_ret", pinned, "ret=16 pinned");
		expect(k->tep, k->group, "gup_fast_ret", refused, "ret=-14 EFAULT refused");
		expect(k->tep, k->group, "gup_slow_ret", refused, "ret=-14 EFAULT refused");
		expect(k->tep, k->group, "gup_slow_ret", none, "ret=0");
	}
}

/* 7.2's identity comes from the kernel's own tracepoint: left as it is. */
static void test_mmap_id(void)
{
	const struct fv fv[] = {
		STR("exp_name", "videobuf2_vmalloc"), NUM("size", 155648),
		NUM("ino", 4), NUM("vma", VMA), END,
	};
	const char *line = "exporter=videobuf2_vmalloc size=155648 ino=4 vma=0xffff888100001000";
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		if (!k->own_mmap_id) {
			expect(k->tep, "dma_buf", "dma_buf_mmap_internal", fv,
			       "exp_name=videobuf2_vmalloc size=155648 ino=4");
			continue;
		}
		expect(k->tep, k->group, "mmap_id", fv, line);
		expect(k->tep, k->group, "mmap_fwd_id", fv, line);
	}
}

/* The driver behind "drm", where the probe read it; "(unknown)" elsewhere. */
static void test_mmap_id_driver(void)
{
	const struct fv fv[] = {
		STR("exp_name", "drm"), NUM("size", 65536), NUM("ino", 6),
		NUM("vma", VMA), STR("driver", "vgem"), END,
	};
	const struct fv fault[] = {
		STR("exp_name", "drm"), NUM("size", 65536), NUM("ino", 6),
		NUM("vma", VMA), STR("driver", ""), END,
	};
	struct kern *k;
	bool has;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		if (!k->own_mmap_id)
			continue;
		has = tep_find_field(tep_find_event_by_name(k->tep, k->group, "mmap_id"),
				     "driver");
		expect(k->tep, k->group, "mmap_id", fv, has ?
		       "exporter=drm driver=vgem size=65536 ino=6 vma=0xffff888100001000" :
		       "exporter=drm driver=(unknown) size=65536 ino=6 vma=0xffff888100001000");
		expect(k->tep, k->group, "mmap_fwd_id", fault,
		       "exporter=drm driver=(unknown) size=65536 ino=6 vma=0xffff888100001000");
		CU_ASSERT_EQUAL(has, !strcmp(k->name, "7-driver"));
	}
}

/*
 * 6.1: the VMA's flags come in vma_final after the mmap_id that named the
 * VMA: that vma_final line gets the verdict, once; other file mappings none.
 */
static void test_vma_final_verdict(void)
{
	const struct fv id[] = { STR("exp_name", "videobuf2_vmalloc"), NUM("size", 155648),
				 NUM("ino", 4), NUM("vma", VMA + 0x100), END };
	const struct fv map[] = { NUM("vma", VMA + 0x100), NUM("mm", MM_A), NUM("start", UA),
				  NUM("end", UA_END), NUM("flags", FLAGS_MIXED), END };
	const struct fv other[] = { NUM("vma", VMA + 0x200), NUM("mm", MM_A),
				    NUM("start", UA), NUM("end", UA_END),
				    NUM("flags", FLAGS_MIXED), END };
	const char *line = "vma=0xffff888100001100 " RANGE " vm_flags=0x140400bb " TEXT_MIXED;
	struct kern *k = &kernels[0];

	if (!ready())
		return;
	CU_ASSERT_FATAL(k->vma_final);
	expect(k->tep, k->group, "mmap_id", id,
	       "exporter=videobuf2_vmalloc size=155648 ino=4 vma=0xffff888100001100");
	expect(k->tep, k->group, "vma_final", other,
	       "vma=0xffff888100001200 " RANGE " vm_flags=0x140400bb " TEXT_MIXED);
	{
		char want[512];

		snprintf(want, sizeof(want), "%s FAIL: not VM_PFNMAP", line);
		expect(k->tep, k->group, "vma_final", map, want);
		/* judged once: the VMA is forgotten */
		expect(k->tep, k->group, "vma_final", map, line);
	}
}

/*
 * mremap's copy_vma: the old place from the page offsets and the trace's
 * page size (raw offsets when the trace has none), then the new VMA.
 */
static void expect_moves(struct kern *k)
{
	const struct fv move[] = { NUM("vma", 0xffff888100001000ULL), NUM("mm", MM_A),
				   NUM("start", UA), NUM("pgoff", 10),
				   NUM("file", 0xffff888200000000ULL),
				   NUM("new_start", 0x7f0000100000ULL), NUM("len", 0x3000),
				   NUM("new_pgoff", 12), END };
	const struct fv moved[] = { NUM("ret", 0xffff888100002000ULL), END };
	const struct fv failed[] = { NUM("ret", 0), END };
	int ps = tep_get_page_size(k->tep);

	tep_set_page_size(k->tep, 0);
	expect(k->tep, k->group, "vma_move", move,
	       "vma=0xffff888100001000 mm=0xffff888001000000 vm_start=0x7f0000000000 "
	       "pgoff=10 -> 0x7f0000100000 len=12288 pgoff=12");
	tep_set_page_size(k->tep, 4096);
	expect(k->tep, k->group, "vma_move", move,
	       "vma=0xffff888100001000 mm=0xffff888001000000 0x7f0000002000-0x7f0000005000 "
	       "-> 0x7f0000100000-0x7f0000103000 (12 KiB)");
	tep_set_page_size(k->tep, ps);
	expect(k->tep, k->group, "vma_move_ret", moved, "new vma=0xffff888100002000");
	expect(k->tep, k->group, "vma_move_ret", failed, "new vma=NULL: nothing moved");
}

static void test_other_events(void)
{
	const struct fv gup[] = { NUM("start", UA), NUM("nr", 16), NUM("mm", MM_A), END };
	const struct fv vma[] = { MAPPING(FLAGS_PFN, 0), END };
	const struct fv fork[] = { NUM("pid", 5000), NUM("tgid", 5000), NUM("mm", MM_B),
				   NUM("parent_mm", MM_A), END };
	const struct fv thread[] = { NUM("pid", 5001), NUM("tgid", 4242), NUM("mm", MM_A),
				     NUM("parent_mm", MM_A), END };
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		expect(k->tep, k->group, "gup_fast", gup, "start=0x7f0000000000 nr=16");
		expect(k->tep, k->group, "gup_slow", gup,
		       "start=0x7f0000000000 nr=16 mm=0xffff888001000000");
		expect(k->tep, k->group, "vma_free", vma,
		       "vma=0xffff888100001000 mm=0xffff888001000000 "
		       "0x7f0000000000-0x7f0000026000 vm_flags=0x40404bb");
		expect(k->tep, k->group, "mm_exit", gup, "mm=0xffff888001000000");
		expect_moves(k);
		expect(k->tep, k->group, "task_new", fork,
		       "pid=5000 tgid=5000 mm=0xffff888002000000 parent_mm=0xffff888001000000");
		expect(k->tep, k->group, "task_new", thread,
		       "pid=5001 tgid=4242 mm=0xffff888001000000 (parent's)");
	}
}

static void expect_no_verdicts(const struct kern *k)
{
	const struct fv map[] = { MAPPING(FLAGS_MIXED, 0), END };
	const struct fv pinned[] = { NUM("ret", 16), END };
	const struct fv refused[] = { NUM("ret", (unsigned int)-14), END };

	if (k->ret_has_vma)
		expect_rets(k, map, "ret=0 " RANGE " vm_flags=0x140400bb " TEXT_MIXED);
	expect(k->tep, k->group, "gup_fast_ret", pinned, "ret=16");
	expect(k->tep, k->group, "gup_slow_ret", refused, "ret=-14 EFAULT");
}

/* trace-cmd report -O dmabuf_audit:verdict=0, given after loading... */
static void test_verdict_off(void)
{
	const struct fv pinned[] = { NUM("ret", 16), END };
	struct kern *k;

	if (!ready())
		return;
	CU_ASSERT_EQUAL(tep_plugin_add_option("dmabuf_audit:verdict", "0"), 0);
	FOREACH_KERN(k)
		expect_no_verdicts(k);
	CU_ASSERT_EQUAL(tep_plugin_add_option("dmabuf_audit:verdict", "1"), 0);
	expect(kernels[0].tep, kernels[0].group, "gup_fast_ret", pinned, "ret=16 pinned");
}

/*
 * ... and before, as trace-cmd does it: the loader must pick it up. Run in
 * a suite of its own, while no other tep holds the plugin, so that the
 * option's storage starts from its default.
 */
static void test_verdict_off_at_load(void)
{
	struct kern k = kernels[2];

	if (!ready())
		return;
	setenv("TRACEEVENT_PLUGIN_DIR", unit_plugin_dir, 1);
	CU_ASSERT_EQUAL(tep_plugin_add_option("dmabuf_audit:verdict", "0"), 0);
	if (!load_kernel(&k))
		expect_no_verdicts(&k);
	else
		CU_FAIL("cannot load the 7.2 formats");
	unload_kernel(&k);
	CU_ASSERT_EQUAL(tep_plugin_add_option("dmabuf_audit:verdict", "1"), 0);
}

/* Same names, other systems: printed by their own format, undecorated. */
static void test_foreign_systems(void)
{
	const struct fv fv[] = { NUM("__probe_func", FUNC), NUM("__probe_ret_ip", RET_IP),
				 NUM("__probe_ip", FUNC), NUM("ret", (unsigned int)-14),
				 NUM("mm", MM_A), END };
	const char *ret_line = "(ffffffff81234560 <- ffffffff81234567) ret=-14";
	const char *exit_line = "(ffffffff81234560) mm=0xffff888001000000";
	struct kern *k;

	if (!ready())
		return;
	FOREACH_KERN(k) {
		expect(k->tep, FOREIGN_FIRST, "gup_fast_ret", fv, ret_line);
		expect(k->tep, FOREIGN_LOOKALIKE, "gup_fast_ret", fv, ret_line);
		expect(k->tep, FOREIGN_FIRST, "mm_exit", fv, exit_line);
		expect(k->tep, FOREIGN_LOOKALIKE, "mm_exit", fv, exit_line);
		/* while a second group of ours is decorated too */
		expect(k->tep, SECOND_GROUP, "gup_fast_ret", fv, "ret=-14 EFAULT refused");
		expect(k->tep, SECOND_GROUP, "mm_exit", fv, "mm=0xffff888001000000");
	}
}

static const struct fv ret16[] = {
	NUM("__probe_func", FUNC), NUM("__probe_ret_ip", RET_IP), NUM("ret", 16), END,
};
static const char *const ret16_raw = "(ffffffff81234560 <- ffffffff81234567) ret=16";

/* A tool that parses before it loads plugins (libtracefs users) is served too. */
static void test_load_after_parse(void)
{
	const char *ours = "dmabuf_audit_168";	/* the 6.12 capture's group */
	struct tep_handle *t;
	char *text;
	struct tep_plugin_list *list;

	if (!ready())
		return;
	text = read_fixture("6.12");
	t = tep_alloc();
	if (!t || !text)
		goto out;
	tep_set_long_size(t, 8);
	CU_ASSERT_EQUAL(parse_fixture(t, text, NULL, 0, NULL), 0);
	CU_ASSERT_EQUAL(parse_fixture(t, text, SECOND_GROUP, 10000, NULL), 0);
	list = tep_load_plugins(t);
	expect(t, ours, "gup_fast_ret", ret16, "ret=16 pinned");
	expect(t, SECOND_GROUP, "gup_fast_ret", ret16, "ret=16 pinned");
	tep_unload_plugins(list, t);
	/* other teps keep the plugin mapped: a handler left behind would print */
	expect(t, ours, "gup_fast_ret", ret16, ret16_raw);
	expect(t, SECOND_GROUP, "gup_fast_ret", ret16, ret16_raw);
out:
	CU_ASSERT_PTR_NOT_NULL(t && text);
	tep_free(t);
	free(text);
}

/* Handlers still waiting by name when the plugin goes must go with it. */
static void test_unload_before_parse(void)
{
	struct tep_handle *t;
	char *text;
	struct tep_plugin_list *list;

	if (!ready())
		return;
	text = read_fixture("6.12");
	t = tep_alloc();
	if (!t || !text)
		goto out;
	tep_set_long_size(t, 8);
	list = tep_load_plugins(t);
	tep_unload_plugins(list, t);
	CU_ASSERT_EQUAL(parse_fixture(t, text, NULL, 0, NULL), 0);
	expect(t, "dmabuf_audit_168", "gup_fast_ret", ret16, ret16_raw);
out:
	CU_ASSERT_PTR_NOT_NULL(t && text);
	tep_free(t);
	free(text);
}

static const struct {
	const char *name;
	CU_TestFunc fn;
} print_tests[] = {
	{ "PFNMAP mapping: PASS", test_pfnmap_pass },
	{ "MIXEDMAP mapping: FAIL", test_mixedmap_fail },
	{ "6.1: verdict on the vma_final of a dma-buf mmap", test_vma_final_verdict },
	{ "failed mmap", test_failed_mmap },
	{ "GUP returns: pinned, refused", test_gup_verdicts },
	{ "exporter line", test_mmap_id },
	{ "the driver behind drm", test_mmap_id_driver },
	{ "GUP entries, unmap, exit, new task", test_other_events },
	{ "verdict=0 after loading", test_verdict_off },
	{ "same names in foreign systems", test_foreign_systems },
	{ "loaded after parsing, then unloaded", test_load_after_parse },
	{ "unloaded before parsing", test_unload_before_parse },
};

int add_plugin_suites(void)
{
	CU_pSuite s = CU_add_suite("plugin", plugin_setup, plugin_teardown);
	size_t i;

	if (!s || !CU_add_test(s, "loads from TRACEEVENT_PLUGIN_DIR with its option",
			       test_plugin_loads_with_option))
		return -1;
	s = CU_add_suite("plugin option set before loading", NULL, NULL);
	if (!s || !CU_add_test(s, "verdict=0 before loading", test_verdict_off_at_load))
		return -1;
	s = CU_add_suite("plugin prints (6.1, 6.12, 7.2 formats, 7.2 with driver)", print_setup,
			 print_teardown);
	if (!s)
		return -1;
	for (i = 0; i < sizeof(print_tests) / sizeof(print_tests[0]); i++)
		if (!CU_add_test(s, print_tests[i].name, print_tests[i].fn))
			return -1;
	return 0;
}
