/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Private to the report (report.c keeps the model, report-*.c write one
 * format each): the report itself, the verdicts, and the walks over gaps
 * and findings that every writer shares.
 *
 * A format is one report-FORMAT.c defining a struct da_report_writer, and
 * one row in report.c's writers[].
 */
#ifndef _DA_REPORT_LOCAL_H
#define _DA_REPORT_LOCAL_H

#include <stdbool.h>
#include <stdio.h>

#include "matcher.h"
#include "report.h"

#define DA_REPORT_MAX_NOTES	32
/*
 * Findings shown per exporter and kind in text, markdown, KTAP: a mail to
 * a kernel list is no place for forty identical blocks. JSON has them all.
 */
#define DA_REPORT_SHOWN	2

struct dmabuf_audit_report {
	struct da_matcher *m;
	enum da_source source;
	char kernel[128];
	char host[65];		/* the audited machine's name, or "" */
	char arch[65];		/* its uname machine (x86_64), or "" */
	char method[320];
	char *command;		/* shell-quoted, or NULL */
	unsigned long unpaired;
	bool no_gup;		/* the source cannot see GUP (snapshot) */
	int nr_notes;
	char *notes[DA_REPORT_MAX_NOTES];
	int err;
	bool raw_pointers;	/* kernel pointers as they are, not mm#N */
	struct da_labels *labels; /* report-labels.c's cache */
	struct da_filter *filter; /* what the report keeps, or NULL: all */
	char *workload;		/* the audited command, shell-quoted, or NULL */
	const char *gup_scope;	/* GUP the kernel did not record, or NULL: all */
};

/* An exporter's verdict, and the words for it (the JSON's too). */
enum da_verdict {
	DA_VERDICT_PASS,
	DA_VERDICT_FAIL,
	DA_VERDICT_INCOMPLETE,
	DA_VERDICT_NR,
};

struct da_report_writer {
	enum dmabuf_audit_format format;
	/* 0, -EIO if @f failed, or another negative errno */
	int (*write)(const struct dmabuf_audit_report *r, FILE *f);
};

extern const struct da_report_writer da_report_writer_text;
extern const struct da_report_writer da_report_writer_json;
extern const struct da_report_writer da_report_writer_markdown;
extern const struct da_report_writer da_report_writer_ktap;
extern const struct da_report_writer da_report_writer_junit;

/* report.c */
const char *da_source_name(enum da_source s);
const char *da_verdict_name(enum da_verdict v);
enum da_verdict da_report_verdict(const struct dmabuf_audit_report *r,
				  const struct da_exporter_stats *e);
const char *da_report_status_name(enum dmabuf_audit_status s);

/* report-labels.c: @mm as the report prints it ("mm#2", or raw on request) */
struct da_labels *da_labels_alloc(void);
void da_labels_free(struct da_labels *l);
const char *da_report_mm(const struct dmabuf_audit_report *r, uint64_t mm,
			 char *buf, size_t size);
#define DA_MM_LABEL_MAX	24

/* report-filter.c */
int da_filter_alloc(struct da_filter **out, const struct dmabuf_audit_filter *in);
void da_filter_free(struct da_filter *f);
/* "pid 12, 13; comm cam", or NULL without a filter */
const char *da_filter_text(const struct da_filter *f);

/* report-walk.c */
const char *da_gup_path_name(enum da_gup_path p);
const char *da_map_path_name(enum da_map_path p);
/* The event that made the mapping, as the evidence and the JSON name it. */
const char *da_map_event_name(enum da_map_path p);
const char *da_finding_title(const struct da_finding *f);
/* What "complete" means for this source. */
const char *da_report_complete_text(const struct dmabuf_audit_report *r);

/*
 * Why the driver of a GEM export row is unknown, in the words of the
 * report's source; NULL when it is known or the row is no GEM export.
 */
const char *da_report_driver_why(const struct dmabuf_audit_report *r,
				 const struct da_exporter_stats *e);
/*
 * Calls @fn (unless NULL) with the label of each row whose driver is
 * unknown and why; returns how many. Not a gap: the verdicts stand.
 */
int da_report_for_each_driver_unknown(const struct dmabuf_audit_report *r,
				      void (*fn)(const char *label, const char *why,
						 void *data), void *data);

/* Calls @fn with each reason the report is partial; returns how many. */
int da_report_for_each_gap(const struct dmabuf_audit_report *r,
			   void (*fn)(const char *line, void *data), void *data);

/*
 * What a format does with the findings it is shown: they come in groups,
 * one per exporter and kind (in order of first appearance), each with its
 * count and a few representatives; the JSON has them all.
 */
struct da_finding_walk {
	/* a group of @n findings like @x, before its representatives */
	void (*group)(const struct da_finding *x, unsigned long n, void *data);
	/* @first: the first of its mapping and kind to be shown */
	void (*finding)(const struct da_finding *x, bool first, void *data);
	/* @n more findings of @x's group were not shown */
	void (*more)(const struct da_finding *x, unsigned long n, void *data);
	const char *only;	/* this exporter's findings, or NULL: all */
};

void da_report_walk_findings(const struct dmabuf_audit_report *r,
			     const struct da_finding_walk *w, void *data);
/* "40 mappings", "1 GUP pin": what a group of @n findings like @x counts */
const char *da_finding_count(const struct da_finding *x, unsigned long n,
			     char *buf, size_t size);

/*
 * The findings of exporter @only (NULL: all), grouped: each group's title
 * and count after @group, its evidence lines and "... and N more" after
 * @indent (KTAP, JUnit).
 */
void da_report_findings_text(FILE *f, const struct dmabuf_audit_report *r, const char *only,
			     const char *group, const char *indent);
/* Nothing about @e could be checked: no vm_flags, and no GUP seen. */
bool da_exporter_unchecked(const struct da_exporter_stats *e);

/* Evidence lines in ftrace's shape, each after @indent (markdown, KTAP). */
void da_evidence_mapping(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
			 const struct da_mapping *m);
void da_evidence_gup(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
		     const struct da_finding *x);
/* The finding's kernel stack, trace-cmd's way, or why it has none. */
void da_evidence_stack(FILE *f, const char *indent, const struct da_finding *x);
/* A finding's lines: its mapping's first if @first, then its GUP if any. */
void da_evidence_finding(FILE *f, const char *indent, const struct dmabuf_audit_report *r,
			 const struct da_finding *x, bool first);

#endif /* _DA_REPORT_LOCAL_H */
