// SPDX-License-Identifier: GPL-2.0
/*
 * V4L2 capture queues: one MMAP buffer of the default format, exported
 * with VIDIOC_EXPBUF (vivid in the lab). Output and metadata nodes are no
 * exporter of this kind: listed, not a gap (see exercise-feed.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include <linux/videodev2.h>

#include "exercise.h"

/* The buffer type of a capture node, or -1 with b->why set. */
static int v4l2_capture_type(struct exercise_buf *b)
{
	struct v4l2_capability cap;
	__u32 caps;

	memset(&cap, 0, sizeof(cap));
	if (ex_ioctl(b->dev_fd, VIDIOC_QUERYCAP, &cap))
		return ex_buf_fail(b, "VIDIOC_QUERYCAP", errno);
	caps = cap.capabilities;
	if (caps & V4L2_CAP_DEVICE_CAPS)
		caps = cap.device_caps;
	if (caps & V4L2_CAP_VIDEO_CAPTURE)
		return V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE)
		return V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	snprintf(b->why, sizeof(b->why),
		 "not a video capture node (device caps 0x%08x)", caps);
	return -1;
}

/* Size of buffer 0 (plane 0), or 0 with b->why set. */
static size_t v4l2_buf_len(struct exercise_buf *b, int type)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	memset(&buf, 0, sizeof(buf));
	memset(planes, 0, sizeof(planes));
	buf.type = type;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = 0;
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) {
		buf.m.planes = planes;
		buf.length = VIDEO_MAX_PLANES;
	}
	if (ex_ioctl(b->dev_fd, VIDIOC_QUERYBUF, &buf)) {
		ex_buf_fail(b, "VIDIOC_QUERYBUF", errno);
		return 0;
	}
	if (type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE)
		return planes[0].length;
	return buf.length;
}

/* V4L2: one MMAP buffer of the default format, exported (vivid in the lab). */
static int make_v4l2_buf(struct exercise_buf *b, const char *path)
{
	struct v4l2_requestbuffers req;
	struct v4l2_exportbuffer exp;
	int type;

	b->dev_fd = open(path, O_RDWR | O_CLOEXEC);
	if (b->dev_fd < 0)
		return ex_buf_fail(b, "open", errno);
	type = v4l2_capture_type(b);
	if (type < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.count = 1;
	req.type = type;
	req.memory = V4L2_MEMORY_MMAP;
	if (ex_ioctl(b->dev_fd, VIDIOC_REQBUFS, &req))
		return ex_buf_fail(b, "VIDIOC_REQBUFS", errno);
	if (!req.count)
		return ex_buf_fail(b, "VIDIOC_REQBUFS", ENOMEM);
	b->size = v4l2_buf_len(b, type);
	if (!b->size)
		return -1;
	memset(&exp, 0, sizeof(exp));
	exp.type = type;
	exp.index = 0;
	exp.flags = O_RDWR | O_CLOEXEC;
	if (ex_ioctl(b->dev_fd, VIDIOC_EXPBUF, &exp))
		return ex_buf_fail(b, "VIDIOC_EXPBUF", errno);
	b->fd = exp.fd;
	return 0;
}

/* /dev/video0, /dev/video1...: capture nodes give a buffer, the others a skip */
const struct exporter_kind exporter_v4l2 = {
	"v4l2", "/dev", "video", true, make_v4l2_buf
};
