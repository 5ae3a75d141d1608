// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snapshots without a dump: the lane code round-trips, the journal keeps
 * one answer per question and gives back errors as they were, a file
 * written with a memory map section and a table of extents reads back,
 * reads merged while the recorder's table grows keep their bytes in
 * place, and damaged files are refused before anything is trusted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "snapshot/journal.h"
#include "snapshot/reader.h"
#include "snapshot/recorder.h"
#include "snapshot/writer.h"

static void test_lanes_round_trip(void **state)
{
	enum { N = 100, STRIDE = 64 };
	uint64_t in[N * STRIDE / 8], coded[N * STRIDE / 8], out[N * STRIDE / 8];

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		in[i] = 0xffffea0000000000ULL + i * 64 + (i % 8 == 3 ? i * 1000 : 0);
	assert_true(ps_snapshot_lanes_fit(sizeof(in), STRIDE));
	assert_false(ps_snapshot_lanes_fit(sizeof(in) - 8, STRIDE));
	assert_false(ps_snapshot_lanes_fit(sizeof(in), 60));
	ps_snapshot_lanes_encode(in, coded, sizeof(in), STRIDE);
	/* Each field's column is the differences: a list pointer's is small. */
	assert_int_equal(coded[1], in[8] - in[0]);
	ps_snapshot_lanes_decode(coded, out, sizeof(in), STRIDE);
	assert_memory_equal(in, out, sizeof(in));
}

static void test_journal(void **state)
{
	struct ps_journal j, back;
	struct ps_error *e = ps_error_create(PS_ERR_NO_TYPE, "no\tmember\nhere");
	const char *v;
	struct ps_error *err;
	size_t len;
	char *text;

	(void)state;
	ps_journal_init(&j);
	ps_journal_put(&j, "member struct page|lru", NULL, "%d %d", 8, 16);
	ps_journal_put(&j, "member struct page|nope", e, "%s", "");
	ps_journal_put(&j, "member struct page|lru", NULL, "%d %d", 9, 9);	/* asked again */
	text = ps_journal_text(&j, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "member struct page|lru\tok\t8 16\n"));
	assert_null(strstr(text, "9 9"));
	assert_null(ps_journal_load(&back, text));
	assert_true(ps_journal_get(&back, "member struct page|lru", &v, &err));
	assert_null(err);
	assert_string_equal(v, "8 16");
	assert_true(ps_journal_get(&back, "member struct page|nope", &v, &err));
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_NO_TYPE);
	assert_string_equal(err->message, "no member here");
	ps_error_destroy(err);
	assert_false(ps_journal_get(&back, "member struct page|lr", &v, &err));
	ps_journal_deinit(&back);
	ps_journal_deinit(&j);
	ps_error_destroy(e);
	free(text);
}

static char path[] = "/tmp/pagescope-test-snapshot-XXXXXX";

static void write_file(void)
{
	struct ps_snapshot_writer *w;
	uint64_t pages[64];

	for (size_t i = 0; i < 64; i++)
		pages[i] = i * 0x40;
	assert_null(ps_snapshot_writer_create(path, &w));
	assert_null(ps_snapshot_writer_add(w, PS_SNAP_META, "{}", 2));
	assert_null(ps_snapshot_writer_add_memmap(w, 0xffffea0000000000ULL, pages,
						  sizeof(pages), 64));
	assert_null(ps_snapshot_writer_finish(w));
	ps_snapshot_writer_destroy(w);
}

static void test_file_round_trip(void **state)
{
	struct ps_snapshot *s;
	const struct ps_snapshot_index_entry *e;
	void *buf;
	size_t len;

	(void)state;
	close(mkstemp(path));
	unlink(path);
	write_file();
	assert_true(ps_snapshot_is_snapshot(path));
	assert_null(ps_snapshot_open(path, &s));
	assert_int_equal(ps_snapshot_nr_records(s), 2);
	e = ps_snapshot_entry(s, 1);
	assert_int_equal(e->type, PS_SNAP_MEMMAP);
	assert_int_equal(e->key, 0xffffea0000000000ULL);
	assert_int_equal(e->key_len, 512);
	assert_null(ps_snapshot_load_entry(s, 1, &buf, &len));
	assert_int_equal(len, sizeof(struct ps_snapshot_memmap_header) + 512);
	assert_int_equal(((uint64_t *)((char *)buf + sizeof(struct ps_snapshot_memmap_header)))[8], 8 * 0x40);
	free(buf);
	ps_snapshot_close(s);
	unlink(path);
}

/* Cut anywhere, the file is refused with one clear error, never trusted. */
static void test_damaged_files(void **state)
{
	struct ps_snapshot *s;
	FILE *f;
	long size;

	(void)state;
	close(mkstemp(path));
	unlink(path);
	write_file();
	f = fopen(path, "r");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	for (long cut = 0; cut < size; cut++) {
		struct ps_error *err;

		assert_int_equal(truncate(path, cut), 0);
		err = ps_snapshot_open(path, &s);
		assert_non_null(err);
		assert_true(err->code == PS_ERR_BAD_INPUT);
		ps_error_destroy(err);
		unlink(path);
		write_file();
	}
	unlink(path);
}

/* A memory whose every byte is the low byte of its address. */
static struct ps_error *addr_bytes_read(void *priv, enum ps_addr_space space,
					uint64_t addr, void *buf, size_t len,
					size_t *done_ret)
{
	(void)priv;
	(void)space;
	for (size_t i = 0; i < len; i++)
		((unsigned char *)buf)[i] = (unsigned char)(addr + i);
	*done_ret = len;
	return NULL;
}

static const struct ps_mem_ops addr_bytes_ops = { .name = "fake", .read = addr_bytes_read };
static const struct ps_type_ops no_type_ops = { .name = "none" };
static const struct ps_symbol_ops no_symbol_ops = { .name = "none" };

/* The EXTENTS record of the file at path: its table and bytes check out. */
static void check_extents(uint64_t last_addr, uint64_t last_len)
{
	struct ps_snapshot *s;
	const struct ps_snapshot_extent *x;
	uint64_t count, sum = 0;
	unsigned char *buf, *bytes;
	size_t len, i;

	assert_null(ps_snapshot_open(path, &s));
	for (i = 0; ps_snapshot_entry(s, i)->type != PS_SNAP_EXTENTS; i++)
		assert_true(i + 1 < ps_snapshot_nr_records(s));
	assert_null(ps_snapshot_load_entry(s, i, (void **)&buf, &len));
	memcpy(&count, buf, sizeof(count));
	x = (const struct ps_snapshot_extent *)(buf + sizeof(count));
	bytes = buf + sizeof(count) + count * sizeof(*x);
	for (i = 0; i < count; i++)
		sum += x[i].len;
	/* Every byte stored belongs to an extent: none shifts the next. */
	assert_int_equal(sizeof(count) + count * sizeof(*x) + sum, len);
	assert_int_equal(x[count - 1].addr, last_addr);
	assert_int_equal(x[count - 1].len, last_len);
	for (i = 0; i < last_len; i++)
		assert_int_equal(bytes[sum - last_len + i], (unsigned char)(last_addr + i));
	free(buf);
	ps_snapshot_close(s);
}

/*
 * Reads merged into the previous extent right when the table of extents
 * grows: the grown extent keeps its length (a stale pointer lost it).
 */
static void test_recorder_merge_across_growth(void **state)
{
	enum { NR = 1024, GAP = 32 };
	const uint64_t base = 0xffffffff81000000ULL;
	struct ps_mem mem = { &addr_bytes_ops, NULL };
	struct ps_types types = { &no_type_ops, NULL };
	struct ps_symbols symbols = { &no_symbol_ops, NULL };
	struct ps_snapshot_recorder *r;
	struct ps_snapshot_writer *w;
	unsigned char buf[8];

	(void)state;
	close(mkstemp(path));
	unlink(path);
	assert_null(ps_snapshot_recorder_create(&mem, &types, &symbols, &r));
	for (uint64_t i = 0; i < NR; i++)
		assert_null(ps_mem_read(&mem, PS_KVADDR, base + i * GAP, buf, 8));
	/* Overlaps the last read and runs 4 bytes past it. */
	assert_null(ps_mem_read(&mem, PS_KVADDR, base + (NR - 1) * GAP + 4, buf, 8));
	assert_null(ps_snapshot_writer_create(path, &w));
	assert_null(ps_snapshot_writer_add(w, PS_SNAP_META, "{}", 2));
	assert_null(ps_snapshot_recorder_write(r, w));
	assert_null(ps_snapshot_writer_finish(w));
	ps_snapshot_writer_destroy(w);
	ps_snapshot_recorder_destroy(r);
	check_extents(base + (NR - 1) * GAP, 12);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lanes_round_trip),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_damaged_files),
		cmocka_unit_test(test_recorder_merge_across_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
