// SPDX-License-Identifier: LGPL-2.1
/*
 * The exercise source: what a program measured itself of the dma-bufs it
 * mapped (smaps VmFlags) and of the GUP attempts it made on them (pinned,
 * or the errno), turned into the typed events of model.h. The matcher and
 * the report then judge them exactly as they judge a trace, so exercise
 * and live give verdicts that can be compared exporter by exporter.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "dmabuf-audit-local.h"
#include "report.h"
#include "source.h"

/*
 * A source of typed events (source.h) whose feeding is the caller's: the
 * dmabuf_audit_report_add_*() calls below, after the report is handed over.
 */
struct dmabuf_audit_report *dmabuf_audit_report_alloc(const char *method)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct dmabuf_audit_report *r;
	struct da_source_ctx src;

	if (da_source_begin(&src, DA_SOURCE_EXERCISE, ps > 0 ? ps : 4096)) {
		errno = ENOMEM;
		return NULL;
	}
	da_report_set_uname(src.report);
	da_report_set_method(src.report, method && *method ? method :
			     "a workload's own measurements");
	r = da_source_take(&src);
	da_source_end(&src);
	return r;
}

/* The caller's string, cut to fit; NULL leaves "". */
static void copy_str(char *dst, size_t size, const char *src)
{
	if (src)
		snprintf(dst, size, "%s", src);
}

static void event_init(struct da_event *ev, enum da_event_type type, int pid,
		       const char *comm, int cpu, unsigned long long ts)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->pid = pid;
	ev->cpu = cpu;
	ev->ts = ts;
	copy_str(ev->comm, sizeof(ev->comm), comm);
}

int dmabuf_audit_report_add_mapping(struct dmabuf_audit_report *r,
				    const struct dmabuf_audit_mapping *in)
{
	struct dmabuf_audit_mapping m;
	struct da_event ev;

	if (!r || !in || da_opts_get(&m, sizeof(m), in) || !m.mm || m.start >= m.end)
		return -EINVAL;
	event_init(&ev, DA_EV_MAP, m.pid, m.comm, m.cpu, m.ts_ns);
	copy_str(ev.map.exp_name, sizeof(ev.map.exp_name), m.exporter);
	copy_str(ev.map.driver, sizeof(ev.map.driver), m.driver);
	ev.map.driver_why = DA_DRV_NOT_GIVEN;	/* when m.driver is NULL */
	ev.map.mm = m.mm;
	ev.map.start = m.start;
	ev.map.end = m.end;
	ev.map.flags = m.vm_flags;
	ev.map.flags_unknown = m.flags_unknown;
	ev.map.ino = m.ino;
	ev.map.size = m.size;
	ev.map.path = DA_MAP_DMABUF_FD;
	return da_report_feed(&ev, r);
}

/*
 * A GUP run by a task of another address space (a child reading its
 * parent with process_vm_readv): the matcher learns the caller's mm from a
 * task event first, so that the finding says "remote" as a traced one does.
 */
static int caller_is(struct dmabuf_audit_report *r, const struct dmabuf_audit_gup *g)
{
	struct da_event ev;

	event_init(&ev, DA_EV_TASK_NEW, g->pid, g->comm, g->cpu, g->ts_ns);
	ev.task_new.child = g->pid;
	ev.task_new.tgid = g->pid;
	ev.task_new.mm = g->caller_mm;
	ev.task_new.parent_mm = g->caller_mm;	/* not a fork: copy nothing */
	return da_report_feed(&ev, r);
}

int dmabuf_audit_report_add_gup(struct dmabuf_audit_report *r,
				const struct dmabuf_audit_gup *in)
{
	struct dmabuf_audit_gup g;
	struct da_event ev;
	int err;

	if (!r || !in || da_opts_get(&g, sizeof(g), in) || !g.mm || !g.nr_pages)
		return -EINVAL;
	if (g.caller_mm && g.caller_mm != g.mm) {
		err = caller_is(r, &g);
		if (err)
			return err;
	}
	event_init(&ev, DA_EV_GUP, g.pid, g.comm, g.cpu, g.ts_ns);
	ev.gup.mm = g.mm;
	ev.gup.start = g.start;
	copy_str(ev.gup.mech, sizeof(ev.gup.mech), g.mech);
	ev.gup.nr_pages = g.nr_pages;
	ev.gup.ret = g.ret;
	ev.gup.path = DA_GUP_UNKNOWN;
	return da_report_feed(&ev, r);
}

int dmabuf_audit_report_add_unmap(struct dmabuf_audit_report *r, unsigned long long mm,
				  unsigned long long start, unsigned long long end)
{
	struct da_event ev;

	if (!r || !mm || start >= end)
		return -EINVAL;
	event_init(&ev, DA_EV_UNMAP, 0, NULL, -1, 0);
	ev.unmap.mm = mm;
	ev.unmap.start = start;
	ev.unmap.end = end;
	return da_report_feed(&ev, r);
}
