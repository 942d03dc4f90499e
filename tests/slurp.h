/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the unit tests and the fuzz targets alike: a whole fixture file in
 * memory, NUL-terminated.
 */
#ifndef _TESTS_SLURP_H
#define _TESTS_SLURP_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes plus a NUL, to free(); its length in *size. NULL on error. */
static inline char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) == (size_t)n) {
			buf[n] = '\0';
			*size = n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

#endif
