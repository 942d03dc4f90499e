// SPDX-License-Identifier: GPL-2.0
/*
 * libtraceevent plugin for the events dmabuf-audit places (system
 * "dmabuf_audit", or "dmabuf_audit_<pid>" for a session): lets trace-cmd
 * report and perf print them decoded, with a verdict on each mapping
 * (PASS: VM_PFNMAP, FAIL: not VM_PFNMAP) and on each GUP return (pinned,
 * refused).
 *
 * Uses only libtraceevent's public plugin API, the library's public
 * vm_flags decoder and its event schema, compiled into this object (see the
 * Makefile) so the plugin needs no libdmabuf-audit at run time.
 *
 * perf: loads in perf script too (tests/lab/perf), which has its own copy
 * of libtraceevent and exports only part of it (see the weak symbols
 * below): there it has no option and no page size. Debian 12's perf 6.1
 * does not search the multiarch plugin directory: TRACEEVENT_PLUGIN_DIR.
 */
#include <stdbool.h>
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit.h"
#include "probes.h"	/* da_group_is_ours(), built in from lib/group.c */
#include "schema.h"	/* event and field names, built in from lib/schema.c */

/* Built with -fvisibility=hidden: only the entry points are exported. */
#define PLUGIN_API __attribute__((visibility("default")))

PLUGIN_API int TEP_PLUGIN_LOADER(struct tep_handle *tep);
PLUGIN_API void TEP_PLUGIN_UNLOADER(struct tep_handle *tep);

/*
 * perf carries its own copy of libtraceevent and exports only the part its
 * own plugins call (Debian 12's perf 6.1: tep_find_field, tep_get_field_val,
 * tep_get_field_raw, tep_register_event_handler, trace_seq_printf, ...).
 * These four are not among them: weak, so the plugin loads there too, and
 * does without them (NULL) when the host program lacks them.
 */
#pragma weak tep_get_event
#pragma weak tep_get_events_count
#pragma weak tep_find_event_by_name
#pragma weak tep_get_page_size

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * A handler registered by event name alone waits in libtraceevent for the
 * first event of that name to be parsed, and is used up by it: one
 * registration serves one system. A trace may hold several of our groups
 * (an installed "dmabuf_audit" next to a session's "dmabuf_audit_<pid>")
 * and other people's events of the same names, so this many wait per name.
 */
#define SYSTEMS_PER_NAME 8

static struct tep_plugin_option plugin_options[] = {
	{
		.name = "verdict",
		.plugin_alias = "dmabuf_audit",
		.description = "Print a verdict word on mapping and GUP lines",
		.set = 1,
	},
	{ .name = NULL },
};

/* Read at print time: tep_plugin_add_option() may flip it after loading. */
static bool show_verdict(void)
{
	return plugin_options[0].set;
}

/*
 * 6.1: the return probe carries no VMA; the flags come in the vma_final
 * (perf_event_mmap) record after the mmap_id record that named the VMA.
 * Most vma_final records are no dma-buf: only the VMAs recent mmap_id lines
 * named, per tep handle, get a verdict, once. Bounded: an old VMA whose
 * vma_final never came is overwritten.
 */
#define RECENT_VMAS	64

static struct {
	const struct tep_handle *tep;
	unsigned long long vma;
} recent[RECENT_VMAS];
static unsigned int recent_next;

static void remember_vma(const struct tep_handle *tep, unsigned long long vma)
{
	if (!vma)
		return;
	recent[recent_next].tep = tep;
	recent[recent_next].vma = vma;
	recent_next = (recent_next + 1) % RECENT_VMAS;
}

/* The VMA was named by an mmap_id line: forget it, it is judged now. */
static bool take_vma(const struct tep_handle *tep, unsigned long long vma)
{
	size_t i;

	for (i = 0; i < RECENT_VMAS; i++) {
		if (recent[i].tep == tep && recent[i].vma == vma) {
			recent[i].tep = NULL;
			recent[i].vma = 0;
			return true;
		}
	}
	return false;
}

static void forget_tep(const struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < RECENT_VMAS; i++)
		if (recent[i].tep == tep)
			recent[i].tep = NULL, recent[i].vma = 0;
}

/* One field of the schema (lib/schema.c); non-zero if the event lacks it. */
static int field_val(struct tep_event *event, struct tep_record *record,
		     enum da_field_id id, unsigned long long *val)
{
	return tep_get_field_val(NULL, event, da_field_name(id), record, val, 0);
}

/*
 * Read every field in @ids (ending with DA_F_COUNT) into @vals. A missing
 * one means the event is not the one we know: the caller then prints
 * nothing and lets libtraceevent print the event's own format.
 */
static bool read_fields(struct tep_event *event, struct tep_record *record,
			const enum da_field_id *ids, unsigned long long *vals)
{
	for (; *ids != DA_F_COUNT; ids++, vals++)
		if (field_val(event, record, *ids, vals))
			return false;
	return true;
}

/* "-14 EFAULT"; kernel-internal codes glibc does not name stay numbers */
static void print_errno(struct trace_seq *s, int ret)
{
	const char *name = strerrorname_np(-ret);

	trace_seq_printf(s, "%d%s%s", ret, name ? " " : "", name ? name : "");
}

/* Mappings are page multiples: name the size in the largest exact unit. */
static void print_size(struct trace_seq *s, unsigned long long bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;

	while (u + 1 < ARRAY_SIZE(units) && bytes >= 1024 && !(bytes % 1024)) {
		bytes /= 1024;
		u++;
	}
	trace_seq_printf(s, "(%llu %s)", bytes, units[u]);
}

/* "0x7f..-0x7f.. (152 KiB) vm_flags=0x... VM_READ|..." */
static void print_vma(struct trace_seq *s, unsigned long long start,
		      unsigned long long end, unsigned long long flags)
{
	char names[512];

	trace_seq_printf(s, "0x%llx-0x%llx ", start, end);
	print_size(s, end >= start ? end - start : 0);
	dmabuf_audit_vm_flags_str(flags, names, sizeof(names));
	trace_seq_printf(s, " vm_flags=0x%llx %s", flags, names);
}

/*
 * The driver behind a GEM export ("drm"), as the probe read it; "(unknown)"
 * when its read faulted or the trace's probe had no driver field.
 */
static void print_driver(struct trace_seq *s, struct tep_record *record,
			 struct tep_event *event)
{
	const char *drv;
	int len = 0;

	drv = tep_get_field_raw(NULL, event, da_field_name(DA_F_DRIVER), record, &len, 0);
	if (drv && len > 0 && strnlen(drv, len))
		trace_seq_printf(s, " driver=%.*s", (int)strnlen(drv, len), drv);
	else
		trace_seq_printf(s, " driver=(unknown)");
}

/* dma_buf_mmap_internal / dma_buf_mmap entry: which buffer, which VMA */
static int print_mmap_id(struct trace_seq *s, const unsigned long long *v,
			 struct tep_record *record, struct tep_event *event)
{
	const char *exp;
	int len;

	exp = tep_get_field_raw(NULL, event, da_field_name(DA_F_EXP), record, &len, 0);
	if (!exp)
		return 1;
	trace_seq_printf(s, "exporter=%.*s", (int)strnlen(exp, len), exp);
	if (!strncmp(exp, "drm", len) && strnlen(exp, len) == 3)
		print_driver(s, record, event);
	trace_seq_printf(s, " size=%llu ino=%llu vma=0x%llx", v[0], v[1], v[2]);
	remember_vma(event->tep, v[2]);
	return 0;
}

/*
 * The exporter's mmap has returned. On kernels whose return probes carry
 * the VMA, this is where its final vm_flags are judged; elsewhere
 * (6.1: ret only) vma_final brings them.
 */
static int print_mmap_ret(struct trace_seq *s, const unsigned long long *r,
			  struct tep_record *record, struct tep_event *event)
{
	static const enum da_field_id ids[] = { DA_F_START, DA_F_END, DA_F_FLAGS,
						DA_F_COUNT };
	unsigned long long ret = r[0], v[ARRAY_SIZE(ids) - 1];
	bool has_vma;

	has_vma = tep_find_field(event, da_field_name(DA_F_FLAGS));
	if (has_vma && !read_fields(event, record, ids, v))
		return 1;
	trace_seq_puts(s, "ret=");
	if ((int)ret < 0) {
		/* no mapping came of it: its VMA is about to be freed */
		print_errno(s, (int)ret);
		trace_seq_puts(s, " failed");
		return 0;
	}
	trace_seq_printf(s, "%d", (int)ret);
	if (!has_vma)
		return 0;
	trace_seq_putc(s, ' ');
	print_vma(s, v[0], v[1], v[2]);
	if (show_verdict())
		trace_seq_puts(s, v[2] & DMABUF_AUDIT_VM_PFNMAP ?
			       " PASS: VM_PFNMAP" : " FAIL: not VM_PFNMAP");
	return 0;
}

/*
 * perf_event_mmap, for every new file mapping: a verdict only for the VMA
 * of a dma-buf mmap (an mmap_id line named it before), as most are no
 * dma-buf at all.
 */
static int print_vma_final(struct trace_seq *s, const unsigned long long *v,
			   struct tep_record *record, struct tep_event *event)
{
	trace_seq_printf(s, "vma=0x%llx ", v[0]);
	print_vma(s, v[1], v[2], v[3]);
	if (take_vma(event->tep, v[0]) && show_verdict())
		trace_seq_puts(s, v[3] & DMABUF_AUDIT_VM_PFNMAP ?
			       " PASS: VM_PFNMAP" : " FAIL: not VM_PFNMAP");
	return 0;
}

/* Fast GUP has no mm argument (it is current's); slow GUP has. */
static int print_gup(struct trace_seq *s, const unsigned long long *v,
		     struct tep_record *record, struct tep_event *event)
{
	unsigned long long mm;

	trace_seq_printf(s, "start=0x%llx nr=%llu", v[0], v[1]);
	if (!field_val(event, record, DA_F_MM, &mm))
		trace_seq_printf(s, " mm=0x%llx", mm);
	return 0;
}

/* Pages pinned, or the error GUP refused with: what the audit is about. */
static int print_gup_ret(struct trace_seq *s, const unsigned long long *v,
			 struct tep_record *record, struct tep_event *event)
{
	int ret = (int)v[0];

	trace_seq_puts(s, "ret=");
	if (ret < 0)
		print_errno(s, ret);
	else
		trace_seq_printf(s, "%d", ret);
	if (show_verdict() && ret)
		trace_seq_puts(s, ret > 0 ? " pinned" : " refused");
	return 0;
}

/* The flags in hex only: the mapping was judged when it was made. */
static int print_vma_free(struct trace_seq *s, const unsigned long long *v,
			  struct tep_record *record, struct tep_event *event)
{
	trace_seq_printf(s, "vma=0x%llx mm=0x%llx 0x%llx-0x%llx vm_flags=0x%llx",
			 v[0], v[1], v[2], v[3], v[4]);
	return 0;
}

/*
 * mremap moving a VMA: from where (its page offset in the old VMA says,
 * with the trace's page size) to where. The mapping keeps its verdict.
 */
static int print_vma_move(struct trace_seq *s, const unsigned long long *v,
			  struct tep_record *record, struct tep_event *event)
{
	unsigned long long from, ps = tep_get_page_size ? tep_get_page_size(event->tep) : 0;

	trace_seq_printf(s, "vma=0x%llx mm=0x%llx ", v[0], v[1]);
	if (!ps) {
		trace_seq_printf(s, "vm_start=0x%llx pgoff=%llu -> 0x%llx len=%llu pgoff=%llu",
				 v[2], v[3], v[4], v[5], v[6]);
		return 0;
	}
	from = v[2] + (v[6] - v[3]) * ps;
	trace_seq_printf(s, "0x%llx-0x%llx -> 0x%llx-0x%llx ", from, from + v[5],
			 v[4], v[4] + v[5]);
	print_size(s, v[5]);
	return 0;
}

static int print_vma_move_ret(struct trace_seq *s, const unsigned long long *v,
			      struct tep_record *record, struct tep_event *event)
{
	if (v[0])
		trace_seq_printf(s, "new vma=0x%llx", v[0]);
	else
		trace_seq_puts(s, "new vma=NULL: nothing moved");
	return 0;
}

static int print_mm_exit(struct trace_seq *s, const unsigned long long *v,
			 struct tep_record *record, struct tep_event *event)
{
	trace_seq_printf(s, "mm=0x%llx", v[0]);
	return 0;
}

/* A thread shares its parent's mm, a forked child gets a copy. */
static int print_task_new(struct trace_seq *s, const unsigned long long *v,
			  struct tep_record *record, struct tep_event *event)
{
	trace_seq_printf(s, "pid=%d tgid=%d mm=0x%llx", (int)v[0], (int)v[1], v[2]);
	if (v[2] == v[3])
		trace_seq_puts(s, " (parent's)");
	else
		trace_seq_printf(s, " parent_mm=0x%llx", v[3]);
	return 0;
}

#define MAX_FIELDS	7

struct event_printer {
	enum da_role role;	/* its event name is the schema's */
	/* read before print() is called, which gets them in this order */
	enum da_field_id ids[MAX_FIELDS + 1];
	int (*print)(struct trace_seq *s, const unsigned long long *v,
		     struct tep_record *record, struct tep_event *event);
};

#define FIELDS(...)	{ __VA_ARGS__, DA_F_COUNT }

static const struct event_printer printers[] = {
	{ DA_ROLE_MMAP_ID, FIELDS(DA_F_SIZE, DA_F_INO, DA_F_VMA), print_mmap_id },
	{ DA_ROLE_MMAP_FWD_ID, FIELDS(DA_F_SIZE, DA_F_INO, DA_F_VMA), print_mmap_id },
	{ DA_ROLE_MMAP_RET, FIELDS(DA_F_RET), print_mmap_ret },
	{ DA_ROLE_MMAP_FWD_RET, FIELDS(DA_F_RET), print_mmap_ret },
	{ DA_ROLE_VMA_FINAL, FIELDS(DA_F_VMA, DA_F_START, DA_F_END, DA_F_FLAGS),
	  print_vma_final },
	{ DA_ROLE_GUP_FAST, FIELDS(DA_F_START, DA_F_NR), print_gup },
	{ DA_ROLE_GUP_FAST_RET, FIELDS(DA_F_RET), print_gup_ret },
	{ DA_ROLE_GUP_SLOW, FIELDS(DA_F_START, DA_F_NR), print_gup },
	{ DA_ROLE_GUP_SLOW_RET, FIELDS(DA_F_RET), print_gup_ret },
	{ DA_ROLE_VMA_FREE, FIELDS(DA_F_VMA, DA_F_MM, DA_F_START, DA_F_END, DA_F_FLAGS),
	  print_vma_free },
	{ DA_ROLE_VMA_MOVE, FIELDS(DA_F_VMA, DA_F_MM, DA_F_START, DA_F_PGOFF,
				   DA_F_NEW_START, DA_F_LEN, DA_F_NEW_PGOFF), print_vma_move },
	{ DA_ROLE_VMA_MOVE_RET, FIELDS(DA_F_RET), print_vma_move_ret },
	{ DA_ROLE_MM_EXIT, FIELDS(DA_F_MM), print_mm_exit },
	{ DA_ROLE_TASK_NEW, FIELDS(DA_F_PID, DA_F_TGID, DA_F_MM, DA_F_PARENT_MM),
	  print_task_new },
};

/*
 * Handlers match by name in any system; another system's event of the
 * same name returns 1 with nothing printed, so libtraceevent prints it
 * with its own format, as it would without this plugin.
 */
static int dmabuf_audit_handler(struct trace_seq *s, struct tep_record *record,
				struct tep_event *event, void *context)
{
	const struct event_printer *p = context;
	unsigned long long v[MAX_FIELDS];

	if (!da_group_is_ours(event->system) || !read_fields(event, record, p->ids, v))
		return 1;
	return p->print(s, v, record, event);
}

/* The events parsed so far; none known where the host cannot list them (perf). */
static int events_count(struct tep_handle *tep)
{
	return tep_get_events_count && tep_get_event ? tep_get_events_count(tep) : 0;
}

/*
 * trace-cmd and perf load plugins before they parse any format: the
 * handlers then wait for the events by name. A tool that parses first
 * (tracefs_local_events(), then tep_load_plugins()) gets them by id.
 */
static void attach(struct tep_handle *tep, const struct event_printer *p)
{
	const char *name = da_role_event(p->role);
	int i, n = events_count(tep);

	for (i = 0; i < n; i++) {
		struct tep_event *event = tep_get_event(tep, i);

		if (!strcmp(event->name, name) && da_group_is_ours(event->system))
			tep_register_event_handler(tep, event->id, event->system,
						   event->name, dmabuf_audit_handler,
						   (void *)p);
	}
	/* by name now, it would take over that parsed event, not wait */
	if (tep_find_event_by_name && tep_find_event_by_name(tep, NULL, name))
		return;
	for (i = 0; i < SYSTEMS_PER_NAME; i++)
		tep_register_event_handler(tep, -1, NULL, name,
					   dmabuf_audit_handler, (void *)p);
}

/* Events still point into this object, which is about to be unmapped. */
static void detach(struct tep_handle *tep, const struct event_printer *p)
{
	int i, n = events_count(tep);

	for (i = 0; i < n; i++) {
		struct tep_event *event = tep_get_event(tep, i);

		if (event->handler == dmabuf_audit_handler && event->context == p)
			tep_unregister_event_handler(tep, event->id, event->system,
						     event->name, dmabuf_audit_handler,
						     (void *)p);
	}
	/* the registrations no event used up */
	while (!tep_unregister_event_handler(tep, -1, NULL, da_role_event(p->role),
					     dmabuf_audit_handler, (void *)p))
		;
}

int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	size_t i;

	tep_plugin_add_options("dmabuf_audit", plugin_options);
	for (i = 0; i < ARRAY_SIZE(printers); i++)
		attach(tep, &printers[i]);
	return 0;
}

void TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(printers); i++)
		detach(tep, &printers[i]);
	forget_tep(tep);
	tep_plugin_remove_options(plugin_options);
}
