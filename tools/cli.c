// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the subcommands: see cli.h. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cli.h"

static const char *cli_cmd;

void cli_set_command(const char *name)
{
	cli_cmd = name;
}

const char *cli_command(void)
{
	return cli_cmd;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	if (cli_cmd)
		fprintf(stderr, "dmabuf-audit %s: ", cli_cmd);
	else
		fputs("dmabuf-audit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *what)
{
	fprintf(stderr, "dmabuf-audit %s: %s; try 'dmabuf-audit %s --help'\n",
		cmd, what, cmd);
	return -1;
}

void cli_help_common(FILE *f, const struct cli_output *o)
{
	if (o) {
		fprintf(f, "  --format FMT      the report's format: text (default), json, markdown, ktap%s%s\n",
			o->extra_format ? ", junit or " : " or junit",
			o->extra_format ? o->extra_format : "");
		fprintf(f, "  --json FILE       also write the report's JSON to FILE\n");
		fprintf(f, "  --raw-pointers    kernel pointers as they are, not labels (mm#1)\n");
	}
	if (o && o->filters)
		fprintf(f, "  --pid PID         only the mappings of these tasks (repeatable)\n"
			"  --comm NAME       only the mappings of tasks so named (repeatable)\n"
			"  --exporter NAME   only the mappings of this exporter (repeatable); drm:\n"
			"                    every drm row, vgem or 'drm (vgem)': that driver's\n");
	fprintf(f, "  -h, --help        show this help\n");
}

/* Digits (and one '.' when @frac), as a double; @end after them. */
static int number_digits(const char *s, bool frac, double *v, const char **end)
{
	size_t n = strspn(s, frac ? "0123456789." : "0123456789");
	char buf[64], *e;

	if (!n || n >= sizeof(buf))
		return n ? 1 : -1;	/* too many digits: out of any range */
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtod(buf, &e);
	if (*e || !isfinite(*v))
		return -1;
	*end = s + n;
	return 0;
}

int cli_parse_number(const struct cli_number *n, const char *arg, double *out)
{
	static const char suffixes[] = "kmg";
	const char *end = arg, *sfx;
	double v = 0;
	int err = number_digits(arg, n->flags & CLI_NUM_FRACTION, &v, &end);

	if (!err && (n->flags & CLI_NUM_SUFFIX) && *end &&
	    (sfx = strchr(suffixes, *end | 0x20))) {
		v = ldexp(v, 10 * (int)(sfx - suffixes + 1));
		end++;
	}
	if (!err && *end)
		err = -1;
	if (!err && (v < n->min || v > n->max))
		err = 1;
	if (err) {
		fprintf(stderr, "dmabuf-audit %s: bad %s '%s': want %s from %.15g to %.15g %s; "
			"try 'dmabuf-audit %s --help'\n", cli_cmd, n->opt, arg,
			n->flags & CLI_NUM_FRACTION ? "a number" : "a whole number",
			n->min, n->max, n->unit, cli_cmd);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_output_option(struct cli_output *o, int opt, const char *arg)
{
	if (opt == 'j') {
		o->json_path = arg;
		return 0;
	}
	if (o->extra_format && !strcmp(arg, o->extra_format)) {
		o->extra = true;
		return 0;
	}
	o->extra = false;
	if (!strcmp(arg, "text"))
		o->format = DMABUF_AUDIT_FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		o->format = DMABUF_AUDIT_FORMAT_JSON;
	else if (!strcmp(arg, "markdown"))
		o->format = DMABUF_AUDIT_FORMAT_MARKDOWN;
	else if (!strcmp(arg, "ktap"))
		o->format = DMABUF_AUDIT_FORMAT_KTAP;
	else if (!strcmp(arg, "junit"))
		o->format = DMABUF_AUDIT_FORMAT_JUNIT;
	else
		return -1;
	return 0;
}

#define CLI_OPTS_MAX	16
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * What every command shares; --format, --json and --raw-pointers only when
 * they write a report; the filters only for the audits.
 */
static const struct option common_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "format", required_argument, NULL, 'f' },
	{ "json", required_argument, NULL, 'j' },
	{ "raw-pointers", no_argument, NULL, CLI_OPT_RAW_POINTERS },
	{ "pid", required_argument, NULL, CLI_OPT_PID },
	{ "comm", required_argument, NULL, CLI_OPT_COMM },
	{ "exporter", required_argument, NULL, CLI_OPT_EXPORTER },
};

static size_t nr_common(const struct cli_parser *p)
{
	if (!p->out)
		return 1;
	return p->out->filters ? ARRAY_LEN(common_opts) : 4;
}

/* Room for every command's long option names, each NUL-terminated. */
#define CLI_NAMES_MAX	256

/*
 * The command's own options from @p->longopts (names copied into @names),
 * then the common ones; false if they do not fit.
 */
static bool merge_opts(const struct cli_parser *p, struct option *all, char *names)
{
	size_t n = 0, i, len, used = 0, common = nr_common(p);
	const char *s = p->longopts ? p->longopts : "";

	for (s += strspn(s, " "); *s; s += strspn(s, " ")) {
		len = strcspn(s, ":/");
		if (n + common >= CLI_OPTS_MAX || used + len + 1 > CLI_NAMES_MAX || !s[len])
			return false;
		memcpy(names + used, s, len);
		names[used + len] = '\0';
		all[n].name = names + used;
		all[n].has_arg = s[len] == ':' ? required_argument : no_argument;
		all[n].flag = NULL;
		all[n++].val = s[len + 1];
		used += len + 1;
		s += len + 2;
	}
	for (i = 0; i < common; i++)
		all[n++] = common_opts[i];
	memset(&all[n], 0, sizeof(*all));
	return true;
}

/* The "--name" of the option whose val is @opt, for a message. */
static const char *opt_name(const struct option *all, int opt, char *buf, size_t len)
{
	snprintf(buf, len, "?");
	for (; all->name; all++)
		if (all->val == opt)
			snprintf(buf, len, "--%s", all->name);
	return buf;
}

/* Our words for what getopt_long() refused; -1. */
static int default_error(const struct cli_parser *p, int c, const char *arg)
{
	char what[160];
	const struct cli_output *o = p->out;

	if (c == ':')
		snprintf(what, sizeof(what), "%s needs a value", arg);
	else if (c == 'f')
		snprintf(what, sizeof(what), "bad --format '%s': text, json, markdown, ktap%s%s",
			 arg, o && o->extra_format ? ", junit or " : " or junit",
			 o && o->extra_format ? o->extra_format : "");
	else
		snprintf(what, sizeof(what), "unknown option '%s'", arg);
	return cli_usage_error(cli_cmd ? cli_cmd : "?", what);
}

/* getopt_long() refused argv[optind - 1] (c '?') or found no value (':'). */
static int bad_option(const struct cli_parser *p, const struct option *all, int c,
		      char **argv)
{
	char name[32], word[4];
	const char *arg = argv[optind - 1];

	if (c == ':')
		arg = opt_name(all, optopt, name, sizeof(name));
	else if (optopt && strncmp(arg, "--", 2))
		snprintf(word, sizeof(word), "-%c", optopt), arg = word;
	return p->error ? p->error(c, arg, p->data) : default_error(p, c, arg);
}

static int one_option(const struct cli_parser *p, const struct option *all, int c,
		      char **argv)
{
	if (c == 'h') {
		p->usage(stdout);
		return 1;
	}
	if (c == '?' || c == ':')
		return bad_option(p, all, c, argv);
	if (p->out && (c == 'f' || c == 'j')) {
		if (!cli_output_option(p->out, c, optarg))
			return 0;
		return p->error ? p->error('f', optarg, p->data) : default_error(p, 'f', optarg);
	}
	if (p->out && c >= CLI_OPT_RAW_POINTERS && c <= CLI_OPT_EXPORTER)
		return cli_filter_option(p->out, argv[0], c, optarg);
	return p->option ? p->option(c, optarg, p->data) : 0;
}

int cli_parse_options(const struct cli_parser *p, int argc, char **argv)
{
	struct option all[CLI_OPTS_MAX];
	char names[CLI_NAMES_MAX], shortopts[32];
	const char *s = p->shortopts;
	int c, ret = 0;

	if (!merge_opts(p, all, names))
		return -1;
	/* ':' first (after '+'): a missing value is ':', not '?' */
	s += *s == '+';
	s += *s == ':';
	snprintf(shortopts, sizeof(shortopts), "%s:%s", *p->shortopts == '+' ? "+" : "", s);
	opterr = 0;	/* every message is ours */
	while (!ret && (c = getopt_long(argc, argv, shortopts, all, NULL)) != -1)
		ret = one_option(p, all, c, argv);
	opterr = 1;
	return ret;
}

/* The whole command line, for the reports' "how to reproduce". */
static int cli_argc;
static char **cli_argv;

void cli_set_command_line(int argc, char **argv)
{
	cli_argc = argc;
	cli_argv = argv;
}

/* "dmabuf-audit ARGS...", whatever path the binary was run by. */
static void set_command(struct dmabuf_audit_report *r)
{
	char **words;

	if (!cli_argc)
		return;
	words = calloc(cli_argc, sizeof(*words));
	if (!words)
		return;
	memcpy(words, cli_argv, cli_argc * sizeof(*words));
	words[0] = "dmabuf-audit";
	dmabuf_audit_report_set_command(r, cli_argc, words);
	free(words);
}

int cli_output_prepare(struct cli_output *o, const char *cmd)
{
	int err;

	if (!o->json_path)
		return 0;
	err = da_out_file_open(&o->json, o->json_path, DA_OUT_DASH_STDOUT);
	if (err)
		fprintf(stderr, "dmabuf-audit %s: cannot write %s: %s\n", cmd,
			o->json_path, strerror(-err));
	return err ? -1 : 0;
}

void cli_output_abort(struct cli_output *o)
{
	da_out_file_discard(&o->json);
}

static int write_json_file(struct cli_output *o, const struct dmabuf_audit_report *r,
			   const char *cmd)
{
	int err = dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, o->json.f);
	int saved = errno;
	int done = da_out_file_commit(&o->json);

	/* the first error says best what happened (ENOSPC at a write) */
	if (err || done) {
		fprintf(stderr, "dmabuf-audit %s: cannot write %s: %s\n", cmd,
			o->json_path, strerror(err && saved ? saved : done ? -done : EIO));
		err = -1;
	}
	da_out_file_discard(&o->json);
	return err;
}

int cli_output_write(struct cli_output *o, struct dmabuf_audit_report *r,
		     const char *cmd)
{
	int err;

	set_command(r);
	dmabuf_audit_report_set_raw_pointers(r, o->raw_pointers);
	err = o->quiet ? 0 : dmabuf_audit_report_write(r, o->format, stdout);

	if (fflush(stdout) || err) {
		fprintf(stderr, "dmabuf-audit %s: cannot write the report: %s\n", cmd,
			strerror(errno ? errno : EIO));
		cli_output_abort(o);
		return 2;
	}
	if (o->json.f && write_json_file(o, r, cmd))
		return 2;
	return dmabuf_audit_report_status(r);
}

int cli_find_command(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *p, *end;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	for (p = path ? path : "/usr/bin:/bin"; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), *p == ':' ? "." : p, name);
		if (end == p)
			snprintf(buf, sizeof(buf), "./%s", name);
		if (access(buf, X_OK) == 0)
			return 1;
	}
	return 0;
}

void cli_note_child_status(const char *cmd, const char *child, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status))
		fprintf(stderr, "dmabuf-audit %s: %s exited with status %d\n", cmd, child,
			WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fprintf(stderr, "dmabuf-audit %s: %s was killed by signal %d (%s)\n", cmd,
			child, WTERMSIG(status), strsignal(WTERMSIG(status)));
}
