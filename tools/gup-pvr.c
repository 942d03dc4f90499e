// SPDX-License-Identifier: GPL-2.0
/*
 * GUP by process_vm_readv(): of our own mapping, and from a forked child
 * reading the parent (GUP on a remote mm).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "exercise.h"

static ssize_t pvr(pid_t pid, const struct gup_target *t)
{
	struct iovec local = { .iov_base = t->scratch, .iov_len = t->len };
	struct iovec remote = { .iov_base = t->addr, .iov_len = t->len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

static void gup_pvr_self(const struct gup_target *t, struct gup_result *g)
{
	ssize_t n = pvr(getpid(), t);

	if (n < 0)
		gup_fail(g, NULL, errno);
	else
		gup_ok(g, n, t->len);
}

struct pvr_msg {
	ssize_t n;
	int err;
};

/* In the child: wait for the parent's go (EOF on @go), read its mm. */
static void __attribute__((noreturn))
pvr_child(pid_t parent, const struct gup_target *t, int go, int out)
{
	struct pvr_msg m;
	char c;

	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	m.n = pvr(parent, t);
	m.err = m.n < 0 ? errno : 0;
	_exit(write(out, &m, sizeof(m)) == sizeof(m) ? 0 : 1);
}

/* In the parent: let the child read us, then collect and reap it. */
static void pvr_collect(pid_t pid, int go, int back, const struct gup_target *t,
			struct gup_result *g)
{
	struct pvr_msg m;
	ssize_t n;
	int status;

	/* Yama ptrace_scope=1 would stop a child from reading its parent. */
	prctl(PR_SET_PTRACER, (unsigned long)pid, 0, 0, 0);
	close(go);
	do {
		n = read(back, &m, sizeof(m));
	} while (n < 0 && errno == EINTR);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	g->pid = pid;
	g->cpu = -1;
	if (n != sizeof(m))
		gup_fail(g, "child", ECHILD);
	else if (m.n < 0)
		gup_fail(g, NULL, m.err);
	else
		gup_ok(g, m.n, t->len);
}

/* A child reads the parent's mapping: GUP on a remote mm. */
static void gup_pvr_remote(const struct gup_target *t, struct gup_result *g)
{
	pid_t parent = getpid(), pid;
	int go[2], back[2];

	if (pipe2(go, O_CLOEXEC)) {
		gup_fail(g, "pipe", errno);
		return;
	}
	if (pipe2(back, O_CLOEXEC)) {
		gup_fail(g, "pipe", errno);
		close(go[0]);
		close(go[1]);
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		close(back[0]);
		pvr_child(parent, t, go[0], back[1]);
	}
	close(go[0]);
	close(back[1]);
	if (pid < 0) {
		gup_fail(g, "fork", errno);
		close(go[1]);
	} else {
		pvr_collect(pid, go[1], back[0], t, g);
	}
	close(back[0]);
}

const struct gup_method_desc gup_pvr_self_method = {
	.name		= "process_vm_readv",
	.column		= "PVR",
	.run		= gup_pvr_self,
};

const struct gup_method_desc gup_pvr_remote_method = {
	.name		= "process_vm_readv_remote",
	.column		= "PVR-CHILD",
	.run		= gup_pvr_remote,
};
