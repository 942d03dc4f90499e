// SPDX-License-Identifier: LGPL-2.1
/*
 * Writing event filters (event-filter.h). A filter is checked by the
 * kernel before a record is committed: what it drops costs the probe's
 * hit but no ring-buffer space and nothing to read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>

#include "dmabuf-audit-local.h"
#include "event-filter.h"

int da_event_filter_set(struct tracefs_instance *inst, const char *system,
			const char *event, const char *filter)
{
	char *kerr;
	int err;

	/* "0" is how tracefs is told to drop an event's filter */
	if (tracefs_event_file_write(inst, system, event, "filter",
				     filter && *filter ? filter : "0") >= 0)
		return 0;
	err = errno ? -errno : -EINVAL;
	kerr = tracefs_error_last(inst);
	da_warn("cannot set the filter of %s:%s: %s\n", system, event,
		kerr && *kerr ? kerr : strerror(errno));
	free(kerr);
	return err;
}

int da_filter_build(char *buf, size_t size, const char *field,
		    const uint64_t *vals, size_t n, bool negate, bool hex)
{
	const char *op = negate ? "!=" : "==", *join = negate ? " && " : " || ";
	size_t i, len = 0;
	int w;

	if (size > DA_FILTER_MAX + 1)
		size = DA_FILTER_MAX + 1;
	w = snprintf(buf, size, "%s", n ? "" : negate ? "" : DA_FILTER_NONE);
	if (w < 0 || (size_t)w >= size)
		return -E2BIG;
	len = w;
	for (i = 0; i < n; i++) {
		w = snprintf(buf + len, size - len, hex ? "%s%s %s 0x%llx" : "%s%s %s %llu",
			     i ? join : "", field, op, (unsigned long long)vals[i]);
		if (w < 0 || (size_t)w >= size - len)
			return -E2BIG;
		len += w;
	}
	return len;
}
