// SPDX-License-Identifier: LGPL-2.1
/*
 * The live source: a private tracefs instance, our probe group, and a
 * reader that turns the instance's ring buffers into report events.
 *
 * Each CPU's buffer of our instance and of the GUP windows is a stream of
 * live-read.c, read a page per read() and merged in time order without
 * copying or sorting a record. A record written on one CPU while another
 * CPU's buffer was being read only shows up in the next poll, older than
 * what that poll already had. So records are held back one poll: an event
 * with a timestamp at or below the newest one seen in the previous poll
 * was written before this poll began, so this poll has read it, and
 * everything up to there can be released in time order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event-parse.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "gup-filter.h"
#include "live-read.h"
#include "probes.h"
#include "report.h"
#include "source.h"
#include "stacks.h"

/* Per CPU: the last record released (see window_copy()). */
struct win_last {
	int win;
	bool copy;		/* it was a copy: so is the stack after it */
	int size;
	unsigned char data[128];
};

struct dmabuf_audit_live {
	char name[DA_GROUP_MAX];	/* instance and probe group */
	int lock;			/* holding it makes the group ours */
	struct tracefs_instance *inst;
	bool probes_placed;
	struct da_plan plan;
	struct tep_handle *tep;
	struct da_source_ctx src;		/* the report and its decoder */
	struct da_gup_filter gup;		/* GUP filters and their windows */
	struct da_live_read rd;			/* per CPU of each instance */
	struct win_last *win_last;		/* per CPU */
	bool stopped;
	struct da_symbols syms;		/* /proc/kallsyms, loaded for a first stack */
	unsigned int stack_roles;	/* bit per role: its trigger is set */
	int kstack_id;			/* ftrace:kernel_stack, or -1 */
	unsigned long stacks_read;
};

/*
 * Open GUP windows all record the same hit (and, while the filters change,
 * our instance may too): the probe writes it into each instance in turn,
 * in the order their events were enabled (the windows, then ours), with
 * nothing in between on that CPU (GUP never runs in interrupts, and the
 * windows keep nothing else). So on one CPU a record that repeats the
 * bytes of the record just before it, from an instance enabled earlier,
 * is a copy. Two calls alike are a return apart, or start again from the
 * first instance. A kernel stack goes with the record it follows (the
 * windows stack what they record): kept or dropped with it.
 */
static bool window_copy(struct dmabuf_audit_live *s, const struct tep_record *rec,
			int win)
{
	struct win_last *l = &s->win_last[rec->cpu];
	uint16_t type = 0;
	bool copy;

	if (rec->size >= 2)
		memcpy(&type, rec->data, 2);
	if (rec->size >= 2 && type == s->kstack_id) {
		s->stacks_read++;
		return l->copy;
	}
	copy = win > l->win && rec->size == l->size && !memcmp(l->data, rec->data, rec->size);
	l->copy = copy;
	l->win = win;
	l->size = rec->size <= (int)sizeof(l->data) ? rec->size : -1;
	if (l->size > 0)
		memcpy(l->data, rec->data, l->size);
	return copy;
}

static int feed(struct tep_record *rec, int win, void *data)
{
	struct dmabuf_audit_live *s = data;

	if (window_copy(s, rec, win))
		return 0;
	return da_source_feed(&s->src, rec, rec->cpu);
}

int dmabuf_audit_live_poll(struct dmabuf_audit_live *s)
{
	int err;

	if (s->stopped)
		return 0;
	err = da_lr_read(&s->rd) ?: da_lr_release(&s->rd, false, feed, s);
	return err ?: da_gup_filter_update(&s->gup, s->src.report);
}

/* Ring-buffer losses over every CPU's stats file of @inst. */
static unsigned long long ring_losses(struct tracefs_instance *inst)
{
	long cpu, ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned long long sum = 0;
	char path[64];

	for (cpu = 0; inst && cpu < ncpu; cpu++) {
		char *txt;

		snprintf(path, sizeof(path), "per_cpu/cpu%ld/stats", cpu);
		txt = tracefs_instance_file_read(inst, path, NULL);
		sum += da_source_ring_losses(txt);
		free(txt);
	}
	return sum;
}

/* kretprobes drop returns when too many calls are in flight: "nmissed". */
static unsigned long long kprobe_misses(struct dmabuf_audit_live *s)
{
	char *txt = tracefs_instance_file_read(NULL, "kprobe_profile", NULL);
	char *line, *save = NULL, name[128];
	unsigned long long hits, missed, sum = 0;
	int i;

	for (line = txt ? strtok_r(txt, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, " %127s %llu %llu", name, &hits, &missed) != 3)
			continue;
		for (i = 0; i < s->plan.nr_events; i++)
			if (!strcmp(s->plan.events[i].system, s->name) &&
			    !strcmp(s->plan.events[i].name, name))
				sum += missed;
	}
	free(txt);
	return sum;
}

static void account_losses(struct dmabuf_audit_live *s)
{
	unsigned long long kp = kprobe_misses(s), ring = ring_losses(s->inst);
	int w;

	for (w = 0; w < DA_GUP_WINDOWS; w++)
		ring += ring_losses(s->gup.win[w]);
	da_source_ring_lost(&s->src, ring);
	da_debug("live: %lu records read (%lu kernel stacks)\n", s->rd.records,
		 s->stacks_read);
	if (s->rd.damaged) {
		/* their records are gone: the audit cannot say it saw everything */
		da_source_lost(&s->src, 0);
		dmabuf_audit_report_add_note(s->src.report, "%lu ring-buffer pages could "
					     "not be parsed", s->rd.damaged);
	}
	if (kp) {
		/* counted nowhere in the records: all of them are lost */
		da_source_lost(&s->src, kp);
		dmabuf_audit_report_add_note(s->src.report, "kprobes missed %llu hits "
					     "(too many calls in flight)", kp);
	}
	da_source_finish(&s->src, false);
}

int dmabuf_audit_live_stop(struct dmabuf_audit_live *s)
{
	int w, err;

	if (s->stopped)
		return 0;
	tracefs_trace_off(s->inst);
	for (w = 0; w < DA_GUP_WINDOWS; w++)
		if (s->gup.win[w])
			tracefs_trace_off(s->gup.win[w]);
	err = da_lr_read(&s->rd);
	s->stopped = true;
	err = err ?: da_lr_release(&s->rd, true, feed, s);
	account_losses(s);
	return err;
}

int dmabuf_audit_live_follow(struct dmabuf_audit_live *s, int pid)
{
	return da_report_follow(s->src.report, pid);
}

struct dmabuf_audit_report *dmabuf_audit_live_report(struct dmabuf_audit_live *s)
{
	return s->src.report;
}

/*
 * A refused trigger (or windows without stacks) costs findings their
 * stacks, not the audit.
 */
static void set_stack_triggers(struct dmabuf_audit_live *s)
{
	unsigned int refused = 0;
	char names[160] = "";

	if (da_gup_filter_stacks(&s->gup))
		dmabuf_audit_report_add_note(s->src.report, "the GUP windows cannot take "
					     "kernel stacks: GUP recorded through them has none");
	s->stack_roles = da_stack_triggers_place(s->inst, &s->plan, &s->gup, &refused,
						 names, sizeof(names));
	da_decoder_stacks(s->src.dec, s->stack_roles, refused);
	if (refused)
		dmabuf_audit_report_add_note(s->src.report, "the kernel refused stacktrace "
					     "triggers on %s: their findings have no "
					     "kernel stack", names);
}

/* Open files of the instance's buffers would keep it from being removed. */
static void close_cpus(struct dmabuf_audit_live *s)
{
	da_lr_free(&s->rd);
	free(s->win_last);
	s->win_last = NULL;
}

void dmabuf_audit_live_close(struct dmabuf_audit_live *s)
{
	if (!s)
		return;
	close_cpus(s);
	da_gup_filter_stop(&s->gup, s->name);
	if (s->inst) {
		tracefs_trace_off(s->inst);
		da_stack_triggers_clear(s->inst, &s->plan, s->stack_roles);
		if (tracefs_instance_destroy(s->inst) < 0)
			da_warn("cannot remove tracefs instance %s: %s\n", s->name,
				strerror(errno));
		tracefs_instance_free(s->inst);
	}
	if (s->probes_placed)
		da_probes_remove_group(s->name);
	da_group_unlock(s->name, s->lock);
	da_source_end(&s->src);
	tep_free(s->tep);
	free(s);
}

static int check_features(const struct da_features *f)
{
	if (!f->kprobes && !f->fprobes) {
		da_warn("this kernel has no kprobe events (CONFIG_KPROBE_EVENTS)%s: "
			"dma-buf mappings and GUP cannot be traced here\n",
			f->dma_buf_mmap_tp ? "" : " and no dma_buf tracepoints");
		return -DMABUF_AUDIT_ERR_NO_PROBES;
	}
	return 0;
}

/* Instance settings: lose new events rather than overwrite old ones. */
static int setup_instance(struct dmabuf_audit_live *s,
			  const struct dmabuf_audit_live_opts *o)
{
	s->inst = tracefs_instance_create(s->name);
	if (!s->inst) {
		da_warn("cannot create tracefs instance %s: %s\n", s->name, strerror(errno));
		return -errno;
	}
	tracefs_trace_off(s->inst);
	tracefs_option_disable(s->inst, TRACEFS_OPTION_OVERWRITE);
	/* one clock for all CPUs, so the merge by time is right */
	tracefs_instance_file_write(s->inst, "trace_clock", "mono");
	if (o->buffer_kb &&
	    tracefs_instance_set_buffer_size(s->inst, o->buffer_kb, -1) < 0) {
		da_warn("cannot set the buffer to %u KiB: %s\n", o->buffer_kb, strerror(errno));
		return -errno;
	}
	return 0;
}

static int open_cpu_file(struct tracefs_instance *inst, int cpu)
{
	char name[64], *path;
	int fd;

	snprintf(name, sizeof(name), "per_cpu/cpu%d/trace_pipe_raw", cpu);
	path = tracefs_instance_get_file(inst, name);
	if (!path)
		return -1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	tracefs_put_tracing_file(path);
	return fd;
}

/*
 * One reader per CPU of each instance (ours, then the GUP windows), open
 * for the whole session.
 */
static int open_cpus(struct dmabuf_audit_live *s)
{
	int cpu, ncpu = sysconf(_SC_NPROCESSORS_CONF);

	s->win_last = calloc(ncpu, sizeof(*s->win_last));
	if (!s->win_last || da_lr_init(&s->rd, ncpu * (1 + DA_GUP_WINDOWS), getpagesize(),
				       tep_is_file_bigendian(s->tep),
				       tep_get_header_page_size(s->tep)))
		return -ENOMEM;
	for (cpu = 0; cpu < s->rd.nr; cpu++) {
		struct da_lr_stream *c = &s->rd.s[cpu];
		struct tracefs_instance *inst = cpu < ncpu ? s->inst :
			s->gup.win[cpu / ncpu - 1];

		/*
		 * Our own open, close-on-exec: CMD must not inherit it, or the
		 * instance stays busy (unremovable) for as long as CMD lives.
		 * A CPU that is not there has no file.
		 */
		c->cpu = cpu % ncpu;
		c->win = cpu < ncpu ? DA_GUP_WINDOWS : cpu / ncpu - 1;
		c->fd = inst ? open_cpu_file(inst, c->cpu) : -1;
	}
	return 0;
}

static int setup_reader(struct dmabuf_audit_live *s)
{
	/* ftrace: the format of kernel_stack records */
	const char *systems[] = { s->name, "dma_buf", "sched", "ftrace", NULL };
	struct tep_event *ev;

	s->tep = tracefs_local_events_system(NULL, systems);
	if (!s->tep)
		return -errno ? -errno : -ENOMEM;
	if (da_source_begin(&s->src, DA_SOURCE_LIVE, sysconf(_SC_PAGESIZE)) ||
	    da_source_decode(&s->src, s->tep))
		return -ENOMEM;
	ev = tep_find_event_by_name(s->tep, "ftrace", "kernel_stack");
	s->kstack_id = ev ? ev->id : -1;
	s->syms.tep = s->tep;
	s->syms.load_proc = 1;
	da_report_set_symbols(s->src.report, da_stack_symbol, &s->syms);
	da_report_set_uname(s->src.report);
	da_report_set_method(s->src.report, s->plan.method);
	da_decoder_set_gup_filtered(s->src.dec);
	da_report_set_gup_scope(s->src.report, da_gup_filter_scope(&s->plan));
	return open_cpus(s);
}

static int live_start(struct dmabuf_audit_live *s, const struct dmabuf_audit_live_opts *o)
{
	struct da_features f;
	int err;

	err = da_check_tracing();
	if (err)
		return err;
	da_report_stale(dmabuf_audit_remove_stale());
	da_features_detect(&f);
	err = check_features(&f);
	if (err)
		return err;
	/* ours before it exists: nobody's sweep may take it for stale */
	s->lock = da_group_lock(s->name);
	if (s->lock < 0)
		return s->lock;
	err = setup_instance(s, o);
	if (err)
		return err;
	err = da_probes_create(&s->plan, &f, s->name);
	if (err)
		return err;
	s->probes_placed = true;
	err = da_gup_filter_start(&s->gup, &s->plan, s->inst, o->buffer_kb);
	err = err ?: setup_reader(s);
	if (!err && s->plan.lacking[0])
		dmabuf_audit_report_add_note(s->src.report, "this kernel refused the probes "
					     "for %s: what they would show is missing from "
					     "the audit", s->plan.lacking);
	err = err ?: da_probes_enable(&s->plan, s->inst);
	err = err ?: da_gup_filter_on(&s->gup);
	if (!err && !o->no_stacks)
		set_stack_triggers(s);
	else if (!err)
		da_decoder_stacks(s->src.dec, 0, 0);
	if (!err && tracefs_trace_on(s->inst) < 0)
		err = -errno;
	return err;
}

int dmabuf_audit_live_open(struct dmabuf_audit_live **out,
			   const struct dmabuf_audit_live_opts *opts)
{
	struct dmabuf_audit_live_opts o;
	struct dmabuf_audit_live *s;
	int err;

	*out = NULL;
	err = da_opts_get(&o, sizeof(o), opts);
	if (err)
		return err;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->lock = -1;
	da_group_own(s->name, sizeof(s->name));
	err = live_start(s, &o);
	if (err) {
		dmabuf_audit_live_close(s);
		return err;
	}
	*out = s;
	return 0;
}
