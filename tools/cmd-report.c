// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit report: audit a trace.dat recorded by `dmabuf-audit record`
 * (or trace-cmd record over installed probes), on any machine.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit report [--format text|json|markdown|ktap] [--json FILE] TRACE.dat\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_output out = CLI_OUTPUT_INIT;
	struct dmabuf_audit_report *r;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if ((c != 'f' && c != 'j') || cli_output_option(&out, c, optarg)) {
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		cli_usage_error("report", "one TRACE.dat file is needed");
		return 2;
	}
	if (cli_output_prepare(&out, "report"))
		return 2;
	if (dmabuf_audit_trace_report(argv[optind], &r)) {
		cli_output_abort(&out);
		return 2;
	}
	ret = cli_output_write(&out, r, "report");
	dmabuf_audit_report_free(r);
	return ret;
}
