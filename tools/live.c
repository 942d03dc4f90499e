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

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit live [--format text|json|markdown] [--json FILE]\n"
		"                         [--duration SEC] [--buffer-kb KB] [-- CMD [ARGS]]\n");
}

struct live_args {
	struct cli_output out;
	double duration;
	unsigned int buffer_kb;
	char **cmd;
};

static int parse(int argc, char **argv, struct live_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", required_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 'd' },
		{ "buffer-kb", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
		case 'j':
			if (cli_output_option(&a->out, c, optarg))
				return -1;
			break;
		case 'd':
			a->duration = strtod(optarg, &end);
			if (*end || a->duration <= 0)
				return cli_usage_error("live", "--duration wants seconds > 0");
			break;
		case 'b':
			a->buffer_kb = strtoul(optarg, &end, 10);
			if (*end || !a->buffer_kb)
				return cli_usage_error("live", "--buffer-kb wants a size in KiB");
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	a->cmd = optind < argc ? argv + optind : NULL;
	if (a->cmd && !cli_find_command(a->cmd[0])) {
		fprintf(stderr, "dmabuf-audit live: %s: command not found\n", a->cmd[0]);
		return -1;
	}
	return 0;
}

static pid_t spawn(char **cmd)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
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
			cli_note_child_status("live", a->cmd[0], status);
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
		kill(child, got_signal ? got_signal : SIGTERM);
		waitpid(child, &status, 0);
	}
	return 0;
}

int cmd_live(int argc, char **argv)
{
	struct dmabuf_audit_live_opts o = { .sz = sizeof(o) };
	struct live_args a = { .out = CLI_OUTPUT_INIT };
	struct dmabuf_audit_live *s;
	pid_t child = 0;
	int err, ret;

	if (parse(argc, argv, &a) || cli_output_prepare(&a.out, "live"))
		return 2;
	o.buffer_kb = a.buffer_kb;
	catch_signals();
	err = dmabuf_audit_live_open(&s, &o);
	if (err) {
		cli_output_abort(&a.out);
		return 2;
	}
	if (a.cmd)
		child = spawn(a.cmd);
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
