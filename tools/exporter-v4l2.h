/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which V4L2 buffer queues of a node the exerciser tries: a pure function
 * of the node's capabilities (exporter-v4l2-queues.c), unit-tested on its
 * own since no lab kernel has every kind of node (no M2M driver in Debian).
 */
#ifndef _DA_EXPORTER_V4L2_H
#define _DA_EXPORTER_V4L2_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/videodev2.h>

/* In a source, before the queue name: a mem-to-mem node's queue. */
#define V4L2_M2M_PREFIX	"m2m-"

/* More than the buffer types a node can have. */
#define V4L2_QUEUES_MAX	16

/* The caps that describe this node: device_caps where the driver gives them. */
__u32 v4l2_node_caps(const struct v4l2_capability *cap);

/*
 * The buffer types a node with capabilities @caps has, which vb2 can export
 * with VIDIOC_EXPBUF, in the order tried (capture before output); both
 * queues of a mem-to-mem node. Writes at most @max; returns how many. None
 * without V4L2_CAP_STREAMING (no MMAP buffers to export).
 */
size_t v4l2_queue_types(__u32 caps, __u32 *types, size_t max);

/* Room for a queue's name. */
#define V4L2_QUEUE_NAME_LEN	32

/*
 * "video-capture", "sliced-vbi-output"... or "type-N" for an unknown
 * @type, written into @buf (V4L2_QUEUE_NAME_LEN bytes), which it returns.
 */
const char *v4l2_queue_name(__u32 type, char *buf, size_t len);

/* Does the node have mem-to-mem queues (never run on real hardware)? */
bool v4l2_caps_m2m(__u32 caps);

#endif /* _DA_EXPORTER_V4L2_H */
