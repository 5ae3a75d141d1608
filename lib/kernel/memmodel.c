// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "layout/buf.h"
#include "base/text.h"
#include "kernel/memmodel.h"
#include "kernel/memmodel_check.h"
#include "target/target.h"

/* ------------------------------------------------------------------ */
/* SPARSEMEM sections                                                 */
/* ------------------------------------------------------------------ */

struct ps_section_geometry {
	uint64_t nr_roots;
	uint64_t per_root;
	uint64_t entry_size;
	uint64_t map_mask;	/* SECTION_MAP_MASK */
	uint64_t present_bit;	/* SECTION_MARKED_PRESENT */
	uint64_t has_mem_map_bit;
	uint64_t online_bit;	/* 0: every present section counts as online */
	bool extreme;		/* mem_section is a pointer to root pointers */
	bool flags_by_alignment;	/* no SECTION_*_BIT enum: see below */
};

static struct ps_error *ps_missing(const char *what)
{
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "this kernel's layout lacks %s (not SPARSEMEM x86_64?)",
			       what);
}

/*
 * Before v5.17 the SECTION_* flags are #defines that no type info or
 * VMCOREINFO carries. The kernel keeps them below the alignment of the
 * encoded map (mem_map minus the section's first pfn, include/linux/
 * mmzone.h): a page-aligned array minus a multiple of PAGES_PER_SECTION
 * struct pages. So the map is the stored word with those low bits
 * cleared, and a section has a map when that is not 0 (sparse_remove_
 * section() stores 0). Which low bit means online is not knowable: every
 * section with a map counts as online.
 */
static void ps_section_flags_by_alignment(const struct ps_layout *L,
					  unsigned page_shift,
					  unsigned section_shift,
					  struct ps_section_geometry *g)
{
	uint64_t page_struct = (uint64_t)L->page_size.value;
	uint64_t align = 1ULL << page_shift;

	if (section_shift < 64 && page_struct &&
	    (page_struct << section_shift) < align)
		align = page_struct << section_shift;
	/* Alignment of a product: its lowest set bit. */
	align &= ~(align - 1);
	g->map_mask = ~(align - 1);
	g->flags_by_alignment = true;
}

static struct ps_error *ps_section_geometry(const struct ps_target *t,
					    unsigned section_shift,
					    struct ps_section_geometry *g)
{
	const struct ps_layout *L = &t->layout;

	if (!L->mem_section_size.present || !L->mem_section_mem_map.present ||
	    !L->mem_section_roots.present || !L->page_size.present)
		return ps_missing("SPARSEMEM's mem_section");
	g->entry_size = (uint64_t)L->mem_section_size.value;
	g->nr_roots = (uint64_t)L->mem_section_roots.value;
	/* SPARSEMEM_EXTREME: "struct mem_section **mem_section". */
	g->extreme = !L->var_mem_section.present ||
		     !L->var_mem_section.nr_elems;
	if (g->extreme)
		g->per_root = (1ULL << t->paging.page_shift) / g->entry_size;
	else
		g->per_root = L->var_mem_section.elem_size / g->entry_size;
	if (!L->section_map_last_bit.present ||
	    !L->section_marked_present_bit.present) {
		ps_section_flags_by_alignment(L, t->paging.page_shift,
					      section_shift, g);
		return NULL;
	}
	g->map_mask = ~((1ULL << L->section_map_last_bit.value) - 1);
	g->present_bit = 1ULL << L->section_marked_present_bit.value;
	g->has_mem_map_bit = L->section_has_mem_map_bit.present
				     ? 1ULL << L->section_has_mem_map_bit.value
				     : 0;
	g->online_bit = L->section_is_online_bit.present
				? 1ULL << L->section_is_online_bit.value
				: 0;
	return NULL;
}

/* mem_section, or under SPARSEMEM_EXTREME the root array it points to. */
static struct ps_error *ps_mem_section_base(struct ps_target *t,
					    const struct ps_section_geometry *g,
					    uint64_t *ret)
{
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_mem_section,
				    "mem_section", ret);
	if (err || !g->extreme)
		return err;
	return ps_target_read_u64(t, *ret, ret);
}

static struct ps_error *ps_read_roots(struct ps_target *t,
				      const struct ps_section_geometry *g,
				      uint64_t **ret)
{
	_cleanup_free_ uint64_t *roots = NULL;
	uint64_t base;
	struct ps_error *err;

	err = ps_mem_section_base(t, g, &base);
	if (err)
		return ps_error_prefix(err, "reading mem_section");
	roots = calloc(g->nr_roots, sizeof(*roots));
	if (!roots)
		return ps_error_nomem();
	for (uint64_t i = 0; i < g->nr_roots; i++)
		roots[i] = g->extreme ? 0 : base + i * g->per_root * g->entry_size;
	if (g->extreme && base) {
		err = ps_target_read(t, PS_KVADDR, base, roots,
				     g->nr_roots * sizeof(*roots));
		if (err)
			return ps_error_prefix(err, "reading the mem_section roots");
	}
	*ret = ps_steal(roots);
	return NULL;
}

static struct ps_error *ps_add_section(struct ps_memmodel *m,
				       struct ps_section s)
{
	struct ps_section *v;

	if (!(m->nr_sections & (m->nr_sections + 1)) || !m->sections) {
		v = realloc(m->sections,
			    2 * (m->nr_sections + 1) * sizeof(*v));
		if (!v)
			return ps_error_nomem();
		m->sections = v;
	}
	m->sections[m->nr_sections++] = s;
	return NULL;
}

static bool ps_section_has_map(const struct ps_section_geometry *g,
			       uint64_t raw)
{
	if (g->flags_by_alignment)
		return (raw & g->map_mask) != 0;
	return (raw & g->present_bit) &&
	       (!g->has_mem_map_bit || (raw & g->has_mem_map_bit));
}

static struct ps_error *ps_decode_root(struct ps_target *t,
				       struct ps_memmodel *m,
				       const struct ps_section_geometry *g,
				       uint64_t root_nr, const void *buf)
{
	const struct ps_layout *L = &t->layout;
	uint64_t page_size = (uint64_t)L->page_size.value;

	for (uint64_t i = 0; i < g->per_root; i++) {
		const char *e = (const char *)buf + i * g->entry_size;
		uint64_t raw = ps_get_member(e, &L->mem_section_mem_map);
		uint64_t nr = root_nr * g->per_root + i;
		struct ps_section s = { .nr = nr, .raw = raw };
		struct ps_error *err;

		if (!ps_section_has_map(g, raw))
			continue;
		/* The map is stored minus the section's first pfn. */
		s.memmap = (raw & g->map_mask) +
			   (nr << m->section_shift) * page_size;
		if (L->mem_section_usage.present)
			s.usage = ps_get_member(e, &L->mem_section_usage);
		if (L->mem_section_page_ext.present)
			s.page_ext = ps_get_member(e, &L->mem_section_page_ext);
		s.online = !g->online_bit || (raw & g->online_bit);
		err = ps_add_section(m, s);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_read_sections(struct ps_target *t,
					 struct ps_memmodel *m)
{
	struct ps_section_geometry g = { 0 };
	_cleanup_free_ uint64_t *roots = NULL;
	_cleanup_free_ void *buf = NULL;
	struct ps_error *err = ps_section_geometry(t, m->section_shift, &g);

	if (err)
		return err;
	m->section_online_known = g.online_bit != 0;
	err = ps_read_roots(t, &g, &roots);
	if (err)
		return err;
	buf = malloc(g.per_root * g.entry_size);
	if (!buf)
		return ps_error_nomem();
	for (uint64_t r = 0; r < g.nr_roots; r++) {
		if (!roots[r])
			continue;
		err = ps_target_read(t, PS_KVADDR, roots[r], buf,
				     g.per_root * g.entry_size);
		if (err)
			return ps_error_prefix(err, "reading mem_section root %llu",
					       (unsigned long long)r);
		err = ps_decode_root(t, m, &g, r, buf);
		if (err)
			return err;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Nodes and zones                                                    */
/* ------------------------------------------------------------------ */

/*
 * The zone's __percpu struct per_cpu_pages: zone->per_cpu_pageset, or
 * before v5.14 (per_cpu_pageset split into pages and zonestats) the pcp
 * inside zone->pageset. A per-cpu pointer plus an offset is the member's
 * per-cpu pointer.
 */
static uint64_t ps_zone_pcp(const struct ps_layout *L, const void *zone)
{
	uint64_t pageset;

	if (L->zone_per_cpu_pageset.present)
		return ps_get_member(zone, &L->zone_per_cpu_pageset);
	if (!L->zone_pageset.present || !L->pageset_pcp.present)
		return 0;
	pageset = ps_get_member(zone, &L->zone_pageset);
	return pageset ? pageset + ps_off(&L->pageset_pcp) : 0;
}

static struct ps_error *ps_read_zone(struct ps_target *t, struct ps_zone *z,
				     void *buf)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	err = ps_target_read(t, PS_KVADDR, z->addr, buf,
			     (size_t)L->zone_size.value);
	if (err)
		return ps_error_prefix(err, "reading zone %d of node %d",
				       z->zid, z->nid);
	z->start_pfn = ps_get_member(buf, &L->zone_start_pfn);
	z->spanned = ps_get_member(buf, &L->zone_spanned_pages);
	z->present = ps_get_member(buf, &L->zone_present_pages);
	if (L->zone_managed_pages.present)
		z->managed = ps_get_member(buf, &L->zone_managed_pages);
	z->pcp = ps_zone_pcp(L, buf);
	z->nr_free_pages = -1;
	if (L->zone_vm_stat.present && L->nr_free_pages.present &&
	    (uint64_t)L->nr_free_pages.value < L->zone_vm_stat.nr_elems)
		z->nr_free_pages = (int64_t)ps_get_elem(
			buf, &L->zone_vm_stat, (uint64_t)L->nr_free_pages.value);
	err = ps_target_read_string(t, ps_get_member(buf, &L->zone_name),
				    z->name, sizeof(z->name));
	if (!err && !ps_text_printable(z->name, strlen(z->name)))
		err = ps_error_create(PS_ERR_CORRUPT,
				      "damaged dump: the name is not text");
	return ps_error_prefix(err, "reading the name of zone %d of node %d",
			       z->zid, z->nid);
}

static struct ps_error *ps_read_node(struct ps_target *t, struct ps_memmodel *m,
				     struct ps_node *n, void *buf)
{
	const struct ps_layout *L = &t->layout;
	size_t nr = L->pgdat_node_zones.nr_elems;
	struct ps_zone *zones;
	struct ps_error *err;

	err = ps_target_read(t, PS_KVADDR, n->pgdat, buf,
			     (size_t)L->pglist_data_size.value);
	if (err)
		return ps_error_prefix(err, "reading node %d", n->nid);
	n->start_pfn = ps_get_member(buf, &L->pgdat_node_start_pfn);
	n->spanned = ps_get_member(buf, &L->pgdat_node_spanned_pages);
	n->present = ps_get_member(buf, &L->pgdat_node_present_pages);
	zones = realloc(m->zones, (m->nr_zones + nr) * sizeof(*zones));
	if (!zones)
		return ps_error_nomem();
	m->zones = zones;
	n->first_zone = m->nr_zones;
	n->nr_zones = nr;
	for (size_t i = 0; i < nr; i++) {
		struct ps_zone *z = &m->zones[m->nr_zones++];

		memset(z, 0, sizeof(*z));
		z->nid = n->nid;
		z->zid = (int)i;
		z->addr = n->pgdat + (uint64_t)L->pgdat_node_zones.value +
			  i * L->pgdat_node_zones.elem_size;
		err = ps_read_zone(t, z, buf);
		if (err)
			return err;
	}
	return NULL;
}

/* node_online_map where that symbol exists, else node_states[N_ONLINE]. */
static struct ps_error *ps_online_map_addr(struct ps_target *t, uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_node_online_map,
				    "node_online_map", ret);
	if (!ps_error_is(err, PS_ERR_NO_SYMBOL) || !L->sym_node_states.present ||
	    !L->n_online.present || !L->nodemask_size.present)
		return err;
	ps_error_destroy(err);
	err = ps_target_symbol_addr(t, &L->sym_node_states, "node_states", ret);
	if (err)
		return err;
	*ret += (uint64_t)L->n_online.value * (uint64_t)L->nodemask_size.value;
	return NULL;
}

static struct ps_error *ps_online_nodes(struct ps_target *t,
					uint64_t *mask, size_t words)
{
	uint64_t addr;
	struct ps_error *err = ps_online_map_addr(t, &addr);

	if (err)
		return ps_error_prefix(err, "reading the online node mask");
	err = ps_target_read(t, PS_KVADDR, addr, mask, words * sizeof(*mask));
	return ps_error_prefix(err, "reading the online node mask");
}

/* The online node mask and node_data[]. */
static struct ps_error *ps_read_node_data(struct ps_target *t, uint64_t *mask,
					  size_t words, uint64_t *pgdats,
					  size_t max_nodes)
{
	uint64_t base;
	struct ps_error *err = ps_online_nodes(t, mask, words);

	if (err)
		return err;
	err = ps_target_symbol_addr(t, &t->layout.sym_node_data, "node_data",
				    &base);
	if (err)
		return err;
	return ps_target_read(t, PS_KVADDR, base, pgdats,
			      max_nodes * sizeof(*pgdats));
}

static struct ps_error *ps_read_nodes(struct ps_target *t,
				      struct ps_memmodel *m)
{
	const struct ps_layout *L = &t->layout;
	size_t max_nodes = (size_t)L->node_data_length.value;
	size_t words = (max_nodes + 63) / 64;
	_cleanup_free_ uint64_t *mask = calloc(words, sizeof(*mask));
	_cleanup_free_ uint64_t *pgdats = calloc(max_nodes, sizeof(*pgdats));
	_cleanup_free_ void *buf = malloc((size_t)(
		L->pglist_data_size.value > L->zone_size.value
			? L->pglist_data_size.value
			: L->zone_size.value));
	struct ps_error *err;

	m->nodes = calloc(max_nodes, sizeof(*m->nodes));
	if (!mask || !pgdats || !buf || !m->nodes)
		return ps_error_nomem();
	err = ps_read_node_data(t, mask, words, pgdats, max_nodes);
	if (err)
		return err;
	for (size_t nid = 0; nid < max_nodes; nid++) {
		struct ps_node *n = &m->nodes[m->nr_nodes];

		if (!(mask[nid / 64] & (1ULL << (nid % 64))) || !pgdats[nid])
			continue;
		n->nid = (int)nid;
		n->pgdat = pgdats[nid];
		m->nr_nodes++;
		err = ps_read_node(t, m, n, buf);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_check_node_layout(const struct ps_target *t)
{
	const struct ps_layout *L = &t->layout;

	if (!L->sym_node_data.present || !L->node_data_length.present ||
	    !L->pglist_data_size.present || !L->pgdat_node_zones.present ||
	    !L->zone_size.present || !L->zone_start_pfn.present ||
	    !L->zone_name.present || !L->page_size.present)
		return ps_missing("node_data[] and struct zone (a NUMA kernel's layout)");
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Zone and node in page->flags                                       */
/* ------------------------------------------------------------------ */

static unsigned ps_order_base_2(uint64_t n)
{
	unsigned order = 0;

	while ((1ULL << order) < n)
		order++;
	return order;
}

/*
 * page->flags packs, from the top: section (only without VMEMMAP), node,
 * zone. The widths are ilog2(MAX_NUMNODES) (node_data[]'s length) and
 * order_base_2(MAX_NR_ZONES). The derivation is checked against the
 * first page of every populated zone before it is trusted.
 */
static void ps_derive_flag_fields(const struct ps_target *t,
				  struct ps_memmodel *m)
{
	const struct ps_layout *L = &t->layout;
	unsigned bits = 8 * (unsigned)L->page_flags.size;

	if (!L->max_nr_zones.present || !bits)
		return;
	m->nodes_width = ps_order_base_2((uint64_t)L->node_data_length.value);
	m->zones_width = ps_order_base_2((uint64_t)L->max_nr_zones.value);
	m->nodes_shift = bits - m->nodes_width;
	m->zones_shift = m->nodes_shift - m->zones_width;
	m->flags_have_node = m->flags_have_zone = true;
}

static bool ps_zone_matches_flags(const struct ps_memmodel *m,
				  const struct ps_zone *z, uint64_t flags)
{
	uint64_t zid = (flags >> m->zones_shift) & ((1ULL << m->zones_width) - 1);
	uint64_t nid = m->nodes_width
			       ? (flags >> m->nodes_shift) &
					 ((1ULL << m->nodes_width) - 1)
			       : 0;

	return zid == (uint64_t)z->zid && nid == (uint64_t)z->nid;
}

static void ps_verify_flag_fields(struct ps_target *t, struct ps_memmodel *m)
{
	const struct ps_layout *L = &t->layout;

	for (size_t i = 0; i < m->nr_zones && m->flags_have_zone; i++) {
		const struct ps_zone *z = &m->zones[i];
		uint64_t addr = ps_memmodel_page_addr(
			m, (uint64_t)L->page_size.value, z->start_pfn);
		uint64_t flags;
		struct ps_error *err;

		if (!z->present || !addr)
			continue;
		err = ps_target_read_u64(t, addr + ps_off(&L->page_flags),
					 &flags);
		if (err || !ps_zone_matches_flags(m, z, flags))
			m->flags_have_zone = m->flags_have_node = false;
		ps_error_destroy(err);
	}
}

/* ------------------------------------------------------------------ */
/* The model                                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_pageblock_order(struct ps_target *t,
					   struct ps_memmodel *m)
{
	uint64_t addr;
	uint32_t order;
	struct ps_error *err;

	/* Only CONFIG_HUGETLB_PAGE_SIZE_VARIABLE kernels have a variable... */
	if (t->layout.sym_pageblock_order.present) {
		err = ps_target_symbol_addr(t, &t->layout.sym_pageblock_order,
					    "pageblock_order", &addr);
		if (err)
			return err;
		err = ps_target_read_u32(t, addr, &order);
		if (err)
			return err;
		if (order > m->section_shift)
			return ps_error_create(PS_ERR_CORRUPT,
					       "damaged dump: pageblock_order=%u is impossible (a pageblock is at most a memory section)",
					       order);
		m->pageblock_order = order;
		return NULL;
	}
	/* ...the others use the PMD-sized huge page's order. */
	m->pageblock_order = t->paging.pmd_shift - t->paging.page_shift;
	return NULL;
}

static void ps_memmodel_finish(struct ps_target *t, struct ps_memmodel *m)
{
	for (size_t i = 0; i < m->nr_nodes; i++) {
		uint64_t end = m->nodes[i].start_pfn + m->nodes[i].spanned;

		if (end > m->max_pfn)
			m->max_pfn = end;
	}
	m->pud_order = t->paging.pud_shift - t->paging.page_shift;
	ps_derive_flag_fields(t, m);
	ps_verify_flag_fields(t, m);
}

PS_DEFINE_CLEANUP(struct ps_memmodel, ps_memmodel_destroy)

static struct ps_error *ps_memmodel_build(struct ps_target *t,
					  struct ps_memmodel **ret)
{
	_cleanup_(ps_memmodel_destroyp) struct ps_memmodel *m =
		calloc(1, sizeof(*m));
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	if (!m)
		return ps_error_nomem();
	m->page_shift = t->paging.page_shift;
	err = ps_check_node_layout(t);
	if (err)
		return err;
	if (!L->section_size_bits.present)
		return ps_missing("SECTION_SIZE_BITS in VMCOREINFO");
	m->section_shift = (unsigned)L->section_size_bits.value - m->page_shift;
	m->pages_per_section = 1ULL << m->section_shift;
	err = ps_read_sections(t, m);
	if (err)
		return err;
	err = ps_read_nodes(t, m);
	if (err)
		return err;
	err = ps_memmodel_check(t, m);
	if (err)
		return err;
	err = ps_pageblock_order(t, m);
	if (err)
		return err;
	ps_memmodel_finish(t, m);
	*ret = ps_steal(m);
	return NULL;
}

static void ps_memmodel_free(void *m)
{
	ps_memmodel_destroy(m);
}

struct ps_error *ps_memmodel_get(struct ps_target *t,
				 const struct ps_memmodel **ret)
{
	struct ps_memmodel *m = ps_target_slot(t, PS_SLOT_MEMMODEL);
	struct ps_error *err;

	if (!m) {
		err = ps_memmodel_build(t, &m);
		if (err)
			return err;
		ps_target_slot_set(t, PS_SLOT_MEMMODEL, m, ps_memmodel_free);
	}
	*ret = m;
	return NULL;
}

void ps_memmodel_destroy(struct ps_memmodel *m)
{
	if (!m)
		return;
	free(m->nodes);
	free(m->zones);
	free(m->sections);
	free(m);
}

const struct ps_section *ps_memmodel_section(const struct ps_memmodel *m,
					     uint64_t pfn)
{
	uint64_t nr = pfn >> m->section_shift;
	size_t lo = 0, hi = m->nr_sections;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->sections[mid].nr == nr)
			return &m->sections[mid];
		if (m->sections[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint64_t ps_memmodel_page_addr(const struct ps_memmodel *m, uint64_t page_size,
			       uint64_t pfn)
{
	const struct ps_section *s = ps_memmodel_section(m, pfn);

	if (!s)
		return 0;
	return s->memmap + (pfn & (m->pages_per_section - 1)) * page_size;
}

const struct ps_zone *ps_memmodel_zone_of_pfn(const struct ps_memmodel *m,
					      uint64_t pfn)
{
	for (size_t i = 0; i < m->nr_zones; i++) {
		const struct ps_zone *z = &m->zones[i];

		if (z->spanned && pfn >= z->start_pfn &&
		    pfn < z->start_pfn + z->spanned)
			return z;
	}
	return NULL;
}

const struct ps_zone *ps_memmodel_zone_of_page(const struct ps_memmodel *m,
					       uint64_t pfn, uint64_t flags)
{
	uint64_t zid, nid;

	if (!m->flags_have_zone)
		return ps_memmodel_zone_of_pfn(m, pfn);
	zid = (flags >> m->zones_shift) & ((1ULL << m->zones_width) - 1);
	nid = m->nodes_width ? (flags >> m->nodes_shift) &
				       ((1ULL << m->nodes_width) - 1)
			     : 0;
	for (size_t i = 0; i < m->nr_nodes; i++) {
		const struct ps_node *n = &m->nodes[i];

		if ((uint64_t)n->nid == nid && zid < n->nr_zones)
			return &m->zones[n->first_zone + zid];
	}
	return ps_memmodel_zone_of_pfn(m, pfn);
}

int ps_memmodel_zone_index(const struct ps_memmodel *m, unsigned nid,
			   unsigned zid)
{
	for (size_t i = 0; i < m->nr_nodes; i++) {
		const struct ps_node *n = &m->nodes[i];

		if ((unsigned)n->nid == nid && zid < n->nr_zones)
			return (int)(n->first_zone + zid);
	}
	return -1;
}

bool ps_memmodel_addr_pfn(const struct ps_memmodel *m, uint64_t page_size,
			  uint64_t addr, uint64_t *pfn_ret,
			  uint64_t *offset_ret)
{
	uint64_t len = m->pages_per_section * page_size;
	size_t lo = 0, hi = m->nr_sections;

	if (!page_size)
		return false;
	/* Under VMEMMAP, memory maps ascend with the section number. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ps_section *s = &m->sections[mid];

		if (addr < s->memmap) {
			hi = mid;
		} else if (addr >= s->memmap + len) {
			lo = mid + 1;
		} else {
			*pfn_ret = (s->nr << m->section_shift) +
				   (addr - s->memmap) / page_size;
			*offset_ret = (addr - s->memmap) % page_size;
			return true;
		}
	}
	return false;
}

bool ps_memmodel_page_pfn(const struct ps_memmodel *m, uint64_t page_size,
			  uint64_t addr, uint64_t *pfn_ret)
{
	uint64_t offset;

	return ps_memmodel_addr_pfn(m, page_size, addr, pfn_ret, &offset) &&
	       !offset;
}
