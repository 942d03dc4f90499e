/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Building a report: sources (live.c, and trace files later) create one,
 * feed it typed events, and set what they know about completeness.
 */
#ifndef _DA_REPORT_H
#define _DA_REPORT_H

#include "dmabuf-audit.h"
#include "matcher.h"
#include "model.h"

/* Where a report's events come from; the reports name it. */
enum da_source {
	DA_SOURCE_LIVE,		/* probes on the running kernel */
	DA_SOURCE_TRACE,	/* a trace.dat */
	DA_SOURCE_SNAPSHOT,	/* /proc, without tracing */
	DA_SOURCE_EXERCISE,	/* the exerciser's own measurements */
	DA_SOURCE_NR,
};

struct dmabuf_audit_report *da_report_alloc(enum da_source source,
					    unsigned long page_size);
void da_report_set_kernel(struct dmabuf_audit_report *r, const char *release);
/* Which machine was audited, for merging reports of many; "" unknown. */
void da_report_set_machine(struct dmabuf_audit_report *r, const char *host,
			   const char *arch);
/* Kernel release and machine of the running system (live, exercise). */
void da_report_set_uname(struct dmabuf_audit_report *r);
void da_report_set_method(struct dmabuf_audit_report *r, const char *method);
/*
 * The source cannot see GUP (snapshot): no GUP columns, said so, and no
 * address spaces kept. Call before feeding.
 */
void da_report_set_no_gup(struct dmabuf_audit_report *r);
/*
 * Kernel stacks of findings: how the source's addresses become lines
 * (stacks.h's da_stack_symbol), and that the source turned out to hold no
 * stacks at all (findings then say so rather than "lost").
 */
void da_report_set_symbols(struct dmabuf_audit_report *r,
			   void (*fn)(uint64_t ip, char *buf, size_t size, void *data),
			   void *data);
void da_report_no_stacks(struct dmabuf_audit_report *r);
/* Notes that the audit is partial without a specific reason line. */
void da_report_set_unpaired(struct dmabuf_audit_report *r, unsigned long n);
/* Audit only what @pid and its descendants map (see da_matcher_follow). */
int da_report_follow(struct dmabuf_audit_report *r, int pid);
/*
 * GUP by some address spaces was filtered out before it was recorded:
 * @what says which (a static string), in every format. Not a gap: what
 * was dropped could not touch a mapping the audit keeps.
 */
void da_report_set_gup_scope(struct dmabuf_audit_report *r, const char *what);
/* da_matcher_interest() of the report's matcher */
int da_report_interest(struct dmabuf_audit_report *r, da_interest_fn fn, void *data);
/* da_emit_fn: feed one event to the report's matcher */
int da_report_feed(const struct da_event *ev, void *report);

#endif /* _DA_REPORT_H */
