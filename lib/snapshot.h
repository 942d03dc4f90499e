/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The snapshot source: what procfs shows of the dma-buf mappings that exist
 * right now, as DA_EV_MAP events. dmabuf_audit_snapshot() feeds them to a
 * report; the unit tests read them directly.
 */
#ifndef _DA_SNAPSHOT_H
#define _DA_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dmabuf-audit.h"
#include "events.h"

/* What a walk could and could not see, for the report's notes. */
struct da_snapshot_stats {
	unsigned long processes;	/* whose maps were read */
	unsigned long denied;		/* maps unreadable: permission denied */
	unsigned long failed;		/* maps unreadable for another reason */
	int failed_err;			/* the last such reason, -errno */
	unsigned long gone;		/* named with a pid, but not there */
	int gone_pid;			/* the first of them */
	bool bufinfo;			/* debugfs bufinfo was read */
	char kernel[128];		/* proc/sys/kernel/osrelease, or "" */
};

/*
 * Walk @opts->root (NULL: "/"), emitting one DA_EV_MAP per dma-buf mapping
 * after the whole walk (exporters are named from every process's fds).
 * Returns 0, the first non-zero @emit returned, or a negative error after
 * printing one line (root or archive unusable, --save failed, ENOMEM).
 */
int da_snapshot_walk(const struct dmabuf_audit_snapshot_opts *opts,
		     da_emit_fn emit, void *data, struct da_snapshot_stats *st);

#endif /* _DA_SNAPSHOT_H */
