// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit snapshot: audit the dma-buf mappings that exist right now,
 * from procfs (or from an archive a snapshot saved), without tracing.
 */
#include <errno.h>
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

static int snapshot_option(int opt, const char *arg, void *data)
{
	struct snapshot_args *a = data;

	if (opt == 'p')
		return add_pid(a, arg);
	if (opt == 's' && !strcmp(arg, "-"))
		return cli_usage_error("snapshot", "--save - is refused: stdout is the "
				       "report's; name a file (or a FIFO)");
	if (opt == 's')
		a->o.save_path = arg;
	else
		a->o.root = arg;
	return 0;
}

/* 0 to go on, 1 after --help, -1 on a usage error. */
static int parse(int argc, char **argv, struct snapshot_args *a)
{
	const struct cli_parser p = { "h", "pid:p save:s root:r", &a->out, usage,
				      snapshot_option, NULL, a };
	int ret = cli_parse_options(&p, argc, argv);

	if (!ret && optind < argc)
		return cli_usage_error("snapshot", "unexpected argument");
	return ret;
}

int cmd_snapshot(int argc, char **argv)
{
	struct snapshot_args a = {
		.out = CLI_OUTPUT_INIT,
		.o = { .sz = sizeof(a.o) },
	};
	struct dmabuf_audit_report *r;
	int ret;

	ret = parse(argc, argv, &a);
	if (ret || cli_output_prepare(&a.out, "snapshot")) {
		free(a.pids);
		return ret == 1 ? 0 : 2;
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
