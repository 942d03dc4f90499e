// SPDX-License-Identifier: LGPL-2.1
/*
 * Probe groups and who owns them. "dmabuf_audit" is the shared group
 * (probes install): placed and removed on request only. "dmabuf_audit_<pid>"
 * belongs to one process, a live session or a recording, and so does the
 * tracefs instance of the same name.
 *
 * Ownership is a lock, not a process name: the owner holds an flock on
 * LOCK_DIR/<group>.lock for as long as the group is placed. A group whose
 * lock nobody holds was left by a process killed before it could clean up
 * (SIGKILL); any program linking the library, whatever its name, keeps its
 * groups for as long as it lives. The pid in the name only keeps groups
 * apart: a reused pid does not make a dead session's group alive, as the
 * lock died with its holder.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "gup-filter.h"
#include "probes.h"
#include "stacks.h"

/*
 * /run: a tmpfs emptied at boot, as tracefs is, and writable by root only
 * (every owner of a group is root: tracing needs it). /tmp is the fallback
 * only where there is no /run at all (a minimal initramfs, a container):
 * world-writable, so our directory there must be ours and closed to
 * others, or anyone could hold a lock named after a group and keep a dead
 * session's probes "alive", or plant a symlink. Every process on one
 * system picks the same directory, so they see each other's locks.
 */
#define LOCK_DIR		"/run/dmabuf-audit"
#define LOCK_DIR_FALLBACK	"/tmp/dmabuf-audit"
#define LOCK_TRIES		100	/* of 10 ms: a sweep holds a lock briefly */
#define MAX_GROUPS		64

/* Unit tests point this at a directory of their own. */
const char *da_group_lock_dir;

static const char *lock_dir(void)
{
	struct stat st;

	if (da_group_lock_dir)
		return da_group_lock_dir;
	return stat("/run", &st) || !S_ISDIR(st.st_mode) ? LOCK_DIR_FALLBACK : LOCK_DIR;
}

/* The directory, created if needed, only if nobody else could write it. */
static int lock_dir_ready(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	if (lstat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022)) {
		da_warn("%s is not a directory of ours that only we can write: "
			"cannot lock probe groups there\n", dir);
		return -EPERM;
	}
	return 0;
}

static void lock_path(const char *group, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s.lock", lock_dir(), group);
}

/* @fd still is the file at @path: not unlinked (and replaced) meanwhile. */
static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return !fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* One try: 0 and the lock in *fd, -EAGAIN to try again, or an error. */
static int try_lock(const char *path, int *fd)
{
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0)
		return -errno;
	if (!flock(*fd, LOCK_EX | LOCK_NB) && same_file(*fd, path))
		return 0;
	close(*fd);
	*fd = -1;
	return errno == EWOULDBLOCK || errno == ENOENT || !errno ? -EAGAIN : -errno;
}

int da_group_lock(const char *group)
{
	char path[PATH_MAX];
	int i, fd, err = lock_dir_ready(lock_dir());

	if (err)
		return err;
	lock_path(group, path, sizeof(path));
	for (i = 0; i < LOCK_TRIES; i++) {
		errno = 0;
		err = try_lock(path, &fd);
		if (err != -EAGAIN)
			break;
		usleep(10000);
	}
	if (err == -EAGAIN) {
		da_warn("probe group %s is in use by another process\n", group);
		return -EBUSY;
	}
	if (err)
		da_warn("cannot lock probe group %s (%s): %s\n", group, path, strerror(-err));
	return err ? err : fd;
}

void da_group_own(char *buf, size_t size)
{
	snprintf(buf, size, "%s_%d", DA_GROUP_PREFIX, (int)getpid());
}

/* Unlinked while still held: whoever opens the name later finds no owner. */
void da_group_unlock(const char *group, int fd)
{
	char path[PATH_MAX];

	if (fd < 0)
		return;
	lock_path(group, path, sizeof(path));
	unlink(path);
	close(fd);
}

/*
 * A group without a lock file was placed by a dmabuf-audit older than
 * locks (or its lock file was removed by hand). Its process may still be
 * running and reading it: only when that pid is gone is it surely stale.
 * A pid that lives keeps it (perhaps a reused pid: then it stays until the
 * next boot, the safe mistake), except our own pid, as we lock every group
 * of ours before placing it.
 */
static bool legacy_alive(const char *group)
{
	int pid = atoi(group + strlen(DA_GROUP_PREFIX) + 1);

	if (pid <= 0 || pid == getpid())
		return false;
	return !kill(pid, 0) || errno == EPERM;
}

/*
 * Is @group stale? Returns 1 and, when there is a lock file, holds its
 * lock in *@fd (-1 otherwise) so that nobody takes the group meanwhile;
 * 0 when someone owns it. The shared group is never stale.
 */
static int claim(const char *group, int *fd)
{
	char path[PATH_MAX];

	*fd = -1;
	if (!strcmp(group, DA_GROUP_PREFIX))
		return 0;
	lock_path(group, path, sizeof(path));
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0)
		return errno == ENOENT && !legacy_alive(group);
	if (!flock(*fd, LOCK_EX | LOCK_NB) && same_file(*fd, path))
		return 1;
	close(*fd);
	*fd = -1;
	return 0;
}

int da_group_stale(const char *group)
{
	int fd, stale = claim(group, &fd);

	if (fd >= 0)
		close(fd);	/* only asked: the lock file stays */
	return stale;
}

/* The public side, for recording with trace-cmd: see dmabuf-audit.h. */
struct dmabuf_audit_probes {
	struct da_plan plan;
	int lock;		/* of a group of one process's; -1: shared */
	char events[ARRAY_SIZE(((struct da_plan *)0)->events)][DA_GROUP_MAX + 32];
	/* the stacktrace trigger of each event (stacks.h), "" for none */
	char stack[ARRAY_SIZE(((struct da_plan *)0)->events)][DA_STACK_TRIGGER_MAX];
};

/* Place the probes in @group, ours now; on error nothing is left placed. */
static int install(struct dmabuf_audit_probes *p, const char *group)
{
	struct da_features f;
	int err, i;

	p->lock = -1;
	if (strcmp(group, DA_GROUP_PREFIX)) {
		/* a group of one process's is locked before it exists */
		err = da_group_lock(group);
		if (err < 0)
			return err;
		p->lock = err;
	}
	da_features_detect(&f);
	da_probes_remove_group(group);	/* a re-install replaces */
	err = da_probes_create(&p->plan, &f, group);
	if (err) {
		da_group_unlock(group, p->lock);
		return err;
	}
	for (i = 0; i < p->plan.nr_events; i++) {
		const char *sys = p->plan.events[i].system, *name = p->plan.events[i].name;
		char full[sizeof(p->events[i])];

		/* through a buffer of its own: gcc cannot tell the two apart in *p */
		snprintf(full, sizeof(full), "%s:%s", sys, name);
		memcpy(p->events[i], full, sizeof(full));
		if (!da_stack_trigger_text(p->plan.events[i].system, p->plan.events[i].name,
					   da_event_filter(p->plan.events[i].name),
					   p->stack[i], sizeof(p->stack[i])))
			p->stack[i][0] = '\0';
	}
	return 0;
}

int dmabuf_audit_probes_install(struct dmabuf_audit_probes **out, const char *group)
{
	struct dmabuf_audit_probes *p;
	int err;

	*out = NULL;
	if (!group)
		group = DA_GROUP_PREFIX;
	if (!da_group_is_ours(group)) {
		da_warn("probe group '%s' is not ours: use dmabuf_audit or dmabuf_audit_<n>\n",
			group);
		return -EINVAL;
	}
	err = da_check_tracing();
	if (err)
		return err;
	da_report_stale(dmabuf_audit_remove_stale());
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	err = install(p, group);
	if (err) {
		free(p);
		return err;
	}
	*out = p;
	return 0;
}

int dmabuf_audit_probes_install_own(struct dmabuf_audit_probes **out)
{
	char group[DA_GROUP_MAX];

	da_group_own(group, sizeof(group));
	return dmabuf_audit_probes_install(out, group);
}

const char *dmabuf_audit_probes_group(const struct dmabuf_audit_probes *p)
{
	return p->plan.group;
}

int dmabuf_audit_probes_count(const struct dmabuf_audit_probes *p)
{
	return p->plan.nr_events;
}

const char *dmabuf_audit_probes_event(const struct dmabuf_audit_probes *p, int i,
				      const char **filter)
{
	if (i < 0 || i >= p->plan.nr_events)
		return NULL;
	if (filter)
		*filter = da_event_filter(p->plan.events[i].name);
	return p->events[i];
}

const char *dmabuf_audit_probes_event_stack(const struct dmabuf_audit_probes *p, int i)
{
	if (i < 0 || i >= p->plan.nr_events || !p->stack[i][0])
		return NULL;
	return p->stack[i];
}

const char *dmabuf_audit_probes_method(const struct dmabuf_audit_probes *p)
{
	return p->plan.method;
}

/* Stops the walk at the first definition of group @data. */
static int in_group(const char *group, const char *def, int alive, void *data)
{
	return !strcmp(group, data);
}

/*
 * The lock goes with the description: probes still placed in the group
 * are nobody's from now on (stale), and keep their lock file so that the
 * next sweep finds them so; a group already removed leaves nothing.
 */
void dmabuf_audit_probes_free(struct dmabuf_audit_probes *p)
{
	if (!p)
		return;
	if (p->lock >= 0 && dmabuf_audit_probes_list(in_group, p->plan.group) > 0)
		close(p->lock);
	else
		da_group_unlock(p->plan.group, p->lock);
	free(p);
}

int dmabuf_audit_probes_remove(const char *group)
{
	int n;

	if (!group || !da_group_is_ours(group))
		return -EINVAL;
	/* as install does: libtracefs would mount tracefs on first use */
	n = da_check_tracing();
	if (n)
		return n;
	n = da_probes_remove_group(group);
	if (n > 0 && da_probes_remove_group(group) > 0) {
		da_warn("probes of %s are still in use (a trace-cmd record running?): "
			"stop it, then remove them again\n", group);
		return -EBUSY;
	}
	return n;
}

int dmabuf_audit_probes_list(dmabuf_audit_probe_fn fn, void *data)
{
	char *all, *line, *save = NULL, group[DA_GROUP_MAX];
	int ret = da_check_tracing();

	if (ret)
		return ret;
	all = tracefs_instance_file_read(NULL, "dynamic_events", NULL);

	for (line = all ? strtok_r(all, "\n", &save) : NULL; line && !ret;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *name = strchr(line, ':');

		if (!name || sscanf(name + 1, "%63[^/]", group) != 1 || !da_group_is_ours(group))
			continue;
		ret = fn(group, line, !da_group_stale(group), data);
	}
	free(all);
	return ret;
}

/* Say it when a start cleaned up after a killed session. */
void da_report_stale(int n)
{
	if (n > 0)
		da_warn("removed %d tracefs instance(s) or probe group(s) left by "
			"dmabuf-audit sessions that were killed\n", n);
}

/* Every group of one process's that has an instance or probes. */
struct groups {
	char name[MAX_GROUPS][DA_GROUP_MAX];
	int n;
};

static void add_group(struct groups *g, const char *name)
{
	int i;

	if (!strcmp(name, DA_GROUP_PREFIX))
		return;
	for (i = 0; i < g->n; i++)
		if (!strcmp(g->name[i], name))
			return;
	if (g->n < MAX_GROUPS)
		snprintf(g->name[g->n++], DA_GROUP_MAX, "%s", name);
}

static int collect(const char *group, const char *def, int alive, void *data)
{
	add_group(data, group);
	return 0;
}

static void find_groups(struct groups *g)
{
	char **names = tracefs_instances("^" DA_GROUP_PREFIX "_[0-9][0-9]*$");
	int i;

	for (i = 0; names && names[i]; i++)
		add_group(g, names[i]);
	tracefs_list_free(names);
	dmabuf_audit_probes_list(collect, g);
}

/* The instance first: an event enabled in one cannot be removed. */
static int remove_group(const char *group)
{
	struct tracefs_instance *inst = NULL;
	int n = da_gup_windows_remove(group);

	if (tracefs_instance_exists(group))
		inst = tracefs_instance_alloc(NULL, group);
	if (inst && !tracefs_instance_destroy(inst)) {
		da_info("removed tracefs instance %s of a dead session\n", group);
		n++;
	}
	tracefs_instance_free(inst);
	if (da_probes_remove_group(group) > 0 && da_probes_remove_group(group) == 0) {
		da_info("removed probes %s of a dead session\n", group);
		n++;
	}
	return n;
}

/* Lock files whose group is gone and whose holder died with it. */
static void remove_stale_locks(void)
{
	DIR *d = opendir(lock_dir());
	struct dirent *e;
	char group[DA_GROUP_MAX];
	int fd;

	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 6 || len - 5 >= sizeof(group) || strcmp(e->d_name + len - 5, ".lock"))
			continue;
		snprintf(group, sizeof(group), "%.*s", (int)(len - 5), e->d_name);
		if (da_group_is_ours(group) && claim(group, &fd))
			da_group_unlock(group, fd);
	}
	if (d)
		closedir(d);
}

int dmabuf_audit_remove_stale(void)
{
	struct groups g = { .n = 0 };
	int i, fd, n = 0, err = da_check_tracing();

	if (err)
		return err;
	find_groups(&g);
	for (i = 0; i < g.n; i++) {
		if (!claim(g.name[i], &fd))
			continue;
		n += remove_group(g.name[i]);
		da_group_unlock(g.name[i], fd);	/* nobody's: its lock file goes */
	}
	remove_stale_locks();
	return n;
}
