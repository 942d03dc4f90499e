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
	int fd;

	if (!o->json_path)
		return 0;
	if (asprintf(&o->json_tmp, "%s.tmpXXXXXX", o->json_path) < 0) {
		o->json_tmp = NULL;
		return -1;
	}
	fd = mkstemp(o->json_tmp);
	if (fd < 0 || !(o->json_file = fdopen(fd, "w"))) {
		fprintf(stderr, "dmabuf-audit %s: cannot write %s: %s\n", cmd,
			o->json_path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(o->json_tmp);
		free(o->json_tmp);
		o->json_tmp = NULL;
		return -1;
	}
	fchmod(fd, 0644);
	return 0;
}

void cli_output_abort(struct cli_output *o)
{
	if (o->json_file) {
		fclose(o->json_file);
		unlink(o->json_tmp);
	}
	free(o->json_tmp);
	o->json_file = NULL;
	o->json_tmp = NULL;
}

static int write_json_file(struct cli_output *o, const struct dmabuf_audit_report *r,
			   const char *cmd)
{
	int err = dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, o->json_file);

	if (fclose(o->json_file) || err || rename(o->json_tmp, o->json_path)) {
		fprintf(stderr, "dmabuf-audit %s: cannot write %s: %s\n", cmd,
			o->json_path, strerror(errno ? errno : EIO));
		unlink(o->json_tmp);
		err = -1;
	}
	o->json_file = NULL;
	free(o->json_tmp);
	o->json_tmp = NULL;
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
	if (o->json_file && write_json_file(o, r, cmd))
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
