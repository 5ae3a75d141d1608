// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "kernel/stackdepot.h"
#include "layout/buf.h"

/*
 * The record's alignment, DEPOT_STACK_ALIGN, is a #define in no type
 * info. Every record stores its own handle, so the shift is the one under
 * which the record found carries the handle looked up; it is tried from 0
 * up to this bound (the kernel's is 4).
 */
enum { PS_DEPOT_MAX_ALIGN_SHIFT = 12 };

bool ps_stackdepot_present(const struct ps_layout *L)
{
	return L->sym_stack_pools.present && L->var_stack_pools.present &&
	       L->sym_pools_num.present && L->depot_offset.present &&
	       (L->depot_pool_index_plus_1.present ||
		L->depot_pool_index.present) &&
	       L->stack_record_size.present && L->stack_record_handle.present &&
	       L->stack_record_entries.present;
}

static uint32_t ps_bits(uint32_t word, const struct ps_lval *field)
{
	uint32_t shift = (uint32_t)field->value;
	uint32_t width = field->size;

	if (shift >= 32 || !width)
		return 0;
	word >>= shift;
	return width >= 32 ? word : word & ((1u << width) - 1);
}

struct ps_error *ps_stackdepot_decode(const struct ps_layout *L,
				      uint32_t handle,
				      struct ps_depot_ref *ret)
{
	uint32_t index;

	if (!handle)
		return ps_error_create(PS_ERR_CORRUPT, "stack depot handle 0: no stack saved");
	if (L->depot_pool_index_plus_1.present) {
		index = ps_bits(handle, &L->depot_pool_index_plus_1);
		if (!index)
			return ps_error_create(PS_ERR_CORRUPT,
					       "stack depot handle %#x has pool index 0", handle);
		index--;
	} else {
		index = ps_bits(handle, &L->depot_pool_index);
	}
	ret->pool = index;
	ret->offset = ps_bits(handle, &L->depot_offset);
	return NULL;
}

/*
 * Where the pool pointers are and how many there can be: the array
 * stack_pools[DEPOT_MAX_POOLS], or (v6.15) the pointer stack_pools to
 * stack_max_pools of them, allocated at boot.
 */
static struct ps_error *ps_stackdepot_pools(struct ps_target *t, uint64_t *base_ret,
					    uint32_t *max_ret)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_lval *v = &L->var_stack_pools;
	uint64_t addr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_stack_pools, "stack_pools", &addr);
	if (err)
		return err;
	if (v->nr_elems && v->elem_size == 8) {
		*base_ret = addr;
		*max_ret = v->nr_elems;
		return NULL;
	}
	if (v->nr_elems || v->size != 8 || !L->sym_stack_max_pools.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "stack_pools is neither an array of pointers nor a pointer "
				       "sized by stack_max_pools");
	err = ps_target_read_u64(t, addr, base_ret);
	if (err)
		return ps_error_prefix(err, "reading stack_pools");
	err = ps_target_symbol_addr(t, &L->sym_stack_max_pools, "stack_max_pools", &addr);
	if (err)
		return err;
	return ps_target_read_u32(t, addr, max_ret);
}

/* stack_pools[@p pool], checked against pools_num and the array's size. */
static struct ps_error *ps_stackdepot_pool(struct ps_target *t, uint32_t pool,
					   uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t pools, nr_addr;
	uint32_t nr, max;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_pools_num, "pools_num", &nr_addr);
	if (err)
		return err;
	err = ps_target_read_u32(t, nr_addr, &nr);
	if (err)
		return err;
	err = ps_stackdepot_pools(t, &pools, &max);
	if (err)
		return err;
	if (nr > max)
		return ps_error_create(PS_ERR_CORRUPT, "pools_num %u exceeds stack_pools[%u]",
				       nr, max);
	if (pool >= nr)
		return ps_error_create(PS_ERR_CORRUPT,
				       "stack depot pool %u out of range: pools_num is %u",
				       pool, nr);
	err = ps_target_read_u64(t, pools + 8ull * pool, ret);
	if (err)
		return err;
	if (!*ret)
		return ps_error_create(PS_ERR_CORRUPT, "stack_pools[%u] is NULL", pool);
	return NULL;
}

/* The record in @p pool that carries @p handle. */
static struct ps_error *ps_stackdepot_record(struct ps_target *t, uint64_t pool,
					     uint32_t offset, uint32_t handle,
					     uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;
	uint32_t found;

	for (unsigned int shift = 0; shift <= PS_DEPOT_MAX_ALIGN_SHIFT; shift++) {
		uint64_t rec = pool + ((uint64_t)offset << shift);

		err = ps_target_read_u32(t, rec + ps_off(&L->stack_record_handle), &found);
		if (err) {
			ps_error_destroy(err);
			continue;
		}
		if (found == handle) {
			*ret = rec;
			return NULL;
		}
	}
	return ps_error_at(PS_ERR_CORRUPT, pool,
			   "no stack record carries handle %#x in the pool at %#llx",
			   handle, (unsigned long long)pool);
}

struct ps_error *ps_stackdepot_fetch(struct ps_target *t, uint32_t handle,
				     struct ps_stack *ret)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_lval *ent = &L->stack_record_entries;
	struct ps_depot_ref ref;
	uint64_t pool = 0, rec = 0;
	uint32_t size;
	struct ps_error *err;

	if (!ps_stackdepot_present(L))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: kernel built without CONFIG_STACKDEPOT");
	err = ps_stackdepot_decode(L, handle, &ref);
	if (err)
		return err;
	err = ps_stackdepot_pool(t, ref.pool, &pool);
	if (err)
		return err;
	err = ps_stackdepot_record(t, pool, ref.offset, handle, &rec);
	if (err)
		return err;
	err = ps_target_read_u32(t, rec + ps_off(&L->stack_record_size), &size);
	if (err)
		return err;
	if (ent->elem_size != 8 || size > ent->nr_elems || size > PS_STACK_MAX_FRAMES)
		return ps_error_at(PS_ERR_CORRUPT, rec,
				   "stack record at %#llx holds %u frames, at most %u fit",
				   (unsigned long long)rec, size, ent->nr_elems);
	memset(ret, 0, sizeof(*ret));
	err = ps_target_read(t, PS_KVADDR, rec + ps_off(ent), ret->entries, 8ull * size);
	if (err)
		return err;
	ret->nr = size;
	return NULL;
}
