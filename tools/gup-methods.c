// SPDX-License-Identifier: GPL-2.0
/*
 * The GUP methods the exerciser tries on every mapping, in this order (the
 * TSV, the table's columns and the report follow it): a new method is one
 * gup-*.c file defining a struct gup_method_desc, an entry in enum
 * gup_method (exercise.h) and a row here.
 */
#include "exercise.h"

const struct gup_method_desc *const gup_methods[GUP_NR] = {
	[GUP_VMSPLICE]		= &gup_vmsplice_method,
	[GUP_PVR_SELF]		= &gup_pvr_self_method,
	[GUP_PVR_REMOTE]	= &gup_pvr_remote_method,
	[GUP_IO_URING]		= &gup_io_uring_method,
	[GUP_O_DIRECT]		= &gup_o_direct_method,
};

void gup_ok(struct gup_result *g, size_t done, size_t want)
{
	g->tried = true;
	g->stage = NULL;
	g->err = 0;
	g->done = done;
	g->want = want;
}

void gup_fail(struct gup_result *g, const char *stage, int err)
{
	g->tried = true;
	g->stage = stage;
	g->err = err;
}
