// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for libFuzzer's main: runs a fuzz target once on each file
 * given, or on each file of a directory given, in name order. The
 * sanitizer build of `make check-unit` uses it to replay
 * tests/fuzz/regressions with any compiler, no libFuzzer needed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n = -1;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		/* exactly the input's size, as libFuzzer does */
		buf = malloc(n ? n : 1);
		if (!buf || fread(buf, 1, n, f) != (size_t)n)
			n = -1;
	}
	if (f)
		fclose(f);
	if (n < 0) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int visible(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static int run_dir(const char *dir, int *count)
{
	struct dirent **list;
	char path[4096];
	int i, n, err = 0;

	n = scandir(dir, &list, visible, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: cannot list %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (!err && !strstr(path, "/README")) {
			err = run_file(path);
			(*count)++;
		}
		free(list[i]);
	}
	free(list);
	return err;
}

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* For custom mutators, which a replay never calls. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

__attribute__((weak)) size_t LLVMFuzzerMutate(uint8_t *data, size_t size,
					      size_t max_size)
{
	return size;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, count = 0, err = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc && !err; i++) {
		if (!stat(argv[i], &st) && S_ISDIR(st.st_mode)) {
			err = run_dir(argv[i], &count);
		} else {
			err = run_file(argv[i]);
			count++;
		}
	}
	printf("%s: %d input%s replayed%s\n", argv[0], count, count == 1 ? "" : "s",
	       err ? ", then an unreadable one" : "");
	return err ? 1 : 0;
}
