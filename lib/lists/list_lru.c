// SPDX-License-Identifier: GPL-2.0-or-later
/* Walking one list_lru: its node lists, its per-memcg lists, its counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "layout/buf.h"
#include "lists/list_lru.h"
#include "lists/memcg.h"
#include "lists/shrinker.h"
#include "target/target.h"
#include "kernel/xarray.h"

/* Far beyond any real LRU; only a list that loops gets there. */
enum { PS_LRU_MAX_ENTRIES = 1 << 26, PS_LRU_MAX_NODES = 1 << 16 };
/* kmemcg ids are memcg ids: 16 bits (MEM_CGROUP_ID_MAX). */
enum { PS_LRU_MAX_KMEMCG_IDS = 1 << 16 };

const char *ps_list_lru_kind_name(enum ps_list_lru_kind kind)
{
	static const char *const names[] = {
		[PS_LRU_DENTRY] = "dentry",	[PS_LRU_INODE] = "inode",
		[PS_LRU_SHADOW] = "shadow",	[PS_LRU_THP_SPLIT] = "thp_split",
		[PS_LRU_OTHER] = "other",
	};

	return kind < PS_LRU_NR_KINDS ? names[kind] : "?";
}

bool ps_list_lru_needs_bit(const struct ps_list_lru *lru, const struct ps_list_lru_one *l,
		      const struct ps_memcg *owner)
{
	bool nonempty = l->walked > 0 || l->nr_items > 0;

	if (!lru->memcg_aware || lru->shrinker_id < 0 || l->kmemcg_id < 0)
		return false;
	return nonempty && !(owner && owner->depth == 0);
}

static bool ps_lru_layout_present(const struct ps_layout *L)
{
	return L->list_lru_size.present && L->list_lru_node.present &&
	       L->list_lru_shrinker_id.present &&
	       L->list_lru_memcg_aware.present &&
	       L->list_lru_node_size.present && L->lru_node_lru.present &&
	       L->lru_node_nr_items.present && L->list_lru_one_size.present &&
	       L->lru_one_list.present && L->lru_one_nr_items.present &&
	       L->sym_nr_node_ids.present;
}

/* ------------------------------------------------------------------ */
/* Lists                                                              */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_lru_new_list(struct ps_list_lru *lru, int nid,
					int kmemcg_id, uint64_t one,
					struct ps_list_lru_one **ret)
{
	if (lru->nr_lists == lru->cap_lists) {
		size_t cap = lru->cap_lists ? 2 * lru->cap_lists : 16;
		struct ps_list_lru_one *v = realloc(lru->lists, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		lru->lists = v;
		lru->cap_lists = cap;
	}
	*ret = &lru->lists[lru->nr_lists++];
	**ret = (struct ps_list_lru_one){ .nid = nid, .kmemcg_id = kmemcg_id,
				      .addr = one, .memcg = -1 };
	return NULL;
}

/* Walk the struct list_lru_one at @one into a new list entry. */
static struct ps_error *ps_lru_walk_one(struct ps_target *t, struct ps_list_lru *lru,
					int nid, int kmemcg_id, uint64_t one)
{
	const struct ps_layout *L = &t->layout;
	struct ps_list_lru_one *l = NULL;
	uint64_t nr;
	struct ps_error *err = ps_lru_new_list(lru, nid, kmemcg_id, one, &l);

	if (err)
		return err;
	err = ps_target_read_u64(t, one + ps_off(&L->lru_one_nr_items), &nr);
	if (err)
		return err;
	l->nr_items = (int64_t)nr;
	err = ps_list_count(t, one + ps_off(&L->lru_one_list),
			    PS_LRU_MAX_ENTRIES, &l->walked, &l->fault);
	if (err)
		return err;
	l->broken = ps_list_fault_is_corruption(&l->fault);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Nodes and memcgs                                                   */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_lru_read_node(struct ps_target *t, struct ps_list_lru *lru,
					 uint64_t addr, int nid)
{
	const struct ps_layout *L = &t->layout;
	unsigned char buf[256];
	size_t size = (size_t)L->list_lru_node_size.value;
	struct ps_list_lru_node *n = &lru->nodes[nid];
	struct ps_error *err;

	if (size > sizeof(buf))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "struct list_lru_node of %zu bytes", size);
	err = ps_target_read(t, PS_KVADDR, addr, buf, size);
	if (err)
		return ps_error_prefix(err, "list_lru_node %d", nid);
	n->nid = nid;
	n->addr = addr;
	n->nr_items = (int64_t)ps_get_member(buf, &L->lru_node_nr_items);
	if (L->lru_node_lock.present)
		n->lock = (uint32_t)ps_get_member(buf, &L->lru_node_lock);
	lru->nr_items += n->nr_items;
	return ps_lru_walk_one(t, lru, nid, -1, addr + ps_off(&L->lru_node_lru));
}

/* The node lists of the struct list_lru_memcg at @mlru. */
static struct ps_error *ps_lru_walk_memcg(struct ps_target *t,
					  struct ps_list_lru *lru, int kmemcg_id,
					  uint64_t mlru)
{
	const struct ps_layout *L = &t->layout;
	uint64_t one_size = (uint64_t)L->list_lru_one_size.value;
	struct ps_error *err;

	for (size_t nid = 0; nid < lru->nr_nodes; nid++) {
		err = ps_lru_walk_one(t, lru, (int)nid, kmemcg_id,
				      mlru + ps_off(&L->lru_memcg_node) +
					      nid * one_size);
		if (err)
			return err;
	}
	return NULL;
}

/* The per-memcg lists: lru->xa maps kmemcg_id to struct list_lru_memcg. */
static struct ps_error *ps_lru_walk_memcgs(struct ps_target *t,
					   struct ps_list_lru *lru)
{
	_cleanup_(ps_xa_iter_deinit) struct ps_xa_iter xi;
	uint64_t index, mlru;
	struct ps_error *err;

	err = ps_xa_iter_init(&xi, t,
			      lru->id.addr + ps_off(&t->layout.list_lru_xa));
	if (err)
		return err;
	while (!(err = ps_xa_iter_next(&xi, &index, &mlru))) {
		err = ps_lru_walk_memcg(t, lru, (int)index, mlru);
		if (err)
			return err;
	}
	return err == &ps_stop ? NULL : err;
}

/* ------------------------------------------------------------------ */
/* Per-memcg lists before v5.18: an array per node                    */
/* ------------------------------------------------------------------ */

/* The number of slots of every memcg_lrus array: memcg_nr_cache_ids. */
static struct ps_error *ps_lru_nr_cache_ids(struct ps_target *t,
					    uint32_t *ret)
{
	uint64_t sym;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_memcg_nr_cache_ids,
				    "memcg_nr_cache_ids", &sym);
	if (err)
		return err;
	err = ps_target_read_u32(t, sym, ret);
	if (err)
		return err;
	if (*ret > PS_LRU_MAX_KMEMCG_IDS)
		return ps_error_at(PS_ERR_CORRUPT, sym,
				   "memcg_nr_cache_ids is %u: not a count of memcgs",
				   *ret);
	return NULL;
}

/* Node @nid's memcg_lrus->lru[]: one struct list_lru_one * per kmemcg id. */
static struct ps_error *ps_lru_walk_memcg_array(struct ps_target *t,
						struct ps_list_lru *lru,
						int nid, uint32_t nr_ids)
{
	const struct ps_layout *L = &t->layout;
	uint64_t ptr_size = L->lru_memcg_lru.elem_size;
	_cleanup_free_ uint64_t *ones = NULL;
	uint64_t arr;
	struct ps_error *err;

	err = ps_target_read_u64(t, lru->nodes[nid].addr +
					    ps_off(&L->lru_node_memcg_lrus),
				 &arr);
	if (err || !arr || !nr_ids)
		return err;
	if (ptr_size != sizeof(*ones))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "list_lru_memcg.lru[] of %llu-byte pointers",
				       (unsigned long long)ptr_size);
	ones = calloc(nr_ids, sizeof(*ones));
	if (!ones)
		return ps_error_nomem();
	err = ps_target_read(t, PS_KVADDR, arr + ps_off(&L->lru_memcg_lru),
			     ones, nr_ids * sizeof(*ones));
	if (err)
		return ps_error_prefix(err, "memcg_lrus of node %d", nid);
	for (uint32_t id = 0; id < nr_ids; id++) {
		if (!ones[id])
			continue;
		err = ps_lru_walk_one(t, lru, nid, (int)id, ones[id]);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_lru_walk_memcg_arrays(struct ps_target *t,
						 struct ps_list_lru *lru)
{
	uint32_t nr_ids;
	struct ps_error *err = ps_lru_nr_cache_ids(t, &nr_ids);

	if (err)
		return err;
	for (size_t nid = 0; nid < lru->nr_nodes; nid++) {
		/* A node whose list_lru_node was not read has no address. */
		if (!lru->nodes[nid].addr)
			continue;
		err = ps_lru_walk_memcg_array(t, lru, (int)nid, nr_ids);
		if (err)
			return err;
	}
	return NULL;
}

/* Keep what was walked when the rest is garbage or not in the dump. */
static struct ps_error *ps_lru_unreached(struct ps_list_lru *lru,
					 struct ps_error *err)
{
	if (!err || (err->code != PS_ERR_CORRUPT && err->code != PS_ERR_FAULT &&
		     err->code != PS_ERR_EXCLUDED))
		return err;
	snprintf(lru->unreached, sizeof(lru->unreached), "%s", err->message);
	ps_error_destroy(err);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Counts and shrinker bits                                           */
/* ------------------------------------------------------------------ */

static void ps_lru_count(struct ps_list_lru *lru)
{
	for (size_t i = 0; i < lru->nr_lists; i++) {
		const struct ps_list_lru_one *l = &lru->lists[i];
		struct ps_list_lru_node *n = &lru->nodes[l->nid];

		n->lists_nr_items += l->nr_items;
		n->walked += l->walked;
		lru->walked += l->walked;
		lru->nr_broken += l->broken;
		lru->nr_mismatch += !l->broken &&
				    (int64_t)l->walked != l->nr_items;
	}
	for (size_t nid = 0; nid < lru->nr_nodes; nid++)
		lru->nr_node_mismatch += lru->nodes[nid].nr_items !=
					 lru->nodes[nid].lists_nr_items;
}

static struct ps_error *ps_lru_check_bit(struct ps_target *t,
					 const struct ps_memcgs *memcgs,
					 const struct ps_list_lru *lru,
					 struct ps_list_lru_one *l)
{
	const struct ps_memcg *owner = memcgs ?
		ps_memcgs_by_kmemcg_id(memcgs, l->kmemcg_id) : NULL;
	uint64_t nodeinfo;
	bool set;
	struct ps_error *err;

	l->memcg = owner ? (long)(owner - memcgs->memcgs) : -1;
	if (!ps_list_lru_needs_bit(lru, l, owner)) {
		l->bit = PS_LRU_BIT_NA;
		return NULL;
	}
	if (!owner) {
		l->bit = PS_LRU_BIT_NO_OWNER;
		return NULL;
	}
	err = ps_memcg_nodeinfo(t, owner, l->nid, &nodeinfo);
	if (err)
		return ps_error_prefix(err, "memcg %s", owner->path);
	err = ps_shrinker_bit(t, nodeinfo, lru->shrinker_id, &set);
	if (ps_error_is(err, PS_ERR_FAULT) || ps_error_is(err, PS_ERR_EXCLUDED)) {
		/* A filtered dump may leave the map out: that list only is unknown. */
		ps_error_destroy(err);
		l->bit = PS_LRU_BIT_UNREAD;
		return NULL;
	}
	if (err)
		return ps_error_prefix(err, "memcg %s", owner->path);
	l->bit = set ? PS_LRU_BIT_SET : PS_LRU_BIT_CLEAR;
	return NULL;
}

static struct ps_error *ps_lru_check_bits(struct ps_target *t,
					  const struct ps_memcgs *memcgs,
					  struct ps_list_lru *lru)
{
	struct ps_error *err;

	for (size_t i = 0; i < lru->nr_lists; i++) {
		err = ps_lru_check_bit(t, memcgs, lru, &lru->lists[i]);
		lru->nr_missing_bits += lru->lists[i].bit == PS_LRU_BIT_CLEAR ||
					lru->lists[i].bit == PS_LRU_BIT_NO_OWNER;
		/* A kernel without shrinker maps: say nothing rather than guess. */
		if (ps_error_is(err, PS_ERR_UNSUPPORTED)) {
			ps_error_destroy(err);
			return NULL;
		}
		if (err)
			return err;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The walk                                                           */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_lru_read_head(struct ps_target *t,
					 struct ps_list_lru *lru, uint64_t *node_arr)
{
	const struct ps_layout *L = &t->layout;
	unsigned char buf[128];
	size_t size = (size_t)L->list_lru_size.value;
	uint64_t sym;
	uint32_t nr_node_ids;
	struct ps_error *err;

	if (size > sizeof(buf))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "struct list_lru of %zu bytes", size);
	err = ps_target_read(t, PS_KVADDR, lru->id.addr, buf, size);
	if (err)
		return err;
	err = ps_target_symbol_addr(t, &L->sym_nr_node_ids, "nr_node_ids", &sym);
	if (err)
		return err;
	err = ps_target_read_u32(t, sym, &nr_node_ids);
	if (err)
		return err;
	*node_arr = ps_get_member(buf, &L->list_lru_node);
	if (!*node_arr) {
		lru->uninitialised = true;
		lru->shrinker_id = -1;
		return NULL;
	}
	lru->shrinker_id = (int32_t)ps_get_member(buf, &L->list_lru_shrinker_id);
	lru->memcg_aware = ps_get_member(buf, &L->list_lru_memcg_aware) != 0;
	if (!nr_node_ids || nr_node_ids > PS_LRU_MAX_NODES)
		return ps_error_at(PS_ERR_CORRUPT, lru->id.addr,
				   "node array %#llx for %u nodes: not a list_lru",
				   (unsigned long long)*node_arr, nr_node_ids);
	lru->nr_nodes = nr_node_ids;
	lru->nodes = calloc(nr_node_ids, sizeof(*lru->nodes));
	return lru->nodes ? NULL : ps_error_nomem();
}

static struct ps_error *ps_lru_unsupported(const struct ps_layout *L)
{
	if (L->lru_node_memcg_lrus.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "per-memcg lists in list_lru_node.memcg_lrus (before v5.18): the debug info lacks %s",
				       !L->lru_memcg_lru.present ? "list_lru_memcg.lru"
								 : "memcg_nr_cache_ids");
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "the debug info does not describe struct list_lru");
}

/* The per-memcg lists: an xarray (v5.18+) or an array on each node. */
static struct ps_error *ps_lru_walk_per_memcg(struct ps_target *t,
					      struct ps_list_lru *lru)
{
	const struct ps_layout *L = &t->layout;

	if (L->list_lru_xa.present)
		return ps_lru_walk_memcgs(t, lru);
	if (L->lru_node_memcg_lrus.present && L->lru_memcg_lru.present &&
	    L->sym_memcg_nr_cache_ids.present)
		return ps_lru_walk_memcg_arrays(t, lru);
	return ps_lru_unsupported(L);
}

/* The node lists; one that cannot be reached leaves the others walked. */
static struct ps_error *ps_lru_walk_nodes(struct ps_target *t,
					  struct ps_list_lru *lru, uint64_t node_arr)
{
	uint64_t node_size = (uint64_t)t->layout.list_lru_node_size.value;
	struct ps_error *err;

	for (size_t nid = 0; nid < lru->nr_nodes; nid++) {
		err = ps_lru_unreached(lru, ps_lru_read_node(
			t, lru, node_arr + nid * node_size, (int)nid));
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_lru_walk_lists(struct ps_target *t,
					  const struct ps_memcgs *memcgs,
					  struct ps_list_lru *lru)
{
	uint64_t node_arr = 0;
	struct ps_error *err = ps_lru_read_head(t, lru, &node_arr);

	if (ps_error_is(err, PS_ERR_FAULT) || ps_error_is(err, PS_ERR_EXCLUDED))
		err = ps_lru_unreached(lru, err);
	if (err || lru->uninitialised)
		return err;
	err = ps_lru_walk_nodes(t, lru, node_arr);
	if (err)
		return err;
	if (lru->memcg_aware) {
		err = ps_lru_unreached(lru, ps_lru_walk_per_memcg(t, lru));
		if (err)
			return err;
	}
	ps_lru_count(lru);
	return ps_lru_check_bits(t, memcgs, lru);
}

struct ps_error *ps_list_lru_walk(struct ps_target *t, const struct ps_memcgs *memcgs,
			     const struct ps_list_lru_id *id, struct ps_list_lru *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->id = *id;
	if (!ps_lru_layout_present(L))
		return ps_lru_unsupported(L);
	err = ps_lru_walk_lists(t, memcgs, ret);
	if (err)
		ps_list_lru_deinit(ret);
	return ps_error_prefix(err, "list_lru %s", id->name);
}

void ps_list_lru_deinit(struct ps_list_lru *lru)
{
	free(lru->nodes);
	free(lru->lists);
	memset(lru, 0, sizeof(*lru));
}
