// SPDX-License-Identifier: GPL-2.0
/*
 * Run a live audit of a command (or of the whole system for a while) from
 * C, and read the verdicts through the API: what a CI harness or a
 * compositor's test suite does with libdmabuf-audit instead of running the
 * CLI and parsing its JSON.
 *
 * Build against an installed library:
 *	cc -o live-audit live-audit.c $(pkg-config --cflags --libs libdmabuf-audit)
 * Run as root, on a kernel with kprobe events or the dma_buf tracepoints:
 *	./live-audit -- CMD [ARGS]	audit the mappings CMD makes
 *	./live-audit --duration SEC	audit the whole system for SEC seconds
 * Prints one line per exporter, "NAME: VERDICT (counts)", then the reasons
 * the audit is incomplete, if any. Exit: 0 every exporter passed and the
 * audit is complete; 1 some exporter fails; 3 none fails but the audit is
 * incomplete (or nothing was mapped); 2 the audit could not run (the
 * library said why) or bad usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <dmabuf-audit.h>

static volatile sig_atomic_t stop;

/* The library's warnings, each one line, said to be ours. */
__attribute__((format(printf, 2, 0)))
static int print(enum dmabuf_audit_print_level level, const char *fmt, va_list ap)
{
	if (level != DMABUF_AUDIT_WARN)
		return 0;
	fputs("live-audit: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Start @argv in a child that waits on a pipe until the audit follows it,
 * so that no mapping it makes is missed. Returns its pid, or -1.
 */
static pid_t start(char *const argv[], int *go)
{
	int fds[2];
	pid_t pid;
	char c;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "live-audit: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		return -1;
	}
	*go = fds[1];
	return pid;
}

/* Poll every 100 ms until the child @pid ends, or @seconds pass (@pid 0). */
static int watch(struct dmabuf_audit_live *s, pid_t pid, double seconds, int *wstatus)
{
	const struct timespec tick = { 0, 100 * 1000 * 1000 };
	double waited = 0;
	int err;

	while (!stop) {
		err = dmabuf_audit_live_poll(s);
		if (err)
			return err;
		if (pid && waitpid(pid, wstatus, WNOHANG) == pid)
			return 0;
		if (!pid && waited >= seconds)
			return 0;
		nanosleep(&tick, NULL);
		waited += 0.1;
	}
	if (pid) {
		kill(pid, SIGTERM);
		waitpid(pid, wstatus, 0);
	}
	return 0;
}

/* The verdicts, read through the API; returns the report's status. */
static int print_report(const struct dmabuf_audit_report *r)
{
	struct dmabuf_audit_report_info ri = { .sz = sizeof(ri) };
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	char why[512];
	size_t i;

	if (dmabuf_audit_report_info(r, &ri))
		return 2;
	for (i = 0; i < ri.nr_exporters; i++) {
		if (dmabuf_audit_report_exporter(r, i, &e))
			return 2;
		printf("%s: %s (%llu mappings, %llu with VM_PFNMAP; GUP pinned %llu of %llu)\n",
		       e.label, dmabuf_audit_verdict_name(e.verdict), e.mmaps, e.mmaps_pfnmap,
		       e.gup_succeeded, e.gup_attempts);
	}
	for (i = 0; i < ri.nr_incomplete_reasons; i++)
		if (dmabuf_audit_report_incomplete_reason(r, i, why, sizeof(why)) >= 0)
			fprintf(stderr, "incomplete: %s\n", why);
	return dmabuf_audit_report_status(r);
}

static int usage(void)
{
	fprintf(stderr, "usage: live-audit -- CMD [ARGS] | live-audit --duration SEC\n");
	return 2;
}

/* Audit @cmd (NULL: the whole system for @seconds); the exit code. */
static int audit(char *const cmd[], double seconds)
{
	struct dmabuf_audit_live *s;
	int err, go = -1, wstatus = 0, status;
	pid_t pid = 0;

	dmabuf_audit_set_print(print);
	dmabuf_audit_set_hint(DMABUF_AUDIT_HINT_ROOT, "run it as root");
	/* the library has printed one line saying why it cannot */
	if (dmabuf_audit_live_open(&s, NULL))
		return 2;
	if (cmd) {
		pid = start(cmd, &go);
		if (pid < 0 || dmabuf_audit_live_follow(s, pid)) {
			fprintf(stderr, "live-audit: cannot start %s: %s\n", cmd[0], strerror(errno));
			if (pid > 0) {
				close(go);	/* the child exits without running @cmd */
				waitpid(pid, NULL, 0);
			}
			dmabuf_audit_live_close(s);
			return 2;
		}
		if (write(go, "g", 1) != 1)
			kill(pid, SIGKILL);
		close(go);
	}
	err = watch(s, pid, seconds, &wstatus);
	if (!err)
		err = dmabuf_audit_live_stop(s);
	if (err) {
		fprintf(stderr, "live-audit: the audit failed: %s\n", strerror(-err));
		dmabuf_audit_live_close(s);
		return 2;
	}
	if (pid && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 127) {
		dmabuf_audit_live_close(s);
		return 2;
	}
	if (pid && WIFSIGNALED(wstatus))
		dmabuf_audit_report_add_note(dmabuf_audit_live_report(s),
					     "%s was killed by signal %d", cmd[0],
					     WTERMSIG(wstatus));
	status = print_report(dmabuf_audit_live_report(s));
	dmabuf_audit_live_close(s);
	return status;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char *end;
	double seconds = 0;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (argc >= 3 && !strcmp(argv[1], "--"))
		return audit(argv + 2, 0);
	if (argc == 3 && !strcmp(argv[1], "--duration")) {
		seconds = strtod(argv[2], &end);
		if (*end || seconds <= 0)
			return usage();
		return audit(NULL, seconds);
	}
	return usage();
}
