// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The view API (pagescope_view.h): the map in every mode from one
 * pageblock scan, pages classified for a picture, page search, and the
 * words of the flag and page type tables, for the viewer.
 */
#include <stdlib.h>
#include <string.h>

#include "pagescope_view.h"

#include "api/view_owners.h"
#include "walk/blockscan.h"
#include "cmd/commands.h"
#include "analysis/map.h"
#include "kernel/memmodel.h"
#include "walk/page_walk.h"
#include "layout/pageflags.h"
#include "target/target.h"

/* ------------------------------------------------------------------ */
/* The map                                                            */
/* ------------------------------------------------------------------ */

enum {
	PS_VB_SKIP = 1 << 0,
	PS_VB_ISOLATE = 1 << 1,
	PS_VB_MIXED = 1 << 2,
};

/* What a pageblock's summary leaves for the status line. */
struct ps_view_block_rec {
	int16_t zone;		/* into ps_view_map.zones, -1 */
	uint8_t migratetype;
	uint8_t flags;		/* PS_VB_* */
	int8_t largest;		/* free order, -1 */
	uint32_t pages;
	uint32_t count[PS_MOV_NR];
	uint32_t hwpoison, anon_exclusive;
};

struct ps_view_zone {
	char name[16];
	int nid;
};

struct ps_view_map {
	struct ps_pageblock_bits bits;
	unsigned page_shift;
	/* One ps_map per mode, sharing rows: ps_map_cell() does the rest. */
	struct ps_map modes[PS_MAP_NR_MODES];
	struct ps_view_class classes[PS_MAP_NR_MODES][PS_MAP_MAX_CLASSES];
	/* The scan, while it runs (ps_view_map_step()). */
	struct ps_block_iter it;
	bool scanning, owners;		/* owners: the owner mode is filled */
	uint64_t done_pfn, max_pfn;
	size_t blocks_per_row, nr_rows, cap_rows;
	uint64_t *row_pfn;
	struct ps_view_block_rec *blocks;	/* [nr_rows * blocks_per_row] */
	size_t nr_zones;
	struct ps_view_zone *zones;
};

size_t ps_view_map_nr_modes(void)
{
	return PS_MAP_NR_MODES;
}

const char *ps_view_map_mode_name(size_t mode)
{
	return mode < PS_MAP_NR_MODES ? ps_map_mode_names[mode] : NULL;
}

const char *ps_view_map_mode_description(size_t mode)
{
	return mode < PS_MAP_NR_MODES ? ps_map_mode_descriptions[mode] : NULL;
}

bool ps_view_map_mode_needs_owners(size_t mode)
{
	return mode >= PS_MAP_NR_BLOCK_MODES && mode < PS_MAP_NR_MODES;
}

static struct ps_error *ps_view_map_grow(struct ps_view_map *m)
{
	size_t n = m->cap_rows ? 2 * m->cap_rows : 4;
	uint64_t *pfns = realloc(m->row_pfn, n * sizeof(*pfns));
	struct ps_view_block_rec *blocks;

	if (!pfns)
		return ps_error_nomem();
	m->row_pfn = pfns;
	blocks = realloc(m->blocks, n * m->blocks_per_row * sizeof(*blocks));
	if (!blocks)
		return ps_error_nomem();
	m->blocks = blocks;
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++) {
		uint8_t *cls = realloc(m->modes[mode].cls, n * m->blocks_per_row);

		if (!cls)
			return ps_error_nomem();
		m->modes[mode].cls = cls;
	}
	m->cap_rows = n;
	return NULL;
}

/* The row of the gigablock holding @p pfn, appended when new. */
static struct ps_error *ps_view_map_row(struct ps_view_map *m, uint64_t pfn,
					unsigned pud_order, size_t *row_ret)
{
	uint64_t first = pfn >> pud_order << pud_order;
	struct ps_view_block_rec *recs;
	struct ps_error *err;

	if (m->nr_rows && m->row_pfn[m->nr_rows - 1] == first) {
		*row_ret = m->nr_rows - 1;
		return NULL;
	}
	if (m->nr_rows == m->cap_rows && (err = ps_view_map_grow(m)))
		return err;
	m->row_pfn[m->nr_rows] = first;
	recs = m->blocks + m->nr_rows * m->blocks_per_row;
	for (size_t i = 0; i < m->blocks_per_row; i++)
		recs[i] = (struct ps_view_block_rec){ .zone = -1, .largest = -1 };
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++)
		memset(m->modes[mode].cls + m->nr_rows * m->blocks_per_row,
		       PS_MAP_HOLE, m->blocks_per_row);
	*row_ret = m->nr_rows++;
	return NULL;
}

static void ps_view_block_record(struct ps_view_block_rec *r,
				 const struct ps_block_summary *b)
{
	r->zone = (int16_t)b->zone;
	r->migratetype = b->pb.migratetype;
	r->flags = (b->pb.skip ? PS_VB_SKIP : 0) |
		   (b->pb.isolate ? PS_VB_ISOLATE : 0) |
		   (b->mixed_zones ? PS_VB_MIXED : 0);
	r->pages = b->pages;
	memcpy(r->count, b->count, sizeof(r->count));
	r->hwpoison = b->hwpoison;
	r->anon_exclusive = b->anon_exclusive;
	r->largest = -1;
	for (int o = PS_BLOCK_MAX_ORDER - 1; o >= 0; o--) {
		if (b->free_blocks[o]) {
			r->largest = (int8_t)o;
			break;
		}
	}
}

static struct ps_error *ps_view_map_add(struct ps_view_map *m,
					const struct ps_block_summary *b,
					unsigned pud_order, unsigned pb_order)
{
	size_t row = 0, col, idx;
	struct ps_error *err = ps_view_map_row(m, b->pfn, pud_order, &row);

	if (err)
		return err;
	col = (size_t)((b->pfn - m->row_pfn[row]) >> pb_order);
	idx = row * m->blocks_per_row + col;
	ps_view_block_record(&m->blocks[idx], b);
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++)
		m->modes[mode].cls[idx] =
			ps_map_classify((enum ps_map_mode)mode, &m->bits, b);
	return NULL;
}

static void ps_view_map_legends(struct ps_view_map *m)
{
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++) {
		struct ps_map_legend *l = &m->modes[mode].legend;

		ps_map_legend_init(l, (enum ps_map_mode)mode, &m->bits);
		for (size_t c = 0; c < l->nr; c++) {
			struct ps_view_class *v = &m->classes[mode][c];

			v->name = l->classes[c].name;
			v->glyph = l->classes[c].glyph;
			memcpy(v->rgb, l->classes[c].rgb, sizeof(v->rgb));
		}
	}
}

/* Zone names and nodes are copied: the map outlives its target. */
static struct ps_error *ps_view_map_zones(struct ps_view_map *m,
					  const struct ps_memmodel *model)
{
	m->zones = calloc(model->nr_zones ? model->nr_zones : 1,
			  sizeof(*m->zones));
	if (!m->zones)
		return ps_error_nomem();
	m->nr_zones = model->nr_zones;
	for (size_t i = 0; i < model->nr_zones; i++) {
		snprintf(m->zones[i].name, sizeof(m->zones[i].name), "%s",
			 model->zones[i].name);
		m->zones[i].nid = model->zones[i].nid;
	}
	return NULL;
}

static struct ps_error *ps_view_map_start(struct ps_view_map *m,
					  struct ps_block_iter *it)
{
	const struct ps_memmodel *model = it->pages.m;

	m->bits = it->bits;
	m->page_shift = model->page_shift;
	m->blocks_per_row = (size_t)1 << (model->pud_order - it->order);
	ps_view_map_legends(m);
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++) {
		m->modes[mode].mode = (enum ps_map_mode)mode;
		m->modes[mode].page_shift = model->page_shift;
		m->modes[mode].pageblock_order = it->order;
		m->modes[mode].pud_order = model->pud_order;
		m->modes[mode].blocks_per_row = m->blocks_per_row;
	}
	return ps_view_map_zones(m, model);
}

/* The rows the scan has found so far, for every mode. */
static void ps_view_map_publish(struct ps_view_map *m)
{
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++) {
		m->modes[mode].nr_rows = m->nr_rows;
		m->modes[mode].row_pfn = m->row_pfn;
	}
}

static void ps_view_map_stop(struct ps_view_map *m)
{
	if (!m->scanning)
		return;
	ps_block_iter_deinit(&m->it);
	m->scanning = false;
	m->done_pfn = m->max_pfn;
}

struct ps_error *ps_view_map_begin(struct ps_target *t,
				   struct ps_view_map **ret)
{
	struct ps_view_map *m = calloc(1, sizeof(*m));
	struct ps_error *err;

	if (!m)
		return ps_error_nomem();
	err = ps_block_iter_init(&m->it, t, 0, UINT64_MAX);
	if (err) {
		free(m);
		return ps_error_prefix(err, "scanning pageblocks for the map");
	}
	m->scanning = true;
	m->max_pfn = m->it.pages.m->max_pfn;
	err = ps_view_map_start(m, &m->it);
	if (err) {
		ps_view_map_destroy(m);
		return ps_error_prefix(err, "scanning pageblocks for the map");
	}
	*ret = m;
	return NULL;
}

/* One batch of pageblocks into the map; &ps_stop after the last. */
static struct ps_error *ps_view_map_batch(struct ps_view_map *m)
{
	const struct ps_block_summary *blocks;
	unsigned pud_order = m->it.pages.m->pud_order;
	size_t nr;
	struct ps_error *err = ps_block_iter_next(&m->it, &blocks, &nr);

	if (err)
		return err;
	for (size_t i = 0; i < nr; i++) {
		err = ps_view_map_add(m, &blocks[i], pud_order, m->it.order);
		if (err)
			return err;
	}
	if (nr)
		m->done_pfn = blocks[nr - 1].pfn;
	return NULL;
}

struct ps_error *ps_view_map_step(struct ps_view_map *m, size_t batches,
				  bool *done_ret)
{
	struct ps_error *err = NULL;

	for (size_t i = 0; m->scanning && i < batches && !err; i++)
		err = ps_view_map_batch(m);
	ps_view_map_publish(m);
	if (err == &ps_stop)
		err = NULL, ps_view_map_stop(m);
	*done_ret = !m->scanning;
	if (err)
		return ps_error_prefix(err, "scanning pageblocks for the map");
	return NULL;
}

bool ps_view_map_scanning(const struct ps_view_map *m, uint64_t *done_pfn,
			  uint64_t *max_pfn)
{
	*done_pfn = m->done_pfn;
	*max_pfn = m->max_pfn;
	return m->scanning;
}

struct ps_error *ps_view_map_create(struct ps_target *t,
				    const struct ps_view_progress *progress,
				    struct ps_view_map **ret)
{
	struct ps_view_map *m;
	bool done = false;
	struct ps_error *err = ps_view_map_begin(t, &m);

	while (!err && !done) {
		err = ps_view_map_step(m, 64, &done);
		if (progress && progress->fn)
			progress->fn(progress->arg, m->done_pfn, m->max_pfn);
	}
	if (err) {
		ps_view_map_destroy(m);
		return err;
	}
	*ret = m;
	return NULL;
}

void ps_view_map_destroy(struct ps_view_map *m)
{
	if (!m)
		return;
	ps_view_map_stop(m);
	for (int mode = 0; mode < PS_MAP_NR_MODES; mode++)
		free(m->modes[mode].cls);
	free(m->row_pfn);
	free(m->blocks);
	free(m->zones);
	free(m);
}

/* Each pageblock's class in owner mode: its dominant owner kind. */
void ps_view_map_set_owners(struct ps_view_map *m,
			    const struct ps_view_owners *o)
{
	const struct ps_owner_stats *s = ps_view_owners_stats(o);
	struct ps_map *map = &m->modes[PS_MAP_owner];
	unsigned pb_order = map->pageblock_order;
	size_t row;

	for (size_t i = 0; i < s->nr_regions; i++) {
		const struct ps_region_owners *r = &s->regions[i];

		if (!ps_view_map_find_row(m, r->pfn, &row))
			continue;	/* the block scan found no memory there */
		map->cls[row * m->blocks_per_row +
			 ((r->pfn - m->row_pfn[row]) >> pb_order)] =
			(uint8_t)(1 + r->top_kind);
	}
	m->owners = true;
}

void ps_view_map_shape(const struct ps_view_map *m,
		       struct ps_view_map_shape *ret)
{
	ret->page_shift = m->page_shift;
	ret->pageblock_order = m->modes[0].pageblock_order;
	ret->pud_order = m->modes[0].pud_order;
	ret->blocks_per_row = m->blocks_per_row;
	ret->nr_rows = m->nr_rows;
}

uint64_t ps_view_map_row_pfn(const struct ps_view_map *m, size_t row)
{
	return row < m->nr_rows ? m->row_pfn[row] : 0;
}

bool ps_view_map_find_row(const struct ps_view_map *m, uint64_t pfn,
			  size_t *row_ret)
{
	uint64_t first = pfn >> m->modes[0].pud_order << m->modes[0].pud_order;
	size_t lo = 0, hi = m->nr_rows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->row_pfn[mid] == first) {
			*row_ret = mid;
			return true;
		}
		if (m->row_pfn[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

unsigned ps_view_map_cell(const struct ps_view_map *m, size_t mode,
			  size_t row, size_t first, size_t n)
{
	if (mode >= PS_MAP_NR_MODES || row >= m->nr_rows ||
	    (ps_view_map_mode_needs_owners(mode) && !m->owners))
		return PS_MAP_HOLE;
	return ps_map_cell(&m->modes[mode], row, first, n);
}

size_t ps_view_map_nr_classes(const struct ps_view_map *m, size_t mode)
{
	return mode < PS_MAP_NR_MODES ? m->modes[mode].legend.nr : 0;
}

const struct ps_view_class *ps_view_map_class(const struct ps_view_map *m,
					      size_t mode, unsigned cls)
{
	if (mode >= PS_MAP_NR_MODES || cls >= m->modes[mode].legend.nr)
		cls = PS_MAP_HOLE, mode = 0;
	return &m->classes[mode][cls];
}

bool ps_view_map_block(const struct ps_view_map *m, size_t row, size_t col,
		       struct ps_view_block *ret)
{
	const struct ps_view_block_rec *r;
	bool has_zone;

	if (row >= m->nr_rows || col >= m->blocks_per_row)
		return false;
	r = &m->blocks[row * m->blocks_per_row + col];
	has_zone = r->zone >= 0 && (size_t)r->zone < m->nr_zones;
	*ret = (struct ps_view_block){
		.pfn = m->row_pfn[row] + ((uint64_t)col << m->modes[0].pageblock_order),
		.zone = has_zone ? m->zones[r->zone].name : "-",
		.node = has_zone ? m->zones[r->zone].nid : -1,
		.mixed_zones = r->flags & PS_VB_MIXED,
		.migratetype = ps_migratetype_name(&m->bits, r->migratetype),
		.skip = r->flags & PS_VB_SKIP,
		.isolate = r->flags & PS_VB_ISOLATE,
		.pages = r->pages,
		.free = r->count[PS_MOV_FREE],
		.idle = r->count[PS_MOV_IDLE],
		.movable = r->count[PS_MOV_MOVABLE],
		.unmovable = r->count[PS_MOV_UNMOVABLE],
		.reserved = r->count[PS_MOV_RESERVED],
		.poisoned = r->count[PS_MOV_POISONED],
		.hwpoison = r->hwpoison,
		.anon_exclusive = r->anon_exclusive,
		.largest_free_order = r->largest,
	};
	return true;
}

/* ------------------------------------------------------------------ */
/* Page classes                                                       */
/* ------------------------------------------------------------------ */

/* X(name, glyph, r, g, b, meaning): what one page is, for a picture. */
#define PS_VIEW_PAGE_CLASSES(X)                                                \
	X(none, ' ', 32, 32, 32, "no struct page: a hole in the memory map")   \
	X(unreadable, '?', 255, 255, 255, "struct page not in the dump (filtered out)") \
	X(hwpoison, 'P', 255, 40, 40, "PG_hwpoison: a hardware memory error; never used again") \
	X(reserved, 'R', 118, 42, 131, "PG_reserved: kept out of the page allocator (kernel image, firmware)") \
	X(free, '.', 26, 152, 80, "free: inside a block on a buddy free list") \
	X(idle, 'i', 102, 194, 165, "refcount 0 but not in the buddy: per-cpu list, being freed") \
	X(anon_exclusive, 'X', 33, 113, 181, "anonymous, PG_anon_exclusive: one process, no COW needed") \
	X(anon, 'a', 107, 174, 214, "anonymous, may be shared (COW on write)") \
	X(file, 'f', 158, 154, 200, "page cache: a file's page")               \
	X(movable, 'm', 69, 117, 180, "other movable: movable_ops, hugetlb, LRU") \
	X(slab, 's', 253, 174, 97, "slab: kernel objects of a kmem_cache")     \
	X(table, 't', 244, 109, 67, "page table")                              \
	X(kernel, 'k', 215, 48, 39, "other kernel memory: unmovable")

enum ps_view_page_cls {
#define PS_VPC_ENUM(name, glyph, r, g, b, meaning) PS_VPC_##name,
	PS_VIEW_PAGE_CLASSES(PS_VPC_ENUM)
#undef PS_VPC_ENUM
	PS_VPC_NR
};

static const struct ps_view_class ps_view_page_classes[PS_VPC_NR] = {
#define PS_VPC_INFO(n, gl, r, g, b, m) \
	[PS_VPC_##n] = { .name = #n, .meaning = m, .glyph = gl, .rgb = { r, g, b } },
	PS_VIEW_PAGE_CLASSES(PS_VPC_INFO)
#undef PS_VPC_INFO
};

size_t ps_view_page_nr_classes(void)
{
	return PS_VPC_NR;
}

const struct ps_view_class *ps_view_page_class(unsigned cls)
{
	return &ps_view_page_classes[cls < PS_VPC_NR ? cls : PS_VPC_none];
}

static enum ps_view_page_cls ps_view_owned_class(const struct ps_page *p)
{
	if (p->type == PS_PT_slab)
		return PS_VPC_slab;
	if (p->type == PS_PT_table)
		return PS_VPC_table;
	if (p->mapping_kind == PS_MAPPING_ANON || p->mapping_kind == PS_MAPPING_KSM)
		return (p->state & PS_PAGE_ANON_EXCLUSIVE) && !ps_page_ae_stale(p)
			       ? PS_VPC_anon_exclusive : PS_VPC_anon;
	if (p->mapping_kind == PS_MAPPING_FILE)
		return PS_VPC_file;
	return PS_VPC_kernel;
}

/* Movability first (what the allocator cares about), then the owner. */
static enum ps_view_page_cls ps_view_classify(const struct ps_page_decoder *d,
					      const struct ps_page *p)
{
	enum ps_view_page_cls owned;

	switch (ps_page_movability(d, p)) {
	case PS_MOV_HOLE:
		return PS_VPC_unreadable;
	case PS_MOV_FREE:
		return PS_VPC_free;
	case PS_MOV_POISONED:
		return PS_VPC_hwpoison;
	case PS_MOV_RESERVED:
		return PS_VPC_reserved;
	case PS_MOV_IDLE:
		return PS_VPC_idle;
	case PS_MOV_MOVABLE:
		owned = ps_view_owned_class(p);
		return owned == PS_VPC_kernel ? PS_VPC_movable : owned;
	default:
		return ps_view_owned_class(p);
	}
}

/* ------------------------------------------------------------------ */
/* Pages of a range                                                   */
/* ------------------------------------------------------------------ */

enum { PS_VIEW_MAX_PAGES = 1 << 20 };

struct ps_view_pages {
	uint64_t start, count;
	uint8_t *cls;
};

struct ps_error *ps_view_pages_create(struct ps_target *t, uint64_t start,
				      uint64_t count,
				      struct ps_view_pages **ret)
{
	struct ps_view_pages *p;
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	if (!count || count > PS_VIEW_MAX_PAGES || start + count < start)
		return ps_error_create(PS_ERR_USAGE, "%llu pages: too many to classify",
				       (unsigned long long)count);
	p = calloc(1, sizeof(*p));
	if (!p || !(p->cls = calloc(count, 1))) {
		free(p);
		return ps_error_nomem();
	}
	p->start = start;
	p->count = count;
	err = ps_page_iter_init(&it, t, start, start + count);
	if (err) {
		ps_view_pages_destroy(p);
		return err;
	}
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr; i++)
			p->cls[pages[i].pfn - start] =
				(uint8_t)ps_view_classify(&it.dec, &pages[i]);
	}
	ps_page_iter_deinit(&it);
	if (err != &ps_stop) {
		ps_view_pages_destroy(p);
		return err;
	}
	*ret = p;
	return NULL;
}

void ps_view_pages_destroy(struct ps_view_pages *p)
{
	if (!p)
		return;
	free(p->cls);
	free(p);
}

uint64_t ps_view_pages_start(const struct ps_view_pages *p)
{
	return p->start;
}

uint64_t ps_view_pages_count(const struct ps_view_pages *p)
{
	return p->count;
}

unsigned ps_view_pages_class(const struct ps_view_pages *p, uint64_t pfn)
{
	if (pfn < p->start || pfn - p->start >= p->count)
		return PS_VPC_none;
	return p->cls[pfn - p->start];
}

/* ------------------------------------------------------------------ */
/* Search                                                             */
/* ------------------------------------------------------------------ */

/* What a search tests: page state bits, a class, a type or a flag mask. */
struct ps_view_query {
	uint32_t state;
	int cls;		/* -1: any */
	int type;		/* -1: any */
	enum ps_pageflag flag;
	bool by_flag;
};

static const struct {
	const char *name;
	uint32_t bit;
} ps_view_states[] = {
	{ "hwpoison", PS_PAGE_HWPOISON },
	{ "anon_exclusive", PS_PAGE_ANON_EXCLUSIVE },
	{ "free", PS_PAGE_FREE },
	{ "head", PS_PAGE_HEAD },
	{ "tail", PS_PAGE_TAIL },
	{ "partially_mapped", PS_PAGE_PARTIALLY_MAPPED },
	{ "pmd_mapped", PS_PAGE_PMD_MAPPED },
	{ "unreadable", PS_PAGE_UNREADABLE },
};

static int ps_view_lookup(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (names[i] && !strcmp(name, names[i]))
			return (int)i;
	}
	return -1;
}

static bool ps_view_query_parse(const struct ps_target *t, const char *what,
				struct ps_view_query *q)
{
	const char *cls_names[PS_VPC_NR];
	char name[32];
	size_t i;

	for (i = 0; what[i] && i + 1 < sizeof(name); i++)
		name[i] = what[i] == '-' ? '_' : what[i];
	name[i] = '\0';
	*q = (struct ps_view_query){ .cls = -1, .type = -1 };
	for (i = 0; i < sizeof(ps_view_states) / sizeof(ps_view_states[0]); i++) {
		if (!strcmp(name, ps_view_states[i].name)) {
			q->state = ps_view_states[i].bit;
			return true;
		}
	}
	for (i = 0; i < PS_VPC_NR; i++)
		cls_names[i] = ps_view_page_classes[i].name;
	if ((q->cls = ps_view_lookup(name, cls_names, PS_VPC_NR)) >= 0)
		return true;
	if ((q->type = ps_view_lookup(name, ps_page_type_names, PS_PT_NR)) >= 0)
		return true;
	for (int f = 0; f < PS_PG_NR; f++) {
		if (!strcmp(name, ps_pageflag_info[f].name) && t->layout.pg[f].present) {
			q->flag = (enum ps_pageflag)f;
			q->by_flag = true;
			return true;
		}
	}
	return false;
}

static bool ps_view_query_match(const struct ps_view_query *q,
				const struct ps_page_decoder *d,
				const struct ps_page *p)
{
	if (q->state)
		return p->state & q->state;
	if (q->cls >= 0)
		return (int)ps_view_classify(d, p) == q->cls;
	if (q->type >= 0)
		return !(p->state & PS_PAGE_UNREADABLE) && p->type == q->type;
	return !(p->state & PS_PAGE_UNREADABLE) &&
	       ps_page_flag(d, p->eflags, q->flag);
}

static struct ps_error *ps_view_find_in(struct ps_target *t,
					const struct ps_view_query *q,
					uint64_t start, uint64_t end,
					const struct ps_view_progress *progress,
					uint64_t *pfn_ret, bool *found_ret)
{
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err = ps_page_iter_init(&it, t, start, end);

	if (err)
		return err;
	while (!*found_ret && !(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr && !*found_ret; i++) {
			if (ps_view_query_match(q, &it.dec, &pages[i])) {
				*pfn_ret = pages[i].pfn;
				*found_ret = true;
			}
		}
		if (progress && progress->fn && nr)
			progress->fn(progress->arg, pages[nr - 1].pfn, it.m->max_pfn);
	}
	ps_page_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

struct ps_error *ps_view_find_page(struct ps_target *t, const char *what,
				   uint64_t from,
				   const struct ps_view_progress *progress,
				   uint64_t *pfn_ret, bool *found_ret)
{
	struct ps_view_query q;
	struct ps_error *err;

	*found_ret = false;
	if (!ps_view_query_parse(t, what, &q))
		return ps_error_create(PS_ERR_USAGE,
				       "%s: not a page state, class, type or flag of this kernel",
				       what);
	err = ps_view_find_in(t, &q, from + 1, UINT64_MAX, progress, pfn_ret,
			      found_ret);
	if (!err && !*found_ret && from)
		err = ps_view_find_in(t, &q, 0, from + 1, progress, pfn_ret,
				      found_ret);
	return err;
}

/* ------------------------------------------------------------------ */
/* Words                                                              */
/* ------------------------------------------------------------------ */

const char *ps_view_page_type_meaning(const char *name)
{
	int type = ps_view_lookup(name, ps_page_type_names, PS_PT_NR);

	return type >= 0 ? ps_page_type_meanings[type] : NULL;
}

const char *ps_view_target_release(const struct ps_target *t)
{
	return t->release ? t->release : "";
}
