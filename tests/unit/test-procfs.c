// SPDX-License-Identifier: GPL-2.0
/*
 * The procfs reader (lib/procfs.c) on text as the lab's kernels write it
 * (6.1 to 7.x), and on damaged lines: a snapshot archive or a made-up
 * --root tree may hold anything.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "dmabuf-audit.h"
#include "dmabuf-audit-local.h"
#include "procfs.h"
#include "unit.h"

static bool header(const char *line, struct da_vma_hdr *h)
{
	memset(h, 0, sizeof(*h));
	return da_procfs_vma_header(line, strlen(line), h);
}

static void test_vma_header(void)
{
	struct da_vma_hdr h;

	CU_ASSERT_TRUE(header("7f79fb26a000-7f79fb2db000 rw-s 00000000 00:0b 5"
			      "                          /dmabuf:", &h));
	CU_ASSERT_EQUAL(h.start, 0x7f79fb26a000ULL);
	CU_ASSERT_EQUAL(h.end, 0x7f79fb2db000ULL);
	CU_ASSERT_EQUAL(h.ino, 5);
	CU_ASSERT_TRUE(h.dmabuf);
	CU_ASSERT_EQUAL(h.path_len, strlen("/dmabuf:"));
	/* a named buffer, and a file that is none */
	CU_ASSERT_TRUE(header("1000-3000 r--s 00000000 00:0b 77 /dmabuf:frame", &h));
	CU_ASSERT_TRUE(h.dmabuf);
	CU_ASSERT_TRUE(header("1000-3000 r--p 00000000 08:01 1234 /usr/lib/libc.so.6", &h));
	CU_ASSERT_FALSE(h.dmabuf);
	CU_ASSERT_EQUAL(h.ino, 1234);
	/* anonymous: no path at all, not even the blanks */
	CU_ASSERT_TRUE(header("7ffd1000-7ffd3000 rw-p 00000000 00:00 0", &h));
	CU_ASSERT_EQUAL(h.path_len, 0);
	CU_ASSERT_FALSE(h.dmabuf);
}

static void test_vma_header_damaged(void)
{
	static const char *const bad[] = {
		"",
		"Rss:                 452 kB",
		"VmFlags: rd wr sh mr mw me ms pf io de ar dd sd",
		"3000-1000 rw-s 00000000 00:0b 5 /dmabuf:",	/* end before start */
		"1000-1000 rw-s 00000000 00:0b 5 /dmabuf:",	/* empty */
		"1000 3000 rw-s 00000000 00:0b 5 /dmabuf:",	/* no '-' */
		"1000-3000",					/* cut short */
		"1000-3000 rw-s 00000000",
		"1000-3000 rw-s  00000000 00:0b 5 /dmabuf:",	/* empty word */
		"1000-3000 rw-s 00000000 00:0b /dmabuf:",	/* no inode */
		"1000-3000 rw-s 00000000 00:0b 5x /dmabuf:",	/* inode not a number */
		"1000-3000 rw-s 00000000 00:0b 99999999999999999999 /dmabuf:",
		"1000-10000000000000000 rw-s 00000000 00:0b 5 /dmabuf:", /* > 64 bits */
		"g000-3000 rw-s 00000000 00:0b 5 /dmabuf:",
	};
	struct da_vma_hdr h;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CU_ASSERT_FALSE(header(bad[i], &h));
	/* cut by length, not by NUL: the path is not read past n */
	CU_ASSERT_TRUE(da_procfs_vma_header("1000-3000 rw-s 0 00:0b 5 /dmabuf:",
					    strlen("1000-3000 rw-s 0 00:0b 5 /dma"), &h));
	CU_ASSERT_FALSE(h.dmabuf);
}

static const char *value(const char *line, const char *key, size_t *n)
{
	return da_procfs_value(line, strlen(line), key, n);
}

static void test_value(void)
{
	const char *v;
	size_t n;

	v = value("VmFlags: rd wr sh mr mw me ms de dd sd mm \t", "VmFlags", &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(n, strlen("rd wr sh mr mw me ms de dd sd mm"));
	CU_ASSERT_EQUAL(strncmp(v, "rd wr", 5), 0);
	v = value("exp_name:\tvideobuf2_vmalloc", "exp_name", &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(n, strlen("videobuf2_vmalloc"));
	/* an empty value is a value; a longer key or no colon is no match */
	CU_ASSERT_PTR_NOT_NULL(value("ino:\t", "ino", &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NULL(value("inode:\t4", "ino", &n));
	CU_ASSERT_PTR_NULL(value("ino 4", "ino", &n));
	CU_ASSERT_PTR_NULL(value("ino", "ino", &n));
	CU_ASSERT_PTR_NULL(value("", "ino", &n));
}

static void test_u64(void)
{
	uint64_t v = 7;

	CU_ASSERT_TRUE(da_procfs_u64("18446744073709551615", 20, &v));
	CU_ASSERT_EQUAL(v, UINT64_MAX);
	CU_ASSERT_TRUE(da_procfs_u64("0", 1, &v));
	CU_ASSERT_EQUAL(v, 0);
	CU_ASSERT_FALSE(da_procfs_u64("18446744073709551616", 20, &v));
	CU_ASSERT_FALSE(da_procfs_u64("", 0, &v));
	CU_ASSERT_FALSE(da_procfs_u64("12a", 3, &v));
	CU_ASSERT_FALSE(da_procfs_u64("-1", 2, &v));
	CU_ASSERT_FALSE(da_procfs_u64(" 1", 2, &v));
}

static bool fdinfo(const char *text, struct da_fdinfo *fi)
{
	return da_procfs_fdinfo(text, strlen(text), fi);
}

static void test_fdinfo(void)
{
	struct da_fdinfo fi;

	/* 6.12, vivid's buffer */
	CU_ASSERT_TRUE(fdinfo("pos:\t0\nflags:\t02000002\nmnt_id:\t12\nino:\t4\n"
			      "size:\t462848\ncount:\t2\nexp_name:\tvideobuf2_vmalloc\n", &fi));
	CU_ASSERT_EQUAL(fi.ino, 4);
	CU_ASSERT_EQUAL(fi.size, 462848);
	CU_ASSERT_EQUAL(fi.exp_name_len, strlen("videobuf2_vmalloc"));
	CU_ASSERT_EQUAL(strncmp(fi.exp_name, "videobuf2_vmalloc", fi.exp_name_len), 0);
	/* no newline at the end, an empty name */
	CU_ASSERT_TRUE(fdinfo("ino:\t9\nexp_name:", &fi));
	CU_ASSERT_EQUAL(fi.ino, 9);
	CU_ASSERT_EQUAL(fi.exp_name_len, 0);
	/* a regular file's fdinfo is no dma-buf's */
	CU_ASSERT_FALSE(fdinfo("pos:\t0\nflags:\t0100002\nmnt_id:\t25\nino:\t1312\n", &fi));
	CU_ASSERT_EQUAL(fi.ino, 1312);
	CU_ASSERT_FALSE(fdinfo("", &fi));
}

static void test_fdinfo_damaged(void)
{
	struct da_fdinfo fi;

	/* damaged numbers read as unknown (0), the name still counts */
	CU_ASSERT_TRUE(fdinfo("ino:\tfour\nsize:\t-1\nexp_name:\tsystem\n", &fi));
	CU_ASSERT_EQUAL(fi.ino, 0);
	CU_ASSERT_EQUAL(fi.size, 0);
	CU_ASSERT_TRUE(fdinfo("size:\t99999999999999999999\nexp_name:\tdrm\nino:\t12\n", &fi));
	CU_ASSERT_EQUAL(fi.size, 0);
	CU_ASSERT_EQUAL(fi.ino, 12);
	/* a NUL inside is data, not the end */
	CU_ASSERT_TRUE(da_procfs_fdinfo("x\0y\nexp_name:\tdrm\n", 16, &fi));
}

static void test_read_fd(void)
{
	const char text[] = "VmFlags: rd wr sh\n";
	char *buf = NULL;
	size_t len = 0;
	int p[2];

	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	CU_ASSERT_EQUAL(write(p[1], text, strlen(text)), (ssize_t)strlen(text));
	close(p[1]);
	CU_ASSERT_EQUAL(da_procfs_read_fd(p[0], &buf, &len), 0);
	close(p[0]);
	CU_ASSERT_EQUAL(len, strlen(text));
	CU_ASSERT_STRING_EQUAL(buf, text);
	free(buf);
	CU_ASSERT_EQUAL(da_procfs_read_fd(-1, &buf, &len), -EBADF);
}

/* The public side, on this process: an anonymous mapping and a pipe. */
static void test_self(void)
{
	struct dmabuf_audit_vma vma = { .sz = sizeof(vma) };
	struct dmabuf_audit_fd_info fi = { .sz = sizeof(fi) };
	size_t ps = sysconf(_SC_PAGESIZE);
	char *m;
	int p[2];

	m = mmap(NULL, 3 * ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(m != MAP_FAILED);
	CU_ASSERT_EQUAL(dmabuf_audit_vma_find((unsigned long)m + ps, &vma), 0);
	CU_ASSERT(vma.start <= (unsigned long)m && (unsigned long)m + 3 * ps <= vma.end);
	CU_ASSERT_EQUAL(strncmp(vma.vm_letters, "rd", 2), 0);
	CU_ASSERT_FALSE(vma.vm_flags & DMABUF_AUDIT_VM_PFNMAP);
	munmap(m, 3 * ps);
	CU_ASSERT_EQUAL(dmabuf_audit_vma_find((unsigned long)m + ps, &vma), -ENOENT);
	vma.sz = 0;
	CU_ASSERT_EQUAL(dmabuf_audit_vma_find(0, &vma), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	CU_ASSERT_EQUAL(dmabuf_audit_fd_info(p[0], &fi), -ENODEV);
	CU_ASSERT_STRING_EQUAL(fi.exp_name, "");
	close(p[0]);
	close(p[1]);
	CU_ASSERT_EQUAL(dmabuf_audit_fd_info(p[0], &fi), -ENOENT);
}

/* An older caller's smaller struct: nothing written past its sz. */
static void test_self_old_caller(void)
{
	struct dmabuf_audit_vma vma;
	int x;

	memset(&vma, 0x5a, sizeof(vma));
	vma.sz = offsetof(struct dmabuf_audit_vma, ino);
	CU_ASSERT_EQUAL(dmabuf_audit_vma_find((unsigned long)&x, &vma), 0);
	CU_ASSERT(vma.start <= (unsigned long)&x && (unsigned long)&x < vma.end);
	CU_ASSERT_EQUAL(vma.ino, 0x5a5a5a5a5a5a5a5aULL);
	CU_ASSERT_EQUAL(vma.path[0], 0x5a);
}

int add_procfs_suites(void)
{
	CU_pSuite s = CU_add_suite("procfs", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "maps/smaps VMA headers", test_vma_header) ||
	    !CU_add_test(s, "damaged VMA headers", test_vma_header_damaged) ||
	    !CU_add_test(s, "Key: value lines", test_value) ||
	    !CU_add_test(s, "decimal fields", test_u64) ||
	    !CU_add_test(s, "dma-buf fdinfo", test_fdinfo) ||
	    !CU_add_test(s, "damaged fdinfo", test_fdinfo_damaged) ||
	    !CU_add_test(s, "whole-file reads", test_read_fd) ||
	    !CU_add_test(s, "this process's VMAs and fds", test_self) ||
	    !CU_add_test(s, "an older caller's struct", test_self_old_caller))
		return -1;
	return 0;
}
