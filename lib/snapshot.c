// SPDX-License-Identifier: LGPL-2.1
/*
 * The snapshot source: every dma-buf mapping that exists now, from procfs.
 *
 * A dma-buf mapped through its fd shows in /proc/PID/maps as "/dmabuf:"
 * followed by the buffer's name (empty when unnamed), with the dma-buf's
 * inode. smaps gives the VMA's flags as letters, and the fdinfo of any fd
 * on that dma-buf, in any process, gives its exporter (debugfs bufinfo too,
 * for root). So the walk collects mappings and inode -> exporter pairs from
 * every process first, and emits the mappings at the end.
 *
 * The same walk reads the running system (root "/"), a directory shaped
 * like it, or an archive written by --save; the archive holds the files as
 * read, except smaps, cut to the entries of dma-buf mappings (the rest is
 * most of its size and none of the audit).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dmabuf-audit-local.h"
#include "archive.h"
#include "procfs.h"
#include "report.h"
#include "snapshot.h"
#include "source.h"

#define PF_KTHREAD	0x00200000	/* include/linux/sched.h */
#define BUFINFO		"sys/kernel/debug/dma_buf/bufinfo"
#define OSRELEASE	"proc/sys/kernel/osrelease"
#define HOSTNAME	"proc/sys/kernel/hostname"
#define ARCH		"proc/sys/kernel/arch"	/* not on every kernel */

struct snap_map {
	int pid;
	char comm[DA_COMM_MAX];
	uint64_t start, end, ino, flags;
	bool no_flags;		/* smaps had no VmFlags for it */
};

struct snap {
	struct da_snap_src src;
	struct da_tar *tar;	/* --save, or NULL */
	struct da_snapshot_stats *st;
	struct snap_map *maps;
	size_t nr_maps, cap_maps;
	struct da_snap_exps exps;
	int pid;		/* the process being read */
	int err;		/* fatal: ENOMEM */
};

static void save(struct snap *s, const char *path, const char *data, size_t len,
		 unsigned int mode)
{
	if (s->tar)
		da_tar_add(s->tar, path, data, len, mode);
}

/* ---- exporters: inode -> name ---- */

static int fdinfo_one(const char *name, void *data)
{
	struct snap *s = data;
	char path[96], *buf;
	struct da_fdinfo fi;
	size_t len;
	int err;

	if (strspn(name, "0123456789") != strlen(name) || strlen(name) > 10)
		return 0;
	snprintf(path, sizeof(path), "proc/%d/fdinfo/%s", s->pid, name);
	err = da_snap_src_read(&s->src, path, &buf, &len);
	if (err == -ENOMEM)
		return s->err = err;
	if (err)	/* closed meanwhile, or not ours to read: not fatal */
		return 0;
	/* a dma-buf's fdinfo has exp_name: the only ones kept */
	if (da_procfs_fdinfo(buf, len, &fi)) {
		if (fi.ino && da_snap_exp_add(&s->exps, fi.ino, fi.exp_name,
					      fi.exp_name_len, fi.size))
			s->err = -ENOMEM;
		save(s, path, buf, len, 0444);
	}
	free(buf);
	return s->err;
}

/* A file of the source, kept for --save as read; NULL if unreadable. */
static char *read_kept(struct snap *s, const char *path, size_t *len)
{
	char *buf;

	if (da_snap_src_read(&s->src, path, &buf, len))
		return NULL;
	save(s, path, buf, *len, 0444);
	return buf;
}

static void read_bufinfo(struct snap *s)
{
	size_t len;
	/* root only, and only with debugfs mounted: a bonus, not a need */
	char *buf = read_kept(s, BUFINFO, &len);

	if (!buf)
		return;
	s->st->bufinfo = true;
	if (da_snap_bufinfo_parse(&s->exps, buf, len))
		s->err = -ENOMEM;
	free(buf);
}

/* ---- processes ---- */

static void map_add(struct snap *s, const char *comm, const struct da_vma_hdr *h,
		    uint64_t flags, bool no_flags)
{
	struct snap_map *m;

	if (da_grow((void **)&s->maps, &s->cap_maps, s->nr_maps + 1, sizeof(*m))) {
		s->err = -ENOMEM;
		return;
	}
	m = &s->maps[s->nr_maps++];
	m->pid = s->pid;
	memcpy(m->comm, comm, sizeof(m->comm));
	m->start = h->start;
	m->end = h->end;
	m->ino = h->ino;
	m->flags = flags;
	m->no_flags = no_flags;
}

static bool has_dmabuf(const char *buf, size_t len)
{
	const char *pos = buf, *end = buf + len, *line;
	struct da_vma_hdr h;
	size_t n;

	while (da_procfs_next_line(&pos, end, &line, &n))
		if (da_procfs_vma_header(line, n, &h) && h.dmabuf)
			return true;
	return false;
}

/*
 * Each dma-buf entry of smaps: its header and VmFlags become a mapping, and
 * its lines are kept in @cut (smaps minus the other entries) for --save.
 */
static size_t smaps_parse(struct snap *s, const char *comm, const char *buf,
			  size_t len, char *cut)
{
	const char *pos = buf, *end = buf + len, *line, *v, *from = NULL;
	struct da_vma_hdr h, cur = { 0 };
	size_t n, vn, kept = 0;
	bool flags_seen = false;

	while (da_procfs_next_line(&pos, end, &line, &n)) {
		if (da_procfs_vma_header(line, n, &h)) {
			if (from && !flags_seen)
				map_add(s, comm, &cur, 0, true);
			from = h.dmabuf ? line : NULL;
			cur = h;
			flags_seen = false;
		}
		if (!from)
			continue;
		memcpy(cut + kept, line, pos - line);
		kept += pos - line;
		v = da_procfs_value(line, n, "VmFlags", &vn);
		if (v && !flags_seen) {
			map_add(s, comm, &cur, da_vm_flags_from_letters(v, vn), false);
			flags_seen = true;
		}
	}
	if (from && !flags_seen)
		map_add(s, comm, &cur, 0, true);
	return kept;
}

static void read_comm(struct snap *s, char *comm, size_t size)
{
	char path[64], *buf;
	size_t len;

	snprintf(path, sizeof(path), "proc/%d/comm", s->pid);
	buf = read_kept(s, path, &len);
	if (!buf) {
		da_copy_field(comm, size, "?", 1);
		return;
	}
	da_copy_field(comm, size, buf, strcspn(buf, "\n"));
	free(buf);
}

/* Kernel threads have no maps to read: not a process we failed to see. */
static bool is_kthread(struct snap *s)
{
	unsigned int flags = 0;
	char path[64], *buf, *p;
	size_t len;

	snprintf(path, sizeof(path), "proc/%d/stat", s->pid);
	if (da_snap_src_read(&s->src, path, &buf, &len))
		return false;
	/* comm, in parentheses, may hold anything: fields follow the last ')' */
	p = strrchr(buf, ')');
	if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) != 1)
		flags = 0;
	free(buf);
	return flags & PF_KTHREAD;
}

/* maps or smaps could not be read: gone (fine), or not ours to read. */
static void unreadable(struct snap *s, const char *path, int err, bool named)
{
	if (err == -ENOENT || err == -ESRCH) {
		if (named && !s->st->gone++)
			s->st->gone_pid = s->pid;
		return;
	}
	if (err == -ENOMEM) {
		s->err = err;
		return;
	}
	if ((err == -EACCES || err == -EPERM) && is_kthread(s))
		return;
	if (err == -EACCES || err == -EPERM) {
		s->st->denied++;
	} else {
		s->st->failed++;
		s->st->failed_err = err;
	}
	save(s, path, "", 0, 0);
}

static void read_smaps(struct snap *s, const char *comm, bool named)
{
	char path[64], *buf, *cut;
	size_t len, kept;
	int err;

	snprintf(path, sizeof(path), "proc/%d/smaps", s->pid);
	err = da_snap_src_read(&s->src, path, &buf, &len);
	if (err) {
		unreadable(s, path, err, named);
		return;
	}
	cut = malloc(len + 1);
	if (!cut) {
		s->err = -ENOMEM;
	} else {
		kept = smaps_parse(s, comm, buf, len, cut);
		save(s, path, cut, kept, 0444);
	}
	free(cut);
	free(buf);
}

static void walk_pid(struct snap *s, int pid, bool named)
{
	char path[64], comm[DA_COMM_MAX], fdinfo[64], *maps;
	size_t len;
	int err;

	s->pid = pid;
	snprintf(path, sizeof(path), "proc/%d/maps", pid);
	err = da_snap_src_read(&s->src, path, &maps, &len);
	if (err) {
		unreadable(s, path, err, named);
		return;
	}
	s->st->processes++;
	/* any process's fd may name a buffer that another one maps */
	snprintf(fdinfo, sizeof(fdinfo), "proc/%d/fdinfo", pid);
	da_snap_src_list(&s->src, fdinfo, fdinfo_one, s);
	if (!s->err && has_dmabuf(maps, len)) {
		read_comm(s, comm, sizeof(comm));
		save(s, path, maps, len, 0444);
		read_smaps(s, comm, named);
	}
	free(maps);
}

/* ---- the walk ---- */

struct pid_list {
	int *pids;
	size_t nr, cap;
};

static int pid_one(const char *name, void *data)
{
	struct pid_list *l = data;
	uint64_t pid;

	if (!da_procfs_u64(name, strlen(name), &pid) || !pid || pid > INT32_MAX)
		return 0;
	if (da_grow((void **)&l->pids, &l->cap, l->nr + 1, sizeof(*l->pids)))
		return -ENOMEM;
	l->pids[l->nr++] = pid;
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Every process, in pid order (an archive may list one twice). */
static int walk_all(struct snap *s)
{
	struct pid_list l = { 0 };
	size_t i;
	int err;

	err = da_snap_src_list(&s->src, "proc", pid_one, &l);
	if (err && err != -ENOENT) {
		free(l.pids);
		if (err != -ENOMEM)
			da_warn("cannot list proc/: %s\n", strerror(-err));
		return err;
	}
	if (l.nr)	/* qsort() wants an array, even of nothing */
		qsort(l.pids, l.nr, sizeof(*l.pids), by_pid);
	for (i = 0; i < l.nr && !s->err; i++)
		if (!i || l.pids[i] != l.pids[i - 1])
			walk_pid(s, l.pids[i], false);
	free(l.pids);
	return s->err;
}

/* The first line of a kept file into @dst ("" if unreadable). */
static void read_line(struct snap *s, const char *path, char *dst, size_t size)
{
	size_t len;
	char *buf = read_kept(s, path, &len);

	if (buf)
		da_copy_field(dst, size, buf, strcspn(buf, "\n"));
	free(buf);
}

/* Which kernel and machine: merged reports of many machines need it. */
static void read_kernel(struct snap *s)
{
	read_line(s, OSRELEASE, s->st->kernel, sizeof(s->st->kernel));
	read_line(s, HOSTNAME, s->st->host, sizeof(s->st->host));
	read_line(s, ARCH, s->st->arch, sizeof(s->st->arch));
}

static int emit_maps(struct snap *s, da_emit_fn emit, void *data)
{
	const struct da_snap_exp *e;
	struct da_event ev;
	size_t i;
	int err = 0;

	for (i = 0; i < s->nr_maps && !err; i++) {
		const struct snap_map *m = &s->maps[i];

		memset(&ev, 0, sizeof(ev));
		ev.type = DA_EV_MAP;
		ev.cpu = -1;
		ev.pid = m->pid;
		memcpy(ev.comm, m->comm, sizeof(ev.comm));
		/* a pid names one address space for as long as a snapshot lasts */
		ev.map.mm = m->pid;
		ev.map.start = m->start;
		ev.map.end = m->end;
		ev.map.flags = m->flags;
		ev.map.flags_unknown = m->no_flags;
		ev.map.ino = m->ino;
		ev.map.path = DA_MAP_DMABUF_FD;
		/*
		 * fdinfo, bufinfo and /sys/kernel/dmabuf name the exporter only;
		 * a DRM fd's "drm-driver:" in the same process does not prove
		 * which device a dma-buf came from: a GEM export's driver stays
		 * unknown.
		 */
		ev.map.driver_why = DA_DRV_SNAPSHOT;
		e = da_snap_exp_find(&s->exps, m->ino);
		if (e) {
			ev.map.size = e->size;
			memcpy(ev.map.exp_name, e->name, sizeof(ev.map.exp_name));
		}
		err = emit(&ev, data);
	}
	return err;
}

static int get_opts(struct dmabuf_audit_snapshot_opts *o,
		    const struct dmabuf_audit_snapshot_opts *in)
{
	int err = da_opts_get(o, sizeof(*o), in);

	if (!err && o->nr_pids && !o->pids)
		err = -EINVAL;
	return err;
}

static int walk(struct snap *s, const struct dmabuf_audit_snapshot_opts *o)
{
	size_t i;

	read_kernel(s);
	if (!o->pids)
		return walk_all(s);
	for (i = 0; i < o->nr_pids && !s->err; i++)
		walk_pid(s, o->pids[i], true);
	return s->err;
}

int da_snapshot_walk(const struct dmabuf_audit_snapshot_opts *opts,
		     da_emit_fn emit, void *data, struct da_snapshot_stats *st)
{
	struct dmabuf_audit_snapshot_opts o;
	struct snap s = { .st = st };
	int err;

	memset(st, 0, sizeof(*st));
	err = get_opts(&o, opts);
	if (err)
		return err;
	err = da_snap_src_open(&s.src, o.root ? o.root : "/");
	if (err)
		return err;
	if (o.save_path)
		err = da_tar_open(o.save_path, &s.tar);
	err = err ?: walk(&s, &o);
	if (!err)
		read_bufinfo(&s);
	err = err ?: s.err;
	if (s.tar)
		err = da_tar_close(s.tar, !err) ?: err;
	if (!err)
		da_snap_exp_index(&s.exps);
	err = err ?: emit_maps(&s, emit, data);
	if (err == -ENOMEM)
		da_warn("out of memory\n");
	da_snap_src_close(&s.src);
	free(s.maps);
	free(s.exps.v);
	return err;
}

/* ---- the report ---- */

static void add_notes(struct dmabuf_audit_report *r, const struct da_snapshot_stats *st,
		      bool live)
{
	/* root is refused too in some containers: then advice would mislead */
	if (st->denied)
		dmabuf_audit_report_add_note(r, "could not read %lu process%s (permission "
					     "denied)%s", st->denied, st->denied == 1 ? "" : "es",
					     live && !geteuid() ? ", even as root" :
					     ": run as root to see them");
	if (st->failed)
		dmabuf_audit_report_add_note(r, "could not read %lu process%s (%s)",
					     st->failed, st->failed == 1 ? "" : "es",
					     strerror(-st->failed_err));
	if (st->gone == 1)
		dmabuf_audit_report_add_note(r, "process %d does not exist", st->gone_pid);
	else if (st->gone)
		dmabuf_audit_report_add_note(r, "%lu of the processes asked for do not "
					     "exist (the first: %d)", st->gone, st->gone_pid);
}

static void set_method(struct dmabuf_audit_report *r, const struct da_snapshot_stats *st,
		       const char *root)
{
	char m[192];

	snprintf(m, sizeof(m), "procfs maps/smaps/fdinfo%s%s%s",
		 st->bufinfo ? "/bufinfo" : "", root ? ", read from " : "",
		 root ? root : "");
	da_report_set_method(r, m);
}

/* A source of typed events (source.h): no decoder, the walk feeds the report. */
int dmabuf_audit_snapshot(struct dmabuf_audit_report **out,
			  const struct dmabuf_audit_snapshot_opts *opts)
{
	struct dmabuf_audit_snapshot_opts o;
	struct da_source_ctx src = { 0 };
	struct da_snapshot_stats st;
	const char *root;
	int err;

	*out = NULL;
	err = get_opts(&o, opts);
	if (err)
		return err;
	root = o.root && strcmp(o.root, "/") ? o.root : NULL;
	err = da_source_begin(&src, DA_SOURCE_SNAPSHOT, sysconf(_SC_PAGESIZE));
	if (!err && o.filter)
		err = dmabuf_audit_report_set_filter(src.report, o.filter);
	if (!err) {
		da_report_set_no_gup(src.report);
		err = da_snapshot_walk(&o, da_report_feed, src.report, &st);
	}
	if (!err) {
		if (!root)	/* this machine: uname knows, arch too */
			da_report_set_uname(src.report);
		if (st.kernel[0])
			da_report_set_kernel(src.report, st.kernel);
		da_report_set_machine(src.report, st.host, st.arch);
		set_method(src.report, &st, root);
		add_notes(src.report, &st, !root);
		*out = da_source_take(&src);
	}
	da_source_end(&src);
	return err;
}
