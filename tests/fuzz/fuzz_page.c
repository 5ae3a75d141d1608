// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The struct page decoder on fuzzed struct pages, with a v6.1-like,
 * v6.12-like or 7.2-like layout (the first byte chooses).
 */
#include <string.h>

#include "walk/page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { PAGE = 64, NR = 4 };

static struct ps_lval member(int64_t off, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = off, .size = size };
}

static struct ps_lval number(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

static void common_layout(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->page_size = number(PAGE);
	L->page_flags = member(0, 8);
	L->page_compound_head = member(8, 8);
	L->page_mapping = member(24, 8);
	L->page_index = member(32, 8);
	L->page_private = member(40, 8);
	L->page_mapcount = member(48, 4);
	L->page_page_type = member(48, 4);
	L->page_refcount = member(52, 4);
	L->page_memcg_data = member(56, 8);
}

static void layout_612(struct ps_layout *L)
{
	common_layout(L);
	L->folio_flags_1 = member(64, 8);
	L->folio_nr_pages = member(96, 4);
	L->folio_entire_mapcount = member(84, 4);
	L->pg[PS_PG_head] = number(6);
	L->pg[PS_PG_lru] = number(5);
	L->pg[PS_PG_anon_exclusive] = number(11);
	L->pg[PS_PG_hwpoison] = number(20);
	L->pg[PS_PG_partially_mapped] = number(16);
	L->pgty_buddy = number(0xf0);
	L->pgty_table = number(0xf2);
	L->pgty_slab = number(0xf5);
	L->pgty_hugetlb = number(0xf4);
	L->buddy_mapcount_value = number(0xf0u << 24);
}

static void layout_61(struct ps_layout *L)
{
	common_layout(L);
	L->folio_nr_pages = member(92, 4);
	L->page_compound_mapcount = member(20, 4);
	L->page_compound_dtor = member(16, 1);
	L->hugetlb_page_dtor_enum = number(2);
	L->pg[PS_PG_head] = number(16);
	L->pg[PS_PG_slab] = number(9);
	L->pg[PS_PG_anon_exclusive] = number(17);
	L->buddy_mapcount_value = number((int32_t)~0x80);
	L->offline_mapcount_value = number((int32_t)~0x100);
}

/* 7.2: compound_info holding a mask (HVO), __folio_index, _nr_pages. */
static void layout_72(struct ps_layout *L)
{
	layout_612(L);
	L->page_compound_head.present = false;
	L->page_compound_info = member(8, 8);
	L->page_index.present = false;
	L->page_folio_index = member(32, 8);
	L->folio_nr_pages.present = false;
	L->folio__nr_pages = member(120, 4);
	L->sym_vmemmap_optimize_enabled = number(0x1000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ps_layout L;
	unsigned char raw[NR * PAGE] = { 0 };
	struct ps_page_decoder d;
	struct ps_page head, tail;

	if (!size)
		return 0;
	if (data[0] & 2)
		layout_72(&L);
	else if (data[0] & 1)
		layout_612(&L);
	else
		layout_61(&L);
	memcpy(raw, data + 1, size - 1 < sizeof(raw) ? size - 1 : sizeof(raw));
	if (ps_page_decoder_init(&d, &L, NULL))
		return 0;
	ps_page_decode(&d, raw, NR - 1, 0x1000, &head);
	ps_page_decode(&d, raw + PAGE, NR - 2, 0x1001, &tail);
	ps_page_inherit(&d, &tail, &head);
	/* The head a tail names, from a fuzzed compound word. */
	(void)ps_page_head_addr(&d, 0xffffea0000040040ULL,
				tail.flags ^ (uint64_t)head.mapping);
	return 0;
}
