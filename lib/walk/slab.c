// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "kernel/list.h"
#include "layout/buf.h"
#include "walk/slab.h"
#include "target/target.h"

static struct ps_error *ps_slab_cache_name(struct ps_target *t, uint64_t cache,
					   char *buf, size_t len)
{
	const struct ps_lval *name = &t->layout.kmem_cache_name;
	uint64_t addr;
	struct ps_error *err;

	if (!name->present)
		return ps_error_create(PS_ERR_NO_TYPE,
				       "this kernel's types have no struct kmem_cache.name");
	err = ps_target_read_u64(t, cache + ps_off(name), &addr);
	if (err)
		return ps_error_prefix(err, "kmem_cache %#llx", (unsigned long long)cache);
	return ps_error_prefix(ps_target_read_string(t, addr, buf, len),
			       "the name of kmem_cache %#llx", (unsigned long long)cache);
}

void ps_slab_members(const struct ps_layout *L, struct ps_slab_members *ret)
{
	/* struct slab split off struct page in v5.17. */
	if (L->slab_slab_cache.present) {
		*ret = (struct ps_slab_members){
			.view = "struct slab", .cache = &L->slab_slab_cache,
			.list = &L->slab_slab_list, .freelist = &L->slab_freelist,
			.counters = &L->slab_counters,
		};
		return;
	}
	*ret = (struct ps_slab_members){
		.view = "struct page (slab)", .cache = &L->page_slab_cache,
		.list = &L->page_slab_list, .freelist = &L->page_freelist,
		.counters = &L->page_counters,
	};
}

bool ps_slab_marks_node_partial(const struct ps_layout *L)
{
	/*
	 * The series that added slab_set_node_partial() (v6.8) also made
	 * get_partial() return an object: partial_context.object. Sheaves
	 * (v6.18) later dropped struct partial_context and kept the mark.
	 */
	return L->partial_context_object.present || L->slab_sheaf_size.present;
}

/* Bit-field @p field (layout: its bit position), out of the counters word. */
static bool ps_slab_bitfield(const struct ps_lval *counters,
			     const struct ps_lval *field, uint64_t word,
			     uint32_t *ret)
{
	uint64_t bit = (uint64_t)field->value;

	if (!field->present || !field->size || field->size > 32 ||
	    bit < (uint64_t)counters->value * 8 ||
	    bit + field->size > (uint64_t)counters->value * 8 + 64)
		return false;
	*ret = (uint32_t)((word >> (bit - (uint64_t)counters->value * 8)) &
			  ((1ULL << field->size) - 1));
	return true;
}

bool ps_slab_counters_split(struct ps_target *t, struct ps_slab_info *info)
{
	const struct ps_layout *L = &t->layout;
	struct ps_slab_members sm;
	/* Before struct slab (v5.17) the bit fields sit in struct page. */
	bool slab = L->slab_slab_cache.present;

	ps_slab_members(L, &sm);
	if (!sm.counters->present)
		return false;
	info->has_fields =
		ps_slab_bitfield(sm.counters, slab ? &L->slab_inuse : &L->page_inuse,
				 info->counters, &info->inuse) &&
		ps_slab_bitfield(sm.counters, slab ? &L->slab_objects : &L->page_objects,
				 info->counters, &info->objects) &&
		ps_slab_bitfield(sm.counters, slab ? &L->slab_frozen : &L->page_frozen,
				 info->counters, &info->frozen);
	return info->has_fields;
}

void ps_slab_info(struct ps_target *t, const void *raw, struct ps_slab_info *ret)
{
	struct ps_slab_members m;
	struct ps_error *err;

	*ret = (struct ps_slab_info){ 0 };
	ps_slab_members(&t->layout, &m);
	if (!m.cache->present || !m.freelist->present || !m.counters->present) {
		snprintf(ret->name, sizeof(ret->name),
			 "no slab_cache, freelist and counters in the types");
		return;
	}
	ret->decoded = true;
	ret->cache = ps_get_u64(raw, ps_off(m.cache));
	ret->freelist = ps_get_u64(raw, ps_off(m.freelist));
	ret->counters = ps_get_u64(raw, ps_off(m.counters));
	ps_slab_counters_split(t, ret);
	err = ps_slab_cache_name(t, ret->cache, ret->name, sizeof(ret->name));
	if (err) {
		snprintf(ret->name, sizeof(ret->name), "%s", err->message);
		ps_error_destroy(err);
	}
}

struct ps_slab_walk {
	struct ps_target *t;
	size_t nr;
};

static struct ps_error *ps_slab_cache_visit(uint64_t node, void *arg)
{
	struct ps_slab_walk *w = arg;
	char name[64];

	w->nr++;
	return ps_slab_cache_name(w->t, node - ps_off(&w->t->layout.kmem_cache_list),
				  name, sizeof(name));
}

/* More caches than any kernel makes: a cycle the walk missed. */
enum { PS_SLAB_MAX_CACHES = 1 << 16 };

struct ps_error *ps_slab_caches_read(struct ps_target *t, size_t *nr_ret)
{
	struct ps_slab_walk w = { .t = t };
	struct ps_list_fault fault;
	uint64_t head;
	struct ps_error *err;

	*nr_ret = 0;
	if (!t->layout.kmem_cache_list.present)
		return ps_error_create(PS_ERR_NO_TYPE,
				       "this kernel's types have no struct kmem_cache.list");
	err = ps_target_symbol_addr(t, &t->layout.sym_slab_caches, "slab_caches", &head);
	if (err)
		return err;
	err = ps_list_for_each(t, head, PS_SLAB_MAX_CACHES, ps_slab_cache_visit, &w,
			       &fault);
	*nr_ret = w.nr;
	return ps_error_prefix(err, "slab_caches");
}
