// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the subcommands: see cli.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cli.h"

int cli_usage_error(const char *cmd, const char *what)
{
	fprintf(stderr, "dmabuf-audit %s: %s; try 'dmabuf-audit %s --help'\n",
		cmd, what, cmd);
	return -1;
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
	else {
		if (!o->extra_format)
			fprintf(stderr, "dmabuf-audit: --format is text, json, markdown or ktap\n");
		return -1;
	}
	return 0;
}

#define CLI_OPTS_MAX	16

/* What every command shares; --format and --json only when they write a report. */
static const struct option common_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "format", required_argument, NULL, 'f' },
	{ "json", required_argument, NULL, 'j' },
};

/* Room for every command's long option names, each NUL-terminated. */
#define CLI_NAMES_MAX	256

/*
 * The command's own options from @p->longopts (names copied into @names),
 * then the common ones; false if they do not fit.
 */
static bool merge_opts(const struct cli_parser *p, struct option *all, char *names)
{
	size_t n = 0, i, len, used = 0, common = p->out ? 3 : 1;
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

/* getopt_long() refused argv[optind - 1] (c '?') or found no value (':'). */
static int bad_option(const struct cli_parser *p, const struct option *all, int c,
		      char **argv)
{
	char name[32];

	if (!p->error) {
		p->usage(stderr);
		return -1;
	}
	if (c == ':')
		return p->error(c, opt_name(all, optopt, name, sizeof(name)), p->data);
	return p->error('?', argv[optind - 1], p->data);
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
		return p->error ? p->error('f', optarg, p->data) : -1;
	}
	return p->option(c, optarg, p->data);
}

int cli_parse_options(const struct cli_parser *p, int argc, char **argv)
{
	struct option all[CLI_OPTS_MAX];
	char names[CLI_NAMES_MAX];
	int c, ret = 0;

	if (!merge_opts(p, all, names))
		return -1;
	/* with error(), the command says what is wrong in its own words */
	opterr = !p->error;
	while (!ret && (c = getopt_long(argc, argv, p->shortopts, all, NULL)) != -1)
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
