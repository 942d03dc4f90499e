// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit report: audit a trace.dat recorded by `dmabuf-audit record`
 * (or trace-cmd record over installed probes), on any machine.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit report [OPTIONS] [TRACE.dat]\n"
		"Audit a trace recorded by `dmabuf-audit record` (or trace-cmd over\n"
		"`dmabuf-audit probes install`), on any machine, without root.\n"
		"  TRACE.dat         the trace to read (default: ./trace.dat, as trace-cmd)\n");
	cli_help_common(f, &(struct cli_output){ .filters = true });
}

int cmd_report(int argc, char **argv)
{
	struct cli_output out = { .format = DMABUF_AUDIT_FORMAT_TEXT, .filters = true };
	const struct cli_parser p = { "h", NULL, &out, usage, NULL, NULL, NULL };
	struct dmabuf_audit_trace_opts o = { .sz = sizeof(o) };
	struct dmabuf_audit_report *r;
	const char *file = "trace.dat";	/* trace-cmd report's default */
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind < argc - 1) {
		cli_usage_error("report", "one TRACE.dat file at most");
		return 2;
	}
	if (optind == argc - 1)
		file = argv[optind];
	if (cli_output_prepare(&out, "report"))
		return 2;
	o.filter = cli_filter(&out);
	if (dmabuf_audit_trace_report_opts(file, &o, &r)) {
		cli_output_abort(&out);
		return 2;
	}
	ret = cli_output_write(&out, r, "report");
	dmabuf_audit_report_free(r);
	return ret;
}
