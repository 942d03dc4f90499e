// SPDX-License-Identifier: LGPL-2.1
/*
 * The live source: a private tracefs instance, our probe group, and a
 * reader that turns the instance's ring buffers into report events.
 *
 * tracefs_iterate_raw_events() merges the CPUs by time within one call,
 * but an event written on one CPU while another CPU's buffer was being read
 * only shows up in the next call, older than what was already handed out.
 * So records are held back one call: an event with a timestamp at or below
 * the newest one seen in the previous call was written before this call
 * began, so this call has read it, and everything up to there can be
 * released in order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <event-parse.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "probes.h"
#include "report.h"

struct held {
	unsigned long long ts;
	unsigned long seq;	/* keeps equal timestamps in arrival order */
	int cpu;
	int size;
	long long missed;
	void *data;
};

struct dmabuf_audit_live {
	char name[DA_GROUP_MAX];	/* instance and probe group */
	struct tracefs_instance *inst;
	bool probes_placed;
	struct da_plan plan;
	struct tep_handle *tep;
	struct da_decoder *dec;
	struct dmabuf_audit_report *report;
	struct held *held;
	size_t nr_held, cap_held;
	unsigned long seq;
	unsigned long long newest_prev, newest_now;
	unsigned long long missed;	/* from record markers */
	bool stopped;
	int err;
};

static int hold(struct tep_event *event, struct tep_record *rec, int cpu, void *data)
{
	struct dmabuf_audit_live *s = data;
	struct held *h;

	if (s->nr_held == s->cap_held) {
		size_t cap = s->cap_held ? s->cap_held * 2 : 1024;
		struct held *n = realloc(s->held, cap * sizeof(*n));

		if (!n) {
			s->err = -ENOMEM;
			return -1;
		}
		s->held = n;
		s->cap_held = cap;
	}
	h = &s->held[s->nr_held];
	h->data = malloc(rec->size);
	if (!h->data) {
		s->err = -ENOMEM;
		return -1;
	}
	memcpy(h->data, rec->data, rec->size);
	h->ts = rec->ts;
	h->seq = s->seq++;
	h->cpu = cpu;
	h->size = rec->size;
	h->missed = rec->missed_events;
	s->nr_held++;
	if (rec->ts > s->newest_now)
		s->newest_now = rec->ts;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Feed held records up to @upto (all if @all) to the decoder, in order. */
static int release(struct dmabuf_audit_live *s, unsigned long long upto, bool all)
{
	size_t i, n = 0;
	int err = 0;

	qsort(s->held, s->nr_held, sizeof(*s->held), by_time);
	for (i = 0; i < s->nr_held && (all || s->held[i].ts <= upto); i++) {
		struct held *h = &s->held[i];
		struct tep_record rec = {
			.ts = h->ts, .cpu = h->cpu, .size = h->size, .data = h->data,
			.missed_events = h->missed, .ref_count = 1,
		};

		if (h->missed) {
			if (h->missed > 0)
				s->missed += h->missed;
			err = err ?: da_decoder_lost(s->dec, h->ts, h->cpu,
						     h->missed > 0 ? h->missed : 0);
		}
		err = err ?: da_decoder_feed(s->dec, &rec);
		free(h->data);
		n++;
	}
	memmove(s->held, s->held + n, (s->nr_held - n) * sizeof(*s->held));
	s->nr_held -= n;
	return err;
}

int dmabuf_audit_live_poll(struct dmabuf_audit_live *s)
{
	unsigned long long upto = s->newest_prev;

	if (s->stopped)
		return 0;
	if (tracefs_iterate_raw_events(s->tep, s->inst, NULL, 0, hold, s) < 0)
		return -errno ? -errno : -EIO;
	if (s->err)
		return s->err;
	s->newest_prev = s->newest_now;
	return release(s, upto, false);
}

/* Sum "name: N" over every CPU's stats file of the instance. */
static unsigned long long cpu_stat(struct dmabuf_audit_live *s, const char *name)
{
	long cpu, ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned long long sum = 0;
	char path[64];

	for (cpu = 0; cpu < ncpu; cpu++) {
		char *txt, *p;

		snprintf(path, sizeof(path), "per_cpu/cpu%ld/stats", cpu);
		txt = tracefs_instance_file_read(s->inst, path, NULL);
		p = txt ? strstr(txt, name) : NULL;
		if (p)
			sum += strtoull(p + strlen(name), NULL, 10);
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

static int account_losses(struct dmabuf_audit_live *s)
{
	unsigned long long ring = cpu_stat(s, "overrun: ") + cpu_stat(s, "dropped events: ");
	unsigned long long kp = kprobe_misses(s);

	if (ring > s->missed)
		da_decoder_lost(s->dec, 0, -1, ring - s->missed);
	if (kp) {
		da_decoder_lost(s->dec, 0, -1, kp);
		dmabuf_audit_report_add_note(s->report, "kprobes missed %llu hits "
					     "(too many calls in flight)", kp);
	}
	da_report_set_unpaired(s->report, da_decoder_unpaired(s->dec));
	return 0;
}

int dmabuf_audit_live_stop(struct dmabuf_audit_live *s)
{
	int err;

	if (s->stopped)
		return 0;
	tracefs_trace_off(s->inst);
	err = tracefs_iterate_raw_events(s->tep, s->inst, NULL, 0, hold, s) < 0 ? -EIO : 0;
	err = err ?: s->err;
	s->stopped = true;
	err = err ?: release(s, 0, true);
	account_losses(s);
	return err;
}

int dmabuf_audit_live_follow(struct dmabuf_audit_live *s, int pid)
{
	return da_report_follow(s->report, pid);
}

struct dmabuf_audit_report *dmabuf_audit_live_report(struct dmabuf_audit_live *s)
{
	return s->report;
}

void dmabuf_audit_live_close(struct dmabuf_audit_live *s)
{
	size_t i;

	if (!s)
		return;
	if (s->inst) {
		tracefs_trace_off(s->inst);
		if (tracefs_instance_destroy(s->inst) < 0)
			da_warn("cannot remove tracefs instance %s: %s\n", s->name,
				strerror(errno));
		tracefs_instance_free(s->inst);
	}
	if (s->probes_placed)
		da_probes_remove_group(s->name);
	for (i = 0; i < s->nr_held; i++)
		free(s->held[i].data);
	free(s->held);
	da_decoder_free(s->dec);
	tep_free(s->tep);
	dmabuf_audit_report_free(s->report);
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
	if (o && o->buffer_kb &&
	    tracefs_instance_set_buffer_size(s->inst, o->buffer_kb, -1) < 0) {
		da_warn("cannot set the buffer to %u KiB: %s\n", o->buffer_kb, strerror(errno));
		return -errno;
	}
	return 0;
}

static int setup_reader(struct dmabuf_audit_live *s)
{
	const char *systems[] = { s->name, "dma_buf", "sched", NULL };
	struct utsname u;

	s->tep = tracefs_local_events_system(NULL, systems);
	if (!s->tep)
		return -errno ? -errno : -ENOMEM;
	s->report = da_report_alloc("live", sysconf(_SC_PAGESIZE));
	if (!s->report)
		return -ENOMEM;
	s->dec = da_decoder_alloc(s->tep, da_report_feed, s->report);
	if (!s->dec)
		return -ENOMEM;
	uname(&u);
	da_report_set_kernel(s->report, u.release);
	da_report_set_method(s->report, s->plan.method);
	return 0;
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
	err = err ?: setup_instance(s, o);
	if (err)
		return err;
	err = da_probes_create(&s->plan, &f, s->name);
	if (err)
		return err;
	s->probes_placed = true;
	err = setup_reader(s);
	err = err ?: da_probes_enable(&s->plan, s->inst);
	if (!err && tracefs_trace_on(s->inst) < 0)
		err = -errno;
	return err;
}

int dmabuf_audit_live_open(struct dmabuf_audit_live **out,
			   const struct dmabuf_audit_live_opts *opts)
{
	struct dmabuf_audit_live *s = calloc(1, sizeof(*s));
	int err;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	snprintf(s->name, sizeof(s->name), "%s_%d", DA_GROUP_PREFIX, (int)getpid());
	err = live_start(s, opts);
	if (err) {
		dmabuf_audit_live_close(s);
		return err;
	}
	*out = s;
	return 0;
}
