// SPDX-License-Identifier: GPL-2.0-or-later
/* The x86-64 page-table entry decoder and the tree walk (kernel/pgtable.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/pgtable.h"
#include "target/target.h"

/* Physical memory of 16 pages; pfns up to 32 exist but cannot be read. */
enum { IMG_PAGES = 16, MAX_PFN = 32 };

struct phys_mem {
	uint64_t words[IMG_PAGES][512];
};

static struct ps_error *phys_read(void *priv, enum ps_addr_space space, uint64_t addr,
				  void *buf, size_t len, size_t *done_ret)
{
	struct phys_mem *m = priv;

	*done_ret = 0;
	if (space != PS_PHYS || addr >= sizeof(m->words) || len > sizeof(m->words) - addr)
		return ps_error_at(PS_ERR_FAULT, addr, "fault at %#llx", (unsigned long long)addr);
	memcpy(buf, (char *)m->words + addr, len);
	*done_ret = len;
	return NULL;
}

static const struct ps_mem_ops phys_ops = { .name = "phys", .read = phys_read };

static const struct ps_pgtable_format fmt4 = {
	.levels = 4, .entries = 512, .page_shift = 12,
	.addr_mask = 0x000ffffffffff000ULL,
};
static const struct ps_pgtable_format fmt5 = {
	.levels = 5, .entries = 512, .page_shift = 12,
	.addr_mask = 0x000ffffffffff000ULL,
};

static void test_entry_decode(void **state)
{
	/* sme_me_mask at bit 47: not an address bit. */
	struct ps_pgtable_format sme = fmt5;
	uint64_t pfn = 0;

	(void)state;
	assert_int_equal(ps_pgtable_entry(&fmt5, 0, 0x1234000, &pfn), PS_PTE_NONE);
	assert_int_equal(ps_pgtable_entry(&fmt5, 0, 0x1234067, &pfn), PS_PTE_TABLE);
	assert_int_equal(pfn, 0x1234);
	/* PS is reserved in a PML5E/PML4E: still a table. */
	assert_int_equal(ps_pgtable_entry(&fmt5, 1, 0x1234087 | 0x80, &pfn), PS_PTE_TABLE);
	/* PS in a PUD (1 GiB) or a PMD (2 MiB) entry maps memory. */
	assert_int_equal(ps_pgtable_entry(&fmt5, 2, 0x40000e7, &pfn), PS_PTE_LEAF);
	assert_int_equal(ps_pgtable_entry(&fmt5, 3, 0x2000e7, &pfn), PS_PTE_LEAF);
	assert_int_equal(ps_pgtable_entry(&fmt4, 1, 0x40000e7, &pfn), PS_PTE_LEAF);
	assert_int_equal(ps_pgtable_entry(&fmt4, 2, 0x2000e7, &pfn), PS_PTE_LEAF);
	assert_int_equal(ps_pgtable_entry(&fmt4, 2, 0x2000067, &pfn), PS_PTE_TABLE);
	/* A PTE is a leaf, PS or not (bit 7 is PAT there). */
	assert_int_equal(ps_pgtable_entry(&fmt4, 3, 0x5000067, &pfn), PS_PTE_LEAF);
	/* NX (bit 63) and software bits are not address. */
	assert_int_equal(ps_pgtable_entry(&fmt4, 3, 0x8000000005000867ULL, &pfn), PS_PTE_LEAF);
	assert_int_equal(pfn, 0x5000);
	sme.addr_mask &= ~(1ULL << 47);
	assert_int_equal(ps_pgtable_entry(&sme, 0, (1ULL << 47) | 0x3000067, &pfn), PS_PTE_TABLE);
	assert_int_equal(pfn, 0x3000);
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(ps_pgtable_level_name(&fmt5, 0), "PGD");
	assert_string_equal(ps_pgtable_level_name(&fmt5, 1), "P4D");
	assert_string_equal(ps_pgtable_level_name(&fmt5, 4), "PTE");
	assert_string_equal(ps_pgtable_level_name(&fmt4, 0), "PGD");
	assert_string_equal(ps_pgtable_level_name(&fmt4, 1), "PUD");
	assert_string_equal(ps_pgtable_level_name(&fmt4, 2), "PMD");
	assert_string_equal(ps_pgtable_level_name(&fmt4, 3), "PTE");
	assert_string_equal(ps_pgtable_level_name(&fmt4, 4), "?");
}

/* What the walk met: each pfn once, as the owner pass keeps it. */
struct seen {
	unsigned level[MAX_PFN + 1];
	unsigned nr, again;
};

static struct ps_error *seen_table(void *arg, uint64_t pfn, unsigned level, bool *descend)
{
	struct seen *s = arg;

	assert_true(pfn < MAX_PFN);
	if (s->level[pfn]) {
		s->again++;
		*descend = false;
		return NULL;
	}
	s->level[pfn] = level + 1;
	s->nr++;
	return NULL;
}

static void entry(struct phys_mem *m, unsigned pfn, unsigned i, uint64_t v)
{
	m->words[pfn][i] = v;
}

static void test_walk_damage(void **state)
{
	struct phys_mem *m = calloc(1, sizeof(*m));
	struct ps_target t = { .mem = { &phys_ops, m } };
	struct ps_pgtable_walk *w = calloc(1, sizeof(*w));
	struct seen s = { 0 };

	(void)state;
	entry(m, 1, 0, 0x2067);		/* PGD -> PUD 2 */
	entry(m, 1, 300, 0x9067);	/* the kernel's half: not walked */
	entry(m, 2, 3, 0x3067);		/* PUD -> PMD 3 */
	entry(m, 2, 4, 0x40000e7);	/* a 1 GiB page */
	entry(m, 3, 0, 0x4067);		/* PMD -> PTE 4 */
	entry(m, 3, 1, 0x5000e7);	/* a 2 MiB page */
	entry(m, 3, 2, 0x40067);	/* past the memory map */
	entry(m, 3, 5, 0x2067);		/* back to the PUD: a cycle */
	entry(m, 2, 7, 0x14067);	/* PMD 20: in the map, not in the dump */
	entry(m, 4, 0, 0x7067);		/* a PTE: never followed */
	*w = (struct ps_pgtable_walk){ .t = &t, .f = &fmt4, .max_pfn = MAX_PFN,
				       .table = seen_table, .arg = &s };
	assert_null(ps_pgtable_walk(w, 1, 0, 256));
	assert_int_equal(s.level[1], 1);
	assert_int_equal(s.level[2], 2);
	assert_int_equal(s.level[3], 3);
	assert_int_equal(s.level[4], 4);
	assert_int_equal(s.level[20], 3);
	assert_int_equal(s.level[9], 0);
	assert_int_equal(s.level[7], 0);
	assert_int_equal(s.nr, 5);
	assert_int_equal(s.again, 1);
	/* Past the map and unreadable: counted, the first described. */
	assert_int_equal(w->damage.nr, 2);
	assert_non_null(strstr(w->damage.first, "past the memory map"));
	assert_int_equal(w->nr_read, 3);

	/* A top past the map; a format the walk cannot hold. */
	memset(&s, 0, sizeof(s));
	w->damage.nr = 0;
	assert_null(ps_pgtable_walk(w, 1000, 0, 256));
	assert_int_equal(w->damage.nr, 1);
	assert_int_equal(s.nr, 0);
	struct ps_pgtable_format bad = fmt4;
	bad.levels = 9;
	w->f = &bad;
	assert_non_null(w->damage.first[0] ? (void *)1 : NULL);
	{
		struct ps_error *err = ps_pgtable_walk(w, 1, 0, 256);

		assert_non_null(err);
		ps_error_destroy(err);
	}
	free(w);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_decode),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_walk_damage),
	};

	return cmocka_run_group_tests_name("pgtable", tests, NULL, NULL);
}
