/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * An output file named by the user (the CLI's --json FILE, a snapshot's
 * archive). A regular file, or none yet, is replaced atomically: written
 * to PATH.tmpXXXXXX beside it and renamed over it, with the old file's
 * mode, or the umask's for a new one (in place when only the file, not
 * its directory, is writable). Anything else is written through,
 * as a shell's '>' would: a symlink (to whatever it points at), a device,
 * a FIFO. "-" is stdout when the caller allows it. Where the file is the
 * caller's stdout itself (/dev/stdout of a redirected stdout), it is
 * written at stdout's offset, after what stdout already got.
 *
 * Self-contained (libc only, no messages): the library uses it, and the
 * CLI builds its own copy of this file, as the plugin does with others.
 */
#ifndef _DA_OUT_FILE_H
#define _DA_OUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

struct da_out_file {
	FILE *f;		/* write here between open and commit */
	char *path;		/* as given */
	char *tmp;		/* the file renamed over @path, or NULL */
};

#define DA_OUT_DASH_STDOUT	0x1	/* "-" means stdout */

/* Open @path for writing; 0 or a negative errno (nothing is left then). */
int da_out_file_open(struct da_out_file *o, const char *path, unsigned int flags);
/*
 * Flush and close; rename the temporary file into place. Returns 0 or the
 * first error (a negative errno), the temporary file then removed. @path
 * stays for messages: da_out_file_discard() frees it.
 */
int da_out_file_commit(struct da_out_file *o);
/*
 * Give up (close, remove the temporary file), or free what a commit left.
 * Accepts one never opened.
 */
void da_out_file_discard(struct da_out_file *o);

#endif /* _DA_OUT_FILE_H */
