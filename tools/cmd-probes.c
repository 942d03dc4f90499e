// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit probes install|show|remove: place our probes for a recording
 * done by hand with trace-cmd, list what of ours is placed, remove it.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define SHARED_GROUP "dmabuf_audit"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit probes install|show|remove [--stale]\n"
		"  install  place the probes in group " SHARED_GROUP " and print them\n"
		"  show     list every probe of ours, with its owner's state\n"
		"  remove   remove group " SHARED_GROUP "\n"
		"  remove --stale  remove what killed sessions left (dmabuf_audit_<pid>)\n");
}

static int print_def(const char *group, const char *def, int alive, void *data)
{
	const char *only = data;

	if (only && strcmp(group, only))
		return 0;
	printf("%s%s\n", def, alive ? "" : "    (stale: no process owns it)");
	return 0;
}

static int install(void)
{
	struct dmabuf_audit_probes *p;
	const char *filter;
	int i, n;

	if (dmabuf_audit_probes_install(&p, SHARED_GROUP))
		return 2;
	printf("# placed in %s (%s):\n", SHARED_GROUP, dmabuf_audit_probes_method(p));
	dmabuf_audit_probes_list(print_def, SHARED_GROUP);
	printf("# record them with:\ntrace-cmd record");
	n = dmabuf_audit_probes_count(p);
	for (i = 0; i < n; i++) {
		printf(" -e %s", dmabuf_audit_probes_event(p, i, &filter));
		if (filter)
			printf(" -f '%s'", filter);
	}
	printf(" -- CMD\n# then: dmabuf-audit report trace.dat; dmabuf-audit probes remove\n");
	dmabuf_audit_probes_free(p);
	return 0;
}

int cmd_probes(int argc, char **argv)
{
	int n;

	if (argc == 3 && !strcmp(argv[1], "remove") && !strcmp(argv[2], "--stale")) {
		n = dmabuf_audit_remove_stale();
		if (n < 0)
			return 2;
		printf("removed %d instances or probe groups of dead sessions\n", n);
		return 0;
	}
	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "install"))
		return install();
	if (!strcmp(argv[1], "show"))
		return dmabuf_audit_probes_list(print_def, NULL) < 0 ? 2 : 0;
	if (!strcmp(argv[1], "remove")) {
		n = dmabuf_audit_probes_remove(SHARED_GROUP);
		if (n < 0)
			return 2;
		printf("removed %d probes of %s\n", n, SHARED_GROUP);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
