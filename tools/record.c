// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit record: place our probes, let the real trace-cmd record them
 * (and the dma_buf and sched events the audit reads) into a trace.dat, then
 * remove the probes. The file is trace-cmd's own: `trace-cmd report` reads
 * it, and so does `dmabuf-audit report`, anywhere.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cli.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit record -o FILE [--buffer-kb KB] [-- CMD [ARGS]]\n");
}

/* trace-cmd record -q -o FILE [-b KB] -e EV [-f FILTER]... [-- CMD...] */
static char **trace_cmd_argv(const struct dmabuf_audit_probes *p, const char *file,
			     const char *buffer_kb, char **cmd)
{
	int n = dmabuf_audit_probes_count(p), ncmd = 0, i, a = 0;
	const char *filter;
	char **argv;

	while (cmd && cmd[ncmd])
		ncmd++;
	argv = calloc(8 + 4 * n + ncmd + 2, sizeof(*argv));
	if (!argv)
		return NULL;
	argv[a++] = "trace-cmd";
	argv[a++] = "record";
	argv[a++] = "-q";
	argv[a++] = "-o";
	argv[a++] = (char *)file;
	if (buffer_kb) {
		argv[a++] = "-b";
		argv[a++] = (char *)buffer_kb;
	}
	for (i = 0; i < n; i++) {
		argv[a++] = "-e";
		argv[a++] = (char *)dmabuf_audit_probes_event(p, i, &filter);
		if (filter) {
			argv[a++] = "-f";
			argv[a++] = (char *)filter;
		}
	}
	if (ncmd) {
		argv[a++] = "--";
		memcpy(argv + a, cmd, ncmd * sizeof(*argv));
	}
	return argv;
}

/* Run trace-cmd; SIGINT reaches it through the terminal, others we pass on. */
static int run_trace_cmd(char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int status, sig_sent = 0;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
		if (got_signal && !sig_sent++)
			kill(pid, SIGINT);	/* trace-cmd ends a recording on SIGINT */
	}
	return status;
}

static int record(const char *file, const char *buffer_kb, char **cmd)
{
	struct dmabuf_audit_probes *p;
	char group[64], **argv;
	int status;

	snprintf(group, sizeof(group), "dmabuf_audit_%d", (int)getpid());
	if (dmabuf_audit_probes_install(&p, group))
		return 2;
	argv = trace_cmd_argv(p, file, buffer_kb, cmd);
	status = argv ? run_trace_cmd(argv) : -1;
	free(argv);
	dmabuf_audit_probes_free(p);
	dmabuf_audit_probes_remove(group);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "dmabuf-audit record: trace-cmd record failed; "
			"%s may be missing or incomplete\n", file);
		if (status != -1)
			cli_note_child_status("record", "trace-cmd", status);
		return 2;
	}
	fprintf(stderr, "dmabuf-audit record: wrote %s; audit it with: dmabuf-audit report %s\n",
		file, file);
	return 0;
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "buffer-kb", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *buffer_kb = NULL;
	char **cmd;
	int c;

	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			file = optarg;
			break;
		case 'b':
			buffer_kb = optarg;
			if (strspn(optarg, "0123456789") != strlen(optarg) || !atoi(optarg))
				return cli_usage_error("record", "--buffer-kb wants a size in KiB"), 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!file)
		return cli_usage_error("record", "-o FILE is needed"), 2;
	cmd = optind < argc ? argv + optind : NULL;
	if (!cli_find_command("trace-cmd")) {
		fprintf(stderr, "dmabuf-audit record: trace-cmd is not installed: "
			"apt-get install trace-cmd\n");
		return 2;
	}
	if (cmd && !cli_find_command(cmd[0])) {
		fprintf(stderr, "dmabuf-audit record: %s: command not found\n", cmd[0]);
		return 2;
	}
	return record(file, buffer_kb, cmd);
}
