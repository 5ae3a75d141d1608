// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "walk/buddy.h"
#include "base/cleanup.h"
#include "layout/buf.h"
#include "kernel/memmodel.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"
#include "target/target.h"

/* Keep the first anomalies in detail; count all of them. */
enum { PS_BUDDY_MAX_ANOMALIES = 1000 };

const char *ps_buddy_anomaly_name(enum ps_buddy_anomaly_kind kind)
{
	static const char *const names[PS_BA_NR] = {
		[PS_BA_NOT_BUDDY] = "listed but not PageBuddy",
		[PS_BA_WRONG_ORDER] = "listed under another order than page->private",
		[PS_BA_TWICE] = "on two free lists",
		[PS_BA_WRONG_ZONE] = "on another zone's free list",
		[PS_BA_NOT_ON_LIST] = "PageBuddy but on no free list",
		[PS_BA_NOT_A_PAGE] = "list entry is not a struct page",
		[PS_BA_TYPE_MISMATCH] = "on another migratetype's list than its pageblock's",
	};

	return names[kind];
}

const char *ps_buddy_anomaly_key(enum ps_buddy_anomaly_kind kind)
{
	static const char *const keys[PS_BA_NR] = {
		[PS_BA_NOT_BUDDY] = "listed_not_buddy",
		[PS_BA_WRONG_ORDER] = "wrong_order",
		[PS_BA_TWICE] = "on_two_lists",
		[PS_BA_WRONG_ZONE] = "wrong_zone",
		[PS_BA_NOT_ON_LIST] = "buddy_on_no_list",
		[PS_BA_NOT_A_PAGE] = "not_a_struct_page",
		[PS_BA_TYPE_MISMATCH] = "wrong_migratetype",
	};

	return keys[kind];
}

static struct ps_error *ps_buddy_note(struct ps_buddy *b,
				      struct ps_buddy_anomaly a)
{
	b->anomaly_count[a.kind]++;
	if (b->nr_anomalies == PS_BUDDY_MAX_ANOMALIES)
		return NULL;
	if (b->nr_anomalies == b->cap_anomalies) {
		size_t cap = b->cap_anomalies ? 2 * b->cap_anomalies : 16;
		struct ps_buddy_anomaly *v =
			realloc(b->anomalies, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		b->anomalies = v;
		b->cap_anomalies = cap;
	}
	b->anomalies[b->nr_anomalies++] = a;
	return NULL;
}

static struct ps_error *ps_buddy_add_entry(struct ps_buddy *b, size_t *cap,
					   struct ps_buddy_entry e)
{
	if (b->nr_entries == *cap) {
		size_t n = *cap ? 2 * *cap : 1024;
		struct ps_buddy_entry *v = realloc(b->entries, n * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		b->entries = v;
		*cap = n;
	}
	b->entries[b->nr_entries++] = e;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Walking the free lists                                             */
/* ------------------------------------------------------------------ */

struct ps_buddy_walk {
	struct ps_target *t;
	const struct ps_memmodel *m;
	struct ps_buddy *b;
	size_t entries_cap;
	uint64_t link_off;	/* offsetof(struct page, buddy_list) */
	uint64_t page_size;
};

static struct ps_error *ps_buddy_entry(struct ps_buddy_walk *w, uint64_t node,
				       size_t zone, unsigned order, unsigned mt)
{
	uint64_t pfn;

	if (!ps_memmodel_page_pfn(w->m, w->page_size, node - w->link_off, &pfn))
		return ps_buddy_note(w->b, (struct ps_buddy_anomaly){
			.kind = PS_BA_NOT_A_PAGE, .pfn = node, .order = order,
			.migratetype = mt, .zone = zone });
	return ps_buddy_add_entry(w->b, &w->entries_cap,
				  (struct ps_buddy_entry){
					  .pfn = pfn, .zone = (uint32_t)zone,
					  .order = (uint8_t)order,
					  .migratetype = (uint8_t)mt });
}

/* One free list being walked. */
struct ps_buddy_list_walk {
	struct ps_buddy_walk *w;
	struct ps_free_list *fl;
	size_t zone;
	unsigned order, mt;
};

static struct ps_error *ps_buddy_list_entry(uint64_t node, void *arg)
{
	struct ps_buddy_list_walk *lw = arg;

	lw->fl->blocks++;
	return ps_buddy_entry(lw->w, node, lw->zone, lw->order, lw->mt);
}

static struct ps_error *ps_buddy_walk_list(struct ps_buddy_walk *w,
					   uint64_t head, size_t zone,
					   unsigned order, unsigned mt,
					   struct ps_free_list *fl)
{
	struct ps_buddy_list_walk lw = {
		.w = w, .fl = fl, .zone = zone, .order = order, .mt = mt,
	};
	size_t bound = (size_t)(w->m->zones[zone].spanned >> order) + 16;
	struct ps_error *err = ps_list_for_each(w->t, head, bound,
						ps_buddy_list_entry, &lw,
						&fl->fault);

	fl->broken = ps_list_fault_is_corruption(&fl->fault);
	fl->changing = fl->fault.kind == PS_LF_CHANGING;
	return err;
}

static struct ps_error *ps_buddy_walk_area(struct ps_buddy_walk *w,
					   struct ps_buddy_zone *bz,
					   unsigned order, const void *area)
{
	const struct ps_layout *L = &w->t->layout;
	struct ps_free_area *fa = &bz->areas[order];
	uint64_t base = w->m->zones[bz->zone].addr + ps_off(&L->zone_free_area) +
			order * L->zone_free_area.elem_size;
	struct ps_error *err;

	fa->nr_free = ps_get_member(area, &L->free_area_nr_free);
	/* A damaged counter is reported with its zone; the rest goes on. */
	fa->impossible = fa->nr_free > (w->m->zones[bz->zone].spanned >> order);
	bz->nr_broken += fa->impossible;
	fa->lists = calloc(w->b->bits.nr_types, sizeof(*fa->lists));
	if (!fa->lists)
		return ps_error_nomem();
	for (unsigned mt = 0; mt < w->b->bits.nr_types; mt++) {
		uint64_t head = base + ps_off(&L->free_area_free_list) +
				mt * L->free_area_free_list.elem_size;
		struct ps_free_list *fl = &fa->lists[mt];

		err = ps_buddy_walk_list(w, head, bz->zone, order, mt, fl);
		fa->walked += fl->blocks;
		bz->nr_broken += fl->broken;
		if ((int)mt == w->b->bits.isolate_type)
			bz->isolated_pages += fl->blocks << order;
		else
			bz->free_pages += fl->blocks << order;
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_buddy_walk_areas(struct ps_buddy_walk *w,
					    struct ps_buddy_zone *bz)
{
	const struct ps_layout *L = &w->t->layout;
	const struct ps_zone *z = &w->m->zones[bz->zone];
	size_t size = bz->nr_orders * L->zone_free_area.elem_size;
	_cleanup_free_ unsigned char *areas = malloc(size);
	struct ps_error *err;

	bz->areas = calloc(bz->nr_orders, sizeof(*bz->areas));
	if (!areas || !bz->areas)
		return ps_error_nomem();
	err = ps_target_read(w->t, PS_KVADDR,
			     z->addr + ps_off(&L->zone_free_area), areas, size);
	if (err)
		return err;
	for (unsigned o = 0; o < bz->nr_orders; o++) {
		err = ps_buddy_walk_area(w, bz, o,
					 areas + o * L->zone_free_area.elem_size);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_buddy_walk_zone(struct ps_buddy_walk *w,
					   struct ps_buddy_zone *bz)
{
	const struct ps_zone *z = &w->m->zones[bz->zone];

	return ps_error_prefix(ps_buddy_walk_areas(w, bz),
			       "free lists of node %d zone %s", z->nid, z->name);
}

static struct ps_error *ps_buddy_check_layout(const struct ps_layout *L)
{
	if (!L->zone_free_area.present || !L->zone_free_area.nr_elems ||
	    !L->free_area_free_list.present || !L->free_area_nr_free.present ||
	    (!L->page_buddy_list.present && !L->page_lru.present))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "this kernel's layout lacks struct free_area");
	return NULL;
}

static struct ps_error *ps_buddy_walk_zones(struct ps_buddy_walk *w)
{
	struct ps_buddy *b = w->b;
	struct ps_error *err;

	b->zones = calloc(w->m->nr_zones ? w->m->nr_zones : 1, sizeof(*b->zones));
	if (!b->zones)
		return ps_error_nomem();
	for (size_t i = 0; i < w->m->nr_zones; i++) {
		struct ps_buddy_zone *bz = &b->zones[b->nr_zones];

		if (!w->m->zones[i].present)
			continue;
		bz->zone = i;
		bz->nr_orders = w->t->layout.zone_free_area.nr_elems;
		b->nr_zones++;
		err = ps_buddy_walk_zone(w, bz);
		if (err)
			return err;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Checks on the entries                                              */
/* ------------------------------------------------------------------ */

static int ps_buddy_entry_cmp(const void *a, const void *b)
{
	const struct ps_buddy_entry *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static struct ps_error *ps_buddy_check_entry(struct ps_buddy_walk *w,
					     const struct ps_buddy_entry *e,
					     const struct ps_buddy_entry *prev)
{
	const struct ps_zone *z = &w->m->zones[e->zone];
	struct ps_buddy_anomaly a = {
		.pfn = e->pfn, .order = e->order, .migratetype = e->migratetype,
		.zone = e->zone,
	};
	struct ps_error *err;

	if (prev && prev->pfn == e->pfn) {
		a.kind = PS_BA_TWICE;
		err = ps_buddy_note(w->b, a);
		if (err)
			return err;
	}
	if (e->pfn < z->start_pfn ||
	    e->pfn + (1ULL << e->order) > z->start_pfn + z->spanned) {
		a.kind = PS_BA_WRONG_ZONE;
		return ps_buddy_note(w->b, a);
	}
	return NULL;
}

/* Blocks of one section share their pageblock bits: read them once. */
static struct ps_error *ps_buddy_check_types(struct ps_buddy_walk *w)
{
	struct ps_pageblock blocks[512];
	uint64_t section = UINT64_MAX;
	size_t nr = 0;
	struct ps_error *err;

	if ((w->m->pages_per_section >> w->m->pageblock_order) > 512)
		return NULL;
	for (size_t i = 0; i < w->b->nr_entries; i++) {
		const struct ps_buddy_entry *e = &w->b->entries[i];
		const struct ps_pageblock *pb;

		if (e->pfn >> w->m->section_shift != section) {
			section = e->pfn >> w->m->section_shift;
			err = ps_pageblock_read_section(w->t, &w->b->bits, e->pfn,
							blocks, &nr);
			if (err)
				return err;
		}
		pb = &blocks[(e->pfn & (w->m->pages_per_section - 1)) >>
			     w->m->pageblock_order];
		if (pb->migratetype == e->migratetype || pb->isolate)
			continue;
		err = ps_buddy_note(w->b, (struct ps_buddy_anomaly){
			.kind = PS_BA_TYPE_MISMATCH, .pfn = e->pfn,
			.order = e->order, .migratetype = e->migratetype,
			.block_type = pb->migratetype, .zone = e->zone });
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_buddy_check_entries(struct ps_buddy_walk *w)
{
	struct ps_buddy *b = w->b;
	struct ps_error *err;

	if (b->nr_entries)
		qsort(b->entries, b->nr_entries, sizeof(*b->entries),
		      ps_buddy_entry_cmp);
	for (size_t i = 0; i < b->nr_entries; i++) {
		err = ps_buddy_check_entry(w, &b->entries[i],
					   i ? &b->entries[i - 1] : NULL);
		if (err)
			return err;
	}
	return ps_buddy_check_types(w);
}

/* ------------------------------------------------------------------ */
/* Cross-check with struct pages                                      */
/* ------------------------------------------------------------------ */

struct ps_buddy_merge {
	const struct ps_buddy *b;	/* the listed blocks, by pfn */
	struct ps_buddy *notes;		/* where this part's anomalies go */
	size_t next;			/* first entry not yet matched */
};

/* Entries below @pfn that no PageBuddy head matched. */
static struct ps_error *ps_buddy_unmatched_below(struct ps_buddy_merge *mg,
						 uint64_t pfn)
{
	const struct ps_buddy *b = mg->b;
	struct ps_error *err;

	while (mg->next < b->nr_entries && b->entries[mg->next].pfn < pfn) {
		const struct ps_buddy_entry *e = &b->entries[mg->next++];

		err = ps_buddy_note(mg->notes, (struct ps_buddy_anomaly){
			.kind = PS_BA_NOT_BUDDY, .pfn = e->pfn, .order = e->order,
			.migratetype = e->migratetype, .zone = e->zone });
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_buddy_match_head(struct ps_buddy_merge *mg,
					    const struct ps_page *p)
{
	const struct ps_buddy *b = mg->b;
	const struct ps_buddy_entry *e;
	struct ps_buddy_anomaly a = { .pfn = p->pfn, .order = p->buddy_order };
	struct ps_error *err = ps_buddy_unmatched_below(mg, p->pfn);

	if (err)
		return err;
	if (mg->next == b->nr_entries || b->entries[mg->next].pfn != p->pfn) {
		a.kind = PS_BA_NOT_ON_LIST;
		return ps_buddy_note(mg->notes, a);
	}
	/* Every list holding this pfn (more than one is PS_BA_TWICE). */
	for (; mg->next < b->nr_entries && b->entries[mg->next].pfn == p->pfn;
	     mg->next++) {
		e = &b->entries[mg->next];
		if (e->order == p->buddy_order)
			continue;
		a = (struct ps_buddy_anomaly){
			.kind = PS_BA_WRONG_ORDER, .pfn = p->pfn, .order = e->order,
			.page_order = p->buddy_order, .migratetype = e->migratetype,
			.zone = e->zone };
		err = ps_buddy_note(mg->notes, a);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_buddy_match_heads(struct ps_buddy_merge *mg,
					     const struct ps_page *pages,
					     size_t nr)
{
	struct ps_error *err;

	for (size_t i = 0; i < nr; i++) {
		if (pages[i].type != PS_PT_buddy)
			continue;
		err = ps_buddy_match_head(mg, &pages[i]);
		if (err)
			return err;
	}
	return NULL;
}

/* The first entry at or above @pfn. */
static size_t ps_buddy_first_entry(const struct ps_buddy *b, uint64_t pfn)
{
	size_t lo = 0, hi = b->nr_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->entries[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * One part of memory in one thread: its heads against the entries of its
 * pfns. Entries in holes before the part's end are reported here too, so
 * the parts' notes, one after another, are in pfn order.
 */
static struct ps_error *ps_buddy_cross_part(struct ps_part *part)
{
	struct ps_buddy_merge *mg = part->arg;
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	mg->next = ps_buddy_first_entry(mg->b, part->start);
	err = ps_page_iter_init_mem(&it, part->t, &part->mem, part->start,
				    part->end);
	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		err = ps_buddy_match_heads(mg, pages, nr);
		if (err)
			break;
	}
	ps_page_iter_deinit(&it);
	if (err != &ps_stop)
		return err;
	return ps_buddy_unmatched_below(mg, part->end);
}

/* Add a part's notes after @b's: the first ones in detail, all counted. */
static struct ps_error *ps_buddy_notes_merge(struct ps_buddy *b,
					     const struct ps_buddy *from)
{
	struct ps_error *err;

	for (size_t i = 0; i < from->nr_anomalies; i++) {
		err = ps_buddy_note(b, from->anomalies[i]);
		if (err)
			return err;
		b->anomaly_count[from->anomalies[i].kind]--;
	}
	for (int k = 0; k < PS_BA_NR; k++)
		b->anomaly_count[k] += from->anomaly_count[k];
	return NULL;
}

static struct ps_error *ps_buddy_cross_gather(struct ps_buddy_walk *w,
					      struct ps_buddy *notes,
					      struct ps_buddy_merge *mgs,
					      unsigned max)
{
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	for (unsigned i = 0; i < max && i < 64; i++) {
		mgs[i] = (struct ps_buddy_merge){ .b = w->b, .notes = &notes[i] };
		args[i] = &mgs[i];
	}
	err = ps_parallel_walk(w->t, max, ps_buddy_cross_part, args, &nr);
	if (err)
		return err;
	for (unsigned i = 0; i < nr; i++) {
		err = ps_buddy_notes_merge(w->b, &notes[i]);
		if (err)
			return err;
	}
	w->b->cross_checked = true;
	return NULL;
}

static struct ps_error *ps_buddy_cross_check(struct ps_buddy_walk *w)
{
	unsigned max = ps_parallel_parts();
	_cleanup_free_ struct ps_buddy *notes = calloc(max, sizeof(*notes));
	_cleanup_free_ struct ps_buddy_merge *mgs = calloc(max, sizeof(*mgs));
	struct ps_error *err;

	if (!notes || !mgs)
		return ps_error_nomem();
	err = ps_buddy_cross_gather(w, notes, mgs, max);
	for (unsigned i = 0; i < max; i++)
		free(notes[i].anomalies);
	return err;
}

/* ------------------------------------------------------------------ */

static struct ps_error *ps_buddy_walk_and_check(struct ps_buddy_walk *w,
						bool cross_check)
{
	struct ps_error *err = ps_buddy_walk_zones(w);

	if (err)
		return err;
	err = ps_buddy_check_entries(w);
	if (err || !cross_check)
		return err;
	return ps_buddy_cross_check(w);
}

struct ps_error *ps_buddy_collect(struct ps_target *t, bool cross_check,
				  struct ps_buddy *ret)
{
	struct ps_buddy_walk w = { .t = t, .b = ret };
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	err = ps_buddy_check_layout(L);
	if (err)
		return err;
	err = ps_memmodel_get(t, &w.m);
	if (err)
		return err;
	err = ps_pageblock_bits_init(&ret->bits, L, t);
	if (err)
		return err;
	w.page_size = (uint64_t)L->page_size.value;
	w.link_off = L->page_buddy_list.present ? ps_off(&L->page_buddy_list)
						: ps_off(&L->page_lru);
	err = ps_buddy_walk_and_check(&w, cross_check);
	if (err)
		ps_buddy_deinit(ret);
	return err;
}

void ps_buddy_deinit(struct ps_buddy *b)
{
	for (size_t i = 0; b->zones && i < b->nr_zones; i++) {
		for (size_t o = 0; b->zones[i].areas && o < b->zones[i].nr_orders; o++)
			free(b->zones[i].areas[o].lists);
		free(b->zones[i].areas);
	}
	free(b->zones);
	free(b->entries);
	free(b->anomalies);
	memset(b, 0, sizeof(*b));
}

struct ps_error *ps_buddy_unaccepted(struct ps_target *t,
				     const struct ps_zone *z,
				     uint64_t *pages_ret,
				     struct ps_list_fault *fault_ret)
{
	const struct ps_layout *L = &t->layout;
	unsigned max_order;
	uint64_t blocks = 0;
	struct ps_error *err;

	*pages_ret = 0;
	memset(fault_ret, 0, sizeof(*fault_ret));
	if (!L->zone_unaccepted_pages.present || !L->zone_free_area.nr_elems)
		return NULL;
	max_order = L->zone_free_area.nr_elems - 1;
	err = ps_list_count(t, z->addr + ps_off(&L->zone_unaccepted_pages),
			    (size_t)(z->spanned >> max_order) + 16, &blocks,
			    fault_ret);
	if (err)
		return err;
	if (!ps_list_fault_is_corruption(fault_ret))
		*pages_ret = blocks << max_order;
	return NULL;
}
