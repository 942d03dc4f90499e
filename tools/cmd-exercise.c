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
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exercise.h"

#define EX_USAGE	"usage: dmabuf-audit exercise [--format text|json|markdown|ktap|tsv] [--json FILE]\n" \
			"                             [--size BYTES] [--hold SECONDS] [--move] [--split]"
#define EX_DEFAULT_SIZE	(1UL << 20)
#define EX_MAX_SIZE	(1UL << 30)	/* io_uring refuses larger buffers */

struct exercise_opts {
	struct cli_output out;	/* text, json, markdown, ktap, tsv; --json FILE */
	size_t size;
	unsigned int hold;	/* seconds to keep every mapping before GUP */
	bool move;		/* mremap each mapping away before touching it */
	bool split;		/* mprotect its middle: three VMAs before GUP */
};

static void usage(FILE *f)
{
	fprintf(f, "%s\n", EX_USAGE);
}

/* BYTES with an optional k/m/g (binary) suffix, rounded up to pages. */
static int parse_size(const char *s, size_t *size)
{
	unsigned long long v, ps = ex_page_size();
	const char *suffixes = "kmg";
	const char *sfx;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v > EX_MAX_SIZE)
		return -1;
	sfx = *end ? strchr(suffixes, tolower((unsigned char)*end)) : NULL;
	if (sfx) {
		v <<= 10 * (sfx - suffixes + 1);
		end++;
	}
	if (*end || !v || v > EX_MAX_SIZE)
		return -1;
	*size = (v + ps - 1) / ps * ps;
	return 0;
}

static int parse_seconds(const char *s, unsigned int *secs)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || !v || v > 86400)
		return -1;
	*secs = v;
	return 0;
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, EX_PREFIX "%s '%s'\n%s\n", what, arg, EX_USAGE);
	return 2;
}

/* What is wrong, in exercise's words: usage errors exit 2. */
static int parse_error(int opt, const char *arg, void *data)
{
	if (opt == 'f')
		return usage_error("bad --format (text, json, markdown, ktap or tsv)", arg);
	if (opt == ':')
		return usage_error("missing value for", arg);
	return usage_error("unexpected argument", arg);
}

/* --hold, --size, --move, --split: 0, or the exit code. */
static int parse_opt(int opt, const char *arg, void *data)
{
	struct exercise_opts *o = data;

	if (opt == 'M')
		o->move = true;
	if (opt == 'S')
		o->split = true;
	if (opt == 'H' && parse_seconds(arg, &o->hold))
		return usage_error("bad --hold (1 to 86400 seconds)", arg);
	if (opt == 's' && parse_size(arg, &o->size))
		return usage_error("bad --size (1 byte to 1G)", arg);
	return 0;
}

/* Returns -1 to go on, or the exit code to leave with. */
static int parse_args(int argc, char **argv, struct exercise_opts *o)
{
	const struct cli_parser p = { ":h", "hold:H size:s move/M split/S", &o->out, usage, parse_opt,
				      parse_error, o };
	int ret = cli_parse_options(&p, argc, argv);

	if (ret)
		return ret == 1 ? 0 : ret;
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
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
		fprintf(stderr, EX_PREFIX "no dma-buf exporter found on this machine (looked for /dev/dri/*, /dev/dma_heap/*, /dev/udmabuf, /dev/video*)\n");
		ret = 4;
	}
	return ret;
}

/*
 * cmd_exercise - "dmabuf-audit exercise [--format text|json|markdown|ktap|tsv]
 * [--json FILE] [--size BYTES] [--hold SECONDS] [--move] [--split]"
 *
 * Prints on stdout its measurements (--format tsv: one record per line;
 * text: a table) and the common report (text, json, markdown, ktap; the
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
