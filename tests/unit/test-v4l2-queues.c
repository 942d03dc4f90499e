// SPDX-License-Identifier: GPL-2.0
/*
 * Which V4L2 queues the exerciser exports from, for a node's capabilities
 * (tools/exporter-v4l2-queues.c): M2M nodes, which no lab kernel has, get
 * both queues; nodes without streaming I/O or buffer queues get none.
 */
#include <string.h>

#include "unit.h"
#include "../../tools/exporter-v4l2.h"

/* The queue names chosen for @caps, joined by spaces, into @buf. */
static const char *chosen(__u32 caps, char *buf, size_t len)
{
	__u32 types[V4L2_QUEUES_MAX];
	size_t i, n, off = 0;
	char tb[V4L2_QUEUE_NAME_LEN];

	n = v4l2_queue_types(caps, types, V4L2_QUEUES_MAX);
	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "",
				v4l2_queue_name(types[i], tb, sizeof(tb)));
	return buf;
}

#define S	V4L2_CAP_STREAMING

static void test_capture_and_output(void)
{
	char b[256];

	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_CAPTURE |
				      V4L2_CAP_VIDEO_OVERLAY, b, sizeof(b)),
			       "video-capture");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_OUTPUT, b, sizeof(b)),
			       "video-output");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_CAPTURE_MPLANE, b, sizeof(b)),
			       "video-capture-mplane");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_OUTPUT_MPLANE, b, sizeof(b)),
			       "video-output-mplane");
	/* a touch sensor streams video-capture buffers */
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_TOUCH | V4L2_CAP_VIDEO_CAPTURE,
				      b, sizeof(b)), "video-capture");
}

static void test_m2m(void)
{
	char b[256];

	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_M2M, b, sizeof(b)),
			       "video-capture video-output");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_M2M_MPLANE, b, sizeof(b)),
			       "video-capture-mplane video-output-mplane");
	/* a driver that sets both bits as well gets each queue once */
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_CAPTURE |
				      V4L2_CAP_VIDEO_OUTPUT, b, sizeof(b)),
			       "video-capture video-output");
	CU_ASSERT_TRUE(v4l2_caps_m2m(S | V4L2_CAP_VIDEO_M2M_MPLANE));
	CU_ASSERT_TRUE(v4l2_caps_m2m(V4L2_CAP_VIDEO_M2M));
	CU_ASSERT_FALSE(v4l2_caps_m2m(S | V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_OUTPUT));
}

static void test_vbi_sdr_meta(void)
{
	char b[256];

	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VBI_CAPTURE |
				      V4L2_CAP_SLICED_VBI_CAPTURE, b, sizeof(b)),
			       "vbi-capture sliced-vbi-capture");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VBI_OUTPUT |
				      V4L2_CAP_SLICED_VBI_OUTPUT, b, sizeof(b)),
			       "vbi-output sliced-vbi-output");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_SDR_CAPTURE | V4L2_CAP_TUNER,
				      b, sizeof(b)), "sdr-capture");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_SDR_OUTPUT | V4L2_CAP_MODULATOR,
				      b, sizeof(b)), "sdr-output");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_META_CAPTURE, b, sizeof(b)),
			       "meta-capture");
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_META_OUTPUT, b, sizeof(b)),
			       "meta-output");
}

static void test_none(void)
{
	__u32 types[2];
	char b[256];

	/* read()/write() only: no MMAP buffer to export */
	CU_ASSERT_EQUAL(v4l2_queue_types(V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_READWRITE,
					 types, 2), 0);
	/* a radio tuner has no buffer queue at all */
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_RADIO | V4L2_CAP_TUNER, b, sizeof(b)), "");
	/* overlays hold no buffers */
	CU_ASSERT_STRING_EQUAL(chosen(S | V4L2_CAP_VIDEO_OUTPUT_OVERLAY, b, sizeof(b)), "");
	/* @max bounds what is written */
	CU_ASSERT_EQUAL(v4l2_queue_types(S | V4L2_CAP_VIDEO_M2M | V4L2_CAP_META_CAPTURE,
					 types, 2), 2);
	CU_ASSERT_STRING_EQUAL(v4l2_queue_name(99, b, sizeof(b)), "type-99");
}

static void test_node_caps(void)
{
	struct v4l2_capability cap;

	memset(&cap, 0, sizeof(cap));
	cap.capabilities = V4L2_CAP_DEVICE_CAPS | S | V4L2_CAP_VIDEO_CAPTURE |
			   V4L2_CAP_VIDEO_OUTPUT;
	cap.device_caps = S | V4L2_CAP_VIDEO_OUTPUT;
	CU_ASSERT_EQUAL(v4l2_node_caps(&cap), S | V4L2_CAP_VIDEO_OUTPUT);
	cap.capabilities &= ~V4L2_CAP_DEVICE_CAPS;
	CU_ASSERT_EQUAL(v4l2_node_caps(&cap), cap.capabilities);
}

int add_v4l2_queues_suites(void)
{
	CU_pSuite s = CU_add_suite("v4l2-queues", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "capture, output, single and multi-planar", test_capture_and_output) ||
	    !CU_add_test(s, "mem-to-mem: both queues", test_m2m) ||
	    !CU_add_test(s, "VBI, SDR, metadata", test_vbi_sdr_meta) ||
	    !CU_add_test(s, "no queue to export from", test_none) ||
	    !CU_add_test(s, "device_caps over capabilities", test_node_caps))
		return -1;
	return 0;
}
