/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Private to the library: real struct definitions and internal helpers.
 * Nothing here is exported from the shared object (-fvisibility=hidden).
 */
#ifndef _DMABUF_AUDIT_LOCAL_H
#define _DMABUF_AUDIT_LOCAL_H

#include "dmabuf-audit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 2, 3)))
void da_print(enum dmabuf_audit_print_level level, const char *fmt, ...);

#define da_warn(fmt, ...)  da_print(DMABUF_AUDIT_WARN, fmt, ##__VA_ARGS__)
#define da_info(fmt, ...)  da_print(DMABUF_AUDIT_INFO, fmt, ##__VA_ARGS__)
#define da_debug(fmt, ...) da_print(DMABUF_AUDIT_DEBUG, fmt, ##__VA_ARGS__)

#endif /* _DMABUF_AUDIT_LOCAL_H */
