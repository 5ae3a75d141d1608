// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "layout/buf.h"
#include "kernel/memmodel.h"
#include "walk/page_walk.h"
#include "target/target.h"

static bool ps_recoverable(const struct ps_error *err)
{
	return err->code == PS_ERR_FAULT || err->code == PS_ERR_EXCLUDED;
}

/* ------------------------------------------------------------------ */
/* Reading struct pages                                               */
/* ------------------------------------------------------------------ */

/*
 * Read @n struct pages at @addr. When the whole read fails because part
 * of the map is missing, read page by page and mark what is missing.
 */
static struct ps_error *ps_read_pages(const struct ps_mem *mem, uint64_t page_size,
				      uint64_t addr, size_t n,
				      unsigned char *raw, bool *missing,
				      uint64_t *nr_missing)
{
	struct ps_error *err;

	memset(missing, 0, n * sizeof(*missing));
	err = ps_mem_read(mem, PS_KVADDR, addr, raw, n * page_size);
	if (!err || !ps_recoverable(err))
		return err;
	ps_error_destroy(err);
	for (size_t i = 0; i < n; i++) {
		err = ps_mem_read(mem, PS_KVADDR, addr + i * page_size,
				  raw + i * page_size, page_size);
		if (err && !ps_recoverable(err))
			return err;
		missing[i] = err != NULL;
		*nr_missing += err != NULL;
		ps_error_destroy(err);
	}
	return NULL;
}

/* The pfn of the tail at @addr's head, from its compound_head word. */
static bool ps_tail_head_pfn(const struct ps_page_decoder *d, uint64_t addr,
			     uint64_t compound_head, uint64_t pfn,
			     uint64_t *ret)
{
	uint64_t page_size = d->page_size;
	uint64_t head_addr = ps_page_head_addr(d, addr, compound_head);
	uint64_t distance;

	if (head_addr > addr || (addr - head_addr) % page_size)
		return false;
	distance = (addr - head_addr) / page_size;
	if (distance >= (1ULL << PS_MAX_ORDER_SANE) || distance > pfn)
		return false;
	*ret = pfn - distance;
	return true;
}

/* Decode the head at @pfn with the two struct pages that follow it. */
static struct ps_error *ps_read_head(const struct ps_mem *mem,
				     const struct ps_page_decoder *d,
				     uint64_t pfn, struct ps_page *ret)
{
	unsigned char raw[3 * 256];
	uint64_t addr = ps_memmodel_page_addr(d->model, d->page_size, pfn);
	struct ps_error *err;

	if (!addr || d->page_size > 256)
		return ps_error_create(PS_ERR_CORRUPT,
				       "pfn %llu has no struct page",
				       (unsigned long long)pfn);
	err = ps_mem_read(mem, PS_KVADDR, addr, raw, 3 * d->page_size);
	if (err)
		return err;
	ps_page_decode(d, raw, 2, pfn, ret);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The iterator                                                       */
/* ------------------------------------------------------------------ */

struct ps_error *ps_page_iter_init(struct ps_page_iter *it,
				   struct ps_target *t, uint64_t start,
				   uint64_t end)
{
	return ps_page_iter_init_mem(it, t, &t->mem, start, end);
}

/*
 * A walk starting inside a free block would not see its PageBuddy head:
 * look for one at each aligned pfn below, as is_free_buddy_page() does.
 */
static void ps_iter_free_before(struct ps_page_iter *it, uint64_t start)
{
	for (unsigned order = 1; order <= PS_MAX_ORDER_SANE; order++) {
		uint64_t head_pfn = start & ~((1ULL << order) - 1);
		struct ps_page head;
		struct ps_error *err;

		if (head_pfn == start)
			continue;
		err = ps_read_head(&it->mem, &it->dec, head_pfn, &head);
		if (err) {
			ps_error_destroy(err);
			return;
		}
		if (head.type == PS_PT_buddy && head.buddy_order >= order &&
		    head.buddy_order <= PS_MAX_ORDER_SANE) {
			it->free.end = head_pfn + (1ULL << head.buddy_order);
			it->free.order = head.buddy_order;
			return;
		}
	}
}

struct ps_error *ps_page_iter_init_mem(struct ps_page_iter *it,
				       struct ps_target *t,
				       const struct ps_mem *mem, uint64_t start,
				       uint64_t end)
{
	struct ps_error *err;

	memset(it, 0, sizeof(*it));
	it->t = t;
	it->mem = *mem;
	err = ps_memmodel_get(t, &it->m);
	if (err)
		return err;
	err = ps_page_decoder_init(&it->dec, &t->layout, it->m);
	if (err)
		return err;
	it->pfn = start;
	it->end = end < it->m->max_pfn ? end : it->m->max_pfn;
	it->raw = malloc(PS_PAGE_CHUNK * it->dec.page_size +
			 PS_PAGE_CHUNK * sizeof(bool));
	it->pages = malloc(PS_PAGE_CHUNK * sizeof(*it->pages));
	it->folio_idx = malloc(PS_PAGE_CHUNK * sizeof(*it->folio_idx));
	if (!it->raw || !it->pages || !it->folio_idx) {
		ps_page_iter_deinit(it);
		return ps_error_nomem();
	}
	while (it->section < it->m->nr_sections &&
	       ((it->m->sections[it->section].nr + 1) << it->m->section_shift) <=
		       start)
		it->section++;
	if (start < it->end)
		ps_iter_free_before(it, start);
	return NULL;
}

void ps_page_iter_deinit(struct ps_page_iter *it)
{
	free(it->raw);
	free(it->pages);
	free(it->folio_idx);
	it->raw = NULL;
	it->pages = NULL;
	it->folio_idx = NULL;
}

/* Complete a tail from its head, reading the head if the walk has not. */
static void ps_iter_tail(struct ps_page_iter *it, struct ps_page *p,
			 uint64_t addr, const unsigned char *raw)
{
	uint64_t ch = ps_get_u64(raw, it->dec.off_compound_head);
	uint64_t head_pfn;
	struct ps_error *err;

	if (!ps_tail_head_pfn(&it->dec, addr, ch, p->pfn, &head_pfn))
		return;
	if (it->head.pfn != head_pfn || !(it->head.state & PS_PAGE_HEAD)) {
		err = ps_read_head(&it->mem, &it->dec, head_pfn, &it->head);
		if (err) {
			ps_error_destroy(err);
			memset(&it->head, 0, sizeof(it->head));
			return;
		}
	}
	ps_page_inherit(&it->dec, p, &it->head);
}

/*
 * A head among the last two pages of a chunk was decoded without the
 * page[1] and page[2] that hold its order and mapcounts: read them past
 * the chunk's edge, keeping the free block the walk put it in.
 * Unreadable, the head keeps what its own page says.
 */
static void ps_iter_head_at_edge(struct ps_page_iter *it, struct ps_page *p)
{
	struct ps_page full;
	struct ps_error *err = ps_read_head(&it->mem, &it->dec, p->pfn, &full);

	if (err) {
		ps_error_destroy(err);
		return;
	}
	full.state |= p->state & PS_PAGE_FREE;
	full.buddy_order = p->buddy_order;
	*p = full;
}

/*
 * What a head or tail needs from beyond its own struct page: a head's
 * folio when the chunk ended too soon after it (@nr_after pages follow
 * in the chunk), a tail's head.
 */
static void ps_iter_folio(struct ps_page_iter *it, struct ps_page *p,
			  const unsigned char *raw, uint64_t addr,
			  size_t nr_after)
{
	if ((p->state & PS_PAGE_HEAD) && nr_after < 2)
		ps_iter_head_at_edge(it, p);
	if (p->state & PS_PAGE_TAIL)
		ps_iter_tail(it, p, addr, raw);
	else if (p->state & PS_PAGE_HEAD)
		it->head = *p;
}

static void ps_iter_unreadable(struct ps_page *p, uint64_t pfn)
{
	memset(p, 0, sizeof(*p));
	p->pfn = p->head_pfn = pfn;
	p->state = PS_PAGE_UNREADABLE;
}

/*
 * Decode a whole chunk in one run (the decoder's fields stay in
 * registers), then complete its heads and tails in order: a tail needs
 * the head before it.
 */
static void ps_iter_decode_run(struct ps_page_iter *it, const unsigned char *chunk,
			       uint64_t first_addr, size_t n)
{
	uint64_t ps = it->dec.page_size;
	size_t nr = ps_page_decode_run(&it->dec, chunk, n, it->pfn, it->pages,
				       &it->free, it->folio_idx);

	for (size_t k = 0; k < nr; k++) {
		size_t i = it->folio_idx[k];

		ps_iter_folio(it, &it->pages[i], chunk + i * ps,
			      first_addr + i * ps, n - i - 1);
	}
}

/* A chunk, in one run unless pages are @missing: then one at a time. */
static void ps_iter_decode(struct ps_page_iter *it, const unsigned char *chunk,
			   uint64_t first_addr, size_t n, const bool *missing)
{
	uint64_t ps = it->dec.page_size;

	if (!missing) {
		ps_iter_decode_run(it, chunk, first_addr, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct ps_page *p = &it->pages[i];

		if (missing[i]) {
			ps_iter_unreadable(p, it->pfn + i);
			continue;
		}
		ps_page_decode(&it->dec, chunk + i * ps, (unsigned)(n - i - 1),
			       it->pfn + i, p);
		ps_free_span_add(&it->free, p);
		ps_iter_folio(it, p, chunk + i * ps, first_addr + i * ps,
			      n - i - 1);
	}
}

/* Move to the next pfn that has a memory map; false at the end. */
static bool ps_iter_seek(struct ps_page_iter *it, const struct ps_section **s)
{
	const struct ps_memmodel *m = it->m;

	while (it->section < m->nr_sections && it->pfn < it->end) {
		const struct ps_section *sec = &m->sections[it->section];
		uint64_t start = sec->nr << m->section_shift;

		if (it->pfn < start)
			it->pfn = start;
		if (it->pfn < start + m->pages_per_section && it->pfn < it->end) {
			*s = sec;
			return true;
		}
		it->section++;
	}
	return false;
}

/*
 * Decode @n struct pages at @addr: in place where the reader can show
 * them (no copy), else copied out, what is missing marked. A chunk with
 * nothing missing is decoded in one run either way.
 */
static struct ps_error *ps_iter_chunk(struct ps_page_iter *it, uint64_t addr,
				      size_t n)
{
	bool *missing = (bool *)(it->raw + PS_PAGE_CHUNK * it->dec.page_size);
	uint64_t nr_unreadable = it->nr_unreadable;
	const void *view = NULL;
	struct ps_error *err;

	if (it->mem.ops->view) {
		err = it->mem.ops->view(it->mem.priv, PS_KVADDR, addr,
					n * it->dec.page_size, &view);
		if (err)
			return err;
	}
	if (view) {
		ps_iter_decode(it, view, addr, n, NULL);
		return it->mem.ops->view_end(it->mem.priv);
	}
	err = ps_read_pages(&it->mem, it->dec.page_size, addr, n, it->raw,
			    missing, &it->nr_unreadable);
	if (err)
		return err;
	ps_iter_decode(it, it->raw, addr, n,
		       it->nr_unreadable != nr_unreadable ? missing : NULL);
	return NULL;
}

struct ps_error *ps_page_iter_next(struct ps_page_iter *it,
				   const struct ps_page **pages_ret,
				   size_t *nr_ret)
{
	const struct ps_memmodel *m = it->m;
	const struct ps_section *s;
	uint64_t chunk_end, sec_end, addr;
	size_t n;
	struct ps_error *err;

	if (ps_target_interrupted(it->t))
		return ps_error_create(PS_ERR_INTERRUPTED, "interrupted");
	if (!ps_iter_seek(it, &s))
		return &ps_stop;
	sec_end = (s->nr << m->section_shift) + m->pages_per_section;
	chunk_end = (it->pfn / PS_PAGE_CHUNK + 1) * PS_PAGE_CHUNK;
	chunk_end = chunk_end < sec_end ? chunk_end : sec_end;
	chunk_end = chunk_end < it->end ? chunk_end : it->end;
	n = (size_t)(chunk_end - it->pfn);
	addr = s->memmap + (it->pfn & (m->pages_per_section - 1)) *
				   it->dec.page_size;
	err = ps_iter_chunk(it, addr, n);
	if (err)
		return ps_error_prefix(err, "reading struct pages of pfn %llu",
				       (unsigned long long)it->pfn);
	it->pfn = chunk_end;
	*pages_ret = it->pages;
	*nr_ret = n;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* One page                                                           */
/* ------------------------------------------------------------------ */

/*
 * A page inside a free block is free: look for a buddy head at each
 * aligned pfn below it whose order covers it, as the kernel's
 * is_free_buddy_page() does.
 */
static void ps_page_find_free_block(struct ps_target *t,
				    const struct ps_page_decoder *d,
				    struct ps_page *p)
{
	for (unsigned order = 1; order <= PS_MAX_ORDER_SANE; order++) {
		uint64_t head_pfn = p->pfn & ~((1ULL << order) - 1);
		struct ps_page head;
		struct ps_error *err;

		if (head_pfn == p->pfn)
			continue;
		err = ps_read_head(&t->mem, d, head_pfn, &head);
		if (err) {
			ps_error_destroy(err);
			return;
		}
		if (head.type == PS_PT_buddy && head.buddy_order >= order &&
		    head.buddy_order <= PS_MAX_ORDER_SANE) {
			p->state |= PS_PAGE_FREE;
			p->buddy_order = head.buddy_order;
			return;
		}
	}
}

/* The page with the two after it, or alone when those are not in the dump. */
static struct ps_error *ps_page_read_one(struct ps_target *t,
					 const struct ps_page_decoder *d,
					 uint64_t pfn, uint64_t addr,
					 struct ps_page *ret)
{
	unsigned char raw[256];
	struct ps_error *err = ps_read_head(&t->mem, d, pfn, ret);

	if (!ps_error_is(err, PS_ERR_FAULT) && !ps_error_is(err, PS_ERR_EXCLUDED))
		return err;
	ps_error_destroy(err);
	err = ps_target_read(t, PS_KVADDR, addr, raw, d->page_size);
	if (err)
		return err;
	ps_page_decode(d, raw, 0, pfn, ret);
	return NULL;
}

/* Complete the tail @ret at @addr from its head. */
static struct ps_error *ps_page_read_tail(struct ps_target *t,
					  const struct ps_page_decoder *d,
					  uint64_t pfn, uint64_t addr,
					  struct ps_page *ret)
{
	unsigned char raw[256];
	struct ps_page head;
	uint64_t head_pfn;
	struct ps_error *err = ps_target_read(t, PS_KVADDR, addr, raw,
					      d->page_size);

	if (err)
		return err;
	if (!ps_tail_head_pfn(d, addr,
			      ps_get_u64(raw, d->off_compound_head), pfn,
			      &head_pfn))
		return NULL;
	err = ps_read_head(&t->mem, d, head_pfn, &head);
	if (err)
		return err;
	ps_page_inherit(d, ret, &head);
	return NULL;
}

struct ps_error *ps_page_read(struct ps_target *t, uint64_t pfn,
			      struct ps_page *ret)
{
	const struct ps_memmodel *m;
	struct ps_page_decoder d;
	uint64_t addr;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_page_decoder_init(&d, &t->layout, m);
	if (err)
		return err;
	addr = ps_memmodel_page_addr(m, d.page_size, pfn);
	if (!addr || pfn >= m->max_pfn)
		return ps_error_create(PS_ERR_FAULT,
				       "pfn %llu (0x%llx) has no struct page: not in any memory section",
				       (unsigned long long)pfn,
				       (unsigned long long)pfn);
	err = ps_page_read_one(t, &d, pfn, addr, ret);
	if (err)
		return ps_error_prefix(err, "reading the struct page of pfn %llu",
				       (unsigned long long)pfn);
	if (ret->state & PS_PAGE_TAIL)
		/* A tail whose head cannot be read is still shown on its own. */
		ps_error_destroy(ps_page_read_tail(t, &d, pfn, addr, ret));
	else if (ret->type != PS_PT_buddy)
		ps_page_find_free_block(t, &d, ret);
	return NULL;
}

struct ps_error *ps_page_read_raw(struct ps_target *t, uint64_t pfn,
				  unsigned nr, void *buf, uint64_t *addr_ret)
{
	const struct ps_memmodel *m;
	uint64_t size = (uint64_t)t->layout.page_size.value;
	uint64_t addr, last;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	addr = ps_memmodel_page_addr(m, size, pfn);
	last = nr ? ps_memmodel_page_addr(m, size, pfn + nr - 1) : addr;
	/* Sections map their struct pages apart: all must be in one run. */
	if (!addr || !nr || last != addr + (nr - 1) * size)
		return ps_error_create(PS_ERR_FAULT,
				       "pfn %llu (0x%llx): no run of %u struct pages there",
				       (unsigned long long)pfn,
				       (unsigned long long)pfn, nr);
	*addr_ret = addr;
	return ps_error_prefix(ps_target_read(t, PS_KVADDR, addr, buf, nr * size),
			       "reading the struct page of pfn %llu",
			       (unsigned long long)pfn);
}
