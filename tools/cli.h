/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the subcommands share: output options and files, messages, and
 * the subcommands' entry points.
 */
#ifndef _DA_CLI_H
#define _DA_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "dmabuf-audit.h"
#include "../lib/out-file.h"

int cmd_exercise(int argc, char **argv);
int cmd_live(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_probes(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);

/*
 * --format and --json FILE: a regular FILE is replaced atomically, a
 * device, FIFO or symlink written through, "-" is stdout.
 */
struct cli_output {
	enum dmabuf_audit_format format;
	bool quiet;		/* stdout is the command's own (exercise --format tsv) */
	const char *extra_format; /* one more --format of the command's own, or NULL */
	bool extra;		/* --format extra_format was asked for */
	const char *json_path;
	/* opened before tracing starts, committed at the end (out-file.h) */
	struct da_out_file json;
};

#define CLI_OUTPUT_INIT { .format = DMABUF_AUDIT_FORMAT_TEXT }

/*
 * Handle option 'f' (--format) or 'j' (--json); non-zero on a bad value.
 * The last --format wins. A bad one is reported here, unless the command
 * has an extra_format: then its own usage message says which it takes.
 */
int cli_output_option(struct cli_output *o, int opt, const char *arg);
/* Make sure the outputs can be written, before anything is traced. */
int cli_output_prepare(struct cli_output *o, const char *cmd);
/*
 * Write the report everywhere asked, with the command line that made it;
 * returns the exit code (status or 2).
 */
int cli_output_write(struct cli_output *o, struct dmabuf_audit_report *r,
		     const char *cmd);
/* Give up: close FILE, remove its temporary file. */
void cli_output_abort(struct cli_output *o);

int cli_usage_error(const char *cmd, const char *what);

/*
 * A subcommand's options: its own, and those cli_parse_options() adds for
 * every command: --help, and --format/--json when @out is set.
 */
struct cli_parser {
	const char *shortopts;		/* getopt's ("+h": stop at CMD) */
	/*
	 * The command's own long options, blank-separated: "name:c" takes
	 * a value, "name/c" none; c is what option() gets ("hold:H size:s").
	 */
	const char *longopts;
	struct cli_output *out;		/* --format and --json; NULL: none */
	void (*usage)(FILE *f);
	/* one of the command's own options: 0 to go on, else stop (-1) */
	int (*option)(int opt, const char *arg, void *data);
	/*
	 * Say what is wrong in the command's own words, or NULL for
	 * getopt's message and the usage: @opt is '?' (unknown: @arg is the
	 * word), ':' (no value: @arg is "--name") or 'f' (a bad --format).
	 */
	int (*error)(int opt, const char *arg, void *data);
	void *data;
};

/*
 * getopt_long() over argv; optind is then at the first operand. Returns 0,
 * 1 when --help printed the usage (the command exits 0), or the non-zero
 * return of option() or error() (-1 once the problem is said).
 */
int cli_parse_options(const struct cli_parser *p, int argc, char **argv);
/* main()'s argc and argv, kept for the reports (see cli_output_write). */
void cli_set_command_line(int argc, char **argv);
/* Is @name runnable (a path, or found in $PATH)? */
int cli_find_command(const char *name);
/* One line to stderr when CMD did not exit 0. */
void cli_note_child_status(const char *cmd, const char *child, int status);

#endif /* _DA_CLI_H */
