// SPDX-License-Identifier: GPL-2.0-or-later
/* Runs of a kdump-compressed file decompressed, on a hand-built file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <cmocka.h>

#include "dump/kdump_view.h"

/*
 * Block size 4096, header version 6, 16 pfns, two bitmaps of one block
 * each. The file holds pfns 2..6, 9 and 10 (the second bitmap):
 *   2, 3, 4  zlib, one after another     5  stored as it is
 *   6        zlib, the data before 2's   9  lzo, damaged
 *   10       lzo
 */
enum { BS = 4096, NR_PFNS = 16, BITMAP = 3 * BS, DESCS = 4 * BS };

static unsigned char page[NR_PFNS][BS];
static unsigned char file[64 * BS];
static size_t file_len;

static void put32(size_t off, uint32_t v) { memcpy(file + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(file + off, &v, 8); }

static size_t put_zlib(size_t off, unsigned pfn)
{
	uLongf len = sizeof(file) - off;

	assert_int_equal(compress2(file + off, &len, page[pfn], BS, 1), Z_OK);
	return len;
}

static void desc(unsigned index, uint64_t off, uint32_t size, uint32_t flags)
{
	put64(DESCS + 24 * index, off);
	put32(DESCS + 24 * index + 8, size);
	put32(DESCS + 24 * index + 12, flags);
}

static void make_file(void)
{
	static const unsigned held[] = { 2, 3, 4, 5, 6, 9, 10 };
	static unsigned char work[LZO1X_1_MEM_COMPRESS];
	lzo_uint lzo_len = sizeof(file);
	size_t at = DESCS + BS, len6;

	for (unsigned p = 0; p < NR_PFNS; p++)
		for (unsigned i = 0; i < BS; i++)
			page[p][i] = (unsigned char)((i % 13) * (p + 1) + (i / 1024));
	memset(file, 0, sizeof(file));
	memcpy(file, "KDUMP   ", 8);
	put32(8, 6);			/* header_version */
	put32(428, BS);			/* block_size */
	put32(432, 1);			/* sub_hdr_size */
	put32(436, 2);			/* bitmap_blocks */
	put32(440, NR_PFNS);		/* max_mapnr */
	put64(BS + 96, NR_PFNS);	/* max_mapnr_64 */
	for (unsigned i = 0; i < 7; i++) {
		file[BITMAP - BS + held[i] / 8] |= 1 << (held[i] % 8);
		file[BITMAP + held[i] / 8] |= 1 << (held[i] % 8);
	}
	len6 = put_zlib(at, 6);
	desc(4, at, (uint32_t)len6, 1);
	at += len6;
	for (unsigned p = 2; p <= 4; p++) {
		size_t len = put_zlib(at, p);

		desc(p - 2, at, (uint32_t)len, 1);
		at += len;
	}
	memcpy(file + at, page[5], BS);
	desc(3, at, BS, 0);
	at += BS;
	desc(5, at, 16, 2);
	at += 16;
	assert_int_equal(lzo_init(), LZO_E_OK);
	assert_int_equal(lzo1x_1_compress(page[10], BS, file + at, &lzo_len, work),
			 LZO_E_OK);
	desc(6, at, (uint32_t)lzo_len, 2);
	file_len = at + lzo_len;
}

static struct ps_kdump_view *open_view(FILE **fp, size_t len)
{
	struct ps_kdump_view *v = NULL;

	*fp = tmpfile();
	assert_non_null(*fp);
	assert_int_equal(fwrite(file, file_len, 1, *fp), 1);
	assert_int_equal(fflush(*fp), 0);
	assert_null(ps_kdump_view_open(fileno(*fp), len, &v));
	return v;
}

static void test_runs(void **state)
{
	FILE *fp;
	struct ps_kdump_view *v;
	const unsigned char *p;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	/* 2..6: three zlib pages in a row, a stored one, one read apart. */
	assert_null(ps_kdump_view_get(v, 2 * BS, 5 * BS, (const void **)&p));
	assert_non_null(p);
	for (unsigned i = 0; i < 5; i++)
		assert_memory_equal(p + i * BS, page[2 + i], BS);
	/* An lzo page. */
	assert_null(ps_kdump_view_get(v, 10 * BS, BS, (const void **)&p));
	assert_non_null(p);
	assert_memory_equal(p, page[10], BS);
	/* Part of a page, from its middle on. */
	assert_null(ps_kdump_view_get(v, 3 * BS + 100, 64, (const void **)&p));
	assert_non_null(p);
	assert_memory_equal(p, page[3] + 100, 64);
	ps_kdump_view_destroy(v);
	fclose(fp);
}

/* Each pfn's page as the view gives it. */
static void expect_page(struct ps_kdump_view *v, unsigned pfn)
{
	const unsigned char *p;

	assert_null(ps_kdump_view_get(v, (uint64_t)pfn * BS, BS, (const void **)&p));
	assert_non_null(p);
	assert_memory_equal(p, page[pfn], BS);
}

/*
 * The view reads ahead of a walk: pages read one at a time forwards,
 * backwards (6's data lie before 2's) and up to the file's last byte
 * (10's) come out the same through each refill of its windows.
 */
static void test_read_ahead(void **state)
{
	static const unsigned order[] = { 2, 3, 4, 5, 10, 6, 2, 3, 5, 4, 10, 10, 2 };
	FILE *fp;
	struct ps_kdump_view *v;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		expect_page(v, order[i]);
	ps_kdump_view_destroy(v);
	fclose(fp);
}

/* A descriptor of @fp's file of its own, to share a view on or to cut it. */
static int dup_of(FILE *fp)
{
	int fd = dup(fileno(fp));

	assert_true(fd >= 0);
	return fd;
}

/* Sharing @v's bitmap on @fd of @size bytes is refused, nothing made. */
static void expect_share_refused(const struct ps_kdump_view *v, int fd, uint64_t size)
{
	struct ps_kdump_view *bad = NULL;
	struct ps_error *err = ps_kdump_view_share(v, fd, size, &bad);

	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	assert_null(bad);
	ps_error_destroy(err);
}

/*
 * A view shared for another thread reads the same pages through its own
 * descriptor, and outlives the view it came from; a file whose size
 * changed is not shared.
 */
static void test_share(void **state)
{
	FILE *fp;
	struct ps_kdump_view *v, *w = NULL;
	int fd;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	fd = dup_of(fp);
	assert_null(ps_kdump_view_share(v, fd, file_len, &w));
	expect_page(w, 3);
	expect_page(v, 10);
	expect_share_refused(v, fd, file_len + 1);
	ps_kdump_view_destroy(v);
	expect_page(w, 2);
	expect_page(w, 10);
	ps_kdump_view_destroy(w);
	close(fd);
	fclose(fp);
}

/* Another file with the same bytes is not the file the bitmap came from. */
static void test_share_other_file(void **state)
{
	FILE *fp, *other;
	struct ps_kdump_view *v, *w;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	w = open_view(&other, file_len);
	expect_share_refused(v, fileno(other), file_len);
	ps_kdump_view_destroy(w);
	ps_kdump_view_destroy(v);
	fclose(other);
	fclose(fp);
}

/*
 * A view reads on through its own descriptor once the caller closed
 * its own, and a read whose read-ahead runs past a cut in the file still
 * gives the pages before the cut.
 */
static void test_own_descriptor_and_cut(void **state)
{
	FILE *fp;
	struct ps_kdump_view *v;
	uint64_t off3, cut;
	uint32_t size3;
	int fd;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	fd = dup_of(fp);
	fclose(fp);
	expect_page(v, 2);
	memcpy(&off3, file + DESCS + 24 * 1, 8);
	memcpy(&size3, file + DESCS + 24 * 1 + 8, 4);
	cut = off3 + size3 + 10;
	assert_int_equal(ftruncate(fd, (off_t)cut), 0);
	expect_page(v, 3);
	ps_kdump_view_destroy(v);
	close(fd);
}

static void test_not_here(void **state)
{
	FILE *fp;
	struct ps_kdump_view *v;
	const void *p = (const void *)1;

	(void)state;
	make_file();
	v = open_view(&fp, file_len);
	/* Pfn 7 is not in the file (filtered out). */
	assert_null(ps_kdump_view_get(v, 6 * BS, 2 * BS, &p));
	assert_null(p);
	/* Pfn 9's lzo data is damaged. */
	assert_null(ps_kdump_view_get(v, 9 * BS, BS, &p));
	assert_null(p);
	/* Past the bitmap. */
	assert_null(ps_kdump_view_get(v, NR_PFNS * BS, BS, &p));
	assert_null(p);
	ps_kdump_view_destroy(v);
	fclose(fp);
}

static void test_damaged(void **state)
{
	FILE *fp;
	struct ps_kdump_view *v;
	const void *p = (const void *)1;

	(void)state;
	make_file();
	/* Pfn 3's data said to be longer than a page, pfn 4's past the file. */
	put32(DESCS + 24 * 1 + 8, BS + 1);
	put64(DESCS + 24 * 2, 1ULL << 40);
	v = open_view(&fp, file_len);
	assert_null(ps_kdump_view_get(v, 3 * BS, BS, &p));
	assert_null(p);
	assert_null(ps_kdump_view_get(v, 4 * BS, BS, &p));
	assert_null(p);
	/* A page whose zlib data is cut short does not inflate. */
	put64(DESCS + 24 * 2, 0);
	put32(DESCS + 24 * 0 + 8, 10);
	ps_kdump_view_destroy(v);
	fclose(fp);
	v = open_view(&fp, file_len);
	assert_null(ps_kdump_view_get(v, 2 * BS, BS, &p));
	assert_null(p);
	ps_kdump_view_destroy(v);
	fclose(fp);
}

static void test_split_dump_refused(void **state)
{
	FILE *fp = tmpfile();
	struct ps_kdump_view *v = NULL;
	struct ps_error *err;

	(void)state;
	make_file();
	put32(BS + 12, 1);		/* sub-header split */
	assert_non_null(fp);
	assert_int_equal(fwrite(file, file_len, 1, fp), 1);
	assert_int_equal(fflush(fp), 0);
	err = ps_kdump_view_open(fileno(fp), file_len, &v);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	ps_error_destroy(err);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_read_ahead),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_share_other_file),
		cmocka_unit_test(test_own_descriptor_and_cut),
		cmocka_unit_test(test_not_here),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_split_dump_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
