// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit: the command line. One file per subcommand (exercise.c, ...);
 * this one only dispatches.
 *
 * Exit codes shared by every subcommand:
 *   0 all pass and complete, 1 a failure was found, 2 usage or setup error,
 *   3 incomplete with no failure, 4 nothing to audit on this machine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit.h"
#include "cli.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "live", cmd_live,
	  "trace dma-buf mmaps and GUP while CMD runs, report per exporter" },
	{ "record", cmd_record,
	  "record our probes with trace-cmd into a trace.dat" },
	{ "report", cmd_report,
	  "audit a recorded trace.dat, on any machine" },
	{ "probes", cmd_probes,
	  "install, show or remove probes for recording by hand" },
	{ "snapshot", cmd_snapshot,
	  "audit the dma-buf mappings that exist now, from procfs (no tracing)" },
	{ "check", cmd_check,
	  "say what this kernel offers for a live audit, placing nothing" },
	{ "exercise", cmd_exercise,
	  "map a buffer of every reachable exporter and try GUP on it" },
	{ "merge", cmd_merge,
	  "merge JSON reports of many machines into one matrix (text, html...)" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show this help, or a command's: help COMMAND" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: dmabuf-audit COMMAND [OPTIONS]\n\n"
		"Checks that user-space mappings of dma-bufs are VM_PFNMAP and that\n"
		"get_user_pages() refuses them.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nSee dmabuf-audit(1) for details.\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* version and help take no option but --help. */
static int no_options(int argc, char **argv, const char *help)
{
	if (argc < 2)
		return 0;
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: dmabuf-audit %s\n  %s\n", help, find_command(argv[0])->summary);
		return 1;
	}
	cli_usage_error(argv[0], "takes no argument");
	return -1;
}

static int cmd_version(int argc, char **argv)
{
	int ret = no_options(argc, argv, "version");

	if (ret)
		return ret < 0 ? 2 : 0;
	printf("dmabuf-audit %s\n", dmabuf_audit_version());
	return 0;
}

/* "help CMD" is "CMD --help". */
static int cmd_help(int argc, char **argv)
{
	const struct command *c = argc == 2 ? find_command(argv[1]) : NULL;
	char *args[] = { argv[argc - 1], "--help", NULL };

	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	if (argc > 2 || argv[1][0] == '-') {
		cli_usage_error("help", "takes one COMMAND");
		return 2;
	}
	if (!c) {
		cli_set_command(NULL);
		cli_error("no command named '%s'; try 'dmabuf-audit help'", argv[argc - 1]);
		return 2;
	}
	if (c->run == cmd_help) {	/* "help help" */
		printf("usage: dmabuf-audit help [COMMAND]\n  %s\n", c->summary);
		return 0;
	}
	cli_set_command(c->name);
	return c->run(2, args);
}

/* Library messages get the tool's name, as the CLI's own do. */
static int print_prefixed(enum dmabuf_audit_print_level level, const char *fmt, va_list ap)
{
	if (level != DMABUF_AUDIT_WARN && !getenv("DMABUF_AUDIT_DEBUG"))
		return 0;
	if (cli_command())
		fprintf(stderr, "dmabuf-audit %s: ", cli_command());
	else
		fputs("dmabuf-audit: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	const struct command *c;

	dmabuf_audit_set_print(print_prefixed);
	/* the library says what is wrong; how to fix it is ours to say */
	dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_ROOT, "run it with sudo");
	dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_RECORD_COMMAND,
			      "dmabuf-audit record -o FILE -- CMD");
	cli_set_command_line(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv + 1);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv + 1);
	c = find_command(argv[1]);
	if (!c) {
		cli_error("unknown command '%s'; try 'dmabuf-audit help'", argv[1]);
		return 2;
	}
	cli_set_command(c->name);
	return c->run(argc - 1, argv + 1);
}
