// SPDX-License-Identifier: GPL-2.0
/*
 * The options every command that writes a report shares beside --format
 * and --json: --raw-pointers, and for the audits (live, report, snapshot)
 * the filters --pid, --comm and --exporter. cli.c's parser hands them here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int too_many(const char *cmd, const char *opt)
{
	fprintf(stderr, "dmabuf-audit %s: at most %d %s options\n", cmd, CLI_FILTER_MAX, opt);
	return -1;
}

static int add_pid(struct cli_output *o, const char *cmd, const char *arg)
{
	/* PID_MAX_LIMIT */
	const struct cli_number n = { "--pid", 1, 4194304, "(a process id)", 0 };
	double pid;

	if (cli_parse_number(&n, arg, &pid))
		return -1;
	if (o->filter.nr_pids >= CLI_FILTER_MAX)
		return too_many(cmd, "--pid");
	o->pids[o->filter.nr_pids++] = pid;
	o->filter.pids = o->pids;
	return 0;
}

static int add_name(const char **set, size_t *n, const char *cmd, const char *opt,
		    const char *arg)
{
	if (!*arg) {
		fprintf(stderr, "dmabuf-audit %s: %s wants a name\n", cmd, opt);
		return -1;
	}
	if (*n >= CLI_FILTER_MAX)
		return too_many(cmd, opt);
	set[(*n)++] = arg;
	return 0;
}

int cli_filter_option(struct cli_output *o, const char *cmd, int opt, const char *arg)
{
	o->filter.sz = sizeof(o->filter);
	switch (opt) {
	case CLI_OPT_RAW_POINTERS:
		o->raw_pointers = true;
		return 0;
	case CLI_OPT_PID:
		return add_pid(o, cmd, arg);
	case CLI_OPT_COMM:
		o->filter.comms = o->comms;
		return add_name(o->comms, &o->filter.nr_comms, cmd, "--comm", arg);
	case CLI_OPT_EXPORTER:
		o->filter.exporters = o->exporters;
		return add_name(o->exporters, &o->filter.nr_exporters, cmd, "--exporter", arg);
	}
	return -1;
}

const struct dmabuf_audit_filter *cli_filter(const struct cli_output *o)
{
	return o->filter.nr_pids || o->filter.nr_comms || o->filter.nr_exporters ?
		&o->filter : NULL;
}
