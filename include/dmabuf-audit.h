/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libdmabuf-audit: check from user space that every mmap of a dma-buf is a
 * VM_PFNMAP mapping that get_user_pages() refuses.
 *
 * Conventions (those of libtracefs and libbpf): functions return 0 or a
 * negative errno, or NULL with errno set; they never exit or abort. Every
 * *_free() accepts NULL. Errors specific to this library have codes from
 * DMABUF_AUDIT_ERR_START up; dmabuf_audit_strerror() names them all.
 */
#ifndef _DMABUF_AUDIT_H
#define _DMABUF_AUDIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef DMABUF_AUDIT_API
#define DMABUF_AUDIT_API __attribute__((visibility("default")))
#endif

/* Library-specific error codes, returned negated like errno values. */
enum dmabuf_audit_error {
	DMABUF_AUDIT_ERR_START = 5000,
	DMABUF_AUDIT_ERR_NO_TRACEFS = DMABUF_AUDIT_ERR_START,
	DMABUF_AUDIT_ERR_NO_PROBES,	/* neither kprobes nor dma_buf events */
	DMABUF_AUDIT_ERR_NO_BTF,	/* offsets needed, no usable BTF */
	DMABUF_AUDIT_ERR_PROBE_REFUSED,	/* the kernel refused a definition */
	DMABUF_AUDIT_ERR_FORMAT,	/* input is not what it claims to be */
	DMABUF_AUDIT_ERR_TRUNCATED,	/* input ends early */
	DMABUF_AUDIT_ERR_END,
};

/**
 * dmabuf_audit_version - version string of the library, e.g. "0.1.0"
 */
DMABUF_AUDIT_API const char *dmabuf_audit_version(void);

/**
 * dmabuf_audit_strerror - describe an error code returned by the library
 * @err: a negative (or positive) errno or DMABUF_AUDIT_ERR_* value
 * @buf: where to write the text
 * @size: size of @buf
 *
 * Returns 0, or -EINVAL for an unknown code (@buf then says so too).
 */
DMABUF_AUDIT_API int dmabuf_audit_strerror(int err, char *buf, size_t size);

enum dmabuf_audit_print_level {
	DMABUF_AUDIT_WARN,
	DMABUF_AUDIT_INFO,
	DMABUF_AUDIT_DEBUG,
};

typedef int (*dmabuf_audit_print_fn_t)(enum dmabuf_audit_print_level level,
				       const char *fmt, va_list ap);

/**
 * dmabuf_audit_set_print - route the library's messages
 * @fn: the new printer, or NULL to silence the library
 *
 * The default printer writes warnings to stderr, and info and debug lines
 * as well when DMABUF_AUDIT_DEBUG is set in the environment. Returns the
 * previous printer. errno is preserved across calls to the printer.
 */
DMABUF_AUDIT_API dmabuf_audit_print_fn_t
dmabuf_audit_set_print(dmabuf_audit_print_fn_t fn);

/*
 * What the library cannot know: how the application's user fixes what it
 * reports. Without a hint, messages and report notes say what is wrong
 * and stop there; with one, the application's words complete them.
 */
enum dmabuf_audit_hint {
	DMABUF_AUDIT_HINT_ROOT,			/* how to get root: "run it with sudo" */
	DMABUF_AUDIT_HINT_RECORD_COMMAND,	/* a command line that records a
						 * trace.dat with the library's events */
	DMABUF_AUDIT_HINT_COUNT,
};

/**
 * dmabuf_audit_set_hint - the application's words for how to fix something
 * @hint: which situation
 * @text: the words, or NULL to say nothing; kept, not copied (a string
 *	  literal, or one that outlives every later call into the library)
 *
 * Returns 0, or -EINVAL for an unknown @hint.
 */
DMABUF_AUDIT_API int dmabuf_audit_set_hint(enum dmabuf_audit_hint hint, const char *text);

/*
 * The vm_flags bits the audit is about. Their values have been stable in
 * include/linux/mm.h for a long time; they are decoded, never used to find
 * anything in kernel memory.
 */
#define DMABUF_AUDIT_VM_PFNMAP		0x00000400UL
#define DMABUF_AUDIT_VM_IO		0x00004000UL
#define DMABUF_AUDIT_VM_MIXEDMAP	0x10000000UL

/**
 * dmabuf_audit_vm_flags_str - decode vm_flags as "VM_READ|VM_SHARED|..."
 * @flags: the raw vm_flags value
 * @buf: where to write the text
 * @size: size of @buf
 *
 * Unknown bits are written as one trailing hex value. Returns the length
 * the full text needs (like snprintf), so a return >= @size means the text
 * was cut.
 */
DMABUF_AUDIT_API int dmabuf_audit_vm_flags_str(unsigned long flags,
					       char *buf, size_t size);

/**
 * dmabuf_audit_vm_flags_from_smaps - encode the VmFlags letters of smaps
 * @letters: the value of a VmFlags line ("rd wr sh mr mw ms pf io de dd"),
 *	     or NULL
 *
 * Returns the vm_flags bits those letters stand for. Letters whose bit
 * depends on the kernel or architecture, and unknown ones, add nothing.
 */
DMABUF_AUDIT_API unsigned long long dmabuf_audit_vm_flags_from_smaps(const char *letters);

/*
 * Reports. Whatever the source (live tracing, a trace.dat), an audit ends
 * in a report: per exporter, how many mappings, how many with VM_PFNMAP,
 * how many GUP attempts touched them and how many pinned pages; findings;
 * and whether the audit saw everything (complete) or not.
 */
struct dmabuf_audit_report;

enum dmabuf_audit_format {
	DMABUF_AUDIT_FORMAT_TEXT,
	DMABUF_AUDIT_FORMAT_JSON,
	DMABUF_AUDIT_FORMAT_MARKDOWN,
	DMABUF_AUDIT_FORMAT_KTAP,	/* KTAP version 1, one test per exporter */
	DMABUF_AUDIT_FORMAT_JUNIT,	/* JUnit XML, one testcase per exporter */
};

/* Overall status, also the CLI's exit code. */
enum dmabuf_audit_status {
	DMABUF_AUDIT_PASS = 0,		/* every exporter passed, nothing missed */
	DMABUF_AUDIT_FAIL = 1,		/* some exporter failed */
	DMABUF_AUDIT_INCOMPLETE = 3,	/* no failure seen, but the audit is partial */
};

/**
 * dmabuf_audit_report_write - print a report
 * @r: the report
 * @fmt: text for people, JSON for programs (docs/report.schema.json
 *	 describes it), markdown for mail and issues, KTAP and JUnit for CI farms
 * @f: where to
 *
 * KTAP: "ok" for an exporter that passed, "not ok" for one that failed and
 * for one whose audit is incomplete ("# incomplete: why" after it: a CI
 * farm must never read a partial audit as a pass), "ok ... # SKIP" only
 * for one of which nothing could be checked (no vm_flags, no GUP seen).
 * JUnit XML (Jenkins, GitLab): one testsuite, one testcase per exporter,
 * <failure> with the findings for one that failed, <error> with the reason
 * for one whose audit is incomplete or of which nothing could be checked
 * (never <skipped>, which those tools show as green); a report with no
 * exporter has one testcase in error saying why. Names are escaped, bytes
 * XML cannot hold written as '?'.
 * Returns 0, or a negative errno if writing failed.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_write(const struct dmabuf_audit_report *r,
					       enum dmabuf_audit_format fmt, FILE *f);

/* Free a report; accepts NULL. */
DMABUF_AUDIT_API void dmabuf_audit_report_free(struct dmabuf_audit_report *r);

/* The report's overall status: a DMABUF_AUDIT_* value. */
DMABUF_AUDIT_API enum dmabuf_audit_status
dmabuf_audit_report_status(const struct dmabuf_audit_report *r);

/**
 * dmabuf_audit_report_set_command - record the command line that made it
 * @r: the report
 * @argc: number of words in @argv
 * @argv: the words, as a program's main() got them
 *
 * Markdown shows it, shell-quoted, under "How to reproduce"; JSON as
 * "command"; KTAP in a diagnostic. @argc 0 forgets it. Returns 0 or -ENOMEM.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_set_command(struct dmabuf_audit_report *r,
						     int argc, char *const argv[]);

/**
 * dmabuf_audit_report_add_note - mark the report incomplete, saying why
 * @r: the report
 * @fmt: printf-style reason ("CMD was killed by signal 9")
 */
DMABUF_AUDIT_API void dmabuf_audit_report_add_note(struct dmabuf_audit_report *r,
						   const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * dmabuf_audit_report_set_raw_pointers - print kernel pointers as they are
 * @r: the report
 * @raw: non-zero for the raw values
 *
 * By default a report names each address space (the kernel's mm pointer
 * when traced) by a label, mm#1, mm#2, ..., numbered in the order the
 * findings first show it, the same in every format: reports are attached
 * to public bug reports, and the kernel itself hashes its pointers (%p) so
 * as not to give its heap layout away. User-space addresses are always
 * shown. Returns 0, or -EINVAL.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_set_raw_pointers(struct dmabuf_audit_report *r,
							  int raw);

/*
 * What a report keeps: only the mappings made by one of @pids, by a task
 * named one of @comms, of one of @exporters (each list empty: any), and so
 * only the GUP attempts on them, their findings and their counts. Every
 * format says which filter made the report, so that it never reads as the
 * whole audit.
 */
struct dmabuf_audit_filter {
	size_t sz;			/* sizeof(struct dmabuf_audit_filter) */
	const int *pids;		/* the task that mapped it */
	size_t nr_pids;
	const char *const *comms;	/* that task's name */
	size_t nr_comms;
	const char *const *exporters;	/* exp_name; "(unknown)" for none */
	size_t nr_exporters;
};

/**
 * dmabuf_audit_report_set_filter - keep only what @filter matches
 * @r: the report, before anything is fed to it (mappings added before
 *     stay)
 * @filter: copied; NULL or all lists empty: keep everything
 *
 * Returns 0, -EINVAL for a bad @filter (an empty name), or -ENOMEM.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_set_filter(struct dmabuf_audit_report *r,
						    const struct dmabuf_audit_filter *filter);

/**
 * dmabuf_audit_report_set_workload - the command whose mappings were audited
 * @r: the report
 * @argc: number of words in @argv; 0 forgets it
 * @argv: the command and its arguments
 *
 * "How to reproduce" (markdown) shows it with the audit command; JSON as
 * "workload"; text and KTAP in a line. Returns 0 or -ENOMEM.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_set_workload(struct dmabuf_audit_report *r,
						      int argc, char *const argv[]);

/*
 * Reports of a program's own measurements (source "exercise"). A workload
 * that made and mapped dma-bufs itself and tried GUP on them describes what
 * it saw, in the order it happened, and gets the verdicts, findings and
 * formats of a traced audit: dmabuf-audit exercise does so.
 */
struct dmabuf_audit_mapping {
	size_t sz;			/* sizeof(struct dmabuf_audit_mapping) */
	const char *exporter;		/* exp_name from fdinfo; NULL: unknown */
	int pid;			/* the task that mapped it */
	const char *comm;		/* its name, or NULL */
	int cpu;			/* where it ran, -1 if unknown */
	unsigned long long ts_ns;	/* when, on any monotonic clock; or 0 */
	unsigned long long mm;		/* any non-zero id of the address space */
	unsigned long long start, end;	/* [start, end) */
	unsigned long long vm_flags;	/* see dmabuf_audit_vm_flags_from_smaps() */
	int flags_unknown;		/* vm_flags unread: counted, not judged */
	unsigned long long ino, size;	/* the dma-buf's; 0 if unknown */
	/*
	 * The driver behind a GEM export (exporter "drm"), as DRM_IOCTL_VERSION
	 * names it: "vgem". NULL: not known, and the report says
	 * "drm (driver unknown)". Ignored for any other exporter.
	 */
	const char *driver;
};

struct dmabuf_audit_gup {
	size_t sz;			/* sizeof(struct dmabuf_audit_gup) */
	const char *mech;		/* how: "vmsplice", "io_uring_register"... */
	int pid;			/* the task that ran it */
	const char *comm;		/* its name, or NULL */
	int cpu;			/* -1 if unknown */
	unsigned long long ts_ns;
	unsigned long long mm;		/* the address space it worked on */
	unsigned long long caller_mm;	/* the caller's own when it is another
					 * (a child reading its parent); 0: @mm */
	unsigned long long start;	/* first address */
	unsigned long long nr_pages;	/* pages asked for */
	long long ret;			/* pages pinned (> 0), or -errno */
};

/**
 * dmabuf_audit_report_alloc - an empty report of source "exercise"
 * @method: what was measured and how, one line ("VmFlags from smaps; GUP
 *	    by vmsplice, ..."); shown where traced audits name their probes
 *
 * The kernel is the running one. Returns the report, to free with
 * dmabuf_audit_report_free(), or NULL with errno set.
 */
DMABUF_AUDIT_API struct dmabuf_audit_report *dmabuf_audit_report_alloc(const char *method);

/*
 * Add one mapping, one GUP attempt, or the end of a mapping (munmap of
 * [start, end) in @mm). A GUP attempt counts for the mappings its range
 * overlaps in @mm. Each returns 0, -EINVAL for a bad argument, or -ENOMEM
 * (the report is then unusable).
 */
DMABUF_AUDIT_API int dmabuf_audit_report_add_mapping(struct dmabuf_audit_report *r,
						     const struct dmabuf_audit_mapping *m);
DMABUF_AUDIT_API int dmabuf_audit_report_add_gup(struct dmabuf_audit_report *r,
						 const struct dmabuf_audit_gup *g);
DMABUF_AUDIT_API int dmabuf_audit_report_add_unmap(struct dmabuf_audit_report *r,
						   unsigned long long mm,
						   unsigned long long start,
						   unsigned long long end);

/*
 * Reading a report without parsing what it writes: the same values as the
 * JSON ("complete", "incomplete_reasons", "exporters", "findings"), from
 * the same code. Info structs start with size_t sz, which the caller sets
 * to sizeof the struct it was built with: the library fills what fits in
 * sz and leaves the rest alone, so older and newer programs both work.
 * Strings point into the report: valid until it is freed or something is
 * added to it. Getters return 0, -EINVAL for a bad argument (NULL, sz
 * smaller than a size_t) or -ERANGE for an index past the end.
 */

/* An exporter's verdict, the JSON's "verdict" ("pass", "fail", ...). */
enum dmabuf_audit_verdict {
	DMABUF_AUDIT_VERDICT_PASS,	/* every mapping VM_PFNMAP, no GUP pinned, all seen */
	DMABUF_AUDIT_VERDICT_FAIL,	/* a mapping without VM_PFNMAP, or GUP pinned */
	DMABUF_AUDIT_VERDICT_INCOMPLETE, /* no failure seen, but the audit is partial */
};

/* "pass", "fail", "incomplete" as the JSON writes them; "unknown" else. */
DMABUF_AUDIT_API const char *dmabuf_audit_verdict_name(enum dmabuf_audit_verdict v);

/* Where a report's events came from: the JSON's "source". */
enum dmabuf_audit_source {
	DMABUF_AUDIT_SOURCE_LIVE,	/* "live": probes on the running kernel */
	DMABUF_AUDIT_SOURCE_TRACE,	/* "trace": a trace.dat */
	DMABUF_AUDIT_SOURCE_SNAPSHOT,	/* "snapshot": procfs, no GUP seen */
	DMABUF_AUDIT_SOURCE_EXERCISE,	/* "exercise": a program's own measurements */
};

struct dmabuf_audit_report_info {
	size_t sz;			/* sizeof(struct dmabuf_audit_report_info) */
	int complete;			/* 1: nothing missed; 0: see the reasons */
	size_t nr_incomplete_reasons;	/* dmabuf_audit_report_incomplete_reason() */
	enum dmabuf_audit_source source;
	const char *kernel;		/* release, or "unknown" */
	const char *method;		/* how events were caught, one line */
	unsigned long long lost_events;	/* events the source said it lost */
	int gup_observed;		/* 0: the source cannot see GUP (snapshot) */
	size_t nr_exporters;		/* dmabuf_audit_report_exporter() */
	size_t nr_findings;		/* dmabuf_audit_report_finding() */
};

/**
 * dmabuf_audit_report_info - what a report says of itself
 * @r: the report
 * @info: filled up to @info->sz (set by the caller)
 *
 * Returns 0 or -EINVAL.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_info(const struct dmabuf_audit_report *r,
					      struct dmabuf_audit_report_info *info);

/**
 * dmabuf_audit_report_incomplete_reason - why a report is incomplete
 * @r: the report
 * @i: 0 to nr_incomplete_reasons - 1
 * @buf: where to write the reason, one sentence
 * @size: size of @buf
 *
 * Returns the length the reason needs (like snprintf: >= @size means it
 * was cut), -EINVAL, or -ERANGE.
 */
DMABUF_AUDIT_API int dmabuf_audit_report_incomplete_reason(const struct dmabuf_audit_report *r,
							   size_t i, char *buf, size_t size);

struct dmabuf_audit_exporter_info {
	size_t sz;			/* sizeof(struct dmabuf_audit_exporter_info) */
	const char *name;		/* exp_name; "(unknown)" when the source had none */
	unsigned long long mmaps;	/* mappings made */
	unsigned long long mmaps_pfnmap;	/* of which with VM_PFNMAP */
	unsigned long long mmaps_flags_unknown;	/* of which vm_flags unknown */
	unsigned long long gup_attempts;	/* GUP attempts on its mappings; */
	unsigned long long gup_succeeded;	/* of which pinned (0 without GUP) */
	enum dmabuf_audit_verdict verdict;
	/*
	 * A GEM export (@name "drm") has a row per driver: @driver ("vgem"),
	 * or NULL when it could not be known and @driver_unknown says why.
	 * Both NULL for every other exporter. @label is the row as the reports
	 * print it: "drm (vgem)", "drm (driver unknown)", "system".
	 */
	const char *driver;
	const char *driver_unknown;
	const char *label;
};

/* Exporters, in the order of the reports: 0 to nr_exporters - 1. */
DMABUF_AUDIT_API int dmabuf_audit_report_exporter(const struct dmabuf_audit_report *r,
						  size_t i,
						  struct dmabuf_audit_exporter_info *info);

enum dmabuf_audit_finding_kind {
	DMABUF_AUDIT_FINDING_NOT_PFNMAP,	/* "not_pfnmap": a mapping without VM_PFNMAP */
	DMABUF_AUDIT_FINDING_GUP_SUCCEEDED,	/* "gup_succeeded": GUP pinned its pages */
};

struct dmabuf_audit_finding_info {
	size_t sz;			/* sizeof(struct dmabuf_audit_finding_info) */
	enum dmabuf_audit_finding_kind kind;
	const char *exporter;
	/* the mapping, as at mmap time */
	int pid;			/* the task that mapped it */
	const char *comm;
	unsigned long long start, end;	/* [start, end) */
	unsigned long long vm_flags;	/* see dmabuf_audit_vm_flags_str() */
	unsigned long long ino, size;	/* the dma-buf's; 0 if unknown */
	int forwarded;			/* 1: a driver's mmap forwarded by
					 * dma_buf_mmap(); 0: mmap of the dma-buf fd */
	/* DMABUF_AUDIT_FINDING_GUP_SUCCEEDED only (else zero, NULL) */
	int gup_pid;			/* the task that ran the GUP */
	const char *gup_comm;
	unsigned long long gup_start, gup_nr_pages;
	long long gup_ret;		/* pages pinned */
	int gup_remote;			/* 1: on another process's address space */
	/* as in struct dmabuf_audit_exporter_info: "vgem" or NULL; its row */
	const char *driver;
	const char *label;
	/*
	 * The kernel call chain that led to the finding (not_pfnmap: the
	 * mmap's, from the dma-buf mmap entry; gup_succeeded: the GUP's, from
	 * its entry), innermost first, one "function+0xoffset" a line (an
	 * address when no symbol was known), NULL-terminated; tracing's own
	 * frames left out. NULL when there is none, and then stack_missing
	 * says why (not asked, trigger refused, record lost, trace recorded
	 * without stacks). Valid as long as the report.
	 */
	const char *const *stack;
	size_t nr_stack;
	const char *stack_missing;
};

/* Findings, in the order of the JSON's: 0 to nr_findings - 1. */
DMABUF_AUDIT_API int dmabuf_audit_report_finding(const struct dmabuf_audit_report *r,
						 size_t i,
						 struct dmabuf_audit_finding_info *info);

/*
 * Live audits. dmabuf_audit_live_open() checks the system, places our
 * probes (group and tracefs instance "dmabuf_audit_<pid>") and starts
 * tracing; poll() moves what the kernel buffered into the report; stop()
 * ends tracing and reads the last events and the loss counters; close()
 * removes everything it created, whatever happened before.
 */
struct dmabuf_audit_live;

struct dmabuf_audit_live_opts {
	size_t sz;			/* sizeof(struct dmabuf_audit_live_opts) */
	unsigned int buffer_kb;		/* per-CPU ring buffer; 0: the kernel's default */
	/*
	 * 1: no kernel stacks for findings. By default a stacktrace trigger
	 * on the dma-buf mmap and GUP entry events gives each failing mapping
	 * and each pinning GUP the call chain that led to it.
	 */
	int no_stacks;
};

/**
 * dmabuf_audit_live_open - start a live audit
 * @out: the new session
 * @opts: options, or NULL for defaults
 *
 * Returns 0, or a negative errno / -DMABUF_AUDIT_ERR_* after printing one
 * line saying what is wrong and what to do. Nothing is left behind on error.
 */
DMABUF_AUDIT_API int dmabuf_audit_live_open(struct dmabuf_audit_live **out,
					    const struct dmabuf_audit_live_opts *opts);
/* Read what is buffered; call it often (every 100 ms or so). 0 or -errno. */
DMABUF_AUDIT_API int dmabuf_audit_live_poll(struct dmabuf_audit_live *s);
/*
 * Audit only the mappings @pid and the tasks it forks make (the CMD of
 * `live -- CMD`); GUP on them by any process still counts. Without it, the
 * whole system is audited. 0 or -ENOMEM.
 */
DMABUF_AUDIT_API int dmabuf_audit_live_follow(struct dmabuf_audit_live *s, int pid);
/* Stop tracing and read everything left, with the loss counters. */
DMABUF_AUDIT_API int dmabuf_audit_live_stop(struct dmabuf_audit_live *s);
/* The session's report; it belongs to the session. */
DMABUF_AUDIT_API struct dmabuf_audit_report *
dmabuf_audit_live_report(struct dmabuf_audit_live *s);
/* Remove the instance and probes and free the session; accepts NULL. */
DMABUF_AUDIT_API void dmabuf_audit_live_close(struct dmabuf_audit_live *s);

/*
 * Probes for recording with trace-cmd. dmabuf_audit_probes_install() places
 * the same probes a live audit would, in @group ("dmabuf_audit" by
 * default), and lists the events to record; they stay until
 * dmabuf_audit_probes_remove(). Only groups named dmabuf_audit or
 * dmabuf_audit_<pid> are ever touched.
 */
struct dmabuf_audit_probes;

/* Returns 0, or a negative error after one line saying what is wrong. */
DMABUF_AUDIT_API int dmabuf_audit_probes_install(struct dmabuf_audit_probes **out,
						 const char *group);
/* The events to record: "system:event", and a filter for it or NULL. */
DMABUF_AUDIT_API int dmabuf_audit_probes_count(const struct dmabuf_audit_probes *p);
DMABUF_AUDIT_API const char *dmabuf_audit_probes_event(const struct dmabuf_audit_probes *p,
							int i, const char **filter);
/*
 * The trigger that gives event @i's hits their kernel stack, for
 * `trace-cmd record -e EVENT -R TRIGGER` ("stacktrace" or "stacktrace if
 * FILTER"), or NULL: the event takes none. The dma-buf mmap entries get
 * one (who mapped), and the GUP entries (who pinned); a report of the
 * trace gives each finding its stack.
 */
DMABUF_AUDIT_API const char *dmabuf_audit_probes_event_stack(const struct dmabuf_audit_probes *p,
							      int i);
/* Which probe serves what, in one line. */
DMABUF_AUDIT_API const char *dmabuf_audit_probes_method(const struct dmabuf_audit_probes *p);
/*
 * Install in this process's own group, dmabuf_audit_<pid> (the way
 * dmabuf-audit record does): nobody else's start or
 * dmabuf_audit_remove_stale() takes it for stale while @out lives, and
 * if the process is killed, the next one does. Returns as
 * dmabuf_audit_probes_install().
 */
DMABUF_AUDIT_API int dmabuf_audit_probes_install_own(struct dmabuf_audit_probes **out);
/* The group the probes are placed in, e.g. to remove them. */
DMABUF_AUDIT_API const char *dmabuf_audit_probes_group(const struct dmabuf_audit_probes *p);
/*
 * Frees the description only: the probes stay placed. A group of one
 * process's (dmabuf_audit_<pid>) is owned through its description: once
 * freed, probes still in it are stale, so remove them first. Accepts NULL.
 */
DMABUF_AUDIT_API void dmabuf_audit_probes_free(struct dmabuf_audit_probes *p);

/*
 * Remove every probe of @group; returns how many, or a negative error
 * after one line (not root, tracefs not mounted: it is never mounted).
 */
DMABUF_AUDIT_API int dmabuf_audit_probes_remove(const char *group);

/*
 * Remove what sessions killed with SIGKILL left: instances and probe groups
 * named dmabuf_audit_<pid> that no running process owns. A process owns
 * its group through a lock held for the life of its live session or of
 * its dmabuf_audit_probes (under /run/dmabuf-audit, or /tmp/dmabuf-audit
 * where there is no /run); a group without a lock file (placed by an
 * older version) is stale only once its pid is gone.
 * Nobody else's instance or probe is touched. Returns how many were
 * removed, or a negative error. live and record call it when they start.
 */
DMABUF_AUDIT_API int dmabuf_audit_remove_stale(void);

/*
 * What the running kernel offers for a live audit (like trace-cmd
 * check-events), found without placing anything, creating an instance or
 * mounting tracefs. Set @sz to sizeof(struct dmabuf_audit_kernel); the
 * library fills what it knows of the first @sz bytes. Flags are 0 or 1.
 */
struct dmabuf_audit_kernel {
	size_t sz;
	int root;		/* allowed to trace */
	int tracefs;		/* tracefs is mounted (features below need it) */
	int kprobes;		/* kprobe events */
	int fprobes;		/* fprobe (f:) events */
	int ret_args;		/* $argN in return probes */
	int btf_args;		/* BTF argument names in probes */
	int btf;		/* kernel BTF, /sys/kernel/btf/vmlinux */
	int dma_buf_mmap_tp;	/* dma_buf:dma_buf_mmap_internal with the fields read */
	int dma_buf_fwd_tp;	/* dma_buf:dma_buf_mmap with the fields read */
	char method[160];	/* the probe plan a live audit would place, or "" */
};

/*
 * Fill @k: the features, and the plan the probes of a live audit would
 * follow (the kernel may still refuse one probe: live then takes the next
 * candidate). Returns 0 when a live audit can run here, or a negative
 * error after one line saying why not (not root, tracefs not mounted, an
 * event no probe can serve); the fields found until then are set.
 */
DMABUF_AUDIT_API int dmabuf_audit_kernel_check(struct dmabuf_audit_kernel *k);

typedef int (*dmabuf_audit_probe_fn)(const char *group, const char *definition,
				     int owner_alive, void *data);
/*
 * Call @fn for each placed definition of ours. @owner_alive: 1 when the
 * group is owned by a running process (dmabuf_audit_<pid>, see
 * dmabuf_audit_remove_stale()) or is the shared "dmabuf_audit" group, 0
 * when it is stale. Non-zero from @fn stops and is returned; a negative
 * error after one line when tracing is not possible (not root, tracefs
 * not mounted: it is never mounted).
 */
DMABUF_AUDIT_API int dmabuf_audit_probes_list(dmabuf_audit_probe_fn fn, void *data);

/*
 * Audit a trace.dat written by trace-cmd (dmabuf-audit record, or trace-cmd
 * record over installed probes). Needs no root, tracefs or BTF.
 * Returns 0 and a report to free, or a negative error after one line.
 */
DMABUF_AUDIT_API int dmabuf_audit_trace_report(const char *path,
					       struct dmabuf_audit_report **out);

/*
 * The workload of a recording: a trace_marker line written while it is
 * recorded, DMABUF_AUDIT_WORKLOAD_MARK and then each word of the command
 * after a \x1f ("dmabuf-audit-workload\x1fcam\x1f--frames\x1f10").
 * dmabuf-audit record writes it; any recorder may.
 */
#define DMABUF_AUDIT_WORKLOAD_MARK	"dmabuf-audit-workload"

struct dmabuf_audit_trace_opts {
	size_t sz;			/* sizeof(struct dmabuf_audit_trace_opts) */
	const struct dmabuf_audit_filter *filter; /* NULL: everything */
};

/*
 * dmabuf_audit_trace_report() with options (@opts NULL: the defaults).
 * The workload that `dmabuf-audit record` wrote into the trace, if any,
 * becomes the report's (dmabuf_audit_report_set_workload()).
 */
DMABUF_AUDIT_API int dmabuf_audit_trace_report_opts(const char *path,
						    const struct dmabuf_audit_trace_opts *opts,
						    struct dmabuf_audit_report **out);

/*
 * Snapshots: the dma-buf mappings that exist right now, read from procfs
 * (no tracing, no root needed for one's own processes). Every /dmabuf:
 * mapping in /proc/PID/maps, its VmFlags from /proc/PID/smaps, its exporter
 * from the fdinfo of any process's fd on the same dma-buf (or from debugfs
 * dma_buf/bufinfo when readable). GUP is not observable this way: the
 * report judges the VM flags only, and says so.
 */
struct dmabuf_audit_snapshot_opts {
	size_t sz;		/* sizeof(struct dmabuf_audit_snapshot_opts) */
	const char *root;	/* NULL or "/"; a directory holding proc/ (and
				 * sys/kernel/debug/dma_buf/bufinfo); or an
				 * archive written by save_path */
	const int *pids;	/* only these processes; NULL: all of them */
	size_t nr_pids;
	const char *save_path;	/* also write what was read to this ustar
				 * archive (NULL: don't) */
	const struct dmabuf_audit_filter *filter; /* see
				 * dmabuf_audit_report_set_filter(); NULL: all */
};

/**
 * dmabuf_audit_snapshot - audit the dma-buf mappings that exist now
 * @out: the report, to free with dmabuf_audit_report_free()
 * @opts: options, or NULL for every process of the running system
 *
 * Processes that cannot be read (permission denied) are counted in a note
 * of the report, which makes it incomplete; processes that exit during the
 * walk are skipped. Returns 0, -EINVAL for bad @opts, or a negative errno /
 * -DMABUF_AUDIT_ERR_* after printing one line (root unusable, archive
 * corrupt or truncated, save_path not writable).
 */
DMABUF_AUDIT_API int dmabuf_audit_snapshot(struct dmabuf_audit_report **out,
					   const struct dmabuf_audit_snapshot_opts *opts);

/*
 * What procfs says of this process's own dma-bufs, read as snapshots read
 * it: for a program that makes and maps buffers itself and reports them
 * (dmabuf-audit exercise). Set @sz before the call: the library fills the
 * fields it knows up to @sz, so older and newer callers both work.
 */
struct dmabuf_audit_fd_info {
	size_t sz;			/* sizeof(struct dmabuf_audit_fd_info) */
	char exp_name[64];		/* the exporter; "" if fdinfo has none */
	unsigned long long ino;		/* the dma-buf's inode; 0 if unknown */
	unsigned long long size;	/* its size in bytes; 0 if unknown */
};

/**
 * dmabuf_audit_fd_info - the dma-buf behind one of this process's fds
 * @fd: the file descriptor
 * @info: filled from /proc/self/fdinfo/@fd (@info->sz set by the caller)
 *
 * Return: 0; -ENODEV when @fd is no dma-buf (no exp_name: ino and size
 * are still filled when fdinfo shows them); -EINVAL for a bad argument;
 * or the -errno of reading fdinfo.
 */
DMABUF_AUDIT_API int dmabuf_audit_fd_info(int fd, struct dmabuf_audit_fd_info *info);

struct dmabuf_audit_vma {
	size_t sz;			/* sizeof(struct dmabuf_audit_vma) */
	unsigned long long start, end;	/* [start, end) */
	unsigned long long ino;		/* inode of the VMA's file; 0: none */
	char path[256];			/* the path column of maps; "" if none */
	char vm_letters[128];		/* smaps' VmFlags letters, one space
					 * apart; "" when smaps has none */
	unsigned long long vm_flags;	/* those letters as vm_flags bits, as
					 * dmabuf_audit_vm_flags_from_smaps() */
};

/**
 * dmabuf_audit_vma_find - the mapping of this process that holds an address
 * @addr: any address inside it
 * @vma: filled from /proc/self/smaps (@vma->sz set by the caller)
 *
 * Return: 0; -ENOENT when no mapping holds @addr; -EINVAL for a bad
 * argument; or the -errno of reading smaps.
 */
DMABUF_AUDIT_API int dmabuf_audit_vma_find(unsigned long long addr,
					   struct dmabuf_audit_vma *vma);

#ifdef __cplusplus
}
#endif

#endif /* _DMABUF_AUDIT_H */
