// SPDX-License-Identifier: GPL-2.0-or-later
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "walk/blockscan.h"
#include "pagescope_report.h"
#include "kernel/memmodel.h"
#include "target/target.h"

/* The by_class keys of frag and blocks, which the viewer reads too. */
const char *const ps_movability_names[PS_MOV_NR] = {
	[PS_MOV_FREE] = PS_KEY_FREE,		[PS_MOV_IDLE] = PS_KEY_IDLE,
	[PS_MOV_MOVABLE] = PS_KEY_MOVABLE,	[PS_MOV_UNMOVABLE] = PS_KEY_UNMOVABLE,
	[PS_MOV_RESERVED] = PS_KEY_RESERVED,	[PS_MOV_POISONED] = PS_KEY_POISONED,
	[PS_MOV_HOLE] = PS_KEY_HOLE,
};

static bool ps_page_is_movable(const struct ps_page_decoder *d,
			       const struct ps_page *p)
{
	if (p->mapping_kind == PS_MAPPING_MOVABLE || p->type == PS_PT_hugetlb)
		return true;
	/* Pages of LRU folios migrate, mlocked ones too (compaction does). */
	return p->type == PS_PT_none && ps_page_flag(d, p->eflags, PS_PG_lru);
}

enum ps_movability ps_page_movability(const struct ps_page_decoder *d,
				      const struct ps_page *p)
{
	if (p->state & PS_PAGE_UNREADABLE)
		return PS_MOV_HOLE;
	if (p->state & PS_PAGE_FREE)
		return PS_MOV_FREE;
	if (p->state & PS_PAGE_HWPOISON)
		return PS_MOV_POISONED;
	if (ps_page_flag(d, p->eflags, PS_PG_reserved))
		return PS_MOV_RESERVED;
	if (ps_page_is_movable(d, p))
		return PS_MOV_MOVABLE;
	if (p->type == PS_PT_none && p->refcount == 0 &&
	    !(p->state & PS_PAGE_TAIL))
		return PS_MOV_IDLE;
	return PS_MOV_UNMOVABLE;
}

static int ps_blocker_index(enum ps_movability mov)
{
	switch (mov) {
	case PS_MOV_UNMOVABLE:
		return 0;
	case PS_MOV_RESERVED:
		return 1;
	case PS_MOV_POISONED:
		return 2;
	default:
		return -1;
	}
}

/* ------------------------------------------------------------------ */

struct ps_error *ps_block_iter_init(struct ps_block_iter *it,
				    struct ps_target *t, uint64_t start,
				    uint64_t end)
{
	struct ps_pageblock_bits bits;
	struct ps_error *err = ps_pageblock_bits_init(&bits, &t->layout, t);

	if (err)
		return err;
	return ps_block_iter_init_mem(it, t, &t->mem, &bits, start, end);
}

/* Check the pageblock size and allocate the blocks of one chunk. */
static struct ps_error *ps_block_iter_alloc(struct ps_block_iter *it)
{
	if ((it->pages.m->pages_per_section >> it->order) > 512 ||
	    (1ULL << it->order) > PS_PAGE_CHUNK)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "pageblocks of order %u: not supported",
				       it->order);
	it->blocks = calloc((PS_PAGE_CHUNK >> it->order) + 2,
			    sizeof(*it->blocks));
	if (!it->blocks)
		return ps_error_nomem();
	return NULL;
}

struct ps_error *ps_block_iter_init_mem(struct ps_block_iter *it,
					struct ps_target *t,
					const struct ps_mem *mem,
					const struct ps_pageblock_bits *bits,
					uint64_t start, uint64_t end)
{
	struct ps_error *err;

	memset(it, 0, sizeof(*it));
	err = ps_page_iter_init_mem(&it->pages, t, mem, start, end);
	if (err)
		return err;
	it->order = it->pages.m->pageblock_order;
	it->section = UINT64_MAX;
	it->zone_nid = UINT_MAX;
	it->bits = *bits;
	err = ps_block_iter_alloc(it);
	if (err)
		ps_block_iter_deinit(it);
	return err;
}

void ps_block_iter_deinit(struct ps_block_iter *it)
{
	ps_page_iter_deinit(&it->pages);
	free(it->blocks);
	it->blocks = NULL;
}

static struct ps_error *ps_block_bits(struct ps_block_iter *it, uint64_t pfn,
				      struct ps_pageblock *ret)
{
	const struct ps_memmodel *m = it->pages.m;
	size_t nr;
	struct ps_error *err;

	if (pfn >> m->section_shift != it->section) {
		err = ps_pageblock_read_section_mem(it->pages.t, &it->pages.mem,
						    &it->bits, pfn,
						    it->section_blocks, &nr);
		if (err)
			return err;
		it->section = pfn >> m->section_shift;
	}
	*ret = it->section_blocks[(pfn & (m->pages_per_section - 1)) >> it->order];
	return NULL;
}

static void ps_block_init(struct ps_block_summary *b, uint64_t pfn)
{
	memset(b, 0, sizeof(*b));
	b->pfn = pfn;
	b->zone = -1;
	for (int i = 0; i < PS_BLOCKERS; i++)
		b->first_blocker[i] = UINT64_MAX;
}

static int ps_block_zone(struct ps_block_iter *it, const struct ps_page *p)
{
	if (p->nid != it->zone_nid || p->zid != it->zone_zid) {
		it->zone_nid = p->nid;
		it->zone_zid = p->zid;
		it->zone_index =
			ps_memmodel_zone_index(it->pages.m, p->nid, p->zid);
	}
	return it->zone_index;
}

static void ps_block_add_page(struct ps_block_iter *it,
			      struct ps_block_summary *b,
			      const struct ps_page *p)
{
	enum ps_movability mov = ps_page_movability(&it->pages.dec, p);
	int blocker = ps_blocker_index(mov);
	int zone = mov == PS_MOV_HOLE ? -1 : ps_block_zone(it, p);

	b->count[mov]++;
	if (mov == PS_MOV_HOLE)
		return;
	b->pages++;
	if (b->zone < 0)
		b->zone = zone;
	else if (zone != b->zone)
		b->mixed_zones = true;
	b->hwpoison += !!(p->state & PS_PAGE_HWPOISON);
	b->anon_exclusive += !!(p->state & PS_PAGE_ANON_EXCLUSIVE);
	if (p->type == PS_PT_buddy && p->buddy_order < PS_BLOCK_MAX_ORDER)
		b->free_blocks[p->buddy_order]++;
	if (blocker >= 0 && b->first_blocker[blocker] == UINT64_MAX)
		b->first_blocker[blocker] = p->pfn;
}

struct ps_error *ps_block_iter_next(struct ps_block_iter *it,
				    const struct ps_block_summary **ret,
				    size_t *nr_ret)
{
	const struct ps_page *pages;
	size_t nr, nr_blocks = 0;
	uint64_t base;
	struct ps_error *err = ps_page_iter_next(&it->pages, &pages, &nr);

	if (err)
		return err;
	base = pages[0].pfn >> it->order << it->order;
	for (size_t i = 0; i < nr; i++) {
		size_t idx = (size_t)((pages[i].pfn - base) >> it->order);

		while (nr_blocks <= idx) {
			struct ps_block_summary *b = &it->blocks[nr_blocks++];

			ps_block_init(b, base + ((uint64_t)(nr_blocks - 1) << it->order));
			err = ps_block_bits(it, b->pfn, &b->pb);
			if (err)
				return err;
		}
		ps_block_add_page(it, &it->blocks[idx], &pages[i]);
	}
	*ret = it->blocks;
	*nr_ret = nr_blocks;
	return NULL;
}
