// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>

#include "kernel/memmodel_check.h"
#include "target/target.h"

/* Page frames in the physical address space MAX_PHYSMEM_BITS allows. */
static uint64_t ps_max_pfns(const struct ps_target *t, unsigned *bits_ret)
{
	const struct ps_lval *bits = &t->layout.max_physmem_bits;

	*bits_ret = bits->present ? (unsigned)bits->value : 52;
	return 1ULL << (*bits_ret - t->paging.page_shift);
}

static bool ps_span_fits(uint64_t start, uint64_t len, uint64_t limit)
{
	return start <= limit && len <= limit - start;
}

static struct ps_error *ps_check_node(const struct ps_node *n,
				      uint64_t max_pfns, unsigned bits)
{
	if (!ps_span_fits(n->start_pfn, n->spanned, max_pfns))
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: node %d node_start_pfn=%#" PRIx64 " node_spanned_pages=%" PRIu64 " is impossible (it ends past the %u-bit physical address space)",
				       n->nid, n->start_pfn, n->spanned, bits);
	if (n->present > n->spanned)
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: node %d node_present_pages=%" PRIu64 " is impossible (more than its %" PRIu64 " spanned pages)",
				       n->nid, n->present, n->spanned);
	return NULL;
}

static struct ps_error *ps_check_zone(const struct ps_node *n,
				      const struct ps_zone *z)
{
	if (z->spanned &&
	    (z->start_pfn < n->start_pfn ||
	     !ps_span_fits(z->start_pfn - n->start_pfn, z->spanned, n->spanned)))
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: zone %s of node %d zone_start_pfn=%#" PRIx64 " spanned_pages=%" PRIu64 " is impossible (outside its node's pfn %#" PRIx64 "-%#" PRIx64 ")",
				       z->name, z->nid, z->start_pfn, z->spanned,
				       n->start_pfn, n->start_pfn + n->spanned);
	if (z->present > z->spanned)
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: zone %s of node %d present_pages=%" PRIu64 " is impossible (more than its %" PRIu64 " spanned pages)",
				       z->name, z->nid, z->present, z->spanned);
	if (z->managed > z->present)
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: zone %s of node %d managed_pages=%" PRIu64 " is impossible (more than its %" PRIu64 " present pages)",
				       z->name, z->nid, z->managed, z->present);
	return NULL;
}

struct ps_error *ps_memmodel_check(const struct ps_target *t,
				   const struct ps_memmodel *m)
{
	unsigned bits;
	uint64_t max_pfns = ps_max_pfns(t, &bits);
	struct ps_error *err;

	for (size_t i = 0; i < m->nr_nodes; i++) {
		const struct ps_node *n = &m->nodes[i];

		err = ps_check_node(n, max_pfns, bits);
		if (err)
			return err;
		for (size_t z = 0; z < n->nr_zones; z++) {
			err = ps_check_zone(n, &m->zones[n->first_zone + z]);
			if (err)
				return err;
		}
	}
	return NULL;
}
