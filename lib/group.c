// SPDX-License-Identifier: LGPL-2.1
/*
 * Whose events are these? Our probe groups are "dmabuf_audit" (probes
 * install) and "dmabuf_audit_<pid>" (a session). The libtraceevent plugin
 * builds this file in too, so both agree on it.
 */
#include <string.h>

#include "probes.h"

bool da_group_is_ours(const char *system)
{
	size_t n = strlen(DA_GROUP_PREFIX);

	if (!system || strncmp(system, DA_GROUP_PREFIX, n))
		return false;
	if (!system[n])
		return true;
	if (system[n] != '_' || !system[n + 1])
		return false;
	return strspn(system + n + 1, "0123456789") == strlen(system + n + 1);
}
