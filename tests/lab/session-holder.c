// SPDX-License-Identifier: GPL-2.0
/*
 * A program that is not dmabuf-audit but links its library and holds a
 * live session, for the lab's robustness test: while it runs, neither
 * `dmabuf-audit probes remove --stale` nor another `dmabuf-audit live`
 * may take its probes and instance for a dead session's. Uses only the
 * installed header.
 *
 * usage: lab-session-holder READY-FILE REPORT-JSON
 * Opens a session, writes READY-FILE once it is tracing, polls until
 * SIGTERM or SIGINT, then stops, writes the report and closes (which
 * removes its probes and instance). Exit 0, or 2 on any error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <dmabuf-audit.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static int say(const char *what, int err)
{
	char buf[256];

	dmabuf_audit_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "lab-session-holder: %s: %s\n", what, buf);
	return 2;
}

static int ready(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f);
}

static int write_report(struct dmabuf_audit_live *s, const char *path)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	err = dmabuf_audit_report_write(dmabuf_audit_live_report(s),
					DMABUF_AUDIT_FORMAT_JSON, f);
	return fclose(f) || err ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct dmabuf_audit_live *s;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: lab-session-holder READY-FILE REPORT-JSON\n");
		return 2;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	err = dmabuf_audit_live_open(&s, NULL);
	if (err)
		return say("cannot open a live session", err);
	if (ready(argv[1])) {
		dmabuf_audit_live_close(s);
		return say(argv[1], -errno);
	}
	while (!stop && !err) {
		err = dmabuf_audit_live_poll(s);
		usleep(100000);
	}
	err = err ?: dmabuf_audit_live_stop(s);
	if (!err && write_report(s, argv[2]))
		err = -1;
	dmabuf_audit_live_close(s);
	return err ? say("the session failed", err) : 0;
}
