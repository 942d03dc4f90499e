// SPDX-License-Identifier: LGPL-2.1
/*
 * What every source of a report does the same way: see source.h for the
 * contract. The report, the decoder of raw records, the losses that the
 * ring buffer marked in its records and those it only counted, unpaired
 * calls, and the note naming the events a source lacks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "probes.h"
#include "report.h"
#include "source.h"

int da_source_begin(struct da_source_ctx *s, enum da_source kind, long page_size)
{
	memset(s, 0, sizeof(*s));
	s->report = da_report_alloc(kind, page_size);
	return s->report ? 0 : -ENOMEM;
}

int da_source_decode(struct da_source_ctx *s, struct tep_handle *tep)
{
	s->dec = da_decoder_alloc(tep, da_report_feed, s->report);
	return s->dec ? 0 : -ENOMEM;
}

/* @count 0: an unknown number. A typed source has no decoder to say it. */
static int lost(struct da_source_ctx *s, unsigned long long ts, int cpu,
		unsigned long long count)
{
	struct da_event ev;

	if (s->dec)
		return da_decoder_lost(s->dec, ts, cpu, count);
	memset(&ev, 0, sizeof(ev));
	ev.type = DA_EV_LOST;
	ev.ts = ts;
	ev.cpu = cpu;
	ev.lost.count = count;
	return da_report_feed(&ev, s->report);
}

int da_source_feed(struct da_source_ctx *s, struct tep_record *rec, int cpu)
{
	int err = 0;

	/* negative: the ring buffer knew events were lost, not how many */
	if (rec->missed_events) {
		if (rec->missed_events > 0)
			s->missed += rec->missed_events;
		else
			s->unknown_missed = true;
		err = lost(s, rec->ts, cpu,
			   rec->missed_events > 0 ? rec->missed_events : 0);
	}
	return err ?: da_decoder_feed(s->dec, rec);
}

void da_source_lost(struct da_source_ctx *s, unsigned long long count)
{
	lost(s, 0, -1, count);
}

void da_source_ring_lost(struct da_source_ctx *s, unsigned long long total)
{
	if (total > s->missed)
		lost(s, 0, -1, total - s->missed);
}

unsigned long long da_source_ring_losses(const char *stats)
{
	static const char *const names[] = { "overrun: ", "dropped events: " };
	unsigned long long sum = 0;
	const char *p;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		n = strlen(names[i]);
		for (p = stats; p && (p = strstr(p, names[i])); p += n)
			sum += strtoull(p + n, NULL, 10);
	}
	return sum;
}

/* A role as a person recording a trace would look for it (schema.c's names). */
static void role_name(int role, char *buf, size_t size)
{
	const struct da_role_schema *r = da_schema_role(role);

	if (r->tp_only)
		snprintf(buf, size, "%s:%s", r->tp_system, r->tp_event);
	else if (r->tp_system)
		snprintf(buf, size, "%s (or %s:%s)", r->event, r->tp_system, r->tp_event);
	else
		snprintf(buf, size, "%s", r->event);
}

/* One note naming every role the source lacks, and how to get them. */
static void note_missing(struct dmabuf_audit_report *rep, unsigned int missing)
{
	const char *how = da_hint(DMABUF_AUDIT_HINT_RECORD_COMMAND);
	char list[512] = "", name[64];
	size_t len = 0;
	int r;

	for (r = 0; r < DA_ROLE_COUNT; r++) {
		if (!(missing & (1u << r)))
			continue;
		role_name(r, name, sizeof(name));
		len += snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
				"%s%s", len ? ", " : "", name);
	}
	if (how)
		dmabuf_audit_report_add_note(rep, "the trace lacks events: %s; record "
					     "with '%s'", list, how);
	else
		dmabuf_audit_report_add_note(rep, "the trace lacks events: %s", list);
}

/*
 * Records that could not be believed never became events: one note per
 * event, field and reason, and the audit is incomplete.
 */
static void note_undecodable(struct da_source_ctx *s)
{
	enum da_field_id field;
	enum da_undec_why why;
	const char *event;
	unsigned long n;
	int i;

	n = da_decoder_unknown_types(s->dec);
	if (n)
		dmabuf_audit_report_add_note(s->report, "%lu record%s of an event type "
					     "that no format describes", n,
					     n == 1 ? "" : "s");
	for (i = 0; (n = da_decoder_undecodable(s->dec, i, &event, &field, &why)); i++)
		dmabuf_audit_report_add_note(s->report, "%lu %s record%s could not be "
					     "decoded: field '%s' %s", n, event,
					     n == 1 ? "" : "s", da_field_name(field),
					     da_undec_why_str(why));
}

void da_source_finish(struct da_source_ctx *s, bool note_lacking)
{
	unsigned int missing;

	if (!s->dec)
		return;
	missing = da_decoder_missing(s->dec);
	if (note_lacking && missing)
		note_missing(s->report, missing);
	note_undecodable(s);
	da_decoder_finish(s->dec);
	da_report_set_unpaired(s->report, da_decoder_unpaired(s->dec));
}

struct dmabuf_audit_report *da_source_take(struct da_source_ctx *s)
{
	struct dmabuf_audit_report *r = s->report;

	s->report = NULL;
	return r;
}

void da_source_end(struct da_source_ctx *s)
{
	da_decoder_free(s->dec);
	s->dec = NULL;
	dmabuf_audit_report_free(s->report);
	s->report = NULL;
}
