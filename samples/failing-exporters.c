// SPDX-License-Identifier: GPL-2.0
/*
 * Audit a trace.dat and print the exporters that fail, each with its
 * findings: what a CI harness does with libdmabuf-audit, reading the
 * verdicts through the API rather than parsing the JSON.
 *
 * Build against an installed library:
 *	cc -o failing-exporters failing-exporters.c \
 *		$(pkg-config --cflags --libs libdmabuf-audit)
 * Run: ./failing-exporters trace.dat
 * Exit: 0 no exporter fails and the audit is complete; 1 some exporter
 * fails (printed on stdout); 3 none fails but the audit is incomplete
 * (the reasons on stderr); 2 bad usage or an unreadable trace.
 */
#include <stdio.h>
#include <string.h>

#include <dmabuf-audit.h>

static void print_finding(const struct dmabuf_audit_finding_info *x)
{
	char flags[512];

	if (x->kind == DMABUF_AUDIT_FINDING_GUP_SUCCEEDED) {
		printf("  GUP pinned %lld pages at 0x%llx: pid %d (%s)%s\n", x->gup_ret,
		       x->gup_start, x->gup_pid, x->gup_comm,
		       x->gup_remote ? ", on another process's memory" : "");
		return;
	}
	dmabuf_audit_vm_flags_str(x->vm_flags, flags, sizeof(flags));
	printf("  mapped without VM_PFNMAP by pid %d (%s) at 0x%llx-0x%llx: %s\n",
	       x->pid, x->comm, x->start, x->end, flags);
}

/* Print the findings of the row @label ("drm (vgem)", "system"). */
static void print_findings(const struct dmabuf_audit_report *r, size_t n, const char *label)
{
	struct dmabuf_audit_finding_info x = { .sz = sizeof(x) };
	size_t i;

	for (i = 0; i < n; i++)
		if (!dmabuf_audit_report_finding(r, i, &x) && !strcmp(x.label, label))
			print_finding(&x);
}

/* Print the failing exporters; returns how many. */
static int print_failing(const struct dmabuf_audit_report *r,
			 const struct dmabuf_audit_report_info *ri)
{
	struct dmabuf_audit_exporter_info e = { .sz = sizeof(e) };
	size_t i;
	int fails = 0;

	for (i = 0; i < ri->nr_exporters; i++) {
		if (dmabuf_audit_report_exporter(r, i, &e) ||
		    e.verdict != DMABUF_AUDIT_VERDICT_FAIL)
			continue;
		printf("%s: %s (%llu mappings, %llu with VM_PFNMAP; GUP pinned %llu of %llu)\n",
		       e.label, dmabuf_audit_verdict_name(e.verdict), e.mmaps, e.mmaps_pfnmap,
		       e.gup_succeeded, e.gup_attempts);
		print_findings(r, ri->nr_findings, e.label);
		fails++;
	}
	return fails;
}

int main(int argc, char **argv)
{
	struct dmabuf_audit_report_info ri = { .sz = sizeof(ri) };
	struct dmabuf_audit_report *r;
	char why[512];
	size_t i;
	int fails;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TRACE.dat\n", argv[0]);
		return 2;
	}
	/* the library says what is wrong with the file itself */
	if (dmabuf_audit_trace_report(argv[1], &r))
		return 2;
	if (dmabuf_audit_report_info(r, &ri)) {
		dmabuf_audit_report_free(r);
		return 2;
	}
	fails = print_failing(r, &ri);
	for (i = 0; i < ri.nr_incomplete_reasons; i++)
		if (dmabuf_audit_report_incomplete_reason(r, i, why, sizeof(why)) >= 0)
			fprintf(stderr, "incomplete: %s\n", why);
	dmabuf_audit_report_free(r);
	return fails ? 1 : ri.complete ? 0 : 3;
}
