// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page_pool pages (network drivers' receive buffers). The kernel marks
 * them with PP_SIGNATURE in page->pp_magic, a macro no type information
 * carries, and points page->pp at their struct page_pool. So a page is
 * taken for one only when its pp_magic is not an address (a list link
 * would be) and its pp leads to a pool whose own fields agree with it:
 * the pool's page order is the page's, its node is a node, its size
 * fits memory. Each pool is checked once.
 */
#include <inttypes.h>
#include <stdio.h>

#include "kernel/memmodel.h"
#include "target/target.h"
#include "walk/owners.h"

/* Kept in the pool map for a pointer that is no pool. */
static const uint32_t PS_NOT_A_POOL = UINT32_MAX;

bool ps_owners_page_pool_layout(const struct ps_layout *L)
{
	return L->page_pp_magic.present && L->page_pp.present &&
	       L->page_pool_order.present && L->page_pool_nid.present &&
	       L->page_pool_pool_size.present;
}

static bool ps_pool_nid_ok(const struct ps_memmodel *m, int32_t nid)
{
	if (nid == -1)		/* NUMA_NO_NODE */
		return true;
	for (size_t i = 0; i < m->nr_nodes; i++)
		if (m->nodes[i].nid == nid)
			return true;
	return false;
}

/* The pool's name: its net device (v6.8+), else its address. */
static struct ps_error *ps_pool_name(struct ps_owners *o, uint64_t pool,
				     char *buf, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t dev;
	char name[32];
	struct ps_error *err;

	snprintf(buf, len, "pool %#" PRIx64, pool);
	if (!L->page_pool_netdev.present || !L->net_device_name.present)
		return NULL;
	err = ps_target_read_u64(o->t, pool + ps_off(&L->page_pool_netdev), &dev);
	if (err || !dev)
		return err;
	err = ps_target_read_string(o->t, dev + ps_off(&L->net_device_name), name,
				    sizeof(name));
	if (err)
		return err;
	snprintf(buf, len, "%s", name);
	return NULL;
}

/* Whether @p pool is a page_pool of pages of @p order; its owner id. */
static struct ps_error *ps_pool_check(struct ps_owners *o, uint64_t pool,
				      unsigned order, uint32_t *id_ret)
{
	const struct ps_layout *L = &o->t->layout;
	uint32_t pool_order, size, nid;
	char name[64];
	struct ps_error *err;

	*id_ret = PS_NOT_A_POOL;
	err = ps_target_read_u32(o->t, pool + ps_off(&L->page_pool_order), &pool_order);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, pool + ps_off(&L->page_pool_nid), &nid);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, pool + ps_off(&L->page_pool_pool_size), &size);
	if (err)
		return err;
	if (pool_order != order || !ps_pool_nid_ok(o->dec.model, (int32_t)nid) ||
	    size > o->dec.model->max_pfn)
		return NULL;
	err = ps_pool_name(o, pool, name, sizeof(name));
	if (err)
		return err;
	return ps_owner_table_intern(&o->table, PS_POWN_page_pool, PS_OWNER_MOV_unmovable,
				     name, id_ret);
}

/*
 * A pool, checked once per page order: faults and mismatches are
 * remembered as none. The order goes into bits 58-62 of the key, which a
 * kernel address has all set.
 */
static struct ps_error *ps_pool_lookup(struct ps_owners *o, uint64_t pool,
				       unsigned order, uint32_t *id_ret)
{
	uint64_t key = pool ^ ((uint64_t)(order & 31) << 58);
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&o->pools, key, id_ret))
		return NULL;
	err = ps_pool_check(o, pool, order, id_ret);
	if (ps_owners_fault(err)) {
		err = NULL;
		*id_ret = PS_NOT_A_POOL;
	}
	if (err)
		return err;
	return ps_owner_table_ptr_add(&o->pools, key, *id_ret);
}

struct ps_error *ps_owners_page_pool(struct ps_owners *o, const struct ps_page *p,
				     bool *found_ret, uint32_t *id_ret)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t page = ps_memmodel_page_addr(o->dec.model, o->dec.page_size, p->head_pfn);
	uint64_t magic, pool, probe;
	struct ps_error *err;

	*found_ret = false;
	err = ps_target_read_u64(o->t, page + ps_off(&L->page_pp_magic), &magic);
	if (err)
		return ps_owners_fault(err) ? NULL : err;
	err = ps_target_read_u64(o->t, page + ps_off(&L->page_pp), &pool);
	if (err)
		return ps_owners_fault(err) ? NULL : err;
	if (!magic || !pool)
		return NULL;
	/* A readable pp_magic is an address: the page is on some list. */
	err = ps_target_read_u64(o->t, magic, &probe);
	if (!err)
		return NULL;
	if (!ps_owners_fault(err))
		return err;
	err = ps_pool_lookup(o, pool, p->order, id_ret);
	if (err)
		return err;
	*found_ret = *id_ret != PS_NOT_A_POOL;
	return NULL;
}
