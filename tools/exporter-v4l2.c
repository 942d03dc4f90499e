// SPDX-License-Identifier: GPL-2.0
/*
 * V4L2 exporters: every node of /dev/video*, /dev/vbi*, /dev/swradio* and
 * /dev/v4l-touch*, and on each every buffer queue its capabilities name
 * (exporter-v4l2-queues.c): one MMAP buffer of the format the node has,
 * exported with VIDIOC_EXPBUF. Capture and output, single- and
 * multi-planar, VBI, SDR, metadata, touch, both queues of a mem-to-mem
 * node. The source says node and queue: "v4l2:/dev/video1:video-output".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "exercise.h"
#include "exporter-v4l2.h"

static bool v4l2_is_mplane(__u32 type)
{
	return type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE ||
	       type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
}

/* The node's capabilities into @caps, or -1 with b->why set. */
static int v4l2_caps(struct exercise_buf *b, __u32 *caps)
{
	struct v4l2_capability cap;

	memset(&cap, 0, sizeof(cap));
	if (ex_ioctl(b->dev_fd, VIDIOC_QUERYCAP, &cap))
		return ex_buf_fail(b, "VIDIOC_QUERYCAP", errno);
	*caps = v4l2_node_caps(&cap);
	return 0;
}

/*
 * Make the queue take the format the node has now: a node with raw and
 * sliced VBI switches its queue to the type of the last S_FMT. A refusal
 * is no reason to stop here: VIDIOC_REQBUFS says whether the queue works.
 */
static void v4l2_set_format(struct exercise_buf *b, __u32 type)
{
	struct v4l2_format fmt;

	memset(&fmt, 0, sizeof(fmt));
	fmt.type = type;
	if (!ex_ioctl(b->dev_fd, VIDIOC_G_FMT, &fmt))
		ex_ioctl(b->dev_fd, VIDIOC_S_FMT, &fmt);
}

/* Size of buffer 0 (plane 0), or 0 with b->why set. */
static size_t v4l2_buf_len(struct exercise_buf *b, __u32 type)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	memset(&buf, 0, sizeof(buf));
	memset(planes, 0, sizeof(planes));
	buf.type = type;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = 0;
	if (v4l2_is_mplane(type)) {
		buf.m.planes = planes;
		buf.length = VIDEO_MAX_PLANES;
	}
	if (ex_ioctl(b->dev_fd, VIDIOC_QUERYBUF, &buf)) {
		ex_buf_fail(b, "VIDIOC_QUERYBUF", errno);
		return 0;
	}
	if (v4l2_is_mplane(type))
		return planes[0].length;
	return buf.length;
}

/* One MMAP buffer of the queue @type, exported (plane 0): 0 or -1. */
static int v4l2_export(struct exercise_buf *b, __u32 type)
{
	struct v4l2_requestbuffers req;
	struct v4l2_exportbuffer exp;

	v4l2_set_format(b, type);
	memset(&req, 0, sizeof(req));
	req.count = 1;
	req.type = type;
	req.memory = V4L2_MEMORY_MMAP;
	if (ex_ioctl(b->dev_fd, VIDIOC_REQBUFS, &req)) {
		/* raw and sliced VBI of one node can share one queue */
		if (errno == EBUSY && b->nth)
			return ex_buf_fail(b, "VIDIOC_REQBUFS (busy: another process, or "
					   "this node's previous queue held)", errno);
		return ex_buf_fail(b, "VIDIOC_REQBUFS", errno);
	}
	if (!req.count)
		return ex_buf_fail(b, "VIDIOC_REQBUFS", ENOMEM);
	b->size = v4l2_buf_len(b, type);
	if (!b->size)
		return -1;
	memset(&exp, 0, sizeof(exp));
	exp.type = type;
	exp.index = 0;
	exp.plane = 0;
	exp.flags = O_RDWR | O_CLOEXEC;
	if (ex_ioctl(b->dev_fd, VIDIOC_EXPBUF, &exp))
		return ex_buf_fail(b, "VIDIOC_EXPBUF", errno);
	b->fd = exp.fd;
	return 0;
}

/*
 * The b->nth queue of the node at @path, and whether another follows. Each
 * queue gets its own open, so that none is refused for the buffers of the
 * one before (--hold keeps them mapped).
 */
static int make_v4l2_buf(struct exercise_buf *b, const char *path)
{
	__u32 types[V4L2_QUEUES_MAX], caps = 0;
	size_t nt, len = strlen(b->source);
	char qbuf[V4L2_QUEUE_NAME_LEN];

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	if (v4l2_caps(b, &caps))
		return -1;
	nt = v4l2_queue_types(caps, types, V4L2_QUEUES_MAX);
	if (b->nth >= nt) {
		snprintf(b->why, sizeof(b->why), "no buffer queue to export "
			 "from (device caps 0x%08x)", caps);
		return -1;
	}
	b->more = b->nth + 1 < nt;
	snprintf(b->source + len, sizeof(b->source) - len, ":%s%s",
		 v4l2_caps_m2m(caps) ? V4L2_M2M_PREFIX : "",
		 v4l2_queue_name(types[b->nth], qbuf, sizeof(qbuf)));
	return v4l2_export(b, types[b->nth]);
}

/* /dev/video0, /dev/video1...: video, metadata and mem-to-mem nodes */
const struct exporter_kind exporter_v4l2 = {
	"v4l2", "/dev", "video", true, make_v4l2_buf
};

/* /dev/vbi0...: raw and sliced VBI, capture and output */
const struct exporter_kind exporter_v4l2_vbi = {
	"v4l2", "/dev", "vbi", true, make_v4l2_buf
};

/* /dev/swradio0...: software defined radio */
const struct exporter_kind exporter_v4l2_sdr = {
	"v4l2", "/dev", "swradio", true, make_v4l2_buf
};

/* /dev/v4l-touch0...: touch sensors */
const struct exporter_kind exporter_v4l2_touch = {
	"v4l2", "/dev", "v4l-touch", true, make_v4l2_buf
};
