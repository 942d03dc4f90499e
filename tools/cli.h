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
int cmd_check(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#define CLI_FILTER_MAX	32

/* The long options every report writer shares, beside 'f' and 'j'. */
enum {
	CLI_OPT_RAW_POINTERS = 256,
	CLI_OPT_PID,
	CLI_OPT_COMM,
	CLI_OPT_EXPORTER,
};

/*
 * --format and --json FILE: a regular FILE is replaced atomically, a
 * device, FIFO or symlink written through, "-" is stdout;
 * --raw-pointers, and with @filters the audit's --pid, --comm, --exporter.
 */
struct cli_output {
	enum dmabuf_audit_format format;
	bool quiet;		/* stdout is the command's own (exercise --format tsv) */
	const char *extra_format; /* one more --format of the command's own, or NULL */
	bool extra;		/* --format extra_format was asked for */
	const char *json_path;
	/* opened before tracing starts, committed at the end (out-file.h) */
	struct da_out_file json;
	bool raw_pointers;	/* --raw-pointers: kernel pointers as they are */
	bool filters;		/* the command takes --pid, --comm, --exporter */
	struct dmabuf_audit_filter filter;	/* what they asked for */
	int pids[CLI_FILTER_MAX];
	const char *comms[CLI_FILTER_MAX], *exporters[CLI_FILTER_MAX];
};

#define CLI_OUTPUT_INIT { .format = DMABUF_AUDIT_FORMAT_TEXT }

/*
 * Handle option 'f' (--format) or 'j' (--json); non-zero on a bad value.
 * The last --format wins. A bad one is reported by cli_parse_options()
 * (or the command's error()), naming the value.
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

/* "dmabuf-audit CMD: WHAT; try 'dmabuf-audit CMD --help'" on stderr; -1. */
int cli_usage_error(const char *cmd, const char *what);

/* cli-filter.c: one of the CLI_OPT_* options of command @cmd; 0 or -1. */
int cli_filter_option(struct cli_output *o, const char *cmd, int opt, const char *arg);
/* The filter asked for, or NULL: everything. */
const struct dmabuf_audit_filter *cli_filter(const struct cli_output *o);

/*
 * The subcommand running (main() sets it before dispatching), for the
 * prefix of every message: "dmabuf-audit CMD: ", or "dmabuf-audit: "
 * outside any command.
 */
void cli_set_command(const char *name);
const char *cli_command(void);
/* One line on stderr with that prefix; @fmt without the newline. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The help lines of the options cli_parse_options() adds (@o: --format, --json). */
void cli_help_common(FILE *f, const struct cli_output *o);

/*
 * A numeric option: digits only (no sign, no blanks, no exponent, no nan
 * or inf), within [min, max] after the suffix. The one parser of every
 * subcommand's numbers.
 */
#define CLI_NUM_FRACTION	(1u << 0)	/* "1.5" allowed */
#define CLI_NUM_SUFFIX		(1u << 1)	/* k, m, g: binary multiples */
struct cli_number {
	const char *opt;	/* "--buffer-kb", for the message */
	double min, max;
	const char *unit;	/* "KiB", "seconds" */
	unsigned int flags;
};
/*
 * 0 and *@out, or -1 after one line naming the option, the bad value and
 * the range.
 */
int cli_parse_number(const struct cli_number *n, const char *arg, double *out);

/*
 * A subcommand's options: its own, and those cli_parse_options() adds for
 * every command: --help; --format, --json and --raw-pointers when @out is
 * set; --pid, --comm and --exporter when @out->filters is set too.
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
	 * Say what is wrong in the command's own words, or NULL for the
	 * common messages (cli.c): @opt is '?' (unknown: @arg is the
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
