// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit record: place our probes, let the real trace-cmd record them
 * (and the dma_buf and sched events the audit reads) into a trace.dat, then
 * remove the probes. The file is trace-cmd's own: `trace-cmd report` reads
 * it, and so does `dmabuf-audit report`, anywhere.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <tracefs.h>

#include "cli.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit record [OPTIONS] [-- CMD [ARGS]]\n"
		"Place our probes and record them with trace-cmd while CMD runs (or until\n"
		"Ctrl-C); audit the file anywhere with `dmabuf-audit report`. Needs root.\n"
		"  -o, --output FILE  the trace to write (default: ./trace.dat, as trace-cmd)\n"
		"  --buffer-kb KB     ring buffer per CPU, in KiB (1 to 1048576)\n"
		"  -e, --event EV     record SYSTEM[:EVENT] too (trace-cmd's -e syntax)\n"
		"  --compress         compress the trace (smaller; slower and bigger to read)\n"
		"  --keep-kallsyms    keep kernel symbols in the trace (left out with --no-stacks)\n"
		"  --no-stacks        record no kernel stacks, and so no kernel symbols: a\n"
		"                     smaller trace, cheaper to read; findings lack stacks\n");
	cli_help_common(f, NULL);
}

struct record_args {
	const char *file;
	char buffer_kb[16];	/* as trace-cmd's -b wants it, "" for its default */
	const char *extra[32];	/* -e of the user's own */
	int nr_extra;
	bool keep_kallsyms;
	bool no_stacks;
	bool compress;
	char **cmd;
	char *mark;		/* the workload line for trace_marker, or NULL */
	char *marker;		/* trace_marker's path */
};

/*
 * CMD runs behind a shell that first writes CMD's words into the trace
 * (the workload line of dmabuf-audit.h), then execs CMD in its place (the
 * same pid): `dmabuf-audit report` can then say what made the mappings.
 */
static const char mark_script[] =
	"printf '%s\\n' \"$1\" 2>/dev/null >\"$2\"; shift 2; exec \"$@\"";

/* The workload line and where it goes; without them CMD runs as it is. */
static void workload_mark(struct record_args *r)
{
	const char *dir = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int i;

	if (!r->cmd || tracefs_tracing_dir_is_mounted(false, &dir) != 1 ||
	    asprintf(&r->marker, "%s/trace_marker", dir) < 0) {
		r->marker = NULL;
		return;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	fputs(DMABUF_AUDIT_WORKLOAD_MARK, f);
	for (i = 0; r->cmd[i]; i++)
		fprintf(f, "\x1f%s", r->cmd[i]);
	/* trace_marker takes a page at most: a cut line would be a wrong command */
	if (!fclose(f) && len < 3000)
		r->mark = buf;
	else
		free(buf);
}

/* trace-cmd record -q -o FILE [-b KB] -e EV [-f FILTER] [-R TRIGGER]... [-- CMD...] */
static char **trace_cmd_argv(const struct dmabuf_audit_probes *p,
			     const struct record_args *r)
{
	int n = dmabuf_audit_probes_count(p), ncmd = 0, i, a = 0;
	const char *filter;
	char **argv;

	while (r->cmd && r->cmd[ncmd])
		ncmd++;
	argv = calloc(16 + 6 * n + 2 * r->nr_extra + ncmd + 2, sizeof(*argv));
	if (!argv)
		return NULL;
	argv[a++] = "trace-cmd";
	argv[a++] = "record";
	argv[a++] = "-q";
	/*
	 * libtracecmd 1.3.1 (Debian 12) never frees the chunks it decompresses,
	 * so reading a compressed trace costs memory in proportion to its size.
	 */
	argv[a++] = "--compression";
	argv[a++] = r->compress ? "any" : "none";
	argv[a++] = "-o";
	argv[a++] = (char *)r->file;
	if (*r->buffer_kb) {
		argv[a++] = "-b";
		argv[a++] = (char *)r->buffer_kb;
	}
	for (i = 0; i < r->nr_extra; i++) {
		argv[a++] = "-e";
		argv[a++] = (char *)r->extra[i];
	}
	for (i = 0; i < n; i++) {
		argv[a++] = "-e";
		argv[a++] = (char *)dmabuf_audit_probes_event(p, i, &filter);
		if (filter) {
			argv[a++] = "-f";
			argv[a++] = (char *)filter;
		}
		/* the kernel stack of each hit: who mapped, who pinned */
		if (!r->no_stacks && dmabuf_audit_probes_event_stack(p, i)) {
			argv[a++] = "-R";
			argv[a++] = (char *)dmabuf_audit_probes_event_stack(p, i);
		}
	}
	if (ncmd)
		argv[a++] = "--";
	if (ncmd && r->mark && r->marker) {
		argv[a++] = "sh";
		argv[a++] = "-c";
		argv[a++] = (char *)mark_script;
		argv[a++] = "dmabuf-audit-record";
		argv[a++] = r->mark;
		argv[a++] = r->marker;
	}
	if (ncmd)
		memcpy(argv + a, r->cmd, ncmd * sizeof(*argv));
	return argv;
}

/*
 * Kernel symbols are 10 MB of every trace.dat and 20+ MB of heap in every
 * reader (libtracecmd parses them at open); only the stacks need them
 * (--no-stacks records none). trace-cmd has no switch for them, so it is
 * shown an empty /proc/kallsyms in a mount namespace of its own.
 */
static void hide_kallsyms(void)
{
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("/dev/null", "/proc/kallsyms", NULL, MS_BIND, NULL))
		fprintf(stderr, "dmabuf-audit record: cannot leave kernel symbols out "
			"(%s): the trace keeps them\n", strerror(errno));
}

/* Run trace-cmd; SIGINT reaches it through the terminal, others we pass on. */
static int run_trace_cmd(char **argv, bool keep_kallsyms)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int status, sig_sent = 0;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		if (!keep_kallsyms)
			hide_kallsyms();
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
		if (got_signal && !sig_sent++)
			kill(pid, SIGINT);	/* trace-cmd ends a recording on SIGINT */
	}
	return status;
}

/*
 * trace-cmd writes a temporary file beside FILE, renamed when it is whole:
 * FILE is never half a trace, and a FILE that cannot be written fails
 * before any probe is placed.
 */
static char *temp_beside(const char *file)
{
	char *tmp;
	int fd;

	if (asprintf(&tmp, "%s.tmpXXXXXX", file) < 0)
		return NULL;
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "dmabuf-audit record: cannot write %s: %s\n", file,
			strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

static int record(struct record_args *r)
{
	struct dmabuf_audit_probes *p;
	char **argv, *tmp;
	const char *file = r->file;
	int status;

	tmp = temp_beside(file);
	if (!tmp)
		return 2;
	/* our own group: nobody else's start removes it while trace-cmd runs */
	if (dmabuf_audit_probes_install_own(&p)) {
		unlink(tmp);
		free(tmp);
		return 2;
	}
	r->file = tmp;
	workload_mark(r);
	argv = trace_cmd_argv(p, r);
	/* stacks are addresses: the trace needs the symbols to name them */
	status = argv ? run_trace_cmd(argv, r->keep_kallsyms || !r->no_stacks) : -1;
	free(argv);
	free(r->mark);
	free(r->marker);
	dmabuf_audit_probes_remove(dmabuf_audit_probes_group(p));
	dmabuf_audit_probes_free(p);
	r->file = file;
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    rename(tmp, file)) {
		fprintf(stderr, "dmabuf-audit record: trace-cmd record failed; "
			"%s was not written\n", file);
		if (status != -1)
			cli_note_child_status("record", "trace-cmd", status);
		unlink(tmp);
		free(tmp);
		return 2;
	}
	free(tmp);
	fprintf(stderr, "dmabuf-audit record: wrote %s; audit it with: dmabuf-audit report %s\n",
		r->file, r->file);
	return 0;
}

static int record_option(int opt, const char *arg, void *data)
{
	struct record_args *r = data;
	double kb;

	switch (opt) {
	case 'o':
		r->file = arg;
		break;
	case 'K':
		r->keep_kallsyms = true;
		break;
	case 'z':
		r->compress = true;
		break;
	case 'S':
		r->no_stacks = true;
		break;
	case 'e':
		if (r->nr_extra == (int)(sizeof(r->extra) / sizeof(r->extra[0])))
			return cli_usage_error("record", "too many -e");
		r->extra[r->nr_extra++] = arg;
		break;
	case 'b':
		if (cli_parse_number(&(struct cli_number){ "--buffer-kb", 1, 1 << 20, "KiB", 0 },
				     arg, &kb))
			return -1;
		snprintf(r->buffer_kb, sizeof(r->buffer_kb), "%.0f", kb);
		break;
	}
	return 0;
}

int cmd_record(int argc, char **argv)
{
	struct record_args r = { .file = "trace.dat" };	/* trace-cmd's default */
	const struct cli_parser p = {
		"+o:e:h", "output:o buffer-kb:b event:e keep-kallsyms/K compress/z no-stacks/S",
		NULL, usage, record_option, NULL, &r,
	};
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : 2;
	r.cmd = optind < argc ? argv + optind : NULL;
	if (!cli_find_command("trace-cmd")) {
		fprintf(stderr, "dmabuf-audit record: trace-cmd is not installed: "
			"apt-get install trace-cmd\n");
		return 2;
	}
	if (r.cmd && !cli_find_command(r.cmd[0])) {
		fprintf(stderr, "dmabuf-audit record: %s: command not found\n", r.cmd[0]);
		return 2;
	}
	return record(&r);
}
