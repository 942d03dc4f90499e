// SPDX-License-Identifier: GPL-2.0
/*
 * The V4L2 buffer types a node offers, from its capabilities alone: which
 * queues the exerciser asks for buffers and exports from (exporter-v4l2.c).
 */
#include <stdio.h>

#include "exporter-v4l2.h"

/*
 * One row per kind of queue, with its capture and its output buffer type
 * and the capability bits that give the node each of them. A
 * mem-to-mem node has no capture or output bit of its own: its M2M bit
 * brings both queues. Overlay types hold no buffers and are not here.
 */
static const struct v4l2_queue_kind {
	const char *name, *suffix;	/* "video" "-mplane": video-capture-mplane */
	__u32 type[2];		/* capture, output */
	__u32 caps[2];		/* any of these bits: the node has that queue */
} kinds[] = {
	{ "video", "", { V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_BUF_TYPE_VIDEO_OUTPUT },
	  { V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_M2M,
	    V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_M2M } },
	{ "video", "-mplane", { V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
			      V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE },
	  { V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4L2_CAP_VIDEO_M2M_MPLANE,
	    V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4L2_CAP_VIDEO_M2M_MPLANE } },
	{ "vbi", "", { V4L2_BUF_TYPE_VBI_CAPTURE, V4L2_BUF_TYPE_VBI_OUTPUT },
	  { V4L2_CAP_VBI_CAPTURE, V4L2_CAP_VBI_OUTPUT } },
	{ "sliced-vbi", "", { V4L2_BUF_TYPE_SLICED_VBI_CAPTURE,
			  V4L2_BUF_TYPE_SLICED_VBI_OUTPUT },
	  { V4L2_CAP_SLICED_VBI_CAPTURE, V4L2_CAP_SLICED_VBI_OUTPUT } },
	{ "sdr", "", { V4L2_BUF_TYPE_SDR_CAPTURE, V4L2_BUF_TYPE_SDR_OUTPUT },
	  { V4L2_CAP_SDR_CAPTURE, V4L2_CAP_SDR_OUTPUT } },
	{ "meta", "", { V4L2_BUF_TYPE_META_CAPTURE, V4L2_BUF_TYPE_META_OUTPUT },
	  { V4L2_CAP_META_CAPTURE, V4L2_CAP_META_OUTPUT } },
};

#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))
static const char *const dir_name[2] = { "capture", "output" };

__u32 v4l2_node_caps(const struct v4l2_capability *cap)
{
	if (cap->capabilities & V4L2_CAP_DEVICE_CAPS)
		return cap->device_caps;
	return cap->capabilities;
}

size_t v4l2_queue_types(__u32 caps, __u32 *types, size_t max)
{
	size_t k, n = 0;
	int d;

	if (!(caps & V4L2_CAP_STREAMING))
		return 0;
	for (k = 0; k < NKINDS; k++)
		for (d = 0; d < 2 && n < max; d++)
			if (caps & kinds[k].caps[d])
				types[n++] = kinds[k].type[d];
	return n;
}

const char *v4l2_queue_name(__u32 type, char *buf, size_t len)
{
	size_t k;
	int d;

	for (k = 0; k < NKINDS; k++)
		for (d = 0; d < 2; d++)
			if (kinds[k].type[d] == type) {
				snprintf(buf, len, "%s-%s%s", kinds[k].name,
					 dir_name[d], kinds[k].suffix);
				return buf;
			}
	snprintf(buf, len, "type-%u", type);
	return buf;
}

bool v4l2_caps_m2m(__u32 caps)
{
	return caps & (V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE);
}
