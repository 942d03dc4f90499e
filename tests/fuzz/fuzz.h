/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput() (and
 * maybe LLVMFuzzerInitialize()), linked either with libFuzzer (make fuzz)
 * or with replay.c, which runs given files once (the regression inputs, in
 * the sanitizer build of make check-unit).
 */
#ifndef _DA_FUZZ_H
#define _DA_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>

#include "dmabuf-audit.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Formats every message the library would print (so a bad format or
 * argument still shows), prints none: fuzzing makes thousands a second.
 */
__attribute__((format(printf, 2, 0)))
static inline int fuzz_quiet(enum dmabuf_audit_print_level level,
			     const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

/* Every format of a report, written where nobody reads it. */
static inline void fuzz_write_report(const struct dmabuf_audit_report *r)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null || !r)
		return;
	dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_TEXT, null);
	dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_JSON, null);
	dmabuf_audit_report_write(r, DMABUF_AUDIT_FORMAT_MARKDOWN, null);
	dmabuf_audit_report_status(r);
}

/*
 * A path to a file holding @data, for parsers that want one: a memfd made
 * once and rewritten each run, so nothing touches the disk. NULL on error.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fd < 0)
			return NULL;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		return NULL;
	return path;
}

#endif /* _DA_FUZZ_H */
