// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit probes install|show|remove: place our probes for a recording
 * done by hand with trace-cmd, list what of ours is placed, remove it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define SHARED_GROUP "dmabuf_audit"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit probes install|show|remove [--stale]\n"
		"Probes for recording by hand with trace-cmd. Needs root.\n"
		"  install           place the probes in group " SHARED_GROUP " and print them\n"
		"  show              list every probe of ours, with its owner's state\n"
		"  remove            remove group " SHARED_GROUP "\n"
		"  --stale           with remove: what killed sessions left (dmabuf_audit_<pid>)\n");
	cli_help_common(f, NULL);
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
		/* the kernel stacks a report gives findings: who mapped, who pinned */
		if (dmabuf_audit_probes_event_stack(p, i))
			printf(" -R '%s'", dmabuf_audit_probes_event_stack(p, i));
	}
	printf(" -- CMD\n# then: dmabuf-audit report trace.dat; dmabuf-audit probes remove\n");
	dmabuf_audit_probes_free(p);
	return 0;
}

static int stale_option(int opt, const char *arg, void *data)
{
	*(bool *)data = true;
	return 0;
}

static int remove_probes(bool stale)
{
	int n = stale ? dmabuf_audit_remove_stale() :
			dmabuf_audit_probes_remove(SHARED_GROUP);

	if (n < 0)
		return 2;
	if (stale)
		printf("removed %d instances or probe groups of dead sessions\n", n);
	else
		printf("removed %d probes of %s\n", n, SHARED_GROUP);
	return 0;
}

int cmd_probes(int argc, char **argv)
{
	bool stale = false;
	const struct cli_parser p = { "h", "stale/S", NULL, usage, stale_option, NULL, &stale };
	int ret = cli_parse_options(&p, argc, argv);
	const char *what = optind < argc ? argv[optind] : "";

	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind != argc - 1 || (strcmp(what, "install") && strcmp(what, "show") &&
				   strcmp(what, "remove")))
		return cli_usage_error("probes", "install, show or remove is needed"), 2;
	if (stale && strcmp(what, "remove"))
		return cli_usage_error("probes", "--stale goes with remove"), 2;
	if (!strcmp(what, "install"))
		return install();
	if (!strcmp(what, "show"))
		return dmabuf_audit_probes_list(print_def, NULL) < 0 ? 2 : 0;
	return remove_probes(stale);
}
