// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "analysis/map.h"
#include "analysis/owner_stats.h"
#include "kernel/memmodel.h"
#include "walk/parallel.h"
#include "target/target.h"

const char *const ps_map_mode_names[PS_MAP_NR_MODES] = {
#define PS_MAP_MODE_NAME(name, desc) [PS_MAP_##name] = #name,
	PS_MAP_MODES(PS_MAP_MODE_NAME)
#undef PS_MAP_MODE_NAME
};

const char *const ps_map_mode_descriptions[PS_MAP_NR_MODES] = {
#define PS_MAP_MODE_DESC(name, desc) [PS_MAP_##name] = desc,
	PS_MAP_MODES(PS_MAP_MODE_DESC)
#undef PS_MAP_MODE_DESC
};

bool ps_map_mode_parse(const char *name, enum ps_map_mode *ret)
{
	char norm[32];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(norm); i++)
		norm[i] = name[i] == '-' ? '_' : name[i];
	norm[i] = '\0';
	for (int m = 0; m < PS_MAP_NR_MODES; m++) {
		if (!strcmp(norm, ps_map_mode_names[m])) {
			*ret = (enum ps_map_mode)m;
			return true;
		}
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Legends                                                            */
/* ------------------------------------------------------------------ */

/* Okabe and Ito's colours, told apart with any colour vision. */
enum ps_colour {
	PS_C_BLACK, PS_C_ORANGE, PS_C_SKY_BLUE, PS_C_GREEN, PS_C_YELLOW,
	PS_C_BLUE, PS_C_VERMILION, PS_C_PURPLE, PS_C_GREY, PS_C_LIGHT_GREY,
	PS_C_WHITE, PS_C_NR
};

static const uint8_t ps_safe_rgb[PS_C_NR][3] = {
	[PS_C_BLACK] = { 32, 32, 32 },	    [PS_C_ORANGE] = { 230, 159, 0 },
	[PS_C_SKY_BLUE] = { 86, 180, 233 }, [PS_C_GREEN] = { 0, 158, 115 },
	[PS_C_YELLOW] = { 240, 228, 66 },   [PS_C_BLUE] = { 0, 114, 178 },
	[PS_C_VERMILION] = { 213, 94, 0 },  [PS_C_PURPLE] = { 204, 121, 167 },
	[PS_C_GREY] = { 110, 110, 110 },    [PS_C_LIGHT_GREY] = { 170, 170, 170 },
	[PS_C_WHITE] = { 255, 255, 255 },
};

/* A class: its safe colour and the classic one (red/green and all). */
static void ps_legend_add(struct ps_map_legend *l, const char *name, char glyph,
			  enum ps_colour safe, uint32_t classic, uint8_t rank)
{
	struct ps_map_class *c = &l->classes[l->nr];

	snprintf(c->name, sizeof(c->name), "%s", name);
	c->glyph = glyph;
	memcpy(c->rgb, ps_safe_rgb[safe], 3);
	c->rgb_classic[0] = (uint8_t)(classic >> 16);
	c->rgb_classic[1] = (uint8_t)(classic >> 8);
	c->rgb_classic[2] = (uint8_t)classic;
	l->rank[l->nr++] = rank;
}

/*
 * Movable is the blue end (it can become a huge page), unmovable types
 * the vermilion and orange end. Unknown types take the remaining colours.
 */
static void ps_legend_migratetype(struct ps_map_legend *l,
				  const struct ps_pageblock_bits *bits)
{
	static const enum ps_colour warm[] = { PS_C_VERMILION, PS_C_ORANGE,
					       PS_C_PURPLE, PS_C_YELLOW };
	static const uint32_t warm_classic[] = { 0xd73027, 0xfdae61, 0xc51b7d, 0x8c510a };
	unsigned next_warm = 0;

	for (unsigned mt = 0; mt < bits->nr_types && l->nr < PS_MAP_MAX_CLASSES - 1; mt++) {
		const char *name = bits->names[mt];

		if ((int)mt == bits->movable_type)
			ps_legend_add(l, name, 'M', PS_C_BLUE, 0x1a9850, 1);
		else if ((int)mt == bits->cma_type)
			ps_legend_add(l, name, 'C', PS_C_SKY_BLUE, 0x4575b4, 2);
		else if ((int)mt == bits->isolate_type)
			ps_legend_add(l, name, 'I', PS_C_LIGHT_GREY, 0x969696, 3);
		else {
			ps_legend_add(l, name, name[0], warm[next_warm % 4],
				      warm_classic[next_warm % 4], (uint8_t)(10 - next_warm));
			next_warm++;
		}
	}
	ps_legend_add(l, "invalid", '?', PS_C_WHITE, 0xffffff, 11);
}

/*
 * Owner kinds: a letter each; blue for free, greens for what the kernel
 * migrates, warm colours for what stays. Aggregated cells show the most
 * pinned kind (rank).
 */
static const struct {
	char glyph;
	uint32_t rgb;
	uint8_t rank;
} ps_owner_look[PS_POWN_NR] = {
	[PS_POWN_free] = { '.', 0x0072b2, 1 },
	[PS_POWN_free_pcp] = { ',', 0x56b4e9, 2 },
	[PS_POWN_anon] = { 'a', 0x009e73, 3 },
	[PS_POWN_file] = { 'f', 0x66c2a5, 4 },
	[PS_POWN_ksm] = { 'k', 0x1b7837, 5 },
	[PS_POWN_movable_ops] = { 'o', 0x5aae61, 6 },
	[PS_POWN_hugetlb] = { 'h', 0x006d2c, 7 },
	[PS_POWN_zsmalloc] = { 'z', 0xa6dba0, 8 },
	[PS_POWN_balloon] = { 'b', 0xd9f0d3, 9 },
	[PS_POWN_unknown] = { 'x', 0x6e6e6e, 10 },
	[PS_POWN_unreadable] = { '?', 0x202020, 11 },
	[PS_POWN_guard] = { 'g', 0xaaaaaa, 12 },
	[PS_POWN_unaccepted] = { 'u', 0xdddddd, 13 },
	[PS_POWN_offline] = { 'O', 0xbbbbbb, 14 },
	[PS_POWN_pipe] = { 'p', 0xf0e442, 15 },
	[PS_POWN_page_pool] = { 'N', 0xfdae61, 16 },
	[PS_POWN_large_kmalloc] = { 'K', 0xe69f00, 17 },
	[PS_POWN_slab] = { 'S', 0xd55e00, 18 },
	[PS_POWN_page_table] = { 'T', 0xb2182b, 19 },
	[PS_POWN_kernel_stack] = { 't', 0xf4a582, 20 },
	[PS_POWN_vmalloc] = { 'V', 0xcc79a7, 21 },
	[PS_POWN_module] = { 'M', 0xde77ae, 22 },
	[PS_POWN_percpu] = { 'c', 0x9970ab, 23 },
	[PS_POWN_reserved] = { 'R', 0x762a83, 24 },
	[PS_POWN_kernel_image] = { 'I', 0x40004b, 25 },
	[PS_POWN_hwpoison] = { 'P', 0xff2828, 26 },
};

static void ps_legend_owner(struct ps_map_legend *l)
{
	for (unsigned k = 0; k < PS_POWN_NR && l->nr < PS_MAP_MAX_CLASSES; k++) {
		struct ps_map_class *c = &l->classes[l->nr];
		uint32_t rgb = ps_owner_look[k].rgb;

		snprintf(c->name, sizeof(c->name), "%s", ps_page_owner_kind_names[k]);
		c->glyph = ps_owner_look[k].glyph ? ps_owner_look[k].glyph : '?';
		c->rgb[0] = c->rgb_classic[0] = (uint8_t)(rgb >> 16);
		c->rgb[1] = c->rgb_classic[1] = (uint8_t)(rgb >> 8);
		c->rgb[2] = c->rgb_classic[2] = (uint8_t)rgb;
		l->rank[l->nr++] = ps_owner_look[k].rank;
	}
}

void ps_map_legend_init(struct ps_map_legend *l, enum ps_map_mode mode,
			const struct ps_pageblock_bits *bits)
{
	memset(l, 0, sizeof(*l));
	ps_legend_add(l, "no memory", ' ', PS_C_BLACK, 0x202020, 0);
	switch (mode) {
	case PS_MAP_migratetype:
		ps_legend_migratetype(l, bits);
		break;
	case PS_MAP_free:
		ps_legend_add(l, "all free", '#', PS_C_BLUE, 0x1a9850, 1);
		ps_legend_add(l, "half free+", '+', PS_C_SKY_BLUE, 0x91cf60, 2);
		ps_legend_add(l, "some free", '-', PS_C_YELLOW, 0xfee08b, 3);
		ps_legend_add(l, "none free", '.', PS_C_GREY, 0x6e6e6e, 4);
		break;
	case PS_MAP_movability:
		ps_legend_add(l, "free", '.', PS_C_BLUE, 0x1a9850, 1);
		ps_legend_add(l, "idle", 'i', PS_C_SKY_BLUE, 0x66c2a5, 2);
		ps_legend_add(l, "movable", 'm', PS_C_GREEN, 0x4575b4, 3);
		ps_legend_add(l, "unmovable", 'U', PS_C_VERMILION, 0xd73027, 4);
		ps_legend_add(l, "reserved", 'R', PS_C_PURPLE, 0x762a83, 5);
		ps_legend_add(l, "poisoned", 'P', PS_C_YELLOW, 0xffff00, 6);
		break;
	case PS_MAP_hwpoison:
		ps_legend_add(l, "clean", '.', PS_C_GREY, 0x6e6e6e, 1);
		ps_legend_add(l, "hwpoison", 'P', PS_C_VERMILION, 0xff2828, 2);
		break;
	case PS_MAP_anon_exclusive:
		ps_legend_add(l, "none", '.', PS_C_GREY, 0x6e6e6e, 1);
		ps_legend_add(l, "some", 'a', PS_C_SKY_BLUE, 0x9ecae1, 2);
		ps_legend_add(l, "half+", 'A', PS_C_BLUE, 0x2171b5, 3);
		break;
	case PS_MAP_owner:
		ps_legend_owner(l);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Classes                                                            */
/* ------------------------------------------------------------------ */

static uint8_t ps_class_free(const struct ps_block_summary *b)
{
	uint32_t free = b->count[PS_MOV_FREE];

	if (free == b->pages)
		return 1;
	return free * 2 >= b->pages ? 2 : free ? 3 : 4;
}

static uint8_t ps_class_movability(const struct ps_block_summary *b)
{
	static const enum ps_movability order[] = {
		PS_MOV_POISONED, PS_MOV_RESERVED, PS_MOV_UNMOVABLE,
		PS_MOV_MOVABLE, PS_MOV_IDLE, PS_MOV_FREE,
	};
	static const uint8_t cls[] = { 6, 5, 4, 3, 2, 1 };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (b->count[order[i]])
			return cls[i];
	}
	return PS_MAP_HOLE;
}

uint8_t ps_map_classify(enum ps_map_mode mode,
			const struct ps_pageblock_bits *bits,
			const struct ps_block_summary *b)
{
	if (!b->pages)
		return PS_MAP_HOLE;
	switch (mode) {
	case PS_MAP_migratetype:
		return (uint8_t)(1 + (b->pb.migratetype < bits->nr_types
					      ? b->pb.migratetype
					      : bits->nr_types));
	case PS_MAP_free:
		return ps_class_free(b);
	case PS_MAP_movability:
		return ps_class_movability(b);
	case PS_MAP_hwpoison:
		return b->hwpoison ? 2 : 1;
	case PS_MAP_anon_exclusive:
		return b->anon_exclusive * 2 >= b->pages ? 3
		       : b->anon_exclusive	     ? 2
						     : 1;
	case PS_MAP_owner:
		/* Until the owner pass says better (ps_map_owners()). */
		return 1 + PS_POWN_unknown;
	default:
		return PS_MAP_HOLE;
	}
}

uint8_t ps_map_cell(const struct ps_map *m, size_t row, size_t first, size_t n)
{
	const uint8_t *cls = m->cls + row * m->blocks_per_row;
	uint8_t best = PS_MAP_HOLE;

	for (size_t i = first; i < first + n && i < m->blocks_per_row; i++) {
		if (m->legend.rank[cls[i]] > m->legend.rank[best])
			best = cls[i];
	}
	return best;
}

/* ------------------------------------------------------------------ */
/* Collecting                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_map_row(struct ps_map *m, uint64_t pfn, size_t *cap,
				   size_t *row_ret)
{
	uint64_t first = pfn >> m->pud_order << m->pud_order;

	if (m->nr_rows && m->row_pfn[m->nr_rows - 1] == first) {
		*row_ret = m->nr_rows - 1;
		return NULL;
	}
	if (m->nr_rows == *cap) {
		size_t n = *cap ? 2 * *cap : 8;
		uint64_t *pfns = realloc(m->row_pfn, n * sizeof(*pfns));
		int *zones = pfns ? realloc(m->row_zone, n * sizeof(*zones)) : NULL;
		uint8_t *cls = zones ? realloc(m->cls, n * m->blocks_per_row) : NULL;

		if (pfns)
			m->row_pfn = pfns;
		if (zones)
			m->row_zone = zones;
		if (!cls)
			return ps_error_nomem();
		m->cls = cls;
		*cap = n;
	}
	m->row_pfn[m->nr_rows] = first;
	m->row_zone[m->nr_rows] = -1;
	memset(m->cls + m->nr_rows * m->blocks_per_row, PS_MAP_HOLE,
	       m->blocks_per_row);
	*row_ret = m->nr_rows++;
	return NULL;
}

static struct ps_error *ps_map_add(struct ps_map *m,
				   const struct ps_pageblock_bits *bits,
				   const struct ps_block_summary *b, size_t *cap)
{
	size_t row = 0, col;
	struct ps_error *err = ps_map_row(m, b->pfn, cap, &row);

	if (err)
		return err;
	col = (size_t)((b->pfn - m->row_pfn[row]) >> m->pageblock_order);
	m->cls[row * m->blocks_per_row + col] = ps_map_classify(m->mode, bits, b);
	if (m->row_zone[row] < 0)
		m->row_zone[row] = b->zone;
	return NULL;
}

static struct ps_error *ps_map_add_blocks(struct ps_map *m,
					  const struct ps_pageblock_bits *bits,
					  const struct ps_block_summary *blocks,
					  size_t nr, size_t *cap)
{
	struct ps_error *err;

	for (size_t i = 0; i < nr; i++) {
		err = ps_map_add(m, bits, &blocks[i], cap);
		if (err)
			return err;
	}
	return NULL;
}

/* What every part of one map walk shares. */
struct ps_map_walk {
	const struct ps_pageblock_bits *bits;
	struct ps_map map;	/* this part's rows */
};

/* One part of memory, in one thread: its gigablocks' rows. */
static struct ps_error *ps_map_part(struct ps_part *part)
{
	struct ps_map_walk *w = part->arg;
	struct ps_block_iter it;
	const struct ps_block_summary *blocks;
	size_t nr, cap = 0;
	struct ps_error *err;

	err = ps_block_iter_init_mem(&it, part->t, &part->mem, w->bits,
				     part->start, part->end);
	if (err)
		return err;
	while (!(err = ps_block_iter_next(&it, &blocks, &nr))) {
		err = ps_map_add_blocks(&w->map, w->bits, blocks, nr, &cap);
		if (err)
			break;
	}
	ps_block_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

/* Parts are cut on gigablock edges: their rows simply follow. */
static struct ps_error *ps_map_merge(struct ps_map *to,
				     const struct ps_map *from)
{
	size_t n = to->nr_rows + from->nr_rows, row = to->blocks_per_row;
	uint64_t *pfns = realloc(to->row_pfn, (n ? n : 1) * sizeof(*pfns));
	int *zones = pfns ? realloc(to->row_zone, (n ? n : 1) * sizeof(*zones)) : NULL;
	uint8_t *cls = zones ? realloc(to->cls, (n ? n : 1) * row) : NULL;

	if (pfns)
		to->row_pfn = pfns;
	if (zones)
		to->row_zone = zones;
	if (!cls)
		return ps_error_nomem();
	to->cls = cls;
	memcpy(to->row_pfn + to->nr_rows, from->row_pfn,
	       from->nr_rows * sizeof(*pfns));
	memcpy(to->row_zone + to->nr_rows, from->row_zone,
	       from->nr_rows * sizeof(*zones));
	memcpy(to->cls + to->nr_rows * row, from->cls, from->nr_rows * row);
	to->nr_rows = n;
	return NULL;
}

static struct ps_error *ps_map_gather(struct ps_target *t, struct ps_map *m,
				      const struct ps_pageblock_bits *bits,
				      struct ps_map_walk *parts, unsigned max)
{
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	for (unsigned i = 0; i < max && i < 64; i++) {
		parts[i].bits = bits;
		parts[i].map = *m;
		args[i] = &parts[i];
	}
	err = ps_parallel_walk(t, max, ps_map_part, args, &nr);
	for (unsigned i = 0; !err && i < nr; i++)
		err = ps_map_merge(m, &parts[i].map);
	return err;
}

static struct ps_error *ps_map_scan(struct ps_target *t, struct ps_map *m,
				    const struct ps_pageblock_bits *bits)
{
	unsigned max = ps_parallel_parts();
	struct ps_map_walk *parts = calloc(max, sizeof(*parts));
	struct ps_error *err;

	if (!parts)
		return ps_error_nomem();
	err = ps_map_gather(t, m, bits, parts, max);
	for (unsigned i = 0; i < max; i++)
		ps_map_deinit(&parts[i].map);
	free(parts);
	return err;
}

/* Owner mode: each pageblock's class is its dominant owner kind. */
static struct ps_error *ps_map_owners(struct ps_target *t, struct ps_map *m)
{
	struct ps_owner_stats s;
	struct ps_error *err = ps_owner_stats_collect(t, 0, UINT64_MAX, m->pageblock_order, &s);
	size_t row = 0;

	if (err)
		return err;
	for (size_t i = 0; i < s.nr_regions; i++) {
		const struct ps_region_owners *r = &s.regions[i];
		uint64_t first = r->pfn >> m->pud_order << m->pud_order;

		while (row < m->nr_rows && m->row_pfn[row] < first)
			row++;
		if (row == m->nr_rows || m->row_pfn[row] != first)
			continue;	/* a block the block scan found no memory in */
		m->cls[row * m->blocks_per_row +
		       ((r->pfn - first) >> m->pageblock_order)] = (uint8_t)(1 + r->top_kind);
	}
	ps_owner_stats_deinit(&s);
	return NULL;
}

struct ps_error *ps_map_collect(struct ps_target *t, enum ps_map_mode mode,
				struct ps_map *m)
{
	const struct ps_memmodel *model;
	struct ps_pageblock_bits bits;
	struct ps_error *err;

	memset(m, 0, sizeof(*m));
	m->mode = mode;
	err = ps_memmodel_get(t, &model);
	if (err)
		return err;
	err = ps_pageblock_bits_init(&bits, &t->layout, t);
	if (err)
		return err;
	m->page_shift = model->page_shift;
	m->pageblock_order = model->pageblock_order;
	m->pud_order = model->pud_order;
	m->blocks_per_row = (size_t)1 << (m->pud_order - m->pageblock_order);
	ps_map_legend_init(&m->legend, mode, &bits);
	err = ps_map_scan(t, m, &bits);
	if (!err && mode == PS_MAP_owner)
		err = ps_map_owners(t, m);
	if (err)
		ps_map_deinit(m);
	return err;
}

void ps_map_deinit(struct ps_map *m)
{
	free(m->row_pfn);
	free(m->row_zone);
	free(m->cls);
	m->row_pfn = NULL;
	m->row_zone = NULL;
	m->cls = NULL;
	m->nr_rows = 0;
}

/* ------------------------------------------------------------------ */
/* Geometry                                                           */
/* ------------------------------------------------------------------ */

/* At most this many lines draw one gigablock before cells aggregate. */
enum { PS_MAP_MAX_LINES_PER_ROW = 4 };

void ps_map_geometry(const struct ps_map *m, size_t width,
		     struct ps_map_geometry *g)
{
	size_t cells, lines;

	g->label_width = 13;	/* "gb 123 DMA32 " */
	cells = width > g->label_width + 8 ? width - g->label_width : 8;
	g->blocks_per_cell = 1;
	for (;;) {
		size_t nr_cells = (m->blocks_per_row + g->blocks_per_cell - 1) /
				  g->blocks_per_cell;

		lines = (nr_cells + cells - 1) / cells;
		if (lines <= PS_MAP_MAX_LINES_PER_ROW)
			break;
		g->blocks_per_cell *= 2;
	}
	g->lines_per_row = lines;
	g->cells_per_line = (m->blocks_per_row / g->blocks_per_cell + lines - 1) / lines;
}
