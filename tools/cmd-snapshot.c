// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit snapshot: audit the dma-buf mappings that exist right now,
 * from procfs (or from an archive a snapshot saved), without tracing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit snapshot [OPTIONS]\n"
		"Audit the dma-buf mappings that exist now, from procfs; no tracing.\n"
		"As root it sees every process.\n"
		"  --save ARCHIVE    also save what was read, as a tar archive\n"
		"  --root DIR|ARCHIVE  read a saved snapshot (tar, or tar.gz) or an unpacked one\n");
	cli_help_common(f, &(struct cli_output){ .filters = true });
	fprintf(f, "  (snapshot reads only the processes --pid names)\n");
}

struct snapshot_args {
	struct cli_output out;
	struct dmabuf_audit_snapshot_opts o;
};

static int snapshot_option(int opt, const char *arg, void *data)
{
	struct snapshot_args *a = data;

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
	const struct cli_parser p = { "h", "save:s root:r", &a->out, usage,
				      snapshot_option, NULL, a };
	int ret = cli_parse_options(&p, argc, argv);

	if (!ret && optind < argc)
		return cli_usage_error("snapshot", "unexpected argument");
	/* --pid also spares reading every other process */
	a->o.pids = a->out.filter.pids;
	a->o.nr_pids = a->out.filter.nr_pids;
	a->o.filter = cli_filter(&a->out);
	return ret;
}

int cmd_snapshot(int argc, char **argv)
{
	struct snapshot_args a = {
		.out = { .format = DMABUF_AUDIT_FORMAT_TEXT, .filters = true },
		.o = { .sz = sizeof(a.o) },
	};
	struct dmabuf_audit_report *r;
	int ret;

	ret = parse(argc, argv, &a);
	if (ret || cli_output_prepare(&a.out, "snapshot"))
		return ret == 1 ? 0 : 2;
	/* the library printed what went wrong */
	if (dmabuf_audit_snapshot(&r, &a.o)) {
		cli_output_abort(&a.out);
		return 2;
	}
	ret = cli_output_write(&a.out, r, "snapshot");
	dmabuf_audit_report_free(r);
	return ret;
}
