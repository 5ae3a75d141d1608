// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kpageflags and kpagecount derivation (walk/kpageflags.c), on
 * hand-made pages, under the rules of each fs/proc/page.c era.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "walk/kpageflags.h"

/* Page flag bits of a made-up kernel: any numbering must do. */
enum {
	B_locked = 0, B_uptodate = 3, B_lru = 5, B_active = 6, B_head = 7,
	B_owner_priv_1 = 9, B_swapbacked = 12, B_hwpoison = 16, B_large_rmappable = 20,
	B_double_map = 21,
};

static struct ps_page_decoder dec;

#define KPF(x) (1ULL << PS_KPF_##x)

static int setup(void **state)
{
	(void)state;
	memset(&dec, 0, sizeof(dec));
	dec.mask[PS_PG_locked] = 1u << B_locked;
	dec.mask[PS_PG_uptodate] = 1u << B_uptodate;
	dec.mask[PS_PG_lru] = 1u << B_lru;
	dec.mask[PS_PG_active] = 1u << B_active;
	dec.mask[PS_PG_head] = 1u << B_head;
	dec.mask[PS_PG_owner_priv_1] = 1u << B_owner_priv_1;
	dec.mask[PS_PG_swapcache] = 1u << B_owner_priv_1;
	dec.mask[PS_PG_swapbacked] = 1u << B_swapbacked;
	dec.mask[PS_PG_hwpoison] = 1u << B_hwpoison;
	dec.mask[PS_PG_large_rmappable] = 1u << B_large_rmappable;
	dec.mask[PS_PG_double_map] = 1u << B_double_map;
	return 0;
}

static const struct ps_kpf_rules folio_rules = {
	.folio_flags = true, .ksm_exact = true, .zero_pfn = 0x77, .huge_zero_pfn = 0x800,
};
static const struct ps_kpf_rules page_rules = {
	.folio_flags = false, .ksm_exact = true, .file_thp_own_count = true,
	.zero_pfn = 0x77, .huge_zero_pfn = ~0ULL,
};

/* Page @pfn of an anonymous order-9 folio at 0x400, mapped by one PMD. */
static struct ps_page thp_page(uint64_t pfn, uint64_t mapping)
{
	struct ps_page p = {
		.pfn = pfn, .head_pfn = 0x400, .order = 9, .mapping = mapping,
		.folio_flags = 1u << B_lru | 1u << B_uptodate | 1u << B_head |
			       1u << B_swapbacked,
		.folio_flags_1 = 1u << B_large_rmappable, .entire_mapcount = 1,
		.state = pfn == 0x400 ? PS_PAGE_HEAD : PS_PAGE_TAIL,
	};

	p.flags = pfn == 0x400 ? p.folio_flags : 0;
	return p;
}

static void test_pmd_mapped_thp(void **state)
{
	struct ps_page tail = thp_page(0x401, 0xff00001);
	uint64_t f = ps_kpf_flags(&folio_rules, &dec, &tail, ps_kpf_folio_mapped(&tail, 1));

	(void)state;
	/* Since v6.9 a tail shows its folio's flags. */
	assert_int_equal(f, KPF(lru) | KPF(uptodate) | KPF(swapbacked) | KPF(compound_tail) |
				    KPF(thp) | KPF(mmap) | KPF(anon));
	/* Its own _mapcount is 0; the kernel adds the folio's PMD mapping. */
	assert_int_equal(tail.mapcount, 0);
	assert_int_equal(ps_kpf_count(&folio_rules, &dec, &tail), 1);
	/* Before: the tail's own word, and KPF_THP for an anon compound page. */
	f = ps_kpf_flags(&page_rules, &dec, &tail, true);
	assert_int_equal(f, KPF(compound_tail) | KPF(thp) | KPF(mmap) | KPF(anon));
}

static void test_old_mapcount(void **state)
{
	struct ps_page file = thp_page(0x402, 0xff00000);
	struct ps_page anon = thp_page(0x402, 0xff00001);

	(void)state;
	/* Before v6.2 a file THP's PMD mapping is in each page's _mapcount. */
	file.mapcount = 1;
	assert_int_equal(ps_kpf_count(&page_rules, &dec, &file), 1);
	assert_int_equal(ps_kpf_count(&folio_rules, &dec, &file), 2);
	/* PG_double_map: every page's _mapcount is one more. */
	anon.mapcount = 2;
	anon.folio_flags_1 |= 1u << B_double_map;
	assert_int_equal(ps_kpf_count(&page_rules, &dec, &anon), 2);
}

static void test_ksm(void **state)
{
	struct ps_page anon = { .pfn = 5, .head_pfn = 5, .mapping = 0xff00001, .mapcount = 1 };
	struct ps_page ksm = anon;
	struct ps_kpf_rules buggy = folio_rules;

	(void)state;
	ksm.mapping = 0xff00003;
	buggy.ksm_exact = false;
	assert_false(ps_kpf_flags(&folio_rules, &dec, &anon, true) & KPF(ksm));
	assert_true(ps_kpf_flags(&folio_rules, &dec, &ksm, true) & KPF(ksm));
	/* v6.9 to v6.16: mapping & PAGE_MAPPING_KSM is true on any anon page. */
	assert_true(ps_kpf_flags(&buggy, &dec, &anon, true) & KPF(ksm));
}

static void test_typed_and_special(void **state)
{
	struct ps_page slab = { .pfn = 9, .head_pfn = 9, .type = PS_PT_slab, .mapcount = 3 };
	struct ps_page zero = { .pfn = 0x77, .head_pfn = 0x77, .flags = 1u << B_uptodate,
				.folio_flags = 1u << B_uptodate };
	struct ps_page hz = thp_page(0x8ff, 0);
	struct ps_page free = { .pfn = 11, .head_pfn = 11, .type = PS_PT_buddy,
				.state = PS_PAGE_FREE, .flags = 1u << B_hwpoison };

	(void)state;
	assert_int_equal(ps_kpf_flags(&folio_rules, &dec, &slab, ps_kpf_folio_mapped(&slab, 1)),
			 KPF(slab));
	assert_int_equal(ps_kpf_count(&page_rules, &dec, &slab), 0);
	assert_int_equal(ps_kpf_flags(&folio_rules, &dec, &zero, false), KPF(uptodate) | KPF(zero_page));
	hz.head_pfn = 0x800;
	hz.folio_flags_1 = 0;
	assert_true(ps_kpf_flags(&folio_rules, &dec, &hz, false) & KPF(zero_page));
	assert_int_equal(ps_kpf_flags(&folio_rules, &dec, &free, false), KPF(buddy) | KPF(hwpoison));
}

struct collected {
	struct ps_kpf_entry e[8];
	size_t n;
};

static struct ps_error *collect(void *ctx, const struct ps_kpf_entry *e)
{
	struct collected *c = ctx;

	if (c->n < 8)
		c->e[c->n++] = *e;
	return NULL;
}

/* KPF_MMAP is the folio's: one mapped page marks all four. */
static void test_stream_folio_mapped(void **state)
{
	struct ps_page pages[5];
	struct collected c = { .n = 0 };
	struct ps_kpf_stream s;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		pages[i] = thp_page(0x400 + i, 0xff00001);
		pages[i].order = 2;
		pages[i].entire_mapcount = 0;
		pages[i].mapcount = i == 2;
	}
	pages[4] = (struct ps_page){ .pfn = 0x404, .head_pfn = 0x404 };
	assert_null(ps_kpf_stream_init(&s, &folio_rules, &dec, collect, &c));
	for (unsigned i = 0; i < 5; i++)
		assert_null(ps_kpf_stream_push(&s, &pages[i]));
	assert_null(ps_kpf_stream_flush(&s));
	ps_kpf_stream_deinit(&s);
	assert_int_equal(c.n, 5);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(c.e[i].pfn, 0x400 + i);
		assert_true(c.e[i].flags & KPF(mmap));
		assert_int_equal(c.e[i].count, i == 2);
	}
	assert_false(c.e[4].flags & KPF(mmap));
}

static void test_names(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(ps_kpf_names(KPF(lru) | KPF(thp) | KPF(owner_2), buf, sizeof(buf)),
			    "lru,thp,owner_2");
	assert_string_equal(ps_kpf_names(0, buf, sizeof(buf)), "");
	/* A short buffer is cut, never overrun. */
	ps_kpf_names(~0ULL, buf, 16);
	assert_true(strlen(buf) < 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pmd_mapped_thp, setup),
		cmocka_unit_test_setup(test_old_mapcount, setup),
		cmocka_unit_test_setup(test_ksm, setup),
		cmocka_unit_test_setup(test_typed_and_special, setup),
		cmocka_unit_test_setup(test_stream_folio_mapped, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
