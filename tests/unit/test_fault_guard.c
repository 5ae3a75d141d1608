// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A dump file cut short while it is read: a mapping of it faults (SIGBUS),
 * which the guard turns into a read error; libkdumpfile's read of it
 * fails, which is reported as the cut it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "dump/fault_guard.h"
#include "dump/mem.h"
#include "dump/mem_kdump.h"

static int scratch_file(char *path, size_t size)
{
	int fd;

	strcpy(path, "/tmp/ps-fault-guard-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	return fd;
}

/* Read a byte of a page the file no longer backs: zero, and noted. */
static void test_sigbus_contained(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char path[64];
	int fd = scratch_file(path, 2 * page);
	volatile const unsigned char *map;
	unsigned char byte;

	(void)state;
	map = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	assert_null(ps_fault_guard_hold());
	ps_fault_guard_begin();
	byte = map[page - 1];
	assert_false(ps_fault_guard_end());
	assert_int_equal(byte, 0);
	assert_int_equal(ftruncate(fd, (off_t)page), 0);
	ps_fault_guard_begin();
	byte = map[page + 7];
	assert_true(ps_fault_guard_end());
	assert_int_equal(byte, 0);
	ps_fault_guard_release();
	munmap((void *)map, 2 * page);
	close(fd);
	unlink(path);
}

enum { BS = 4096, PAGES = 64 };

static void put32(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

static void put64(unsigned char *p, size_t off, uint64_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

/*
 * A kdump file as makedumpfile writes one: header, sub-header, an empty
 * note block, two bitmap blocks, PAGES page descriptors, PAGES pages
 * stored uncompressed.
 */
static unsigned char *kdump_image(size_t *len_ret)
{
	static const uint32_t hdr[] = { 0, BS, 2, 2, PAGES, 0, 0, 0, 0, 1 };
	size_t bitmap = 3 * BS, descs = bitmap + 2 * BS, data = descs + 24 * PAGES;
	unsigned char *img = calloc(1, data + PAGES * BS);

	assert_non_null(img);
	memcpy(img, "KDUMP   ", 8);
	put32(img, 8, 6);
	memcpy(img + 12 + 4 * 65, "x86_64", 6);
	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		put32(img, 424 + 4 * i, hdr[i]);
	put32(img, BS + 8, 1);			/* dump_level */
	put64(img, BS + 48, 2 * BS);		/* offset_note, size 0 */
	put64(img, BS + 96, PAGES);		/* max_mapnr_64 */
	for (size_t i = 0; i < PAGES; i++) {
		img[bitmap + i / 8] |= 1 << (i % 8);
		img[bitmap + BS + i / 8] |= 1 << (i % 8);
		put64(img, descs + 24 * i, data + i * BS);
		put32(img, descs + 24 * i + 8, BS);
		memset(img + data + i * BS, (int)(i + 1), BS);
	}
	*len_ret = data + PAGES * BS;
	return img;
}

static void test_kdump_cut_while_read(void **state)
{
	size_t len;
	unsigned char *img = kdump_image(&len), buf[16];
	char path[64], want[256];
	int fd = scratch_file(path, 0);
	struct ps_mem mem;
	struct ps_error *err;
	size_t done;

	(void)state;
	assert_int_equal(write(fd, img, len), (ssize_t)len);
	assert_null(ps_kdump_mem_open(path, &mem));
	assert_null(mem.ops->read(mem.priv, PS_PHYS, 3 * BS, buf, sizeof(buf), &done));
	assert_int_equal(buf[0], 4);
	assert_int_equal(ftruncate(fd, (off_t)(len - 20 * BS)), 0);
	err = mem.ops->read(mem.priv, PS_PHYS, 60 * BS, buf, sizeof(buf), &done);
	assert_non_null(err);
	snprintf(want, sizeof(want),
		 "damaged dump: %s was cut short while being read (now %zu bytes, %zu when its headers were checked)",
		 path, len - 20 * BS, len);
	assert_string_equal(err->message, want);
	ps_error_destroy(err);
	mem.ops->destroy(mem.priv);
	close(fd);
	unlink(path);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigbus_contained),
		cmocka_unit_test(test_kdump_cut_while_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
