// SPDX-License-Identifier: LGPL-2.1
/*
 * What the running kernel offers for a live audit, found the way a live
 * audit would find it, with nothing placed: the same checks (root, tracefs
 * mounted, never mounted here), the same features and the same candidate
 * tables (probes.c), planned dry.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "probes.h"

static void copy_features(struct dmabuf_audit_kernel *k, const struct da_features *f)
{
	k->kprobes = f->kprobes;
	k->fprobes = f->fprobes;
	k->ret_args = f->ret_args;
	k->btf_args = f->btf_args;
	k->btf = f->btf;
	k->dma_buf_mmap_tp = f->dma_buf_mmap_tp;
	k->dma_buf_fwd_tp = f->dma_buf_fwd_tp;
}

static int check(struct dmabuf_audit_kernel *k)
{
	struct da_features f;
	struct da_plan *plan;
	const char *path = NULL;
	int err;

	k->root = geteuid() == 0;
	/* false: look, never mount */
	k->tracefs = tracefs_tracing_dir_is_mounted(false, &path) == 1;
	err = da_check_tracing();
	if (err)
		return err;
	da_features_detect(&f);
	copy_features(k, &f);
	if (!f.kprobes && !f.fprobes) {
		da_warn("this kernel has no kprobe events (CONFIG_KPROBE_EVENTS): "
			"dma-buf mappings and GUP cannot be traced here\n");
		return -DMABUF_AUDIT_ERR_NO_PROBES;
	}
	plan = calloc(1, sizeof(*plan));
	if (!plan)
		return -ENOMEM;
	err = da_probes_plan(plan, &f);
	if (!err)
		snprintf(k->method, sizeof(k->method), "%s", plan->method);
	free(plan);
	return err;
}

int dmabuf_audit_kernel_check(struct dmabuf_audit_kernel *out)
{
	struct dmabuf_audit_kernel k = { .sz = sizeof(k) };
	size_t n;
	int err;

	if (!out || out->sz < sizeof(size_t) + sizeof(int))
		return -EINVAL;
	err = check(&k);
	n = out->sz < sizeof(k) ? out->sz : sizeof(k);
	memcpy((char *)out + sizeof(size_t), (char *)&k + sizeof(size_t),
	       n - sizeof(size_t));
	return err;
}
