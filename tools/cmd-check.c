// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit check: what this kernel offers for a live audit (as
 * trace-cmd check-events does for events), with nothing placed: tracefs,
 * probe kinds, BTF, dma_buf tracepoints, the probe plan live would place,
 * and the dma-buf exporters present. Exit 0 when a live audit can run.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli.h"
#include "exercise.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: dmabuf-audit check\n"
		"Say what this kernel offers for a live audit, placing nothing; exit 0\n"
		"when `dmabuf-audit live` can run here. Needs root to read tracefs.\n");
	cli_help_common(f, NULL);
}

static const char *yes(int v)
{
	return v ? "yes" : "no";
}

/* The device nodes the exerciser would use (exporters.c). */
static void print_exporters(void)
{
	const struct exporter_kind *const *k;
	int n = 0;

	printf("exporters:");
	for (k = exporter_kinds; *k; k++) {
		DIR *d = opendir((*k)->dir);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			if (exporter_matches(*k, e->d_name)) {
				printf(" %s/%s", (*k)->dir, e->d_name);
				n++;
			}
		}
		if (d)
			closedir(d);
	}
	printf("%s\n", n ? "" : " none found (a live audit of CMD still runs)");
}

static void print_kernel(const struct dmabuf_audit_kernel *k)
{
	struct utsname u;

	uname(&u);
	printf("kernel: %s\n", u.release);
	printf("root: %s\n", yes(k->root));
	printf("tracefs mounted: %s\n", yes(k->tracefs));
	if (!k->root || !k->tracefs)
		return;
	printf("kprobe events: %s\n", yes(k->kprobes));
	printf("fprobe events: %s\n", yes(k->fprobes));
	printf("$argN in return probes: %s\n", yes(k->ret_args));
	printf("BTF argument names: %s\n", yes(k->btf_args));
	printf("kernel BTF: %s\n", yes(k->btf));
	printf("dma_buf tracepoints: dma_buf_mmap_internal %s, dma_buf_mmap %s\n",
	       yes(k->dma_buf_mmap_tp), yes(k->dma_buf_fwd_tp));
	printf("probe plan: %s\n", *k->method ? k->method : "none");
}

int cmd_check(int argc, char **argv)
{
	struct dmabuf_audit_kernel k = { .sz = sizeof(k) };
	const struct cli_parser p = { "h", NULL, NULL, usage, NULL, NULL, NULL };
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind < argc)
		return cli_usage_error("check", "takes no argument"), 2;
	fflush(stdout);
	ret = dmabuf_audit_kernel_check(&k);	/* says why not on stderr */
	print_kernel(&k);
	print_exporters();
	printf("live audit: %s\n", ret ? "cannot run here" : "can run");
	return ret ? 2 : 0;
}
