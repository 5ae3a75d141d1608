// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "target/target.h"
#include "walk/memblock.h"

/* Far more regions than memblock ever holds (it doubles from 128). */
enum { PS_MAX_MEMBLOCK_REGIONS = 1 << 20 };

static bool ps_memblock_layout(const struct ps_layout *L)
{
	return L->sym_memblock.present && L->memblock_reserved.present &&
	       L->memblock_type_cnt.present && L->memblock_type_regions.present &&
	       L->memblock_region_size.present && L->memblock_region_base.present &&
	       L->memblock_region_rsize.present;
}

/* memblock in init data (no CONFIG_MEMORY_HOTPLUG nor ARCH_KEEP_MEMBLOCK). */
static bool ps_memblock_in_init(struct ps_target *t, uint64_t addr)
{
	const struct ps_layout *L = &t->layout;
	uint64_t begin, end;
	struct ps_error *err;

	if (!L->sym_init_begin.present || !L->sym_init_end.present)
		return false;
	err = ps_target_symbol_addr(t, &L->sym_init_begin, "__init_begin", &begin);
	if (err) {
		ps_error_destroy(err);
		return false;
	}
	err = ps_target_symbol_addr(t, &L->sym_init_end, "__init_end", &end);
	if (err) {
		ps_error_destroy(err);
		return false;
	}
	return addr >= begin && addr < end;
}

/* Whether the kernel kept the array at @p regions valid after boot. */
static struct ps_error *ps_memblock_kept(struct ps_target *t, uint64_t memblock,
					 uint64_t regions)
{
	const struct ps_layout *L = &t->layout;
	uint64_t init;
	struct ps_error *err;

	if (ps_memblock_in_init(t, memblock))
		return ps_error_create(PS_ERR_UNSUPPORTED, "memblock is init data, freed after boot");
	if (!L->sym_memblock_discard.present)
		return NULL;	/* CONFIG_ARCH_KEEP_MEMBLOCK */
	if (!L->sym_memblock_reserved_init_regions.present)
		return ps_error_create(PS_ERR_UNSUPPORTED, "memblock_discard() frees a resized array and no memblock_reserved_init_regions tells whether it did");
	err = ps_target_symbol_addr(t, &L->sym_memblock_reserved_init_regions,
				    "memblock_reserved_init_regions", &init);
	if (err)
		return err;
	if (regions != init || ps_memblock_in_init(t, init))
		return ps_error_create(PS_ERR_UNSUPPORTED, "memblock.reserved's array was freed after boot by memblock_discard() (no CONFIG_ARCH_KEEP_MEMBLOCK)");
	return NULL;
}

static struct ps_error *ps_memblock_regions(struct ps_target *t, uint64_t regions,
					    uint64_t cnt, uint64_t page_bytes,
					    uint64_t max_pfn,
					    struct ps_memblock_reserved *r)
{
	const struct ps_layout *L = &t->layout;
	uint64_t stride = (uint64_t)L->memblock_region_size.value, base, size;
	struct ps_error *err;

	r->v = calloc(cnt ? cnt : 1, sizeof(*r->v));
	if (!r->v)
		return ps_error_nomem();
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t at = regions + i * stride;

		err = ps_target_read_u64(t, at + ps_off(&L->memblock_region_base), &base);
		if (err)
			return err;
		err = ps_target_read_u64(t, at + ps_off(&L->memblock_region_rsize), &size);
		if (err)
			return err;
		if (base / page_bytes >= max_pfn || size / page_bytes > max_pfn)
			return ps_error_create(PS_ERR_CORRUPT, "memblock.reserved[%" PRIu64 "]: %#" PRIx64 "+%#" PRIx64 " beyond memory",
					       i, base, size);
		/* Sorted and disjoint, or the lookup would be wrong. */
		if (r->nr && base / page_bytes < r->v[r->nr - 1].start)
			return ps_error_create(PS_ERR_CORRUPT, "memblock.reserved[%" PRIu64 "]: %#" PRIx64 " below the region before",
					       i, base);
		r->v[r->nr].start = base / page_bytes;
		r->v[r->nr].end = (base + size + page_bytes - 1) / page_bytes;
		r->nr++;
	}
	return NULL;
}

struct ps_error *ps_memblock_reserved_read(struct ps_target *t,
					   uint64_t page_bytes, uint64_t max_pfn,
					   struct ps_memblock_reserved *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t memblock, type, cnt, regions;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!ps_memblock_layout(L))
		return ps_error_create(PS_ERR_NO_TYPE, "no memblock or struct memblock_region in this kernel's layout");
	err = ps_target_symbol_addr(t, &L->sym_memblock, "memblock", &memblock);
	if (err)
		return err;
	type = memblock + ps_off(&L->memblock_reserved);
	err = ps_target_read_u64(t, type + ps_off(&L->memblock_type_cnt), &cnt);
	if (err)
		return err;
	err = ps_target_read_u64(t, type + ps_off(&L->memblock_type_regions), &regions);
	if (err)
		return err;
	err = ps_memblock_kept(t, memblock, regions);
	if (err)
		return err;
	if (cnt > PS_MAX_MEMBLOCK_REGIONS)
		return ps_error_create(PS_ERR_CORRUPT, "memblock.reserved.cnt %" PRIu64 ": not a region count", cnt);
	err = ps_memblock_regions(t, regions, cnt, page_bytes, max_pfn, ret);
	if (err) {
		free(ret->v);
		memset(ret, 0, sizeof(*ret));
	}
	return err;
}

bool ps_memblock_reserved_has(const struct ps_memblock_reserved *r, uint64_t pfn)
{
	size_t lo = 0, hi = r->nr;

	/* memblock keeps its regions sorted and disjoint. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nr && pfn >= r->v[lo].start;
}
