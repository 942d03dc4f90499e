// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit snapshot: audit the dma-buf mappings that exist right now,
 * from procfs (or from an archive a snapshot saved), without tracing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit snapshot [--pid PID]... [--format text|json|markdown|ktap]\n"
		"                             [--json FILE] [--save ARCHIVE] [--root DIR|ARCHIVE]\n");
}

struct snapshot_args {
	struct cli_output out;
	struct dmabuf_audit_snapshot_opts o;
	int *pids;
};

static int add_pid(struct snapshot_args *a, const char *arg)
{
	char *end;
	long pid;
	int *p;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (errno || *end || pid <= 0 || pid > INT_MAX)
		return cli_usage_error("snapshot", "--pid wants a process id");
	p = reallocarray(a->pids, a->o.nr_pids + 1, sizeof(*p));
	if (!p)
		return cli_usage_error("snapshot", "out of memory");
	a->pids = p;
	a->pids[a->o.nr_pids++] = pid;
	a->o.pids = a->pids;
	return 0;
}

static int parse(int argc, char **argv, struct snapshot_args *a)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", required_argument, NULL, 'j' },
		{ "save", required_argument, NULL, 's' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (add_pid(a, optarg))
				return -1;
			break;
		case 'f':
		case 'j':
			if (cli_output_option(&a->out, c, optarg))
				return -1;
			break;
		case 's':
			a->o.save_path = optarg;
			break;
		case 'r':
			a->o.root = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		return cli_usage_error("snapshot", "unexpected argument");
	return 0;
}

int cmd_snapshot(int argc, char **argv)
{
	struct snapshot_args a = {
		.out = CLI_OUTPUT_INIT,
		.o = { .sz = sizeof(a.o) },
	};
	struct dmabuf_audit_report *r;
	int ret;

	if (parse(argc, argv, &a) || cli_output_prepare(&a.out, "snapshot")) {
		free(a.pids);
		return 2;
	}
	/* the library printed what went wrong */
	if (dmabuf_audit_snapshot(&r, &a.o)) {
		cli_output_abort(&a.out);
		free(a.pids);
		return 2;
	}
	ret = cli_output_write(&a.out, r, "snapshot");
	dmabuf_audit_report_free(r);
	free(a.pids);
	return ret;
}
