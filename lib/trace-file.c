// SPDX-License-Identifier: LGPL-2.1
/*
 * The trace.dat source: a file written by trace-cmd record, read with
 * libtracecmd (CPUs merged in time order), decoded by the same events.c
 * and matched by the same matcher as a live audit. Runs anywhere: the
 * event formats travel in the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <trace-cmd.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "probes.h"
#include "report.h"

/*
 * Exported by libtracecmd and used by trace-cmd report itself, but only
 * declared in its private header.
 */
const char *tracecmd_get_uname(struct tracecmd_input *handle);
const char *tracecmd_get_cpustats(struct tracecmd_input *handle);

#define RELEASE_CHUNK	(256 * 1024)	/* give back read pages this much at a time */
/* From one record of a CPU to its next: a trace page (sub-buffer), at most */
#define MAX_STEP	(2 * 1024 * 1024)
#define MAX_CPUS	4096

struct reader {
	struct da_decoder *dec;
	unsigned long long missed;
	bool unknown_missed;
	int err;
	uintptr_t *behind;	/* per CPU: where read pages start, not yet given back */
	dev_t dev;		/* the trace file */
	ino_t ino;
	bool mapped;		/* records are read from a mapping of the file */
	bool not_mapped;	/* the first was not: nothing to release */
};

/*
 * The mapping of the trace file holding [from, to), if it is private and
 * read-only: then MADV_DONTNEED only unmaps pages that read back the same
 * from the file. Asked anew before each release, as libtracecmd maps and
 * unmaps as it goes.
 */
static bool trace_mapping(const struct reader *r, uintptr_t from, uintptr_t to,
			  uintptr_t *start, uintptr_t *end)
{
	char line[4352], perms[8];
	unsigned long lo, hi, ino;
	unsigned int maj, min;
	bool ok = false;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %*x %x:%x %lu", &lo, &hi, perms,
			   &maj, &min, &ino) != 6 || from < lo || from >= hi)
			continue;
		ok = to <= hi && !strcmp(perms, "r--p") && maj == major(r->dev) &&
		     min == minor(r->dev) && ino == r->ino;
		*start = lo;
		*end = hi;
		break;
	}
	fclose(f);
	return ok;
}

/*
 * libtracecmd maps a CPU's whole data of an uncompressed trace.dat (in a
 * few big mappings) and keeps the pages it read mapped: resident memory
 * would grow with the file. Records are read once, in order, so the pages
 * behind the current one can go. MADV_DONTNEED unmaps them and leaves the
 * page cache alone; it would also zero anonymous memory, hence
 * trace_mapping() first. (MADV_PAGEOUT, harmless anywhere, drops the
 * pages from the page cache too, and only for the file's owner: for
 * anyone else it does nothing and the whole file ends up resident.)
 * MADV_NOHUGEPAGE keeps the kernel from mapping 2 MiB page-cache folios
 * whole, each staying while the next is read. A compressed trace is read
 * into buffers of libtracecmd's: nothing to give back.
 */
static void release_behind(struct reader *r, int cpu, const void *data)
{
	uintptr_t here = (uintptr_t)data & ~(uintptr_t)4095, *b, lo, hi;

	if (!r->behind || r->not_mapped || cpu < 0 || cpu >= MAX_CPUS)
		return;
	b = &r->behind[cpu];
	if (!*b || here < *b || here - *b > MAX_STEP + RELEASE_CHUNK) {
		/* the CPU's first record, or one in another mapping */
		*b = here;
		if (trace_mapping(r, here, here + 1, &lo, &hi)) {
			madvise((void *)lo, hi - lo, MADV_NOHUGEPAGE);
			r->mapped = true;
		} else if (!r->mapped) {
			r->not_mapped = true;	/* the first record tells for all */
		}
		return;
	}
	if (here - *b < RELEASE_CHUNK)
		return;
	/* a range across two mappings stays: libtracecmd unmaps them */
	if (trace_mapping(r, *b, here, &lo, &hi))
		madvise((void *)*b, here - *b, MADV_DONTNEED);
	*b = here;
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct reader *r = data;

	if (rec->missed_events) {
		if (rec->missed_events > 0)
			r->missed += rec->missed_events;
		else
			r->unknown_missed = true;
		da_decoder_lost(r->dec, rec->ts, cpu,
				rec->missed_events > 0 ? rec->missed_events : 0);
	}
	r->err = da_decoder_feed(r->dec, rec);
	release_behind(r, cpu, rec->data);
	return r->err ? -1 : 0;
}

/* "Linux host 6.1.0-56-amd64 #1 SMP ..." -> "6.1.0-56-amd64" */
static void set_release(struct dmabuf_audit_report *rep, struct tracecmd_input *h)
{
	const char *u = tracecmd_get_uname(h);
	char sys[64], host[256], rel[128];

	if (u && sscanf(u, "%63s %255s %127s", sys, host, rel) == 3)
		da_report_set_kernel(rep, rel);
}

/* Ring-buffer overruns trace-cmd wrote down, beyond those marked in data. */
static unsigned long long overruns(struct tracecmd_input *h)
{
	const char *stats = tracecmd_get_cpustats(h), *p;
	unsigned long long sum = 0;

	for (p = stats; p && (p = strstr(p, "overrun: ")); p += 9)
		sum += strtoull(p + 9, NULL, 10);
	for (p = stats; p && (p = strstr(p, "dropped events: ")); p += 16)
		sum += strtoull(p + 16, NULL, 10);
	return sum;
}

/* A role as a person recording a trace would look for it. */
static void role_name(int role, char *buf, size_t size)
{
	const char *ev = da_role_event(role);

	if (role == DA_ROLE_MMAP_ID || role == DA_ROLE_MMAP_FWD_ID)
		snprintf(buf, size, "%s (or dma_buf:%s)", ev, role == DA_ROLE_MMAP_ID ?
			 "dma_buf_mmap_internal" : "dma_buf_mmap");
	else if (role == DA_ROLE_TASK_EXEC || role == DA_ROLE_TASK_EXIT)
		snprintf(buf, size, "sched:%s", ev);
	else
		snprintf(buf, size, "%s", ev);
}

/* One note naming every role the trace lacks, and how to get them. */
static void note_missing(struct dmabuf_audit_report *rep, unsigned int missing)
{
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
	dmabuf_audit_report_add_note(rep, "the trace lacks events: %s; record with "
				     "'dmabuf-audit record -o FILE -- CMD'", list);
}

static void describe(struct dmabuf_audit_report *rep, struct da_decoder *dec)
{
	unsigned int roles = da_decoder_roles(dec);
	char m[192];

	snprintf(m, sizeof(m), "trace.dat: dma-buf from %s, vma from %s, gup %s",
		 da_decoder_has_tracepoint_id(dec) ? "dma_buf tracepoint" : "probe",
		 roles & (1u << DA_ROLE_VMA_FINAL) ? "perf_event_mmap" : "mmap return",
		 roles & (1u << DA_ROLE_GUP_FAST) ? "fast+slow" : "missing");
	da_report_set_method(rep, m);
}

static int check_file(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		da_warn("cannot open %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		da_warn("%s is %s, not a trace.dat: record one with "
			"'dmabuf-audit record -o FILE -- CMD'\n", path,
			S_ISREG(st.st_mode) ? "empty" : "not a regular file");
		return -DMABUF_AUDIT_ERR_FORMAT;
	}
	return 0;
}

static int open_trace(const char *path, struct tracecmd_input **out)
{
	int err = check_file(path);

	if (err)
		return err;
	tracecmd_set_loglevel(TEP_LOG_NONE);	/* we say what went wrong */
	*out = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!*out) {
		da_warn("%s is not a trace.dat that trace-cmd can read (damaged, "
			"truncated, or another format)\n", path);
		return -DMABUF_AUDIT_ERR_FORMAT;
	}
	return 0;
}

/* After reading: losses, missing events, unpaired hits. */
static void account(struct dmabuf_audit_report *rep, struct reader *rd,
		    struct tracecmd_input *h)
{
	unsigned long long over = overruns(h);
	unsigned int missing = da_decoder_missing(rd->dec);

	if (over > rd->missed)
		da_decoder_lost(rd->dec, 0, -1, over - rd->missed);
	if (missing)
		note_missing(rep, missing);
	da_decoder_finish(rd->dec);
	da_report_set_unpaired(rep, da_decoder_unpaired(rd->dec));
	describe(rep, rd->dec);
}

static int read_trace(const char *path, struct tracecmd_input *h,
		      struct dmabuf_audit_report *rep)
{
	struct tep_handle *tep = tracecmd_get_tep(h);
	struct reader rd = { 0 };
	struct stat st;
	int err = 0;

	rd.dec = da_decoder_alloc(tep, da_report_feed, rep);
	rd.behind = calloc(MAX_CPUS, sizeof(*rd.behind));
	if (!stat(path, &st)) {
		rd.dev = st.st_dev;
		rd.ino = st.st_ino;
	} else {
		rd.not_mapped = true;	/* gone since it was opened */
	}
	if (!rd.dec || !rd.behind) {
		da_decoder_free(rd.dec);
		free(rd.behind);
		return -ENOMEM;
	}
	/* exec/exit alone say nothing about dma-bufs */
	if (!(da_decoder_roles(rd.dec) & ~(1u << DA_ROLE_TASK_EXEC | 1u << DA_ROLE_TASK_EXIT))) {
		da_warn("%s holds none of dmabuf-audit's events: record with "
			"'dmabuf-audit record -o FILE -- CMD'\n", path);
		err = -DMABUF_AUDIT_ERR_FORMAT;
	} else if (tracecmd_iterate_events(h, NULL, 0, on_record, &rd) < 0 && !rd.err) {
		dmabuf_audit_report_add_note(rep, "reading %s stopped early: the file "
					     "may be truncated", path);
	}
	err = err ?: rd.err;
	if (!err)
		account(rep, &rd, h);
	da_decoder_free(rd.dec);
	free(rd.behind);
	return err;
}

int dmabuf_audit_trace_report(const char *path, struct dmabuf_audit_report **out)
{
	struct dmabuf_audit_report *rep;
	struct tracecmd_input *h;
	int err;

	*out = NULL;
	err = open_trace(path, &h);
	if (err)
		return err;
	rep = da_report_alloc(DA_SOURCE_TRACE, tep_get_page_size(tracecmd_get_tep(h)) ?: 4096);
	if (!rep) {
		tracecmd_close(h);
		return -ENOMEM;
	}
	set_release(rep, h);
	err = read_trace(path, h, rep);
	tracecmd_close(h);
	if (err) {
		dmabuf_audit_report_free(rep);
		return err;
	}
	*out = rep;
	return 0;
}
