// SPDX-License-Identifier: GPL-2.0
/*
 * The V4L2 buffer types a node offers, from its capabilities alone: which
 * queues the exerciser asks for buffers and exports from (exporter-v4l2.c).
 */
#include <stdio.h>

#include "exporter-v4l2.h"

/*
 * One row per buffer type vb2 can hold MMAP buffers of. A mem-to-mem node
 * has no capture or output bit of its own: its M2M bit brings both queues.
 * Overlay types hold no buffers and are not here.
 */
static const struct v4l2_queue_desc {
	__u32 type;
	__u32 caps;		/* any of these bits: the node has the queue */
	const char *name;
} queues[] = {
	{ V4L2_BUF_TYPE_VIDEO_CAPTURE,
	  V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_M2M, "video-capture" },
	{ V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
	  V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4L2_CAP_VIDEO_M2M_MPLANE,
	  "video-capture-mplane" },
	{ V4L2_BUF_TYPE_VBI_CAPTURE, V4L2_CAP_VBI_CAPTURE, "vbi-capture" },
	{ V4L2_BUF_TYPE_SLICED_VBI_CAPTURE, V4L2_CAP_SLICED_VBI_CAPTURE,
	  "sliced-vbi-capture" },
	{ V4L2_BUF_TYPE_SDR_CAPTURE, V4L2_CAP_SDR_CAPTURE, "sdr-capture" },
	{ V4L2_BUF_TYPE_META_CAPTURE, V4L2_CAP_META_CAPTURE, "meta-capture" },
	{ V4L2_BUF_TYPE_VIDEO_OUTPUT,
	  V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_M2M, "video-output" },
	{ V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
	  V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4L2_CAP_VIDEO_M2M_MPLANE,
	  "video-output-mplane" },
	{ V4L2_BUF_TYPE_VBI_OUTPUT, V4L2_CAP_VBI_OUTPUT, "vbi-output" },
	{ V4L2_BUF_TYPE_SLICED_VBI_OUTPUT, V4L2_CAP_SLICED_VBI_OUTPUT,
	  "sliced-vbi-output" },
	{ V4L2_BUF_TYPE_SDR_OUTPUT, V4L2_CAP_SDR_OUTPUT, "sdr-output" },
	{ V4L2_BUF_TYPE_META_OUTPUT, V4L2_CAP_META_OUTPUT, "meta-output" },
};

#define NQUEUES	(sizeof(queues) / sizeof(queues[0]))

__u32 v4l2_node_caps(const struct v4l2_capability *cap)
{
	if (cap->capabilities & V4L2_CAP_DEVICE_CAPS)
		return cap->device_caps;
	return cap->capabilities;
}

size_t v4l2_queue_types(__u32 caps, __u32 *types, size_t max)
{
	size_t i, n = 0;

	if (!(caps & V4L2_CAP_STREAMING))
		return 0;
	for (i = 0; i < NQUEUES && n < max; i++)
		if (caps & queues[i].caps)
			types[n++] = queues[i].type;
	return n;
}

const char *v4l2_queue_name(__u32 type, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < NQUEUES; i++)
		if (queues[i].type == type)
			return queues[i].name;
	snprintf(buf, len, "type-%u", type);
	return buf;
}

bool v4l2_caps_m2m(__u32 caps)
{
	return caps & (V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE);
}
