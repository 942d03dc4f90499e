/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libdmabuf-audit: check from user space that every mmap of a dma-buf is a
 * VM_PFNMAP mapping that get_user_pages() refuses.
 *
 * Conventions (those of libtracefs and libbpf): functions return 0 or a
 * negative errno, or NULL with errno set; they never exit or abort. Every
 * *_free() accepts NULL. Errors specific to this library have codes from
 * DMABUF_AUDIT_ERR_START up; dmabuf_audit_strerror() names them all.
 */
#ifndef _DMABUF_AUDIT_H
#define _DMABUF_AUDIT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DMABUF_AUDIT_API __attribute__((visibility("default")))

/* Library-specific error codes, returned negated like errno values. */
enum dmabuf_audit_error {
	DMABUF_AUDIT_ERR_START = 5000,
	DMABUF_AUDIT_ERR_NO_TRACEFS = DMABUF_AUDIT_ERR_START,
	DMABUF_AUDIT_ERR_NO_PROBES,	/* neither kprobes nor dma_buf events */
	DMABUF_AUDIT_ERR_NO_BTF,	/* offsets needed, no usable BTF */
	DMABUF_AUDIT_ERR_PROBE_REFUSED,	/* the kernel refused a definition */
	DMABUF_AUDIT_ERR_FORMAT,	/* input is not what it claims to be */
	DMABUF_AUDIT_ERR_TRUNCATED,	/* input ends early */
	DMABUF_AUDIT_ERR_END,
};

/**
 * dmabuf_audit_version - version string of the library, e.g. "0.1.0"
 */
DMABUF_AUDIT_API const char *dmabuf_audit_version(void);

/**
 * dmabuf_audit_strerror - describe an error code returned by the library
 * @err: a negative (or positive) errno or DMABUF_AUDIT_ERR_* value
 * @buf: where to write the text
 * @size: size of @buf
 *
 * Returns 0, or -EINVAL for an unknown code (@buf then says so too).
 */
DMABUF_AUDIT_API int dmabuf_audit_strerror(int err, char *buf, size_t size);

enum dmabuf_audit_print_level {
	DMABUF_AUDIT_WARN,
	DMABUF_AUDIT_INFO,
	DMABUF_AUDIT_DEBUG,
};

typedef int (*dmabuf_audit_print_fn_t)(enum dmabuf_audit_print_level level,
				       const char *fmt, va_list ap);

/**
 * dmabuf_audit_set_print - route the library's messages
 * @fn: the new printer, or NULL to silence the library
 *
 * The default printer writes warnings to stderr, and info and debug lines
 * as well when DMABUF_AUDIT_DEBUG is set in the environment. Returns the
 * previous printer. errno is preserved across calls to the printer.
 */
DMABUF_AUDIT_API dmabuf_audit_print_fn_t
dmabuf_audit_set_print(dmabuf_audit_print_fn_t fn);

/*
 * The vm_flags bits the audit is about. Their values have been stable in
 * include/linux/mm.h for a long time; they are decoded, never used to find
 * anything in kernel memory.
 */
#define DMABUF_AUDIT_VM_PFNMAP		0x00000400UL
#define DMABUF_AUDIT_VM_IO		0x00004000UL
#define DMABUF_AUDIT_VM_MIXEDMAP	0x10000000UL

/**
 * dmabuf_audit_vm_flags_str - decode vm_flags as "VM_READ|VM_SHARED|..."
 * @flags: the raw vm_flags value
 * @buf: where to write the text
 * @size: size of @buf
 *
 * Unknown bits are written as one trailing hex value. Returns the length
 * the full text needs (like snprintf), so a return >= @size means the text
 * was cut.
 */
DMABUF_AUDIT_API int dmabuf_audit_vm_flags_str(unsigned long flags,
					       char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _DMABUF_AUDIT_H */
