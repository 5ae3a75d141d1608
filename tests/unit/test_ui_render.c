// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The viewer without a terminal: screens render into a canvas from
 * hand-made reports, and the text and elements of the cells are checked.
 * No dump is opened: the reports a screen needs are put in place first.
 */
#include <json-c/json.h>
#include <ncurses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/check.h"
#include "walk/blockscan.h"
#include "cmd/commands.h"
#include "tree.h"
#include "ui.h"

struct fixture {
	struct ps_ui ui;
	struct ps_ui_canvas c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ui.palette = &ps_ui_palette_mono;
	f->ui.screen = &ps_ui_help_screen;
	f->ui.back = &ps_ui_map_screen;
	assert_true(ps_ui_screens_init(&f->ui));
	assert_true(ps_ui_canvas_init(&f->c, 100, 60));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	ps_ui_screens_deinit(&f->ui);
	ps_ui_data_deinit(&f->ui.data);
	ps_ui_canvas_deinit(&f->c);
	free(f);
	return 0;
}

/* The whole canvas as text, a line per row. */
static char *screen_text(const struct ps_ui_canvas *c)
{
	size_t len = (size_t)c->height * ((size_t)c->width * 4 + 1) + 1, used = 0;
	char *text = calloc(1, len);

	for (int y = 0; y < c->height; y++) {
		used += ps_ui_canvas_line(c, y, text + used, len - used);
		text[used++] = '\n';
	}
	return text;
}

/* The row holding @p needle, or -1. */
static int find_row(const struct ps_ui_canvas *c, const char *needle, int *x_ret)
{
	char line[2048];

	for (int y = 0; y < c->height; y++) {
		ps_ui_canvas_line(c, y, line, sizeof(line));
		if (strstr(line, needle)) {
			if (x_ret)
				*x_ret = (int)(strstr(line, needle) - line);
			return y;
		}
	}
	return -1;
}

/* The column of @p needle in row @p y, or -1. */
static int find_col(const struct ps_ui_canvas *c, int y, const char *needle)
{
	char line[2048];
	char *at;

	ps_ui_canvas_line(c, y, line, sizeof(line));
	at = strstr(line, needle);
	return at ? (int)(at - line) : -1;
}

static enum ps_ui_elem elem_at(struct ps_ui_canvas *c, int y, int x)
{
	return (enum ps_ui_elem)ps_ui_canvas_at(c, y, x)->elem;
}

/* Down (or up, when negative) @p n rows, as the user would. */
static void move_cursor(struct ps_ui *ui, int n)
{
	for (; n > 0; n--)
		ps_ui_key(ui, KEY_DOWN);
	for (; n < 0; n++)
		ps_ui_key(ui, KEY_UP);
}

static void set_report(struct ps_ui *ui, enum ps_ui_report_id id, const char *json,
		       int exit_status)
{
	struct ps_ui_report *r = &ui->data.reports[id];

	json_object_put(r->json);
	r->json = json ? json_tokener_parse(json) : NULL;
	assert_true(!json || r->json);
	r->state = json ? PS_UI_LOADED : PS_UI_FAILED;
	if (!json)
		snprintf(r->error, sizeof(r->error), "no such report in this test");
	r->exit_status = exit_status;
}

/* ------------------------------------------------------------------ */
/* Canvas                                                             */
/* ------------------------------------------------------------------ */

static void test_canvas_clips_and_reads_back(void **state)
{
	struct ps_ui_canvas c;
	char line[64];
	static const uint8_t red[3] = { 255, 0, 0 };

	(void)state;
	assert_true(ps_ui_canvas_init(&c, 10, 2));
	assert_int_equal(ps_ui_text(&c, 0, 6, -1, PS_UI_normal, "abcdef"), 4);
	assert_int_equal(ps_ui_text(&c, 1, 0, 3, PS_UI_bad, "h\xc3\xa9llo"), 3);
	ps_ui_swatch(&c, 1, 5, 'M', red, PS_UI_CELL_MARK);
	assert_int_equal(ps_ui_text(&c, 5, 0, -1, PS_UI_normal, "off the canvas"), 0);
	ps_ui_canvas_line(&c, 0, line, sizeof(line));
	assert_string_equal(line, "      abcd");
	ps_ui_canvas_line(&c, 1, line, sizeof(line));
	assert_string_equal(line, "h\xc3\xa9l  M");
	assert_int_equal(ps_ui_canvas_at(&c, 1, 0)->elem, PS_UI_bad);
	assert_true(ps_ui_canvas_at(&c, 1, 5)->flags & PS_UI_CELL_SWATCH);
	assert_null(ps_ui_canvas_at(&c, 2, 0));
	ps_ui_canvas_deinit(&c);
}

/* ------------------------------------------------------------------ */
/* Keys and help                                                      */
/* ------------------------------------------------------------------ */

static void test_key_table(void **state)
{
	char keys[64];

	(void)state;
	for (size_t i = 0; i < PS_ACT_NR - 1; i++) {
		const struct ps_ui_binding *b = &ps_ui_bindings[i];

		assert_int_equal(b->action, (int)i + 1);
		assert_true(b->keys[0] != 0);
		assert_true(strlen(b->help) > 5);
		/* A key means one action wherever it applies. */
		for (size_t j = 0; j < i; j++) {
			const struct ps_ui_binding *o = &ps_ui_bindings[j];

			if (!(o->where & b->where))
				continue;
			for (int k = 0; k < PS_UI_MAX_KEYS && b->keys[k]; k++)
				for (int l = 0; l < PS_UI_MAX_KEYS && o->keys[l]; l++)
					assert_int_not_equal(b->keys[k], o->keys[l]);
		}
	}
	assert_int_equal(ps_ui_key_action('q', PS_UI_IN_MAP), PS_ACT_quit);
	assert_int_equal(ps_ui_key_action('m', PS_UI_IN_MAP), PS_ACT_mode_next);
	assert_int_equal(ps_ui_key_action('m', PS_UI_IN_GIGABLOCKS), PS_ACT_none);
	assert_int_equal(ps_ui_key_action(KEY_UP, PS_UI_IN_LISTS), PS_ACT_up);
	assert_string_equal(ps_ui_binding_keys(ps_ui_binding_of(PS_ACT_enter), keys,
					       sizeof(keys)), "Enter");
	assert_string_equal(ps_ui_binding_keys(ps_ui_binding_of(PS_ACT_back), keys,
					       sizeof(keys)), "Bksp Esc");
}

/* Help is the key table: every action's keys and help are on it. */
static void test_help_lists_every_binding(void **state)
{
	struct fixture *f = *state;
	char *text;

	ps_ui_render(&f->ui, &f->c);
	text = screen_text(&f->c);
	for (size_t i = 0; i < PS_ACT_NR - 1; i++) {
		char keys[64], line[256];

		ps_ui_binding_keys(&ps_ui_bindings[i], keys, sizeof(keys));
		snprintf(line, sizeof(line), "%-16s %s", keys, ps_ui_bindings[i].help);
		if (!strstr(text, line))
			fail_msg("help lacks \"%s\"\n%s", line, text);
	}
	assert_non_null(strstr(text, "Help: keys"));
	free(text);
}

/* ------------------------------------------------------------------ */
/* Screens from reports                                               */
/* ------------------------------------------------------------------ */

/* A gigablock of `frag -j`, its by_class object made by frag's own producer. */
static struct json_object *frag_gigablock(int64_t index, const char *zone, const uint64_t *count,
					  int64_t hwpoison, int64_t largest, const char *verdict,
					  const char *why)
{
	struct json_object *g = json_object_new_object();

	json_object_object_add(g, PS_KEY_INDEX, json_object_new_int64(index));
	json_object_object_add(g, PS_KEY_START_PFN, json_object_new_int64(index << 18));
	json_object_object_add(g, PS_KEY_END_PFN, json_object_new_int64((index + 1) << 18));
	json_object_object_add(g, PS_KEY_ZONE, json_object_new_string(zone));
	json_object_object_add(g, PS_KEY_BY_CLASS, ps_cmd_by_class_json(count));
	json_object_object_add(g, PS_KEY_HWPOISON, json_object_new_int64(hwpoison));
	json_object_object_add(g, PS_KEY_LARGEST_FREE_ORDER, json_object_new_int64(largest));
	json_object_object_add(g, PS_KEY_TAINTED, json_object_new_boolean(index == 0));
	json_object_object_add(g, PS_KEY_VERDICT, json_object_new_string(verdict));
	json_object_object_add(g, PS_KEY_EXPLANATION, json_object_new_string(why));
	return g;
}

/* Three gigablocks, one of each kind of row. */
static void set_frag_report(struct ps_ui *ui)
{
	static const uint64_t gb0[PS_MOV_NR] = {
		[PS_MOV_FREE] = 100, [PS_MOV_IDLE] = 1, [PS_MOV_MOVABLE] = 2,
		[PS_MOV_UNMOVABLE] = 30, [PS_MOV_RESERVED] = 4, [PS_MOV_POISONED] = 6,
		[PS_MOV_HOLE] = 7,
	};
	static const uint64_t gb4[PS_MOV_NR] = { [PS_MOV_FREE] = 900, [PS_MOV_MOVABLE] = 5 };
	static const uint64_t gb5[PS_MOV_NR] = { [PS_MOV_FREE] = 500 };
	struct json_object *report = json_object_new_object(), *gbs = json_object_new_array();

	json_object_array_add(gbs, frag_gigablock(0, "(several)", gb0, 0, 3, "partial",
						  "never one page: spans several zones"));
	json_object_array_add(gbs, frag_gigablock(4, "Normal", gb4, 2, 10, "migratable",
						  "could be freed by migrating 5 movable pages"));
	json_object_array_add(gbs, frag_gigablock(5, "Normal", gb5, 0, -1, "free",
						  "free as a 1 GiB page now"));
	json_object_object_add(report, PS_KEY_GIGABLOCKS, gbs);
	set_report(ui, PS_UI_REPORT_frag, json_object_to_json_string(report), 0);
	json_object_put(report);
}

static void test_gigablocks_sort(void **state)
{
	struct fixture *f = *state;
	int y0, y4, y5, x;

	set_frag_report(&f->ui);
	f->ui.screen = &ps_ui_gigablocks_screen;
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "3 with memory: 1 free now, 1 freeable by migration, 0 blocked, 1 partial; 1 tainted", NULL) > 0);
	y0 = find_row(&f->c, "0x0-0x40000", NULL);
	y4 = find_row(&f->c, "0x100000-0x140000", NULL);
	y5 = find_row(&f->c, "0x140000-0x180000", &x);
	assert_true(y0 > 0 && y0 < y4 && y4 < y5);
	/* Each page class from its key: movable counts the idle pages too. */
	assert_true(find_row(&f->c, "   0 0x0-0x40000         (several)     100        3     30         4", NULL) > 0);
	assert_true(find_row(&f->c, "   4 0x100000-0x140000   Normal        900        5      0         0", NULL) > 0);
	/* The free verdict reads as good, hwpoison stands out. */
	assert_int_equal(elem_at(&f->c, y5, find_col(&f->c, y5, " free") + 1), PS_UI_ok);
	assert_int_equal(elem_at(&f->c, y4, find_col(&f->c, y4, " 2 ") + 1), PS_UI_bad);

	assert_true(ps_ui_key(&f->ui, 's') & PS_UI_REDRAW);	/* by free, most first */
	ps_ui_render(&f->ui, &f->c);
	y0 = find_row(&f->c, "0x0-0x40000", NULL);
	y4 = find_row(&f->c, "0x100000-0x140000", NULL);
	y5 = find_row(&f->c, "0x140000-0x180000", NULL);
	assert_true(y4 < y5 && y5 < y0);
	assert_true(find_row(&f->c, "sorted by free, largest first", NULL) > 0);
	ps_ui_key(&f->ui, 'r');
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "0x0-0x40000", NULL) < find_row(&f->c, "0x100000-0x140000", NULL));
	/* The selected row's explanation is on the status line. */
	assert_true(find_row(&f->c, "gb 0: never one page: spans several zones", NULL) == f->c.height - 1);
}

static const char *free_json =
	"{ \"zones\": ["
	"{ \"nid\": 0, \"zone\": \"DMA32\", \"free_pages\": 10, \"nr_free_pages\": 10, \"pcp_pages\": 1,"
	"  \"pcp_count\": 1, \"pcp_broken_lists\": 0, \"broken_lists\": [],"
	"  \"orders\": [ { \"order\": 0, \"nr_free\": 10, \"walked\": 10, \"by_migratetype\": { \"Movable\": 10 } } ] },"
	"{ \"nid\": 1, \"zone\": \"Normal\", \"free_pages\": 7, \"nr_free_pages\": 8, \"pcp_pages\": 0,"
	"  \"pcp_count\": 0, \"pcp_broken_lists\": 0,"
	"  \"broken_lists\": [ { \"order\": 3, \"migratetype\": \"Movable\", \"pfn\": 4096,"
	"                       \"message\": \"list_del corruption: next->prev should be X, but was Y\" } ],"
	"  \"orders\": [ { \"order\": 3, \"nr_free\": 2, \"walked\": 1, \"by_migratetype\": { \"Movable\": 1 } } ] } ],"
	"  \"cross_check\": { \"blocks_listed\": 3, \"anomalies\": { \"on two free lists\": 1 }, \"first\": [] },"
	"  \"ok\": false }";

static void test_lists_show_corruption(void **state)
{
	struct fixture *f = *state;
	int y, x;

	set_report(&f->ui, PS_UI_REPORT_free, free_json, 1);
	set_report(&f->ui, PS_UI_REPORT_lru, NULL, 0);
	set_report(&f->ui, PS_UI_REPORT_split, NULL, 0);
	f->ui.screen = &ps_ui_lists_screen;
	ps_ui_render(&f->ui, &f->c);
	move_cursor(&f->ui, 5);	/* the last row: the others show their own colours */
	ps_ui_render(&f->ui, &f->c);
	y = find_row(&f->c, "Buddy free lists (free): BROKEN", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	y = find_row(&f->c, "node 1 Normal: A LIST IS BROKEN; 7 free pages", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	assert_true(find_row(&f->c, "A LIST IS BROKEN", NULL) == y);
	assert_int_equal(elem_at(&f->c, find_row(&f->c, "node 0 DMA32", &x), x), PS_UI_normal);
	assert_true(find_row(&f->c, "no such report in this test", NULL) > 0);
	assert_true(find_row(&f->c, "ANOMALIES", NULL) > 0);

	/* Unfold the broken zone: its broken list is a row that opens pfn 4096. */
	move_cursor(&f->ui, -3);
	ps_ui_key(&f->ui, '\n');
	ps_ui_render(&f->ui, &f->c);
	y = find_row(&f->c, "order  3: nr_free 2, 1 on the lists (differs)", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	y = find_row(&f->c, "broken 0", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	move_cursor(&f->ui, y - 3 - 2);	/* rows start under the title */
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "Enter: open pfn 0x1000 in the inspector", NULL) == f->c.height - 1);
}

/* lru and split as the tree draws them: the alarm keys of pagescope_report.h
 * in the alarm colour, other numbers plain, a pfn a row opens. */
static void test_lists_alarm_keys(void **state)
{
	struct fixture *f = *state;
	struct json_object *lru = json_object_new_object(), *split = json_object_new_object();
	struct json_object *total = json_object_new_object(), *node = json_object_new_object();
	int y, x;

	json_object_object_add(lru, PS_KEY_COUNT_MISMATCHES, json_object_new_int(1));
	json_object_object_add(lru, PS_KEY_NODE_MISMATCHES, json_object_new_int(0));
	json_object_object_add(lru, PS_KEY_BROKEN_LIST, json_object_new_string("dentry"));
	json_object_object_add(lru, PS_KEY_FOLIO_PFN, json_object_new_int(4096));
	json_object_object_add(total, PS_KEY_BROKEN_QUEUES, json_object_new_int(2));
	json_object_object_add(total, PS_KEY_LEN_MISMATCHES, json_object_new_int(0));
	json_object_object_add(split, "total", total);
	json_object_object_add(node, PS_KEY_BROKEN, json_object_new_boolean(false));
	json_object_object_add(node, PS_KEY_FOLIO_PFN, json_object_new_int(4096));
	json_object_object_add(split, "queue", node);
	set_report(&f->ui, PS_UI_REPORT_free, NULL, 0);
	set_report(&f->ui, PS_UI_REPORT_lru, json_object_to_json_string(lru), 0);
	set_report(&f->ui, PS_UI_REPORT_split, json_object_to_json_string(split), 0);
	json_object_put(lru);
	json_object_put(split);
	f->ui.screen = &ps_ui_lists_screen;
	ps_ui_render(&f->ui, &f->c);
	y = find_row(&f->c, "count_mismatches: 1", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	y = find_row(&f->c, "node_mismatches: 0", &x);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_normal);
	y = find_row(&f->c, "broken_list: dentry", &x);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	y = find_row(&f->c, "+ total", &x);
	assert_int_equal(elem_at(&f->c, y, x + 2), PS_UI_bad);
	y = find_row(&f->c, "+ queue", &x);
	assert_int_equal(elem_at(&f->c, y, x + 2), PS_UI_normal);
	/* A pfn key's row opens the page. */
	move_cursor(&f->ui, 5);
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "Enter: open pfn 0x1000 in the inspector", NULL) == f->c.height - 1);
}

/* The check screen on the JSON `check -j` prints, every verdict in it. */
static void test_check_table(void **state)
{
	struct fixture *f = *state;
	struct ps_check c;
	struct json_object *report;
	int y, x;

	ps_check_init(&c, false);
	assert_null(ps_check_exact(&c, "NR_FREE_PAGES node 0 DMA32", 10, 10, "free lists = counter", ""));
	assert_null(ps_check_exact(&c, "HardwareCorrupted (num_poisoned_pages)", 5, 4, "", "a page was poisoned without the counter"));
	assert_null(ps_check_na(&c, "nr_anon_partially_mapped", "this kernel has no PG_partially_mapped"));
	c.live = true;
	assert_null(ps_check_differ(&c, "pcp->count node 0 Normal", 7, 9, "moved while counted"));
	report = ps_cmd_check_json(&c);
	set_report(&f->ui, PS_UI_REPORT_check, json_object_to_json_string(report), 1);
	json_object_put(report);
	ps_check_deinit(&c);

	f->ui.screen = &ps_ui_check_screen;
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "Check: 4 rows, 1 failed: SOME COUNTERS DO NOT HOLD", NULL) > 0);
	/* The cursor's row says why on the status line. */
	assert_true(find_row(&f->c, "ok: free lists = counter", NULL) == f->c.height - 1);
	move_cursor(&f->ui, 3);
	ps_ui_render(&f->ui, &f->c);
	/* The report's order, its columns, each verdict in its colour. */
	assert_true(find_row(&f->c, "counter", NULL) > 0);
	assert_true(find_col(&f->c, find_row(&f->c, "counter", NULL), "walked") > 0);
	y = find_row(&f->c, "NR_FREE_PAGES node 0 DMA32", NULL);
	assert_true(y > 0 && y < find_row(&f->c, "HardwareCorrupted", NULL));
	assert_int_equal(elem_at(&f->c, y, find_col(&f->c, y, " ok ") + 1), PS_UI_ok);
	y = find_row(&f->c, "HardwareCorrupted", NULL);
	assert_int_equal(elem_at(&f->c, y, find_col(&f->c, y, "FAIL")), PS_UI_bad);
	assert_true(find_col(&f->c, y, "differs by -1: a page was") > 0);
	y = find_row(&f->c, "nr_anon_partially_mapped", &x);
	assert_int_equal(elem_at(&f->c, y, find_col(&f->c, y, "n/a")), PS_UI_dim);
	y = find_row(&f->c, "pcp->count node 0 Normal", NULL);
	assert_int_equal(elem_at(&f->c, y, find_col(&f->c, y, "drift")), PS_UI_cursor);
	assert_true(find_row(&f->c, "drift: moved while counted", NULL) == f->c.height - 1);
	move_cursor(&f->ui, -1);
	ps_ui_render(&f->ui, &f->c);
	assert_int_equal(elem_at(&f->c, y, find_col(&f->c, y, "drift")), PS_UI_warn);

	/* s: sorted by counter, so HardwareCorrupted comes first. */
	ps_ui_key(&f->ui, 's');
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "HardwareCorrupted", NULL) <
		    find_row(&f->c, "NR_FREE_PAGES node 0 DMA32", NULL));
	assert_true(find_row(&f->c, "sorted by counter", NULL) > 0);
}

static const char *page_json =
	"{ \"pfn\": 42322, \"phys\": \"0xa552000\", \"struct_page\": \"0xffdca51240295480\","
	"  \"nid\": 0, \"zone\": \"DMA32\", \"flags_raw\": \"0xfffffc0120818\","
	"  \"flags\": [ \"uptodate\", \"owner_2\", \"hwpoison\" ], \"type\": \"none\", \"free\": false,"
	"  \"refcount\": 1, \"mapcount\": 0, \"mapping\": \"0xff3a949b91335dd1\", \"mapping_kind\": \"anon\","
	"  \"index\": 34140480756, \"private\": \"0x0\", \"memcg_data\": \"0x0\", \"hwpoison\": true,"
	"  \"anon_exclusive\": true, \"anon_exclusive_rule\": \"own_bit\", \"folio_head_pfn\": 42322,"
	"  \"folio_order\": 0, \"compound_head\": false, \"compound_tail\": false,"
	"  \"folio_entire_mapcount\": 0, \"folio_partially_mapped\": false, \"folio_flags\": [],"
	"  \"flags_explained\": [ { \"bit\": 3, \"name\": \"uptodate\", \"meaning\": \"contents are valid\" },"
	"    { \"bit\": 11, \"name\": \"anon_exclusive\", \"meaning\": \"PG_anon_exclusive: exclusive\" },"
	"    { \"bit\": 20, \"name\": \"hwpoison\", \"meaning\": \"hardware memory error\" } ],"
	"  \"page_mapcount\": 0,"
	"  \"words\": [ { \"page\": 0, \"offset\": 24, \"field\": \"mapping\", \"value\": \"0xff3a949b91335dd1\","
	"    \"meaning\": \"struct anon_vma + 1\" } ],"
	"  \"pageblock\": { \"start_pfn\": 41984, \"end_pfn\": 42496, \"migratetype\": \"Movable\","
	"    \"skip\": false, \"isolate\": false },"
	"  \"gigablock\": { \"index\": 0, \"verdict\": \"partial\", \"explanation\": \"never one page: spans several zones\" },"
	"  \"explain\": [ { \"figure\": \"pageblocks: migratetype, skip, isolate\", \"rule\": \"NR_PAGEBLOCK_BITS per pageblock\","
	"    \"kernel\": \"mm/page_alloc.c: set_pageblock_migratetype()\", \"functions\": {},"
	"    \"reads\": [ { \"item\": \"enum pageblock_bits.PB_migrate_skip\", \"value\": \"3\", \"source\": \"DWARF\" } ] } ] }";

static void test_page_inspector(void **state)
{
	struct fixture *f = *state;
	int y, x;

	f->ui.data.page = json_tokener_parse(page_json);
	f->ui.data.page_pfn = 42322;
	ps_ui_inspect(&f->ui, 42322);
	assert_ptr_equal(f->ui.screen, &ps_ui_page_screen);
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "Page 42322 (0xa552)", NULL) > 0);
	/* Each flag by the name and meaning `page` gives it on this page. */
	y = find_row(&f->c, "uptodate", &x);
	assert_true(find_row(&f->c, "contents are valid", NULL) == y);
	y = find_row(&f->c, "hardware memory error", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	assert_true(find_row(&f->c, "anon_exclusive", NULL) == y - 1);
	assert_true(find_row(&f->c, "owner_2", NULL) < 0);
	assert_true(find_row(&f->c, "Anon-exclusive: yes (rule: own_bit)", NULL) > 0);
	assert_true(find_row(&f->c, "virtual address 0x7f2ee64f4000", NULL) > 0);
	y = find_row(&f->c, "Hardware poison: YES", &x);
	assert_true(y > 0);
	assert_int_equal(elem_at(&f->c, y, x), PS_UI_bad);
	/* e opens "how do we know": words, the chain, each structure read. */
	assert_true(find_row(&f->c, "e: how do we know", NULL) > y);
	assert_true(find_row(&f->c, "PB_migrate_skip", NULL) < 0);
	ps_ui_key(&f->ui, 'e');
	ps_ui_render(&f->ui, &f->c);
	f->ui.screen->key(&f->ui, PS_ACT_end);
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "enum pageblock_bits.PB_migrate_skip", NULL) > 0);
	assert_true(find_row(&f->c, "mm/page_alloc.c: set_pageblock_migratetype()", NULL) > 0);
}

/* ------------------------------------------------------------------ */
/* Manager: prompt, screens, palettes, tree                           */
/* ------------------------------------------------------------------ */

static char prompted[64];

static unsigned record_prompt(struct ps_ui *ui, const char *text)
{
	(void)ui;
	snprintf(prompted, sizeof(prompted), "%s", text);
	return PS_UI_HANDLED;
}

static void test_prompt_and_tabs(void **state)
{
	struct fixture *f = *state;

	ps_ui_prompt_start(&f->ui, "go to: ", "12", record_prompt);
	ps_ui_key(&f->ui, '3');
	ps_ui_render(&f->ui, &f->c);
	assert_true(find_row(&f->c, "go to: 123", NULL) == f->c.height - 1);
	ps_ui_key(&f->ui, 21);	/* ^U */
	ps_ui_key(&f->ui, 'a');
	ps_ui_key(&f->ui, KEY_BACKSPACE);
	ps_ui_key(&f->ui, 'x');
	ps_ui_key(&f->ui, '\n');
	assert_string_equal(prompted, "x");
	assert_false(f->ui.prompt.active);
	/* While a prompt is open, 'q' is text, not quit. */
	ps_ui_prompt_start(&f->ui, "go to: ", NULL, record_prompt);
	assert_false(ps_ui_key(&f->ui, 'q') & PS_UI_QUIT);
	ps_ui_key(&f->ui, 27);
	assert_true(ps_ui_key(&f->ui, 'q') & PS_UI_QUIT);

	set_report(&f->ui, PS_UI_REPORT_check, NULL, 0);
	f->ui.screen = &ps_ui_check_screen;
	ps_ui_key(&f->ui, '\t');
	assert_ptr_equal(f->ui.screen, &ps_ui_page_screen);
	ps_ui_key(&f->ui, KEY_BTAB);
	assert_ptr_equal(f->ui.screen, &ps_ui_check_screen);
	ps_ui_key(&f->ui, '?');
	assert_ptr_equal(f->ui.screen, &ps_ui_help_screen);
	ps_ui_key(&f->ui, 27);
	assert_ptr_equal(f->ui.screen, &ps_ui_check_screen);
}

/* A narrow terminal drops the dump's name before the live state. */
static void test_top_bar_keeps_live_state(void **state)
{
	struct fixture *f = *state;
	int y, tabs_end;

	set_report(&f->ui, PS_UI_REPORT_check, NULL, 0);
	f->ui.screen = &ps_ui_check_screen;
	f->ui.data.live = true;
	f->ui.paused = true;
	f->ui.data.open.dump = "/proc/kcore";
	ps_ui_render(&f->ui, &f->c);
	assert_int_equal(find_row(&f->c, "kcore [paused]", NULL), 0);
	/* Room for " [paused] ", not for " kcore [paused] ". */
	tabs_end = find_col(&f->c, 0, " 5 Page ") + (int)strlen(" 5 Page ");
	ps_ui_canvas_resize(&f->c, tabs_end + 2 + 12, 20);
	ps_ui_render(&f->ui, &f->c);
	y = find_row(&f->c, "[paused]", NULL);
	assert_int_equal(y, 0);
	assert_int_equal(find_col(&f->c, 0, "kcore"), -1);
	f->ui.paused = false;
	ps_ui_render(&f->ui, &f->c);
	assert_int_equal(find_row(&f->c, "[live]", NULL), 0);
}

static void test_palettes(void **state)
{
	static const uint8_t green[3] = { 26, 152, 80 };

	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_ptr_equal(ps_ui_palette_choose(true), &ps_ui_palette_mono);
	setenv("NO_COLOR", "", 1);
	assert_ptr_equal(ps_ui_palette_choose(true), &ps_ui_palette_colour);
	unsetenv("NO_COLOR");
	assert_ptr_equal(ps_ui_palette_choose(false), &ps_ui_palette_mono);
	assert_int_equal(ps_ui_rgb_to_256(green), 16 + 36 * 0 + 6 * 2 + 1);
	assert_int_equal(ps_ui_rgb_to_8(green), 2);
	/* Monochrome: every element readable without colour. */
	for (int e = 0; e < PS_UI_NR_ELEMS; e++) {
		assert_int_equal(ps_ui_palette_mono.styles[e].fg, PS_UI_DEFAULT);
		assert_int_equal(ps_ui_palette_mono.styles[e].bg, PS_UI_DEFAULT);
	}
	assert_true(ps_ui_palette_mono.styles[PS_UI_bad].attr != 0);
	assert_true(ps_ui_palette_mono.styles[PS_UI_cursor].attr & PS_UI_REVERSE);
}

static struct ps_error *never_run(struct ps_target *t, struct ps_view_counter *progress,
				   void *arg, void **result_ret)
{
	(void)t;
	(void)progress;
	(void)result_ret;
	*(bool *)arg = true;
	return NULL;
}

/* A background walk whose dump cannot be opened ends with the open's error. */
static void test_bg_open_error(void **state)
{
	struct ps_open_args open = { .dump = "/nonexistent/vmcore" };
	struct ps_ui_bg bg = { .run = never_run };
	bool ran = false;
	int percent;

	(void)state;
	bg.arg = &ran;
	assert_true(ps_ui_bg_start(&bg, &open));
	ps_ui_bg_wait(&bg, NULL, NULL, NULL);
	assert_true(ps_ui_bg_poll(&bg, &percent));
	assert_null(bg.result);
	assert_false(ran);
	assert_non_null(strstr(bg.error, "/nonexistent/vmcore"));
	ps_ui_bg_reset(&bg);
	assert_int_equal(bg.state, PS_UI_BG_IDLE);
	assert_int_equal(bg.error[0], '\0');
	/* Nothing to run is refused, not started. */
	bg.run = NULL;
	assert_false(ps_ui_bg_start(&bg, &open));
	ps_ui_bg_reset(&bg);
}

static void test_tree_keeps_folding(void **state)
{
	struct ps_ui_tree *a = ps_ui_tree_create(), *b = ps_ui_tree_create();
	struct json_object *j = json_tokener_parse("{ \"lru\": { \"node\": [ { \"pfn\": 7, \"ok\": false } ] } }");

	(void)state;
	ps_ui_node_add_json(&a->root, "r", j);
	a->root.children[0]->expanded = true;
	a->root.children[0]->children[0]->expanded = true;
	ps_ui_tree_layout(a);
	assert_int_equal(a->nr_rows, 3);
	ps_ui_node_add_json(&b->root, "r", j);
	ps_ui_tree_keep_folding(b, a);
	ps_ui_tree_layout(b);
	assert_int_equal(b->nr_rows, 3);
	assert_string_equal(b->rows[2]->label, "node: 1");
	b->rows[2]->expanded = true;
	ps_ui_tree_layout(b);
	assert_int_equal(b->rows[3]->pfn, 7);
	assert_int_equal(b->rows[3]->elem, PS_UI_bad);	/* "ok": false inside */
	json_object_put(j);
	ps_ui_tree_destroy(a);
	ps_ui_tree_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canvas_clips_and_reads_back),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test_setup_teardown(test_help_lists_every_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gigablocks_sort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists_show_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists_alarm_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_inspector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_and_tabs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_top_bar_keeps_live_state, setup, teardown),
		cmocka_unit_test(test_palettes),
		cmocka_unit_test(test_tree_keeps_folding),
		cmocka_unit_test(test_bg_open_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
