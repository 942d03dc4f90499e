/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "exercise" subcommand's own types: a dma-buf being made and probed,
 * what was learnt about it, and the two tables that say what to make and
 * how to try GUP on it. Adding an exporter family is one exporter-*.c file
 * and a row in exporters.c; adding a GUP method, one gup-*.c file, an
 * enum gup_method entry and a row in gup-methods.c.
 *
 *   cmd-exercise.c	options, the main flow
 *   exercise-run.c	device discovery, map/touch/GUP/reuse, --hold
 *   exercise-out.c	the TSV and the text table
 *   exercise-move.c	--move and --split: mremap and mprotect a mapping
 *   exercise-feed.c	the measurements as the library's common report
 *   exercise-util.c	errno names, ioctl, clocks, TSV-safe strings
 */
#ifndef _DA_EXERCISE_H
#define _DA_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "dmabuf-audit.h"

#define EX_PREFIX	"dmabuf-audit exercise: "
#define EX_NAME_LEN	64
/* a DRM node whose DRM_IOCTL_VERSION gave no name */
#define EX_DRIVER_UNKNOWN	"driver unknown"
#define EX_REASON_LEN	128
#define EX_SOURCE_LEN	320	/* "<kind>:" + directory + a d_name */

/* ---- GUP methods (gup-*.c, table in gup-methods.c) ---- */

enum gup_method {
	GUP_VMSPLICE,
	GUP_PVR_SELF,
	GUP_PVR_REMOTE,
	GUP_IO_URING,
	GUP_O_DIRECT,
	GUP_NR,
};

/* Outcome of one GUP attempt. */
struct gup_result {
	bool tried;
	const char *stage;	/* set when it failed before reaching GUP */
	int err;		/* 0 on success, else an errno value */
	size_t done;		/* bytes moved or pinned, on success */
	size_t want;
	unsigned long long ts;	/* CLOCK_MONOTONIC ns when it started */
	int cpu;		/* where, -1 if another task ran it */
	pid_t pid;		/* that task, 0: this one */
};

/* What a GUP method works on. */
struct gup_target {
	void *addr;
	size_t len;
	void *scratch;		/* len bytes of private memory */
	int odirect_fd;		/* a file that does direct I/O, or -1 */
};

/* One way user space reaches get_user_pages(). */
struct gup_method_desc {
	const char *name;	/* in the TSV and the report ("vmsplice") */
	const char *column;	/* its column in the text table */
	/*
	 * A failure to set up is no attempt to show in the TSV (O_DIRECT
	 * without a filesystem doing direct I/O).
	 */
	bool setup_not_shown;
	void (*run)(const struct gup_target *t, struct gup_result *g);
};

extern const struct gup_method_desc gup_vmsplice_method, gup_pvr_self_method,
	gup_pvr_remote_method, gup_io_uring_method, gup_o_direct_method;
extern const struct gup_method_desc *const gup_methods[GUP_NR];

void gup_ok(struct gup_result *g, size_t done, size_t want);
void gup_fail(struct gup_result *g, const char *stage, int err);

/* Where O_DIRECT writes go: a file that does direct I/O, or why none. */
struct odirect_file {
	int fd;
	char dir[EX_SOURCE_LEN];
	char why[2 * EX_REASON_LEN];	/* when fd < 0 */
};

/* gup-o-direct.c: the first of $TMPDIR, /var/tmp, /tmp doing direct I/O. */
void odirect_open(struct odirect_file *o);

/* ---- exporters (exporter-*.c, table in exporters.c) ---- */

/* A dma-buf while it is being made and probed. */
struct exercise_buf {
	char source[EX_SOURCE_LEN];
	char why[EX_REASON_LEN];	/* why it could not be made */
	int dev_fd;			/* the exporter's device, or -1 */
	int fd;				/* the dma-buf, or -1 */
	size_t size;			/* size asked for or reported by the exporter */
	void *addr;			/* its mapping, or NULL */
	size_t len;
	bool move, split;		/* --move, --split */
	/*
	 * A device with several buffers to make (a V4L2 node's queues): make
	 * the nth, add what it is to source, and set more if another follows.
	 */
	unsigned int nth;
	bool more;
	char driver[EX_NAME_LEN];	/* DRM nodes: DRM_IOCTL_VERSION's name */
};

/* Make one dma-buf of the device at @path: 0, or -1 with b->why set. */
typedef int (*make_buf_fn)(struct exercise_buf *b, const char *path);

/* How the device nodes of one kind of exporter are named. */
struct exporter_kind {
	const char *kind;	/* source prefix */
	const char *dir;
	const char *prefix;	/* "" matches any name */
	bool numbered;		/* prefix then digits only, or exactly prefix */
	make_buf_fn make;
};

extern const struct exporter_kind exporter_drm_card, exporter_drm_render,
	exporter_drm_render2, exporter_heap, exporter_udmabuf, exporter_v4l2,
	exporter_v4l2_vbi, exporter_v4l2_sdr, exporter_v4l2_touch;
/* In the order they are tried, NULL-terminated. */
extern const struct exporter_kind *const exporter_kinds[];

/* Where the exporters are looked for, as a list for messages, in @buf. */
const char *exporter_places(char *buf, size_t len);

/* exporter-drm-drivers.c: "drm" becomes "drm (DRIVER)" for a buffer of @driver */
void ex_drm_label(char *exp_name, size_t len, const char *driver);

/* Is @name (a d_name in k->dir) a device of this kind? */
bool exporter_matches(const struct exporter_kind *k, const char *name);

/* ---- results ---- */

/* Everything learnt about one dma-buf. */
struct exercise_result {
	char source[EX_SOURCE_LEN];
	char exp_name[EX_NAME_LEN];	/* the row label: "drm (vgem)" */
	bool gem;			/* the kernel named it "drm": a GEM export */
	char driver[EX_NAME_LEN];	/* its driver, "vgem"; "": unknown */
	char failure[EX_REASON_LEN];	/* empty when all went well */
	unsigned long ino;
	size_t size;
	bool mapped;
	int prot;
	unsigned long start, end;
	bool in_smaps;
	char vmflags[EX_REASON_LEN];
	unsigned long long vm_flags;	/* the letters of vmflags as bits */
	char map_name[EX_SOURCE_LEN];	/* path column of /proc/self/maps */
	unsigned long map_ino;		/* inode of the VMA's file */
	unsigned long long map_ts;	/* CLOCK_MONOTONIC ns of the mmap */
	int map_cpu;
	bool pfnmap;
	struct gup_result gup[GUP_NR];
	/* --move: "dontunmap:<result> fixed:<result>"; --split: "mprotect:<result>" */
	char moved[EX_REASON_LEN];
	char split[EX_REASON_LEN];
	bool reused;
	unsigned long reuse_start;
	bool reuse_same;
	struct gup_result reuse_gup;
};

/* A device that exists but gave no dma-buf. */
struct exercise_skip {
	char source[EX_SOURCE_LEN];
	char reason[EX_REASON_LEN];
};

/* A buffer kept mapped by --hold, and the index of its result. */
struct exercise_held {
	struct exercise_buf b;
	size_t res;
};

struct exercise_report {
	char kernel[65];
	struct odirect_file odirect;
	struct exercise_result *res;
	size_t nres;
	struct exercise_skip *skips;
	size_t nskips;
	unsigned int hold;
	bool move, split;
	struct exercise_held *held;
	size_t nheld;
};

/* exercise-run.c: every exporter found, made, mapped and tried. */
void exercise_all(struct exercise_report *rep, size_t size);
void exercise_report_free(struct exercise_report *rep);

/* exercise-move.c: --move (mremap away) and --split (mprotect a part) */
void ex_move_buf(struct exercise_buf *b, struct exercise_result *r);
void ex_split_buf(struct exercise_buf *b, struct exercise_result *r);

/* exercise-out.c */
/* "ok", "ok:<done>/<want>" when partial, "<ERRNO>" or "<stage>:<ERRNO>". */
const char *gup_str(const struct gup_result *g, char *buf, size_t len);
void exercise_print_tsv(FILE *out, const struct exercise_report *rep);
void exercise_print_text(FILE *out, const struct exercise_report *rep);

/* exercise-feed.c: the measurements as a library report; NULL if no memory. */
struct dmabuf_audit_report *exercise_build_report(const struct exercise_report *x);

/* ---- exercise-util.c ---- */

/* The symbolic name of @err, or "E<number>" written into @buf. */
const char *ex_errno_name(int err, char *buf, size_t len);
/* "what: ERRNO" into @dst. */
void ex_set_reason(char *dst, size_t len, const char *what, int err);
/* Record why a buffer could not be made; returns -1 for the caller. */
int ex_buf_fail(struct exercise_buf *b, const char *what, int err);
/* ioctl(), restarted after EINTR. */
int ex_ioctl(int fd, unsigned long req, void *arg);
unsigned long long ex_now_ns(void);
size_t ex_page_size(void);
/* Keep a string printable in one TSV field. */
void ex_sanitize(char *s);

#endif /* _DA_EXERCISE_H */
