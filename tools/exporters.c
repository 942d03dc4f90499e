// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter families the exerciser tries, in this order: a new family
 * is one exporter-*.c file defining a struct exporter_kind, and a row here.
 */
#include <string.h>

#include "exercise.h"

const struct exporter_kind *const exporter_kinds[] = {
	&exporter_drm_card,
	&exporter_drm_render,
	&exporter_drm_render2,
	&exporter_heap,
	&exporter_udmabuf,
	&exporter_v4l2,
	NULL,
};

bool exporter_matches(const struct exporter_kind *k, const char *name)
{
	size_t plen = strlen(k->prefix);

	if (name[0] == '.')
		return false;
	if (!plen)
		return true;
	if (strncmp(name, k->prefix, plen))
		return false;
	if (!k->numbered)
		return name[plen] == '\0';
	return name[plen] && strspn(name + plen, "0123456789") ==
			     strlen(name + plen);
}
