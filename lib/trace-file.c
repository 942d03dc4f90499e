// SPDX-License-Identifier: LGPL-2.1
/*
 * The trace.dat source: a file written by trace-cmd record, read with
 * libtracecmd, its records by our own reader (trace-reader.h) when the
 * file is one it reads, else by libtracecmd (CPUs merged in time order), decoded by the same events.c
 * and matched by the same matcher as a live audit. Runs anywhere: the
 * event formats travel in the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <trace-cmd.h>

#include "dmabuf-audit-local.h"
#include "events.h"
#include "probes.h"
#include "report.h"
#include "source.h"
#include "trace-reader.h"
#include "stacks.h"

/*
 * Exported by libtracecmd and used by trace-cmd report itself, but only
 * declared in its private header.
 */
const char *tracecmd_get_uname(struct tracecmd_input *handle);
const char *tracecmd_get_cpustats(struct tracecmd_input *handle);
int tracecmd_cpus(struct tracecmd_input *handle);

#define RELEASE_CHUNK	(256 * 1024)	/* give back read pages this much at a time */
/* From one record of a CPU to its next: a trace page (sub-buffer), at most */
#define MAX_STEP	(2 * 1024 * 1024)
#define MAX_CPUS	4096

struct reader {
	struct da_source_ctx src;
	int err;
	uintptr_t *behind;	/* per CPU: where read pages start, not yet given back */
	dev_t dev;		/* the trace file */
	ino_t ino;
	bool mapped;		/* records are read from a mapping of the file */
	bool not_mapped;	/* the first was not: nothing to release */
	struct tep_handle *tep;
	struct tep_event *print;	/* ftrace:print, where the workload comes */
	struct da_symbols syms;		/* the trace's kallsyms, for stacks */
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

#define WORKLOAD_WORDS	256

/*
 * `dmabuf-audit record` writes the command it records into the trace (a
 * trace_marker line: DMABUF_AUDIT_WORKLOAD_MARK, then each word after a \x1f) so that
 * the report can say what made the mappings.
 */
static void read_workload(struct reader *r, struct tep_record *rec)
{
	static const char mark[] = DMABUF_AUDIT_WORKLOAD_MARK "\x1f";
	char *words[WORKLOAD_WORDS], *line, *w;
	struct tep_format_field *f;
	int n = 0, len;

	if (!r->print || tep_data_type(r->tep, rec) != r->print->id ||
	    !(f = tep_find_field(r->print, "buf")) || (int)f->offset >= rec->size)
		return;
	len = strnlen((char *)rec->data + f->offset, rec->size - f->offset);
	if (len <= (int)sizeof(mark) - 1 ||
	    strncmp((char *)rec->data + f->offset, mark, sizeof(mark) - 1))
		return;
	line = strndup((char *)rec->data + f->offset + sizeof(mark) - 1,
		       len - (sizeof(mark) - 1));
	if (!line)
		return;
	line[strcspn(line, "\n")] = '\0';
	for (w = strtok(line, "\x1f"); w && n < WORKLOAD_WORDS; w = strtok(NULL, "\x1f"))
		words[n++] = w;
	dmabuf_audit_report_set_workload(r->src.report, n, words);
	free(line);
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct reader *r = data;

	read_workload(r, rec);
	r->err = da_source_feed(&r->src, rec, cpu);
	release_behind(r, cpu, rec->data);
	return r->err ? -1 : 0;
}

static int on_own_record(struct tep_record *rec, int cpu, void *data)
{
	struct reader *r = data;

	read_workload(r, rec);
	r->err = da_source_feed(&r->src, rec, cpu);
	return r->err;
}

/*
 * Our reader gives each CPU's records as the file holds them; libtracecmd
 * corrects timestamps when the file asks (a time offset, TSC to ns, a
 * guest's shift). Each CPU's first record must agree, or libtracecmd
 * reads the file.
 */
static bool same_start(int fd, struct tracecmd_input *h, const struct da_trace_layout *l)
{
	unsigned long long *ts = calloc(l->nr_cpus ?: 1, sizeof(*ts));
	struct tep_record *rec;
	bool same = ts && l->nr_cpus == tracecmd_cpus(h);
	int i, err = same ? da_trace_first_ts(fd, l, tracecmd_get_tep(h), ts) : 0;

	/*
	 * A CPU's data damaged or cut at its start: our walk says so (and the
	 * report is incomplete) where libtracecmd might just read less.
	 */
	if (err == -EIO) {
		free(ts);
		return true;
	}
	same = same && !err;
	for (i = 0; same && i < l->nr_cpus; i++) {
		rec = tracecmd_read_cpu_first(h, i);
		same = (rec ? rec->ts : -1ULL) == ts[i];
		tracecmd_free_record(rec);
	}
	free(ts);
	return same;
}

/* By event id: what the decoder knows, the workload's line, unknown ids. */
static bool *wanted_ids(struct reader *r)
{
	bool *want = calloc(65536, sizeof(*want));
	int id;

	for (id = 0; want && id < 65536; id++)
		want[id] = da_decoder_wants(r->src.dec, id) ||
			   (r->print && r->print->id == id) ||
			   !tep_find_event(r->tep, id);
	return want;
}

/*
 * The records through our own reader (trace-reader.h): 0, or 1 when the
 * file is one for libtracecmd to read.
 */
static int read_own(const char *path, struct tracecmd_input *h, struct reader *r)
{
	struct da_trace_walk w = { .tep = r->tep, .fn = on_own_record, .data = r };
	struct da_trace_layout l;
	const char *how = getenv("DMABUF_AUDIT_TRACE_READER");
	int fd, err;

	/* tests compare both readers on the same file */
	if (how && !strcmp(how, "libtracecmd"))
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	err = da_trace_layout_read(fd, &l);
	if (!err && !same_start(fd, h, &l))
		err = 1;
	if (!err) {
		w.wanted = wanted_ids(r);
		err = w.wanted ? da_trace_walk(fd, &l, &w) : -ENOMEM;
		free((void *)w.wanted);
	}
	da_trace_layout_free(&l);
	close(fd);
	if (r->err)
		return r->err;
	if (err == -EIO) {	/* what was read stands; the note says the rest is missing */
		dmabuf_audit_report_add_note(r->src.report, "reading %s stopped "
					     "early: %s", path, w.why);
		return 0;
	}
	return err == -ENOMEM ? err : err ? 1 : 0;
}

/*
 * "Linux host 6.1.0-56-amd64 #1 SMP ... x86_64": release, node name and,
 * last (the version has blanks), the machine, as the recording uname said.
 */
static void set_release(struct dmabuf_audit_report *rep, struct tracecmd_input *h)
{
	const char *u = tracecmd_get_uname(h), *arch;
	char sys[64], host[256], rel[128];
	int end = 0;

	if (!u || sscanf(u, "%63s %255s %127s%n", sys, host, rel, &end) != 3)
		return;
	da_report_set_kernel(rep, rel);
	arch = strrchr(u, ' ');
	if (!arch || arch < u + end || !arch[1])
		arch = NULL;	/* no version and machine after the release */
	da_report_set_machine(rep, host, arch ? arch + 1 : NULL);
}

/* "; record with 'CMD'": how the application records a trace, if it said */
static void record_hint(char *buf, size_t size, const char *lead)
{
	const char *how = da_hint(DMABUF_AUDIT_HINT_RECORD_COMMAND);

	buf[0] = '\0';
	if (how)
		snprintf(buf, size, "%s '%s'", lead, how);
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
	char hint[192];

	if (stat(path, &st)) {
		da_warn("cannot open %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		record_hint(hint, sizeof(hint), ": record one with");
		da_warn("%s is %s, not a trace.dat%s\n", path,
			S_ISREG(st.st_mode) ? "empty" : "not a regular file", hint);
		return -DMABUF_AUDIT_ERR_FORMAT;
	}
	return 0;
}

/* Damage libtracecmd would crash on (trace-reader.h), said before it reads the file. */
static int check_layout(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;
	char why[160];

	if (fd < 0)
		return 0;	/* libtracecmd says why */
	err = da_trace_check_file(fd, why, sizeof(why));
	close(fd);
	if (!err)
		return 0;
	da_warn("%s is not a trace.dat that can be read: %s\n", path, why);
	return -DMABUF_AUDIT_ERR_FORMAT;
}

static int open_trace(const char *path, struct tracecmd_input **out)
{
	int err = check_file(path) ?: check_layout(path);

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
static void account(struct reader *rd, struct tracecmd_input *h)
{
	da_source_ring_lost(&rd->src, da_source_ring_losses(tracecmd_get_cpustats(h)));
	da_source_finish(&rd->src, true);
	if (!da_decoder_stacks_seen(rd->src.dec))
		da_report_no_stacks(rd->src.report);
	describe(rd->src.report, rd->src.dec);
}

/* exec/exit alone say nothing about dma-bufs */
static int check_roles(const char *path, struct da_decoder *dec)
{
	char hint[192];

	if (da_decoder_roles(dec) & ~(1u << DA_ROLE_TASK_EXEC | 1u << DA_ROLE_TASK_EXIT))
		return 0;
	record_hint(hint, sizeof(hint), ": record with");
	da_warn("%s holds none of dmabuf-audit's events%s\n", path, hint);
	return -DMABUF_AUDIT_ERR_FORMAT;
}

static int read_trace(const char *path, struct tracecmd_input *h, struct reader *rd)
{
	struct stat st;
	int err;

	rd->tep = tracecmd_get_tep(h);
	rd->print = tep_find_event_by_name(rd->tep, "ftrace", "print");
	err = da_source_decode(&rd->src, rd->tep);
	rd->syms.tep = rd->tep;
	da_report_set_symbols(rd->src.report, da_stack_symbol, &rd->syms);
	rd->behind = calloc(MAX_CPUS, sizeof(*rd->behind));
	if (err || !rd->behind)
		return -ENOMEM;
	if (!stat(path, &st)) {
		rd->dev = st.st_dev;
		rd->ino = st.st_ino;
	} else {
		rd->not_mapped = true;	/* gone since it was opened */
	}
	err = check_roles(path, rd->src.dec);
	if (!err)
		err = read_own(path, h, rd);
	if (err == 1 && !(err = 0) &&
	    tracecmd_iterate_events(h, NULL, 0, on_record, rd) < 0 && !rd->err)
		dmabuf_audit_report_add_note(rd->src.report, "reading %s stopped early: "
					     "the file may be truncated", path);
	err = err ?: rd->err;
	if (!err)
		account(rd, h);
	return err;
}

int dmabuf_audit_trace_report_opts(const char *path,
				   const struct dmabuf_audit_trace_opts *opts,
				   struct dmabuf_audit_report **out)
{
	struct dmabuf_audit_trace_opts o;
	struct tracecmd_input *h;
	struct reader rd = { 0 };
	int err;

	*out = NULL;
	err = da_opts_get(&o, sizeof(o), opts);
	if (err)
		return err;
	err = open_trace(path, &h);
	if (err)
		return err;
	err = da_source_begin(&rd.src, DA_SOURCE_TRACE,
			      tep_get_page_size(tracecmd_get_tep(h)) ?: 4096);
	if (!err && o.filter)
		err = dmabuf_audit_report_set_filter(rd.src.report, o.filter);
	if (!err) {
		set_release(rd.src.report, h);
		err = read_trace(path, h, &rd);
	}
	if (!err)
		*out = da_source_take(&rd.src);
	da_source_end(&rd.src);		/* the decoder knows tracecmd's tep */
	tracecmd_close(h);
	free(rd.behind);
	return err;
}

int dmabuf_audit_trace_report(const char *path, struct dmabuf_audit_report **out)
{
	return dmabuf_audit_trace_report_opts(path, NULL, out);
}
