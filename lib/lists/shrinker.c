// SPDX-License-Identifier: GPL-2.0-or-later
#include "lists/shrinker.h"
#include "target/target.h"

/* Bit @bit of the bitmap of longs at @map (set_bit()/test_bit()). */
static struct ps_error *ps_bitmap_test(struct ps_target *t, uint64_t map,
				       unsigned long_size, uint64_t bit,
				       bool *set_ret)
{
	uint64_t bits_per_long = 8ULL * long_size, word = 0;
	struct ps_error *err;

	if (long_size != sizeof(word))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "shrinker map words of %u bytes", long_size);
	err = ps_target_read_u64(t, map + bit / bits_per_long * long_size,
				 &word);
	*set_ret = !err && (word >> (bit % bits_per_long) & 1);
	return err;
}

/*
 * A bitmap of shrinker_nr_max bits, @map_off into the object that the
 * pointer at @ptr_addr points to.
 */
static struct ps_error *ps_shrinker_bit_behind(struct ps_target *t,
					       uint64_t ptr_addr, uint64_t map_off,
					       unsigned long_size, int id,
					       bool *set_ret)
{
	uint64_t map, sym;
	uint32_t nr_max;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_shrinker_nr_max,
				    "shrinker_nr_max", &sym);
	if (err)
		return err;
	err = ps_target_read_u32(t, sym, &nr_max);
	if (err)
		return err;
	err = ps_target_read_u64(t, ptr_addr, &map);
	if (err || !map || id >= (int32_t)nr_max)
		return err;
	return ps_bitmap_test(t, map + map_off, long_size, (uint64_t)id, set_ret);
}

/* Before v6.7: one bitmap at info->map (unsigned long *: a long is as wide). */
static struct ps_error *ps_shrinker_bit_flat(struct ps_target *t,
					     uint64_t info, int id,
					     bool *set_ret)
{
	const struct ps_layout *L = &t->layout;

	return ps_shrinker_bit_behind(t, info + ps_off(&L->shrinker_info_map), 0,
				      L->shrinker_info_map.size, id, set_ret);
}

/* Since v6.7: info->unit[id / SHRINKER_UNIT_BITS]->map, up to map_nr_max. */
static struct ps_error *ps_shrinker_bit_units(struct ps_target *t,
					      uint64_t info, int id,
					      bool *set_ret)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_lval *unit = &L->shrinker_info_unit;
	/* SHRINKER_UNIT_BITS is BITS_PER_LONG: the bound of nr_deferred[]. */
	uint64_t unit_bits = L->shrinker_unit_nr_deferred.nr_elems;
	uint64_t unit_addr;
	uint32_t nr_max;
	struct ps_error *err;

	if (!unit_bits || !L->shrinker_unit_map.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no struct shrinker_info_unit in the debug info");
	err = ps_target_read_u32(t, info + ps_off(&L->shrinker_info_map_nr_max),
				 &nr_max);
	if (err || id >= (int32_t)nr_max)
		return err;
	err = ps_target_read_u64(t, info + ps_off(unit) +
				     (uint64_t)id / unit_bits * unit->elem_size,
				 &unit_addr);
	if (err || !unit_addr)
		return err;
	return ps_bitmap_test(t, unit_addr + ps_off(&L->shrinker_unit_map),
			      L->shrinker_unit_map.elem_size,
			      (uint64_t)id % unit_bits, set_ret);
}

/* Bit @id in the shrinker_info of the mem_cgroup_per_node at @nodeinfo. */
static struct ps_error *ps_shrinker_bit_of(struct ps_target *t,
					   uint64_t nodeinfo, int id,
					   bool *set_ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t info;
	struct ps_error *err;

	err = ps_target_read_u64(t, nodeinfo + ps_off(&L->memcg_pn_shrinker_info),
				 &info);
	if (err || !info)
		return err;
	if (L->shrinker_info_unit.present)
		return ps_shrinker_bit_units(t, info, id, set_ret);
	if (L->shrinker_info_map.present)
		return ps_shrinker_bit_flat(t, info, id, set_ret);
	return NULL;
}

/*
 * Before v5.13 (shrinker_map became shrinker_info): nodeinfo->shrinker_map
 * points at a struct memcg_shrinker_map whose map[] has shrinker_nr_max
 * bits.
 */
static struct ps_error *ps_shrinker_bit_map(struct ps_target *t,
					    uint64_t nodeinfo, int id,
					    bool *set_ret)
{
	const struct ps_layout *L = &t->layout;

	return ps_shrinker_bit_behind(t, nodeinfo + ps_off(&L->memcg_pn_shrinker_map),
				      ps_off(&L->shrinker_map_map),
				      L->shrinker_map_map.elem_size, id, set_ret);
}

struct ps_error *ps_shrinker_bit(struct ps_target *t, uint64_t nodeinfo,
				 int id, bool *set_ret)
{
	const struct ps_layout *L = &t->layout;
	bool old_map = L->memcg_pn_shrinker_map.present &&
		       L->shrinker_map_map.present;

	*set_ret = false;
	if (!L->memcg_pn_shrinker_info.present && !old_map)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no per-memcg shrinker maps in the debug info");
	if (id < 0 || !nodeinfo)
		return NULL;
	return ps_error_prefix(L->memcg_pn_shrinker_info.present
				       ? ps_shrinker_bit_of(t, nodeinfo, id, set_ret)
				       : ps_shrinker_bit_map(t, nodeinfo, id, set_ret),
			       "shrinker map of mem_cgroup_per_node %#llx",
			       (unsigned long long)nodeinfo);
}
