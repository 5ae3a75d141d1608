// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/memmodel.h"
#include "layout/buf.h"
#include "target/target.h"
#include "walk/owners.h"
#include "walk/pcp.h"

const char *const ps_page_owner_kind_names[PS_POWN_NR] = {
#define PS_POWN_NAME(name, mov, meaning) [PS_POWN_##name] = #name,
	PS_PAGE_OWNER_KINDS(PS_POWN_NAME)
#undef PS_POWN_NAME
};

const char *const ps_page_owner_kind_meanings[PS_POWN_NR] = {
#define PS_POWN_MEANING(name, mov, meaning) [PS_POWN_##name] = meaning,
	PS_PAGE_OWNER_KINDS(PS_POWN_MEANING)
#undef PS_POWN_MEANING
};

static const uint8_t ps_page_owner_kind_mov[PS_POWN_NR] = {
#define PS_POWN_MOV(name, mov, meaning) [PS_POWN_##name] = PS_OWNER_MOV_##mov,
	PS_PAGE_OWNER_KINDS(PS_POWN_MOV)
#undef PS_POWN_MOV
};

const char *const ps_owner_mov_names[PS_OWNER_MOV_NR] = {
#define PS_OWNER_MOV_NAME(name, meaning) [PS_OWNER_MOV_##name] = #name,
	PS_OWNER_MOVS(PS_OWNER_MOV_NAME)
#undef PS_OWNER_MOV_NAME
};

bool ps_owners_fault(struct ps_error *err)
{
	if (!ps_error_is(err, PS_ERR_FAULT) && !ps_error_is(err, PS_ERR_EXCLUDED) &&
	    !ps_error_is(err, PS_ERR_CORRUPT))
		return false;
	ps_error_destroy(err);
	return true;
}

void ps_owners_note(struct ps_owners *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (o->nr_notes == PS_OWNERS_MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		o->notes[o->nr_notes++] = s;
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* pfn maps                                                           */
/* ------------------------------------------------------------------ */

struct ps_error *ps_pfn_map_add(struct ps_pfn_map *map, uint64_t pfn,
				uint32_t nr_pages, uint32_t id)
{
	if (map->nr == map->cap) {
		size_t cap = map->cap ? map->cap * 2 : 256;
		struct ps_pfn_owner *v = realloc(map->v, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		map->v = v;
		map->cap = cap;
	}
	map->v[map->nr++] = (struct ps_pfn_owner){ pfn, nr_pages, id };
	return NULL;
}

static int ps_pfn_owner_cmp(const void *a, const void *b)
{
	const struct ps_pfn_owner *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

void ps_pfn_map_sort(struct ps_pfn_map *map)
{
	if (map->nr)
		qsort(map->v, map->nr, sizeof(*map->v), ps_pfn_owner_cmp);
}

bool ps_pfn_map_find(const struct ps_pfn_map *map, uint64_t pfn,
		     uint32_t *id_ret)
{
	size_t lo = 0, hi = map->nr;

	/* The last entry starting at or below @pfn. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map->v[mid].pfn <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || pfn >= map->v[lo - 1].pfn + map->v[lo - 1].nr_pages)
		return false;
	*id_ret = map->v[lo - 1].id;
	return true;
}

/* ------------------------------------------------------------------ */
/* The maps built before the page walk                                */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_owners_pcp_block(uint64_t pfn, unsigned order,
					    void *arg)
{
	struct ps_owners *o = arg;
	uint32_t id;
	struct ps_error *err = ps_owner_table_intern(&o->table, PS_POWN_free_pcp,
						     PS_OWNER_MOV_free,
						     "per-cpu lists", &id);

	if (err)
		return err;
	return ps_pfn_map_add(&o->pcp, pfn, 1u << order, id);
}

static struct ps_error *ps_owners_read_pcp(struct ps_owners *o)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(o->t, &m);

	if (err)
		return err;
	for (size_t i = 0; i < m->nr_zones; i++) {
		if (!m->zones[i].pcp || !m->zones[i].present)
			continue;
		err = ps_pcp_zone_pages(o->t, &m->zones[i], ps_owners_pcp_block, o);
		if (ps_error_is(err, PS_ERR_UNSUPPORTED)) {
			ps_owners_note(o, "per-cpu free lists not read: %s", err->message);
			ps_error_destroy(err);
			break;
		}
		if (err)
			return ps_error_prefix(err, "owners");
	}
	ps_pfn_map_sort(&o->pcp);
	return NULL;
}

static struct ps_error *ps_owners_image_range(struct ps_owners *o)
{
	const struct ps_layout *L = &o->t->layout;
	const struct ps_memmodel *m;
	uint64_t text, end, ptext, pend;
	struct ps_error *err = ps_memmodel_get(o->t, &m);

	if (err)
		return err;
	err = ps_target_symbol_addr(o->t, &L->sym_text, "_text", &text);
	if (err)
		return err;
	err = ps_target_symbol_addr(o->t, &L->sym_end, "_end", &end);
	if (err)
		return err;
	err = ps_target_virt_to_phys(o->t, text, &ptext);
	if (err)
		return err;
	err = ps_target_virt_to_phys(o->t, end - 1, &pend);
	if (err)
		return err;
	o->image_start = ptext >> m->page_shift;
	o->image_end = (pend >> m->page_shift) + 1;
	return NULL;
}

/* The kernel image's pfns, from _text and _end through the page tables. */
static void ps_owners_read_image(struct ps_owners *o)
{
	struct ps_error *err = ps_owners_image_range(o);

	if (!err)
		return;
	ps_owners_note(o, "kernel image not located: %s", err->message);
	ps_error_destroy(err);
}

/* Tasks first: a stack's vmap area is named after its task. */
static struct ps_error *ps_owners_read_maps(struct ps_owners *o)
{
	struct ps_owner_table stacks;
	struct ps_error *err;

	ps_owner_table_init(&stacks);
	err = ps_owners_read_tasks(o, &stacks);
	if (err)
		goto out;
	err = ps_owners_read_vmalloc(o, &stacks);
	if (err)
		goto out;
	err = ps_owners_read_pgtables(o);
out:
	ps_owner_table_deinit(&stacks);
	return ps_error_prefix(err, "owners");
}

static bool ps_blockdev_layout(const struct ps_layout *L)
{
	return L->sym_blockdev_superblock.present && L->bdev_inode_bdev.present &&
	       L->bdev_inode_vfs_inode.present && L->bdev_bd_disk.present &&
	       L->gendisk_disk_name.present;
}

/* Block devices' page cache belongs to the bdev file system's inodes. */
static void ps_owners_read_blockdev_sb(struct ps_owners *o)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t sym;
	struct ps_error *err;

	if (!ps_blockdev_layout(L))
		return;
	err = ps_target_symbol_addr(o->t, &L->sym_blockdev_superblock,
				    "blockdev_superblock", &sym);
	if (err)
		goto fail;
	err = ps_target_read_u64(o->t, sym, &o->blockdev_sb);
	if (!err)
		return;
fail:
	ps_owners_note(o, "block devices named by inode: %s", err->message);
	ps_error_destroy(err);
}

/* CMA areas are context: damage there loses it, with a note. */
static void ps_owners_read_cma(struct ps_owners *o, uint64_t max_pfn)
{
	struct ps_error *err = ps_cma_areas_read(o->t, max_pfn, &o->cma);

	if (!err)
		return;
	ps_owners_note(o, "CMA areas not read: %s", err->message);
	ps_error_destroy(err);
}

/* Reserved pages split by memblock.reserved, where the kernel kept it. */
static void ps_owners_read_memblock(struct ps_owners *o, uint64_t max_pfn)
{
	struct ps_error *err = ps_memblock_reserved_read(o->t, o->page_bytes, max_pfn,
							 &o->memblock);

	o->memblock_known = !err;
	if (!err)
		return;
	ps_owners_note(o, "reserved pages not split by memblock region: %s", err->message);
	ps_error_destroy(err);
}

/* What a balloon page's mapping points at, where this kernel has it. */
static void ps_owners_read_balloon(struct ps_owners *o)
{
	const struct ps_layout *L = &o->t->layout;
	struct ps_error *err = NULL;

	if (L->sym_balloon_mops.present)
		err = ps_target_symbol_addr(o->t, &L->sym_balloon_mops, "balloon_mops",
					    &o->balloon_mops);
	else if (L->sym_balloon_aops.present && L->mapping_a_ops.present)
		err = ps_target_symbol_addr(o->t, &L->sym_balloon_aops, "balloon_aops",
					    &o->balloon_aops);
	ps_error_destroy(err);
}

static void ps_owners_slab_layout(struct ps_owners *o)
{
	const struct ps_layout *L = &o->t->layout;
	const struct ps_lval *v = L->slab_slab_cache.present ? &L->slab_slab_cache
							     : &L->page_slab_cache;

	o->slab_cache_known = v->present && L->kmem_cache_name.present;
	o->slab_cache_off = o->slab_cache_known ? ps_off(v) : 0;
	if (!o->slab_cache_known)
		ps_owners_note(o, "slab caches not named: no struct slab.slab_cache or kmem_cache.name in this kernel's layout");
}

struct ps_error *ps_owners_create(struct ps_target *t, struct ps_owners **ret)
{
	_cleanup_(ps_owners_destroyp) struct ps_owners *o = calloc(1, sizeof(*o));
	const struct ps_memmodel *m;
	struct ps_error *err;

	if (!o)
		return ps_error_nomem();
	o->t = t;
	o->image_start = o->image_end = 0;
	ps_owner_table_init(&o->table);
	ps_owner_table_init(&o->pools);
	err = ps_memmodel_get(t, &m);
	if (err)
		return err;
	err = ps_page_decoder_init(&o->dec, &t->layout, m);
	if (err)
		return err;
	o->page_bytes = 1ULL << m->page_shift;
	ps_owners_slab_layout(o);
	ps_owners_read_image(o);
	ps_owners_read_blockdev_sb(o);
	err = ps_owners_read_pcp(o);
	if (err)
		return err;
	err = ps_owners_read_maps(o);
	if (err)
		return err;
	err = ps_owners_read_percpu(o);
	if (err)
		return err;
	ps_owners_read_cma(o, m->max_pfn);
	ps_owners_read_memblock(o, m->max_pfn);
	ps_owners_read_balloon(o);
	o->page_pool_known = ps_owners_page_pool_layout(&t->layout);
	if (!o->page_pool_known)
		ps_owners_note(o, "page_pool pages not recognised: no page.pp or page_pool.p in this kernel's layout");
	*ret = ps_steal(o);
	return NULL;
}

struct ps_error *ps_owners_fork(const struct ps_owners *base,
				struct ps_target *view, struct ps_owners **ret)
{
	struct ps_owners *o = malloc(sizeof(*o));
	struct ps_error *err;

	if (!o)
		return ps_error_nomem();
	*o = *base;
	o->t = view;
	o->forked = true;
	o->nr_notes = 0;
	ps_owner_table_init(&o->pools);
	err = ps_owner_table_copy(&o->table, &base->table);
	if (err) {
		free(o);
		return err;
	}
	*ret = o;
	return NULL;
}

void ps_owners_destroy(struct ps_owners *o)
{
	if (!o)
		return;
	ps_owner_table_deinit(&o->table);
	ps_owner_table_deinit(&o->pools);
	for (size_t i = 0; i < o->nr_notes; i++)
		free(o->notes[i]);
	if (o->forked) {
		free(o);
		return;
	}
	free(o->pcp.v);
	free(o->vmalloc.v);
	free(o->pipes.v);
	free(o->percpu.v);
	free(o->pgtables.v);
	free(o->cma.v);
	free(o->memblock.v);
	free(o);
}

/* ------------------------------------------------------------------ */
/* One page                                                           */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_owners_plain(struct ps_owners *o, unsigned kind,
					const char *name, uint32_t *id_ret)
{
	return ps_owner_table_intern(&o->table, kind, ps_page_owner_kind_mov[kind],
				     name, id_ret);
}

/* An owner whose kind has one name: interned once, then remembered. */
static struct ps_error *ps_owners_fixed(struct ps_owners *o, unsigned kind,
					const char *name, uint32_t *id_ret)
{
	struct ps_error *err;

	if (o->fixed[kind]) {
		*id_ret = o->fixed[kind] - 1;
		return NULL;
	}
	err = ps_owners_plain(o, kind, name, id_ret);
	if (err)
		return err;
	o->fixed[kind] = *id_ret + 1;
	return NULL;
}

static struct ps_error *ps_owners_slab_page(struct ps_owners *o,
					    const struct ps_page *p,
					    const void *head_raw,
					    uint32_t *id_ret)
{
	uint64_t cache;
	struct ps_error *err;

	if (!o->slab_cache_known)
		return ps_owners_fixed(o, PS_POWN_slab, "(caches not named)", id_ret);
	if (head_raw) {
		cache = ps_get_u64(head_raw, o->slab_cache_off);
		return ps_owners_slab(o, cache, id_ret);
	}
	err = ps_target_read_u64(o->t, ps_memmodel_page_addr(o->dec.model, o->dec.page_size,
							    p->head_pfn) +
				      o->slab_cache_off, &cache);
	if (err)
		return err;
	return ps_owners_slab(o, cache, id_ret);
}

/*
 * Whether @p p belongs to a memory balloon: its mapping is the balloon's
 * movable ops (v5.19+) or an address_space with balloon_aops (before).
 */
static struct ps_error *ps_owners_is_balloon(struct ps_owners *o,
					     const struct ps_page *p, bool *ret)
{
	uint64_t obj = ps_page_mapping_object(p), aops;
	struct ps_error *err;

	*ret = false;
	if (o->balloon_mops && p->mapping_kind == PS_MAPPING_MOVABLE)
		*ret = obj == o->balloon_mops;
	if (!o->balloon_aops || p->mapping_kind != PS_MAPPING_FILE || !obj)
		return NULL;
	err = ps_target_read_u64(o->t, obj + ps_off(&o->t->layout.mapping_a_ops), &aops);
	if (err)
		return ps_owners_fault(err) ? NULL : err;
	*ret = aops == o->balloon_aops;
	return NULL;
}

/* An offline page: a balloon's, or offline for another reason. */
static struct ps_error *ps_owners_offline(struct ps_owners *o,
					  const struct ps_page *p, uint32_t *id_ret)
{
	bool balloon;
	struct ps_error *err = ps_owners_is_balloon(o, p, &balloon);

	if (err)
		return err;
	if (balloon)
		return ps_owners_fixed(o, PS_POWN_balloon, "balloon", id_ret);
	return ps_owners_fixed(o, PS_POWN_offline, "offline", id_ret);
}

/* A page table: its mm and level where a walk reached it. */
static struct ps_error *ps_owners_page_table(struct ps_owners *o,
					     const struct ps_page *p, uint32_t *id_ret)
{
	if (ps_pfn_map_find(&o->pgtables, p->pfn, id_ret))
		return NULL;
	return ps_owners_fixed(o, PS_POWN_page_table, ps_owners_pgtable_unreached, id_ret);
}

/*
 * A table the walk reached whose struct page is no PageTable page (a PGD
 * before its constructor came, a kernel table, 5.10's memcg-charged PGDs
 * and PUDs): named apart, as the kernel's PageTables does not count it.
 */
static struct ps_error *ps_owners_untyped_table(struct ps_owners *o, uint64_t pfn,
						bool *found_ret, uint32_t *id_ret)
{
	char name[192];
	uint32_t id;

	*found_ret = ps_pfn_map_find(&o->pgtables, pfn, &id);
	if (!*found_ret)
		return NULL;
	snprintf(name, sizeof(name), "%s%s", ps_owners_entry(o, id)->name,
		 ps_owners_pgtable_untyped);
	return ps_owners_plain(o, PS_POWN_page_table, name, id_ret);
}

/* A typed page: the type says the owner, or names the object that does. */
static struct ps_error *ps_owners_typed(struct ps_owners *o,
					const struct ps_page *p,
					const void *head_raw, uint32_t *id_ret)
{
	struct ps_error *err;
	char name[96];
	bool found;

	switch (p->type) {
	case PS_PT_slab:
		return ps_owners_slab_page(o, p, head_raw, id_ret);
	case PS_PT_table:
		return ps_owners_page_table(o, p, id_ret);
	case PS_PT_hugetlb:
		snprintf(name, sizeof(name), "order %u", p->order);
		return ps_owners_plain(o, PS_POWN_hugetlb, name, id_ret);
	case PS_PT_zsmalloc:
		return ps_owners_fixed(o, PS_POWN_zsmalloc, "zsmalloc", id_ret);
	case PS_PT_offline:
		return ps_owners_offline(o, p, id_ret);
	case PS_PT_guard:
		return ps_owners_fixed(o, PS_POWN_guard, "guard", id_ret);
	case PS_PT_unaccepted:
		return ps_owners_fixed(o, PS_POWN_unaccepted, "unaccepted", id_ret);
	case PS_PT_large_kmalloc:
		snprintf(name, sizeof(name), "order %u", p->order);
		return ps_owners_plain(o, PS_POWN_large_kmalloc, name, id_ret);
	default:
		/*
		 * A bit of page_type no debug info names (#defines before
		 * v6.11: PG_table, PG_guard, and PG_kmemcg on memcg-charged
		 * pages until v5.14): a map that lists the page says more.
		 */
		if (ps_pfn_map_find(&o->vmalloc, p->pfn, id_ret) ||
		    ps_pfn_map_find(&o->pipes, p->pfn, id_ret))
			return NULL;
		err = ps_owners_untyped_table(o, p->pfn, &found, id_ret);
		if (err || found)
			return err;
		snprintf(name, sizeof(name), "page_type %#x, not named by this kernel's debug info",
			 p->page_type);
		return ps_owners_plain(o, PS_POWN_unknown, name, id_ret);
	}
}

static struct ps_error *ps_owners_mapped(struct ps_owners *o,
					 const struct ps_page *p,
					 uint32_t *id_ret)
{
	uint64_t obj = ps_page_mapping_object(p);

	switch (p->mapping_kind) {
	case PS_MAPPING_ANON:
		return ps_owners_anon(o, obj, id_ret);
	case PS_MAPPING_FILE:
		return ps_owners_file(o, obj, id_ret);
	case PS_MAPPING_KSM:
		return ps_owners_fixed(o, PS_POWN_ksm, "ksm", id_ret);
	default:
		/* A balloon page whose PageOffline no debug info names. */
		if (o->balloon_mops && obj == o->balloon_mops)
			return ps_owners_fixed(o, PS_POWN_balloon, "balloon", id_ret);
		return ps_owners_fixed(o, PS_POWN_movable_ops, "movable_ops", id_ret);
	}
}

/* A reserved page: from memblock.reserved, or firmware and holes. */
static struct ps_error *ps_owners_reserved(struct ps_owners *o, uint64_t pfn,
					   uint32_t *id_ret)
{
	if (!o->memblock_known)
		return ps_owners_fixed(o, PS_POWN_reserved, "reserved", id_ret);
	if (ps_memblock_reserved_has(&o->memblock, pfn))
		return ps_owners_plain(o, PS_POWN_reserved, "memblock", id_ret);
	return ps_owners_plain(o, PS_POWN_reserved, "not memblock-reserved: firmware, holes",
			       id_ret);
}

/* Untyped and unmapped: reserved, the image, vmalloc, pcp, or unknown. */
static struct ps_error *ps_owners_bare(struct ps_owners *o,
				       const struct ps_page *p,
				       uint32_t *id_ret)
{
	const struct ps_page_decoder *d = &o->dec;
	char name[48];

	/* The first per-cpu chunk is memblock memory, PG_reserved. */
	if (ps_pfn_map_find(&o->percpu, p->pfn, id_ret))
		return NULL;
	/* Init sections freed after boot lose PG_reserved and are reused. */
	if (ps_page_flag(d, p->eflags, PS_PG_reserved) &&
	    p->pfn >= o->image_start && p->pfn < o->image_end)
		return ps_owners_fixed(o, PS_POWN_kernel_image, "vmlinux", id_ret);
	if (ps_page_flag(d, p->eflags, PS_PG_reserved))
		return ps_owners_reserved(o, p->pfn, id_ret);
	if (ps_pfn_map_find(&o->vmalloc, p->pfn, id_ret))
		return NULL;
	if (ps_pfn_map_find(&o->pipes, p->pfn, id_ret))
		return NULL;
	if (p->refcount) {
		bool table;
		struct ps_error *err = ps_owners_untyped_table(o, p->pfn, &table, id_ret);

		if (err || table)
			return err;
	}
	if (p->refcount == 0 && ps_pfn_map_find(&o->pcp, p->pfn, id_ret))
		return NULL;
	if (o->page_pool_known && p->refcount) {
		bool pool;
		struct ps_error *err = ps_owners_page_pool(o, p, &pool, id_ret);

		if (err || pool)
			return err;
	}
	/* A folio's tails have no references of their own: name the folio. */
	if (p->order)
		snprintf(name, sizeof(name), "folio of order %u", p->order);
	else
		snprintf(name, sizeof(name), "refcount %d", p->refcount);
	return ps_owners_plain(o, PS_POWN_unknown, name, id_ret);
}

struct ps_error *ps_owners_classify(struct ps_owners *o,
				    const struct ps_page *p,
				    const void *head_raw, uint32_t *id_ret)
{
	if (p->state & PS_PAGE_UNREADABLE)
		return ps_owners_fixed(o, PS_POWN_unreadable, "not in the dump", id_ret);
	if (p->state & PS_PAGE_HWPOISON)
		return ps_owners_fixed(o, PS_POWN_hwpoison, "hwpoison", id_ret);
	if (p->state & PS_PAGE_FREE)
		return ps_owners_fixed(o, PS_POWN_free, "buddy", id_ret);
	if (p->type != PS_PT_none)
		return ps_owners_typed(o, p, head_raw, id_ret);
	if (p->mapping_kind != PS_MAPPING_NONE)
		return ps_owners_mapped(o, p, id_ret);
	return ps_owners_bare(o, p, id_ret);
}

struct ps_error *ps_owners_classify_next(struct ps_owners *o,
					 struct ps_owners_cursor *cur,
					 const struct ps_page *p, uint32_t *id_ret)
{
	const uint32_t own = PS_PAGE_HWPOISON | PS_PAGE_FREE | PS_PAGE_UNREADABLE;
	struct ps_error *err;

	if (p->type == PS_PT_slab && p->head_pfn == cur->slab_head && !(p->state & own)) {
		*id_ret = cur->slab_id;
		return NULL;
	}
	err = ps_owners_classify(o, p, NULL, id_ret);
	if (err || p->type != PS_PT_slab || (p->state & own))
		return err;
	cur->slab_head = p->head_pfn;
	cur->slab_id = *id_ret;
	return NULL;
}

struct ps_error *ps_owners_of_page(struct ps_target *t, const struct ps_page *p,
				   struct ps_page_owner_desc *ret)
{
	_cleanup_(ps_owners_destroyp) struct ps_owners *o = NULL;
	const struct ps_owner_entry *e;
	const struct ps_cma_area *area;
	uint32_t id;
	struct ps_error *err = ps_owners_create(t, &o);

	if (err)
		return err;
	err = ps_owners_classify(o, p, NULL, &id);
	if (err)
		return err;
	e = ps_owners_entry(o, id);
	ret->kind = e->kind;
	ret->mov = e->mov;
	snprintf(ret->name, sizeof(ret->name), "%s", e->name);
	area = ps_cma_area_find(&o->cma, p->pfn);
	snprintf(ret->cma, sizeof(ret->cma), "%s", area ? area->name : "");
	return NULL;
}
