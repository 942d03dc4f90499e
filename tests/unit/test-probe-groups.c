// SPDX-License-Identifier: GPL-2.0
/*
 * Who owns a probe group (lib/probe-groups.c): the lock, never the
 * process name; a group without a lock file only by its pid. Runs in a
 * lock directory of its own, without root or tracefs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "dmabuf-audit-local.h"
#include "probes.h"
#include "unit.h"

static char dir[] = "/tmp/da-unit-locksXXXXXX";
static char lockdir[sizeof(dir) + 16];
static dmabuf_audit_print_fn_t saved_print;

static int setup(void)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(lockdir, sizeof(lockdir), "%s/locks", dir);
	da_group_lock_dir = lockdir;
	saved_print = dmabuf_audit_set_print(NULL);	/* the refusals are expected */
	return 0;
}

static int teardown(void)
{
	char cmd[sizeof(dir) + 16];

	da_group_lock_dir = NULL;
	dmabuf_audit_set_print(saved_print);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? -1 : 0;
}

static void group_of(int pid, char *buf, size_t size)
{
	snprintf(buf, size, "dmabuf_audit_%d", pid);
}

static void touch_lock(const char *group)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.lock", lockdir, group);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	CU_ASSERT(fd >= 0);
	if (fd >= 0)
		close(fd);
}

/* A pid that is surely gone: a child's, reaped. */
static int dead_pid(void)
{
	pid_t pid = fork();

	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_own_lock(void)
{
	char own[DA_GROUP_MAX];
	int fd;

	da_group_own(own, sizeof(own));
	CU_ASSERT_TRUE(da_group_is_ours(own));
	fd = da_group_lock(own);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(da_group_stale(own), 0);
	/* asking does not take it: still held afterwards */
	CU_ASSERT_EQUAL(da_group_stale(own), 0);
	da_group_unlock(own, fd);
	/* no lock file and our own pid: we lock every group of ours first */
	CU_ASSERT_EQUAL(da_group_stale(own), 1);
	CU_ASSERT_EQUAL(da_group_stale("dmabuf_audit"), 0);
}

/* Without a lock file (an older version's group): by its pid only. */
static void test_no_lock_file(void)
{
	char g[DA_GROUP_MAX];

	group_of(dead_pid(), g, sizeof(g));
	CU_ASSERT_EQUAL(da_group_stale(g), 1);
	group_of(getppid(), g, sizeof(g));
	CU_ASSERT_EQUAL(da_group_stale(g), 0);
}

/* With a lock file, the lock decides, whether its pid lives or not. */
static void test_unheld_lock_file(void)
{
	char g[DA_GROUP_MAX];

	group_of(getppid(), g, sizeof(g));
	touch_lock(g);
	CU_ASSERT_EQUAL(da_group_stale(g), 1);
	group_of(dead_pid(), g, sizeof(g));
	touch_lock(g);
	CU_ASSERT_EQUAL(da_group_stale(g), 1);
}

/*
 * Another process holds a group: alive to us whatever its name, busy to
 * lock; stale once it is killed.
 */
static void test_other_holder(void)
{
	char g[DA_GROUP_MAX], c;
	int up[2], fd;
	pid_t pid;

	CU_ASSERT_FATAL(!pipe(up));
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (!pid) {
		da_group_own(g, sizeof(g));
		fd = da_group_lock(g);
		if (write(up[1], fd >= 0 ? "y" : "n", 1) != 1 || fd < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	close(up[1]);
	CU_ASSERT_EQUAL(read(up[0], &c, 1), 1);
	CU_ASSERT_EQUAL(c, 'y');
	close(up[0]);
	group_of(pid, g, sizeof(g));
	CU_ASSERT_EQUAL(da_group_stale(g), 0);
	CU_ASSERT_EQUAL(da_group_lock(g), -EBUSY);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CU_ASSERT_EQUAL(da_group_stale(g), 1);
	fd = da_group_lock(g);		/* a reused pid's new session takes it */
	CU_ASSERT(fd >= 0);
	CU_ASSERT_EQUAL(da_group_stale(g), 0);
	da_group_unlock(g, fd);
}

/* A lock directory others may write is refused. */
static void test_open_dir_refused(void)
{
	char own[DA_GROUP_MAX];

	da_group_own(own, sizeof(own));
	CU_ASSERT_EQUAL_FATAL(chmod(lockdir, 0777), 0);
	CU_ASSERT_EQUAL(da_group_lock(own), -EPERM);
	CU_ASSERT_EQUAL(chmod(lockdir, 0700), 0);
}

/*
 * The dry run (dmabuf-audit check): the plan from the features alone, with
 * no tracefs. Without BTF, what needs offsets cannot be planned; without
 * kprobes, nothing.
 */
static void test_plan_dry(void)
{
	struct da_features f = {
		.kprobes = true, .fprobes = true, .ret_args = true, .btf_args = true,
		.dma_buf_mmap_tp = true, .dma_buf_fwd_tp = true,
	};
	struct da_plan *plan = calloc(1, sizeof(*plan));

	CU_ASSERT_FATAL(plan != NULL);
	CU_ASSERT_EQUAL(da_probes_plan(plan, &f), 0);
	CU_ASSERT_STRING_EQUAL(plan->method, "dma-buf: tracepoint; vma: fprobe-btf; "
			       "gup: kprobe; unmap: fprobe-btf");
	CU_ASSERT(!plan->placed[DA_ROLE_VMA_MOVE]);	/* optional, needs BTF */
	CU_ASSERT_STRING_EQUAL(plan->lacking, "mremap moves (copy_vma)");
	/* where returns take $argN, the slow GUP return has its mm to filter on */
	CU_ASSERT_TRUE(plan->gup_ret_mm);
	memset(&f, 0, sizeof(f));
	f.kprobes = true;
	CU_ASSERT_EQUAL(da_probes_plan(plan, &f), -DMABUF_AUDIT_ERR_NO_BTF);
	f.kprobes = false;
	CU_ASSERT_EQUAL(da_probes_plan(plan, &f), -DMABUF_AUDIT_ERR_NO_PROBES);
	free(plan);
}

int add_probe_groups_suites(void)
{
	CU_pSuite s = CU_add_suite("probe groups", setup, teardown);

	if (!s ||
	    !CU_add_test(s, "our own group, locked and released", test_own_lock) ||
	    !CU_add_test(s, "no lock file: by pid", test_no_lock_file) ||
	    !CU_add_test(s, "an unheld lock file: stale", test_unheld_lock_file) ||
	    !CU_add_test(s, "held by another process, then killed", test_other_holder) ||
	    !CU_add_test(s, "a lock directory others can write", test_open_dir_refused) ||
	    !CU_add_test(s, "the plan of a dry run", test_plan_dry))
		return -1;
	return 0;
}
