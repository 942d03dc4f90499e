// SPDX-License-Identifier: LGPL-2.1
/*
 * Messages and error codes: one printer hook for the whole library, one
 * table naming every library-specific error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabuf-audit-local.h"

#ifndef DMABUF_AUDIT_VERSION
#define DMABUF_AUDIT_VERSION "unknown"
#endif

__attribute__((format(printf, 2, 0)))
static int default_print(enum dmabuf_audit_print_level level,
			 const char *fmt, va_list ap)
{
	if (level != DMABUF_AUDIT_WARN && !getenv("DMABUF_AUDIT_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static dmabuf_audit_print_fn_t print_fn = default_print;

dmabuf_audit_print_fn_t dmabuf_audit_set_print(dmabuf_audit_print_fn_t fn)
{
	dmabuf_audit_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

void da_print(enum dmabuf_audit_print_level level, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (print_fn) {
		va_start(ap, fmt);
		print_fn(level, fmt, ap);
		va_end(ap);
	}
	errno = saved;
}

static const char *hints[DMABUF_AUDIT_HINT_COUNT];

int dmabuf_audit_set_hint(enum dmabuf_audit_hint hint, const char *text)
{
	if ((unsigned int)hint >= DMABUF_AUDIT_HINT_COUNT)
		return -EINVAL;
	hints[hint] = text;
	return 0;
}

const char *da_hint(enum dmabuf_audit_hint hint)
{
	return (unsigned int)hint < DMABUF_AUDIT_HINT_COUNT ? hints[hint] : NULL;
}

#define ERR_TEXT(code, text) [DMABUF_AUDIT_ERR_##code - DMABUF_AUDIT_ERR_START] = text

static const char *const error_text[] = {
	ERR_TEXT(NO_TRACEFS, "tracefs is not mounted or not usable"),
	ERR_TEXT(NO_PROBES, "the kernel has neither kprobe events nor dma_buf tracepoints"),
	ERR_TEXT(NO_BTF, "kernel BTF (/sys/kernel/btf/vmlinux) is missing or lacks a needed type"),
	ERR_TEXT(PROBE_REFUSED, "the kernel refused a probe definition"),
	ERR_TEXT(FORMAT, "input is not in the expected format"),
	ERR_TEXT(TRUNCATED, "input is truncated"),
};

int dmabuf_audit_strerror(int err, char *buf, size_t size)
{
	if (err < 0)
		err = -err;
	if (err >= DMABUF_AUDIT_ERR_START && err < DMABUF_AUDIT_ERR_END) {
		snprintf(buf, size, "%s", error_text[err - DMABUF_AUDIT_ERR_START]);
		return 0;
	}
	if (err > 0 && err < DMABUF_AUDIT_ERR_START) {
		/* strerror_r's GNU flavour may not write into buf */
		snprintf(buf, size, "%s", strerror_r(err, buf, size));
		return 0;
	}
	snprintf(buf, size, "unknown error %d", err);
	return -EINVAL;
}

const char *dmabuf_audit_version(void)
{
	return DMABUF_AUDIT_VERSION;
}
