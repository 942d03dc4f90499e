// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter families the exerciser tries, in this order: a new family
 * is one exporter-*.c file defining a struct exporter_kind, and a row here.
 */
#include <stdio.h>
#include <string.h>

#include "exercise.h"

const struct exporter_kind *const exporter_kinds[] = {
	&exporter_drm_card,
	&exporter_drm_render,
	&exporter_drm_render2,
	&exporter_heap,
	&exporter_udmabuf,
	&exporter_v4l2,
	&exporter_v4l2_vbi,
	&exporter_v4l2_sdr,
	&exporter_v4l2_touch,
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

/* "/dev/dri/card*, ..., /dev/udmabuf": where the exporters were looked for. */
const char *exporter_places(char *buf, size_t len)
{
	const struct exporter_kind *k;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; exporter_kinds[i] && n < len; i++) {
		k = exporter_kinds[i];
		n += snprintf(buf + n, len - n, "%s%s/%s%s", i ? ", " : "",
			      k->dir, k->prefix, k->numbered || !k->prefix[0] ? "*" : "");
	}
	return buf;
}
