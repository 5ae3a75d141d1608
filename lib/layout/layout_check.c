// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stddef.h>

#include "layout/layout_check.h"

static const char ps_bit_why[] = "it is a bit of a 64-bit word";
static const char ps_size_why[] = "a kernel structure is 1 byte to 16 MiB";

/* One item's range; it is checked only when present. */
struct ps_range {
	size_t field;		/* offsetof(struct ps_layout, ...) */
	const char *name;
	int64_t lo, hi;
	const char *why;
};

#define PS_RANGE(f, name, lo, hi, why) \
	{ offsetof(struct ps_layout, f), name, lo, hi, why }

static const struct ps_range ps_ranges[] = {
	PS_RANGE(max_physmem_bits, "NUMBER(MAX_PHYSMEM_BITS)", 36, 52,
		 "x86_64 physical addresses have 36 to 52 bits"),
	PS_RANGE(section_size_bits, "NUMBER(SECTION_SIZE_BITS)", 21, 31,
		 "x86_64 memory sections are 2^21 to 2^31 bytes"),
	PS_RANGE(section_map_last_bit, "SECTION_MAP_LAST_BIT", 1, 63, ps_bit_why),
	PS_RANGE(section_marked_present_bit, "SECTION_MARKED_PRESENT_BIT", 0, 63,
		 ps_bit_why),
	PS_RANGE(section_has_mem_map_bit, "SECTION_HAS_MEM_MAP_BIT", 0, 63,
		 ps_bit_why),
	PS_RANGE(section_is_online_bit, "SECTION_IS_ONLINE_BIT", 0, 63,
		 ps_bit_why),
	PS_RANGE(page_size, "SIZE(page)", 16, 1024,
		 "struct page is a few dozen bytes"),
	PS_RANGE(zone_size, "SIZE(zone)", 1, 16 << 20, ps_size_why),
	PS_RANGE(pglist_data_size, "SIZE(pglist_data)", 1, 16 << 20, ps_size_why),
	PS_RANGE(free_area_size, "SIZE(free_area)", 1, 16 << 20, ps_size_why),
	PS_RANGE(mem_section_size, "SIZE(mem_section)", 1, 4096,
		 "a memory section descriptor is a few words"),
	PS_RANGE(node_data_length, "LENGTH(node_data)", 1, 1024,
		 "x86_64 has 1 to 1024 NUMA nodes"),
};

static struct ps_error *ps_impossible(const char *name, int64_t value,
				      const char *why)
{
	return ps_error_create(PS_ERR_CORRUPT,
			       "damaged dump: %s=%" PRId64 " is impossible (%s)",
			       name, value, why);
}

static struct ps_error *ps_check_ranges(const struct ps_layout *L)
{
	for (size_t i = 0; i < sizeof(ps_ranges) / sizeof(ps_ranges[0]); i++) {
		const struct ps_range *r = &ps_ranges[i];
		const struct ps_lval *v =
			(const struct ps_lval *)((const char *)L + r->field);

		if (v->present && (v->value < r->lo || v->value > r->hi))
			return ps_impossible(r->name, v->value, r->why);
	}
	return NULL;
}

static struct ps_error *ps_check_paging(const struct ps_paging *p)
{
	if (p->page_shift < 12 || p->page_shift > 16)
		return ps_impossible("page shift", p->page_shift,
				     "pages are 4 KiB to 64 KiB");
	if (p->pmd_shift <= p->page_shift || p->pud_shift <= p->pmd_shift ||
	    p->pud_shift > 48)
		return ps_impossible("PUD shift", p->pud_shift,
				     "page-table levels grow from the page up to 2^48");
	return NULL;
}

/*
 * NR_SECTION_ROOTS: the 2^(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) sections
 * in roots of a page (SPARSEMEM_EXTREME) or of the array's element.
 */
static struct ps_error *ps_check_roots(const struct ps_layout *L,
				       const struct ps_paging *paging)
{
	const struct ps_lval *roots = &L->mem_section_roots;
	bool extreme = !L->var_mem_section.present ||
		       !L->var_mem_section.nr_elems;
	int64_t sections, per_root;

	if (!roots->present || !L->section_size_bits.present ||
	    !L->max_physmem_bits.present || !L->mem_section_size.present)
		return NULL;
	sections = INT64_C(1) << (L->max_physmem_bits.value -
				  L->section_size_bits.value);
	per_root = (extreme ? INT64_C(1) << paging->page_shift
			    : (int64_t)L->var_mem_section.elem_size) /
		   L->mem_section_size.value;
	if (per_root < 1)
		per_root = 1;
	if (roots->value >= 1 && roots->value <= (sections + per_root - 1) / per_root)
		return NULL;
	return ps_impossible("LENGTH(mem_section)", roots->value,
			     "1 up to NR_SECTION_ROOTS, the roots the memory sections need");
}

static struct ps_error *ps_check_arrays(const struct ps_layout *L)
{
	if (L->zone_free_area.present && L->zone_free_area.nr_elems > 32)
		return ps_impossible("LENGTH(zone.free_area)",
				     L->zone_free_area.nr_elems,
				     "a zone has 1 to 32 free-area orders");
	if (L->pgdat_node_zones.present && L->pgdat_node_zones.nr_elems > 16)
		return ps_impossible("LENGTH(pglist_data.node_zones)",
				     L->pgdat_node_zones.nr_elems,
				     "a node has at most a handful of zones");
	if (L->free_area_free_list.present &&
	    L->free_area_free_list.nr_elems > 16)
		return ps_impossible("LENGTH(free_area.free_list)",
				     L->free_area_free_list.nr_elems,
				     "there are 1 to 16 migratetypes");
	return NULL;
}

struct ps_error *ps_layout_check(const struct ps_layout *L,
				 const struct ps_paging *paging)
{
	struct ps_error *err = ps_check_paging(paging);

	if (err)
		return err;
	err = ps_check_ranges(L);
	if (err)
		return err;
	err = ps_check_roots(L, paging);
	if (err)
		return err;
	return ps_check_arrays(L);
}
