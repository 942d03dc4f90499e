// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf-audit exercise: the workload and the ground truth.
 *
 * For every dma-buf exporter reachable from user space (exporters.c), make
 * one buffer, map it and try get_user_pages() on it in every way user
 * space can (gup-methods.c): exercise-run.c. Probing fills struct
 * exercise_report; printing only reads it. The TSV and the table print it
 * as measured (exercise-out.c); the other formats turn it into the
 * library's common report (exercise-feed.c), whose status is the exit code.
 * This file: the options and the main flow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exercise.h"

#define EX_DEFAULT_SIZE	(1UL << 20)
#define EX_MAX_SIZE	(1UL << 30)	/* io_uring refuses larger buffers */

struct exercise_opts {
	struct cli_output out;	/* text, json, markdown, ktap, junit, tsv; --json FILE */
	size_t size;
	unsigned int hold;	/* seconds to keep every mapping before GUP */
	bool move;		/* mremap each mapping away before touching it */
	bool split;		/* mprotect its middle: three VMAs before GUP */
};

static void usage(FILE *f)
{
	const struct cli_output o = { .extra_format = "tsv" };

	fprintf(f, "usage: dmabuf-audit exercise [OPTIONS]\n"
		"Map a buffer of every dma-buf exporter reachable here and try GUP on it\n"
		"in every way user space can; the ground truth for live.\n"
		"  --size BYTES      buffer size, k/m/g suffixes (1 to 1g; default 1m)\n"
		"  --hold SECONDS    keep every mapping that long before GUP (1 to 86400);\n"
		"                    SIGUSR1 ends the hold\n"
		"  --move            mremap each mapping away before touching it\n"
		"  --split           mprotect each mapping's middle: three VMAs before GUP\n");
	cli_help_common(f, &o);
}

/* --hold, --size, --move, --split: 0, or -1 after the message. */
static int parse_opt(int opt, const char *arg, void *data)
{
	static const struct cli_number size = { "--size", 1, EX_MAX_SIZE, "bytes",
						CLI_NUM_SUFFIX };
	static const struct cli_number hold = { "--hold", 1, 86400, "seconds", 0 };
	struct exercise_opts *o = data;
	double v, ps = ex_page_size();

	if (opt == 'M')
		o->move = true;
	if (opt == 'S')
		o->split = true;
	if (opt == 'H') {
		if (cli_parse_number(&hold, arg, &v))
			return -1;
		o->hold = v;
	}
	if (opt == 's') {
		if (cli_parse_number(&size, arg, &v))
			return -1;
		o->size = (size_t)((v + ps - 1) / ps) * ps;	/* whole pages */
	}
	return 0;
}

/* Returns -1 to go on, or the exit code to leave with. */
static int parse_args(int argc, char **argv, struct exercise_opts *o)
{
	const struct cli_parser p = { "h", "hold:H size:s move/M split/S", &o->out, usage, parse_opt,
				      NULL, o };
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : 2;
	if (optind < argc) {
		cli_usage_error("exercise", "takes no argument");
		return 2;
	}
	return -1;
}

/*
 * The measurements first (TSV, or the table for text), then the common
 * report in the format asked and to --json FILE. Exit status: the report's
 * (0 pass, 1 fail, 3 incomplete), 4 when there is no exporter to exercise.
 */
static int print_all(struct exercise_opts *o, const struct exercise_report *x,
		     struct dmabuf_audit_report *rep)
{
	char places[256];
	int ret;

	if (o->out.extra) {
		exercise_print_tsv(stdout, x);
		o->out.quiet = true;
	} else if (o->out.format == DMABUF_AUDIT_FORMAT_TEXT && (x->nres || x->nskips)) {
		exercise_print_text(stdout, x);
		putchar('\n');
	}
	ret = cli_output_write(&o->out, rep, "exercise");
	if (!x->nres && ret != 2) {
		fprintf(stderr, EX_PREFIX "no dma-buf exporter found on this machine "
			"(looked for %s)\n", exporter_places(places, sizeof(places)));
		ret = 4;
	}
	return ret;
}

/*
 * cmd_exercise - "dmabuf-audit exercise [--format text|json|markdown|ktap|junit|tsv]
 * [--json FILE] [--size BYTES] [--hold SECONDS] [--move] [--split]"
 *
 * Prints on stdout its measurements (--format tsv: one record per line;
 * text: a table) and the common report (text, json, markdown, ktap, junit; the
 * same verdicts as live), diagnostics on stderr; --json FILE also writes
 * the report's JSON. Returns the exit code: the report's status (0 pass,
 * 1 fail, 3 incomplete), 2 on a usage or output error, 4 when no dma-buf
 * exporter could be exercised.
 */
int cmd_exercise(int argc, char **argv)
{
	struct exercise_opts opts = {
		.out = CLI_OUTPUT_INIT,
		.size = EX_DEFAULT_SIZE,
	};
	struct dmabuf_audit_report *rep;
	struct exercise_report x;
	int ret;

	opts.out.extra_format = "tsv";
	ret = parse_args(argc, argv, &opts);
	if (ret >= 0)
		return ret;
	if (cli_output_prepare(&opts.out, "exercise"))
		return 2;
	memset(&x, 0, sizeof(x));
	x.hold = opts.hold;
	x.move = opts.move;
	x.split = opts.split;
	exercise_all(&x, opts.size);
	rep = exercise_build_report(&x);
	if (!rep) {
		fprintf(stderr, EX_PREFIX "out of memory\n");
		cli_output_abort(&opts.out);
		exercise_report_free(&x);
		return 2;
	}
	ret = print_all(&opts, &x, rep);
	dmabuf_audit_report_free(rep);
	exercise_report_free(&x);
	return ret;
}
