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
	fprintf(f, "usage: dmabuf-audit report [--format text|json|markdown|ktap] [--json FILE]\n"
		"                           [--pid PID]... [--comm NAME]... [--exporter NAME]...\n"
		"                           [--raw-pointers] TRACE.dat\n");
}

static int report_option(int opt, const char *arg, void *data)
{
	return -1;	/* it has none of its own */
}

int cmd_report(int argc, char **argv)
{
	struct cli_output out = { .format = DMABUF_AUDIT_FORMAT_TEXT, .filters = true };
	const struct cli_parser p = { "h", NULL, &out, usage, report_option, NULL, NULL };
	struct dmabuf_audit_trace_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	int ret;

	ret = cli_parse_options(&p, argc, argv);
	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind != argc - 1) {
		cli_usage_error("report", "one TRACE.dat file is needed");
		return 2;
	}
	if (cli_output_prepare(&out, "report"))
		return 2;
	o.filter = cli_filter(&out);
	if (dmabuf_audit_trace_report_opts(argv[optind], &o, &r)) {
		cli_output_abort(&out);
		return 2;
	}
	ret = cli_output_write(&out, r, "report");
	dmabuf_audit_report_free(r);
	return ret;
}
