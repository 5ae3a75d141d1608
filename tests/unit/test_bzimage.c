// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unpacking a vmlinuz: a hand-made boot header in front of an LZ4
 * legacy, gzip or zstd payload with the build's size trailer; payloads
 * outside the file, wrong trailers and other compressors are refused in
 * one line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <lz4.h>
#include <zlib.h>
#include <zstd.h>

#include "dump/bzimage.h"

enum { SETUP_SECTS = 1, PAYLOAD_OFFSET = 0x40, ELF_LEN = 20000 };

static unsigned char elf[ELF_LEN];

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Header, payload, trailer: returns the image; *len_ret its size. */
static unsigned char *image_of(const unsigned char *payload, size_t plen,
			       size_t *len_ret)
{
	size_t start = (SETUP_SECTS + 1) * 512 + PAYLOAD_OFFSET;
	unsigned char *img = calloc(1, start + plen + 4);

	img[0x1f1] = SETUP_SECTS;
	memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = 0x0f;
	img[0x207] = 0x02;
	put32(img + 0x248, PAYLOAD_OFFSET);
	put32(img + 0x24c, (uint32_t)plen + 4);
	memcpy(img + start, payload, plen);
	put32(img + start + plen, ELF_LEN);
	*len_ret = start + plen + 4;
	return img;
}

/* The legacy frame: magic, then one block with its size. */
static unsigned char *lz4_image(size_t *len_ret)
{
	unsigned char *frame = malloc(8 + LZ4_compressBound(ELF_LEN)), *img;
	int n = LZ4_compress_default((const char *)elf, (char *)frame + 8, ELF_LEN,
				     LZ4_compressBound(ELF_LEN));

	put32(frame, 0x184c2102);
	put32(frame + 4, (uint32_t)n);
	img = image_of(frame, 8 + (size_t)n, len_ret);
	free(frame);
	return img;
}

static void expect_elf(const unsigned char *img, size_t len)
{
	void *out = NULL;
	size_t out_len = 0;

	assert_true(ps_bzimage_is(img, len));
	assert_null(ps_bzimage_extract_memory(img, len, "test", &out, &out_len));
	assert_int_equal(out_len, ELF_LEN);
	assert_memory_equal(out, elf, ELF_LEN);
	free(out);
}

static void expect_refused(const unsigned char *img, size_t len,
			   const char *words)
{
	void *out = NULL;
	size_t out_len = 0;
	struct ps_error *err = ps_bzimage_extract_memory(img, len, "test", &out,
							 &out_len);

	assert_non_null(err);
	assert_non_null(strstr(err->message, words));
	assert_null(out);
	ps_error_destroy(err);
}

static void fill_elf(void)
{
	memcpy(elf, "\x7f" "ELF", 4);
	for (size_t i = 4; i < ELF_LEN; i++)
		elf[i] = (unsigned char)(i % 251 < 100 ? 0 : i * 7);
}

static void test_lz4_legacy(void **state)
{
	size_t len;
	unsigned char *img = lz4_image(&len);

	(void)state;
	expect_elf(img, len);
	free(img);
}

static void test_gzip_and_zstd(void **state)
{
	unsigned char buf[ELF_LEN + 1024], *img;
	z_stream z = { 0 };
	size_t len, n;

	(void)state;
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = elf;
	z.avail_in = ELF_LEN;
	z.next_out = buf;
	z.avail_out = sizeof(buf);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	img = image_of(buf, z.total_out, &len);
	deflateEnd(&z);
	expect_elf(img, len);
	free(img);
	n = ZSTD_compress(buf, sizeof(buf), elf, ELF_LEN, 3);
	assert_false(ZSTD_isError(n));
	img = image_of(buf, n, &len);
	expect_elf(img, len);
	free(img);
}

static void test_refused(void **state)
{
	size_t len, start = (SETUP_SECTS + 1) * 512 + PAYLOAD_OFFSET;
	unsigned char *img = lz4_image(&len);

	(void)state;
	expect_refused(img, 0x100, "no \"HdrS\" boot header");
	expect_refused(img, len - 10, "lies outside");
	/* The trailer says more than the payload holds. */
	put32(img + len - 4, ELF_LEN + 1);
	expect_refused(img, len, "its trailer says");
	put32(img + len - 4, ELF_LEN);
	/* A block size that runs past the payload. */
	put32(img + start + 4, 1u << 30);
	expect_refused(img, len, "runs past the payload");
	/* xz: named, not guessed at. */
	memcpy(img + start, "\xfd" "7zXZ", 5);
	expect_refused(img, len, "other than LZ4, gzip or zstd");
	img[0x206] = 0x06;
	expect_refused(img, len, "before 2.08");
	memcpy(img + 0x202, "HdrX", 4);
	assert_false(ps_bzimage_is(img, len));
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lz4_legacy),
		cmocka_unit_test(test_gzip_and_zstd),
		cmocka_unit_test(test_refused),
	};

	fill_elf();
	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
