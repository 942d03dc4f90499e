// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit live: trace dma-buf mmaps and GUP while CMD runs (or until
 * SIGINT / --duration), then report per exporter.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "dmabuf-audit.h"
#include "cli.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

#define LIVE_BUFFER_KB	(struct cli_number){ "--buffer-kb", 1, 1 << 20, "KiB", 0 }
#define LIVE_DURATION	(struct cli_number){ "--duration", 0.001, 30 * 86400, "seconds", \
					     CLI_NUM_FRACTION }

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit live [OPTIONS] [-- CMD [ARGS]]\n"
		"Trace dma-buf mmaps and GUP while CMD runs (or until Ctrl-C or --duration),\n"
		"then report per exporter. Needs root.\n"
		"  --duration SEC    stop after SEC seconds (0.001 to 2592000)\n"
		"  --buffer-kb KB    ring buffer per CPU, in KiB (1 to 1048576)\n"
		"  --user NAME       run CMD as NAME (under sudo, CMD runs as root without it)\n"
		"  --no-stacks       no kernel stacks for findings (they cost every traced\n"
		"                    mmap and GUP a stack walk)\n");
	cli_help_common(f, &(struct cli_output){ .filters = true });
}

struct live_args {
	struct cli_output out;
	double duration;
	unsigned int buffer_kb;
	bool no_stacks;
	const char *user;
	struct passwd *pw;	/* of --user */
	char **cmd;
};

static int live_option(int opt, const char *arg, void *data)
{
	struct live_args *a = data;
	double v;

	switch (opt) {
	case 'd':
		return cli_parse_number(&LIVE_DURATION, arg, &a->duration);
	case 'b':
		if (cli_parse_number(&LIVE_BUFFER_KB, arg, &v))
			return -1;
		a->buffer_kb = v;
		break;
	case 'u':
		a->user = arg;
		break;
	case 'S':
		a->no_stacks = true;
		break;
	}
	return 0;
}

/* 0 to go on, 1 after --help, -1 on a usage error. */
static int parse(int argc, char **argv, struct live_args *a)
{
	const struct cli_parser p = { "+h", "duration:d buffer-kb:b user:u no-stacks/S", &a->out,
				      usage, live_option, NULL, a };
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret;
	a->cmd = optind < argc ? argv + optind : NULL;
	if (a->user && !a->cmd)
		return cli_usage_error("live", "--user needs a CMD to run");
	if (a->user && !(a->pw = getpwnam(a->user))) {
		fprintf(stderr, "dmabuf-audit live: no user named %s\n", a->user);
		return -1;
	}
	if (a->cmd && !cli_find_command(a->cmd[0])) {
		fprintf(stderr, "dmabuf-audit live: %s: command not found\n", a->cmd[0]);
		return -1;
	}
	return 0;
}

/* Become --user's NAME, as strace -u does: groups, gid, uid, environment. */
static int drop_privileges(const struct passwd *pw)
{
	if (initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) ||
	    setuid(pw->pw_uid))
		return -1;
	setenv("HOME", pw->pw_dir, 1);
	setenv("USER", pw->pw_name, 1);
	setenv("LOGNAME", pw->pw_name, 1);
	return 0;
}

static pid_t spawn(char **cmd, const struct passwd *pw)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (pw && drop_privileges(pw)) {
			fprintf(stderr, "dmabuf-audit live: cannot become %s: %s\n",
				pw->pw_name, strerror(errno));
			_exit(127);
		}
		execvp(cmd[0], cmd);
		fprintf(stderr, "dmabuf-audit live: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A CMD that crashed did not run its course: the audit saw part of it. */
static void note_child_end(struct dmabuf_audit_live *s, const char *cmd, int status)
{
	cli_note_child_status("live", cmd, status);
	if (WIFSIGNALED(status))
		dmabuf_audit_report_add_note(dmabuf_audit_live_report(s),
			"%s was killed by signal %d (%s) before it finished", cmd,
			WTERMSIG(status), strsignal(WTERMSIG(status)));
}

/*
 * Pass the signal on; a CMD that ignores it gets SIGKILL after a grace
 * period, so that the report is written and tracefs cleaned either way.
 */
static void stop_child(struct dmabuf_audit_live *s, const char *cmd, pid_t child, int sig)
{
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	double until = now() + 3;
	int status;

	kill(child, sig);
	while (waitpid(child, &status, WNOHANG) != child) {
		if (now() < until) {
			nanosleep(&tick, NULL);
			dmabuf_audit_live_poll(s);
			continue;
		}
		fprintf(stderr, "dmabuf-audit live: %s ignored %s; killing it\n", cmd,
			strsignal(sig));
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		break;
	}
}

/* Poll until CMD ends, a signal comes, or the duration is over. */
static int trace_loop(struct dmabuf_audit_live *s, struct live_args *a, pid_t child)
{
	double until = a->duration ? now() + a->duration : 0;
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	int status, err;

	for (;;) {
		err = dmabuf_audit_live_poll(s);
		if (err)
			return err;
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			note_child_end(s, a->cmd[0], status);
			return 0;
		}
		if (got_signal || (until && now() >= until))
			break;
		nanosleep(&tick, NULL);
	}
	if (child > 0) {
		/* we were told to stop before CMD ended: CMD's run is cut short */
		dmabuf_audit_report_add_note(dmabuf_audit_live_report(s),
			"%s was still running when the audit was stopped (%s)", a->cmd[0],
			got_signal ? strsignal(got_signal) : "--duration");
		stop_child(s, a->cmd[0], child, got_signal ? got_signal : SIGTERM);
	}
	return 0;
}

int cmd_live(int argc, char **argv)
{
	struct dmabuf_audit_live_opts o = { .sz = sizeof(o) };
	struct live_args a = { .out = { .format = DMABUF_AUDIT_FORMAT_TEXT, .filters = true } };
	struct dmabuf_audit_live *s;
	pid_t child = 0;
	int err, ret;

	ret = parse(argc, argv, &a);
	if (ret || cli_output_prepare(&a.out, "live"))
		return ret == 1 ? 0 : 2;
	o.buffer_kb = a.buffer_kb;
	o.no_stacks = a.no_stacks;
	catch_signals();
	err = dmabuf_audit_live_open(&s, &o);
	if (err) {
		cli_output_abort(&a.out);
		return 2;
	}
	/* before the first poll: nothing is fed yet */
	err = dmabuf_audit_report_set_filter(dmabuf_audit_live_report(s), cli_filter(&a.out));
	if (!err && a.cmd)
		err = dmabuf_audit_report_set_workload(dmabuf_audit_live_report(s),
						       argc - (a.cmd - argv), a.cmd);
	if (err) {
		dmabuf_audit_live_close(s);
		cli_output_abort(&a.out);
		return 2;
	}
	if (a.cmd) {
		child = spawn(a.cmd, a.pw);
		if (child > 0 && dmabuf_audit_live_follow(s, child)) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			child = -1;
			errno = ENOMEM;
		}
	}
	err = child < 0 ? -errno : trace_loop(s, &a, child);
	err = err ?: dmabuf_audit_live_stop(s);
	if (err) {
		fprintf(stderr, "dmabuf-audit live: reading the trace failed: %s\n",
			strerror(-err));
		dmabuf_audit_report_add_note(dmabuf_audit_live_report(s),
					     "reading the trace failed: %s", strerror(-err));
	}
	ret = cli_output_write(&a.out, dmabuf_audit_live_report(s), "live");
	dmabuf_audit_live_close(s);
	return err ? 2 : ret;
}
