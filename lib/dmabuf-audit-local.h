/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Private to the library: real struct definitions and internal helpers.
 * Nothing here is exported from the shared object (-fvisibility=hidden).
 */
#ifndef _DMABUF_AUDIT_LOCAL_H
#define _DMABUF_AUDIT_LOCAL_H

#include <stddef.h>
#include <stdint.h>

#include "dmabuf-audit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 2, 3)))
void da_print(enum dmabuf_audit_print_level level, const char *fmt, ...);

/* print.c: the application's words for how to fix @hint, or NULL */
const char *da_hint(enum dmabuf_audit_hint hint);

#define da_warn(fmt, ...)  da_print(DMABUF_AUDIT_WARN, fmt, ##__VA_ARGS__)
#define da_info(fmt, ...)  da_print(DMABUF_AUDIT_INFO, fmt, ##__VA_ARGS__)
#define da_debug(fmt, ...) da_print(DMABUF_AUDIT_DEBUG, fmt, ##__VA_ARGS__)

/*
 * grow.c: room for @need elements of @size in *@arr, which has room for
 * *@cap; 0, or -ENOMEM with *@arr and *@cap left as they were.
 */
int da_grow(void **arr, size_t *cap, size_t need, size_t size);

/*
 * procfs.c: @n bytes of @src into @dst as a string, cut to fit and
 * zero-padded (whole arrays can then be copied on with memcpy()).
 */
void da_copy_field(char *dst, size_t size, const char *src, size_t n);

/*
 * opts.c: the caller's options struct @in (its first member the size_t sz
 * of the caller's version) as this library's version @out of @out_sz
 * bytes. Fields an older, smaller struct lacks read zero; a newer, bigger
 * one is accepted only when every byte past @out_sz is zero. NULL @in: all
 * zero. Returns 0, or -EINVAL (sz too small, or an unknown field set).
 */
int da_opts_get(void *out, size_t out_sz, const void *in);
/* opts.c: @src (@size bytes, sz first) into @dst up to @dst's sz (>= sizeof(size_t)) */
void da_opts_put(void *dst, const void *src, size_t size);

/* btf.c: where a struct member lives, from kernel BTF */
struct btf;
struct da_field {
	int offset;	/* bytes from the start of the struct */
	int size;	/* bytes */
};
int da_btf_field(const struct btf *btf, const char *type, const char *field,
		 struct da_field *out);

/*
 * vm-flags.c: the vm_flags bits of smaps' VmFlags letters ("rd sh mr mw pf
 * io de dd"), @len bytes of them. Letters whose bit depends on the kernel
 * and architecture, and unknown ones, add nothing.
 */
uint64_t da_vm_flags_from_letters(const char *s, size_t len);

#endif /* _DMABUF_AUDIT_LOCAL_H */
