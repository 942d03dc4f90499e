// SPDX-License-Identifier: GPL-2.0
/*
 * The exerciser's measurements as the library's common report: the same
 * matcher and verdicts as live, trace and snapshot, whose status is the
 * exit code. What could not be checked becomes a note that makes the
 * report incomplete.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include "exercise.h"

/* Did this attempt reach get_user_pages()? Set-up failures did not. */
static bool gup_reached(const struct gup_result *g)
{
	return g->tried && !g->stage;
}

/*
 * Pages pinned, or -errno: what the method returned once GUP had run.
 * io_uring on 6.1 pins a videobuf2_vmalloc mapping, then refuses the
 * registration with EOPNOTSUPP (see gup_io_uring()): here that counts as a
 * refused GUP although a tracer sees the pin. The mapping fails all the
 * same: it lacks VM_PFNMAP, and vmsplice and process_vm_readv pin it.
 */
static long long gup_ret(const struct gup_result *g, size_t ps)
{
	if (g->err)
		return -(long long)g->err;
	return (g->done + ps - 1) / ps;
}

/* What the report knows of this process: its address space is its pid. */
struct ex_self {
	unsigned long long mm;
	int pid;
	char comm[16];
	size_t ps;
};

static int feed_gup(struct dmabuf_audit_report *rep, const struct ex_self *me,
		    const struct exercise_result *r, const char *mech,
		    const struct gup_result *x, unsigned long start)
{
	struct dmabuf_audit_gup g = {
		.sz = sizeof(g),
		.mech = mech,
		.pid = x->pid ? x->pid : me->pid,
		.comm = me->comm,		/* a forked child keeps it */
		.cpu = x->cpu,
		.ts_ns = x->ts,
		.mm = me->mm,
		.caller_mm = x->pid ? (unsigned long long)x->pid : 0,
		.start = start,
		.nr_pages = (r->end - r->start + me->ps - 1) / me->ps,
		.ret = gup_ret(x, me->ps),
	};

	return gup_reached(x) ? dmabuf_audit_report_add_gup(rep, &g) : 0;
}

/*
 * One mapping, every GUP attempt that reached GUP on it, its munmap, and
 * the vmsplice on the anonymous memory put in its place (which the report
 * must not blame on the exporter).
 */
static int feed_result(struct dmabuf_audit_report *rep, const struct ex_self *me,
		       const struct exercise_result *r)
{
	/* a GEM export: the kernel's exporter "drm", and its driver */
	struct dmabuf_audit_mapping m = {
		.sz = sizeof(m),
		.exporter = r->gem ? "drm" :
			    strcmp(r->exp_name, "unknown") ? r->exp_name : NULL,
		.driver = r->driver[0] ? r->driver : NULL,
		.pid = me->pid,
		.comm = me->comm,
		.cpu = r->map_cpu,
		.ts_ns = r->map_ts,
		.mm = me->mm,
		.start = r->start,
		.end = r->end,
		.vm_flags = r->vm_flags,
		.flags_unknown = !r->in_smaps || !r->vmflags[0],
		.ino = r->ino,
		.size = r->size,
	};
	int i, err;

	if (!r->mapped)
		return 0;
	err = dmabuf_audit_report_add_mapping(rep, &m);
	for (i = 0; i < GUP_NR && !err; i++)
		err = feed_gup(rep, me, r, gup_methods[i]->name, &r->gup[i], r->start);
	err = err ?: dmabuf_audit_report_add_unmap(rep, me->mm, r->start, r->end);
	if (!err && r->reused)
		err = feed_gup(rep, me, r, "vmsplice", &r->reuse_gup, r->reuse_start);
	return err;
}

/* "vmsplice: pipe:EMFILE, ..." for a mapping no attempt reached GUP on. */
static void why_no_gup(const struct exercise_result *r, char *buf, size_t len)
{
	size_t n = 0;
	char g[64];
	int i;

	buf[0] = '\0';
	for (i = 0; i < GUP_NR && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s: %s", n ? ", " : "",
			      gup_methods[i]->name, gup_str(&r->gup[i], g, sizeof(g)));
}

/*
 * Devices that are no exporter of the kind tried ("listed: " a DRM node
 * that cannot make that buffer by design; V4L2 nodes without a buffer
 * queue) are listed, not gaps; any other device or queue that gave no
 * buffer may hide an exporter the audit did not see.
 */
static bool skip_is_gap(const struct exercise_skip *s)
{
	return strncmp(s->reason, "no buffer queue to export from", 30) &&
	       strncmp(s->reason, "listed: ", 8);
}

/*
 * What was not checked makes the report incomplete: an exporter whose GUP
 * could not be tried at all has not passed.
 */
static void note_gaps(struct dmabuf_audit_report *rep, const struct exercise_report *x)
{
	const struct exercise_result *r;
	char why[GUP_NR * 64], places[256];
	size_t i;
	int m;

	for (i = 0; i < x->nres; i++) {
		r = &x->res[i];
		if (!r->mapped) {
			dmabuf_audit_report_add_note(rep, "%s (%s) was not mapped: %s",
						     r->exp_name, r->source, r->failure);
			continue;
		}
		for (m = 0; m < GUP_NR && !gup_reached(&r->gup[m]); m++)
			;
		if (m < GUP_NR)
			continue;
		why_no_gup(r, why, sizeof(why));
		dmabuf_audit_report_add_note(rep, "%s (%s): no GUP attempt reached "
					     "get_user_pages (%s)", r->exp_name, r->source, why);
	}
	for (i = 0; i < x->nskips; i++)
		if (skip_is_gap(&x->skips[i]))
			dmabuf_audit_report_add_note(rep, "%s gave no dma-buf (%s)%s",
						     x->skips[i].source, x->skips[i].reason,
						     strstr(x->skips[i].reason, "open: EACCES") &&
						     geteuid() ? ": run as root" : "");
	if (!x->nres)
		dmabuf_audit_report_add_note(rep, "no dma-buf exporter found (looked for %s)",
					     exporter_places(places, sizeof(places)));
}

/* The first failure of method @m, for a method that never reached GUP. */
static const char *first_failure(const struct exercise_report *x, int m,
				 char *buf, size_t len)
{
	size_t i;

	if (m == GUP_O_DIRECT && x->odirect.fd < 0) {
		/* cut where the buffer ends, said so to the compiler */
		snprintf(buf, len, "no O_DIRECT filesystem: %.*s",
			 (int)(len > 25 ? len - 25 : 0), x->odirect.why);
		return buf;
	}
	for (i = 0; i < x->nres; i++)
		if (x->res[i].gup[m].tried)
			return gup_str(&x->res[i].gup[m], buf, len);
	return "not tried";
}

/*
 * "VmFlags from smaps; GUP by a, b; not reached: c (why)": where traced
 * audits name their probes, exercise says what it measured.
 */
static void report_method(const struct exercise_report *x, char *buf, size_t len)
{
	bool reached[GUP_NR] = { false };
	char why[EX_REASON_LEN * 2];
	size_t i, n;
	int m, k;

	for (i = 0; i < x->nres; i++)
		for (m = 0; m < GUP_NR; m++)
			reached[m] |= gup_reached(&x->res[i].gup[m]);
	n = snprintf(buf, len, "exercise: VmFlags from /proc/self/smaps, exporter from fdinfo; "
		     "GUP%s", x->nres ? " by" : ": nothing mapped to try it on");
	if (!x->nres)
		return;
	for (m = 0, k = 0; m < GUP_NR && n < len; m++)
		if (reached[m])
			n += snprintf(buf + n, len - n, "%s %s", k++ ? "," : "",
				      gup_methods[m]->name);
	if (!k && n < len)
		n += snprintf(buf + n, len - n, " none");
	for (m = 0, k = 0; m < GUP_NR && n < len; m++)
		if (!reached[m])
			n += snprintf(buf + n, len - n, "%s%s (%s)",
				      k++ ? ", " : "; not reached: ", gup_methods[m]->name,
				      first_failure(x, m, why, sizeof(why)));
}

struct dmabuf_audit_report *exercise_build_report(const struct exercise_report *x)
{
	struct ex_self me = { .mm = getpid(), .pid = getpid(), .ps = ex_page_size() };
	struct dmabuf_audit_report *rep;
	char method[320];
	size_t i;
	int err = 0;

	report_method(x, method, sizeof(method));
	rep = dmabuf_audit_report_alloc(method);
	if (!rep)
		return NULL;
	prctl(PR_GET_NAME, me.comm, 0, 0, 0);
	for (i = 0; i < x->nres && !err; i++)
		err = feed_result(rep, &me, &x->res[i]);
	if (err) {
		dmabuf_audit_report_free(rep);
		return NULL;
	}
	note_gaps(rep, x);
	return rep;
}
