// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/target.h"
#include "walk/cma.h"

static bool ps_cma_single(const struct ps_layout *L)
{
	return L->cma_base_pfn.present && L->cma_count.present;
}

static bool ps_cma_multi(const struct ps_layout *L)
{
	return L->cma_ranges.present && L->cma_nranges.present &&
	       L->cma_ranges.elem_size && L->cma_memrange_base_pfn.present &&
	       L->cma_memrange_count.present;
}

static struct ps_error *ps_cma_add(struct ps_cma_areas *a, uint64_t start,
				   uint64_t nr, uint64_t max_pfn,
				   const char *name)
{
	struct ps_cma_area *v;

	if (start >= max_pfn || nr > max_pfn - start)
		return ps_error_create(PS_ERR_CORRUPT, "CMA area %s: pfns %#" PRIx64 "+%#" PRIx64 " beyond memory",
				       name, start, nr);
	v = realloc(a->v, (a->nr + 1) * sizeof(*v));
	if (!v)
		return ps_error_nomem();
	a->v = v;
	v[a->nr].start_pfn = start;
	v[a->nr].nr_pages = nr;
	snprintf(v[a->nr].name, sizeof(v[a->nr].name), "%s", name);
	a->nr++;
	return NULL;
}

/* One pfn range at @p at: base_pfn and count members at @p base, @p count. */
static struct ps_error *ps_cma_range(struct ps_target *t, uint64_t at,
				     const struct ps_lval *base,
				     const struct ps_lval *count, uint64_t max_pfn,
				     const char *name, struct ps_cma_areas *a)
{
	uint64_t start, nr;
	struct ps_error *err = ps_target_read_u64(t, at + ps_off(base), &start);

	if (err)
		return err;
	err = ps_target_read_u64(t, at + ps_off(count), &nr);
	if (err)
		return err;
	return ps_cma_add(a, start, nr, max_pfn, name);
}

/* v6.15+: ranges[nranges] of struct cma_memrange. */
static struct ps_error *ps_cma_ranges(struct ps_target *t, uint64_t cma,
				      uint64_t max_pfn, const char *name,
				      struct ps_cma_areas *a)
{
	const struct ps_layout *L = &t->layout;
	uint32_t nr;
	struct ps_error *err = ps_target_read_u32(t, cma + ps_off(&L->cma_nranges), &nr);

	if (err)
		return err;
	if (nr > L->cma_ranges.nr_elems)
		return ps_error_create(PS_ERR_CORRUPT, "CMA area %s: nranges %u of %u",
				       name, nr, L->cma_ranges.nr_elems);
	for (uint32_t i = 0; i < nr; i++) {
		err = ps_cma_range(t, cma + ps_off(&L->cma_ranges) + i * L->cma_ranges.elem_size,
				   &L->cma_memrange_base_pfn, &L->cma_memrange_count,
				   max_pfn, name, a);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_cma_area_read(struct ps_target *t, uint64_t cma,
					 uint64_t max_pfn, struct ps_cma_areas *a)
{
	const struct ps_layout *L = &t->layout;
	char name[64] = "";
	size_t len = L->cma_name.size < sizeof(name) ? L->cma_name.size : sizeof(name) - 1;
	struct ps_error *err = ps_target_read(t, PS_KVADDR, cma + ps_off(&L->cma_name),
					      name, len);

	if (err)
		return err;
	name[len] = '\0';
	for (char *c = name; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			*c = '?';
	if (ps_cma_multi(L))
		return ps_cma_ranges(t, cma, max_pfn, name, a);
	return ps_cma_range(t, cma, &L->cma_base_pfn, &L->cma_count, max_pfn, name, a);
}

static struct ps_error *ps_cma_read(struct ps_target *t, uint64_t max_pfn,
				    struct ps_cma_areas *a)
{
	const struct ps_layout *L = &t->layout;
	uint64_t areas, count_sym;
	uint32_t count;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_cma_areas, "cma_areas", &areas);
	if (err)
		return err;
	err = ps_target_symbol_addr(t, &L->sym_cma_area_count, "cma_area_count", &count_sym);
	if (err)
		return err;
	err = ps_target_read_u32(t, count_sym, &count);
	if (err)
		return err;
	if (count > L->var_cma_areas.nr_elems)
		return ps_error_create(PS_ERR_CORRUPT, "cma_area_count %u: cma_areas[] has %u",
				       count, L->var_cma_areas.nr_elems);
	for (uint32_t i = 0; i < count; i++) {
		err = ps_cma_area_read(t, areas + i * (uint64_t)L->cma_size.value, max_pfn, a);
		if (err)
			return ps_error_prefix(err, "cma_areas[%u]", i);
	}
	return NULL;
}

struct ps_error *ps_cma_areas_read(struct ps_target *t, uint64_t max_pfn,
				   struct ps_cma_areas *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!L->sym_cma_areas.present)
		return NULL;
	if (!L->sym_cma_area_count.present || !L->var_cma_areas.nr_elems ||
	    !L->cma_size.present || !L->cma_name.present ||
	    !(ps_cma_single(L) || ps_cma_multi(L)))
		return ps_error_create(PS_ERR_NO_TYPE, "CMA areas: no cma_area_count or struct cma's name and ranges in this kernel's layout");
	err = ps_cma_read(t, max_pfn, ret);
	if (err) {
		free(ret->v);
		memset(ret, 0, sizeof(*ret));
	}
	return err;
}

const struct ps_cma_area *ps_cma_area_find(const struct ps_cma_areas *a,
					   uint64_t pfn)
{
	for (size_t i = 0; i < a->nr; i++)
		if (pfn - a->v[i].start_pfn < a->v[i].nr_pages)
			return &a->v[i];
	return NULL;
}
