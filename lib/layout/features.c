// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The features and the items each needs. A need is a list of items of
 * which any one will do: the same thing under the names it had in
 * different kernels (compound_head, compound_info).
 */
#include <stdio.h>
#include <string.h>

#include "layout/features.h"

enum { PS_FEAT_MAX_NEEDS = 12, PS_NEED_END = SIZE_MAX };

struct ps_feature {
	const char *name;
	const char *cost;
	const size_t *needs[PS_FEAT_MAX_NEEDS];	/* each PS_NEED_END-ended */
};

#define I(field) offsetof(struct ps_layout, field)
#define ANY(...) ((const size_t[]){ __VA_ARGS__, PS_NEED_END })

static const struct ps_feature ps_features[PS_FEAT_NR] = {
	[PS_FEAT_page_decode] = { .needs = {
		ANY(I(page_size)), ANY(I(page_flags)), ANY(I(page_mapping)),
		ANY(I(page_page_type)), ANY(I(page_refcount)),
		ANY(I(page_private)) } },
	[PS_FEAT_compound] = { .needs = {
		ANY(I(page_compound_head), I(page_compound_info)),
		ANY(I(pg[PS_PG_head])) } },
	[PS_FEAT_page_index] = { .needs = {
		ANY(I(page_index), I(page_folio_index)) } },
	[PS_FEAT_folio_order] = { .needs = {
		ANY(I(folio_nr_pages), I(folio__nr_pages),
		    I(page_compound_order)) } },
	[PS_FEAT_entire_mapcount] = { .needs = {
		ANY(I(folio_entire_mapcount), I(page_compound_mapcount)) } },
	[PS_FEAT_page_types] = { .needs = {
		ANY(I(pgty_buddy), I(buddy_mapcount_value)) } },
	/* page->mem_cgroup before v5.11 */
	[PS_FEAT_memcg_pages] = { .needs = { ANY(I(page_memcg_data), I(page_mem_cgroup)) } },
	[PS_FEAT_anon_exclusive] = { .needs = {
		ANY(I(pg[PS_PG_anon_exclusive])) } },
	[PS_FEAT_partially_mapped_folios] = { .needs = {
		ANY(I(pg[PS_PG_partially_mapped])) } },
	[PS_FEAT_hwpoison] = { .needs = { ANY(I(pg[PS_PG_hwpoison])) } },
	[PS_FEAT_pageblocks] = { .needs = {
		ANY(I(nr_pageblock_bits), I(nr_pageblock_bits_raw)),
		ANY(I(pb_migrate), I(pb_migrate_0)), ANY(I(migrate_types)),
		ANY(I(usage_pageblock_flags)) } },
	[PS_FEAT_compact_skip] = { .needs = {
		ANY(I(pb_migrate_skip), I(pb_compact_skip)) } },
	/* as ps_list_lru_walk() needs them */
	[PS_FEAT_list_lru] = { .needs = {
		ANY(I(list_lru_size)), ANY(I(list_lru_node)),
		ANY(I(list_lru_shrinker_id)), ANY(I(list_lru_memcg_aware)),
		ANY(I(list_lru_node_size)), ANY(I(lru_node_lru)),
		ANY(I(lru_node_nr_items)), ANY(I(list_lru_one_size)),
		ANY(I(lru_one_list)), ANY(I(lru_one_nr_items)),
		ANY(I(sym_nr_node_ids)) } },
	/* as the memcg tree walk needs them */
	[PS_FEAT_memcg_tree] = { .needs = {
		ANY(I(sym_root_mem_cgroup)), ANY(I(memcg_css)), ANY(I(memcg_id)),
		ANY(I(memcg_kmemcg_id)), ANY(I(css_sibling)),
		ANY(I(css_children)), ANY(I(css_flags)), ANY(I(css_cgroup)) } },
	[PS_FEAT_list_lru_memcg] = { .needs = {
		ANY(I(list_lru_xa), I(lru_node_memcg_lrus)),
		ANY(I(sym_root_mem_cgroup)) } },
	/* struct deferred_split queues, or one list_lru (v7.x) */
	[PS_FEAT_deferred_split] = { .needs = {
		ANY(I(ds_split_queue), I(sym_deferred_split_lru)),
		ANY(I(pgdat_deferred_split_queue), I(sym_deferred_split_lru)),
		ANY(I(folio_deferred_list), I(page_deferred_list)) } },
	[PS_FEAT_memcg_split_queues] = { .needs = {
		ANY(I(memcg_deferred_split_queue), I(sym_deferred_split_lru)) } },
	[PS_FEAT_mthp_stats] = { .needs = {
		ANY(I(sym_mthp_stats)), ANY(I(mthp_stat_stats)),
		ANY(I(mthp_stat_nr_anon_partially_mapped)) } },
	[PS_FEAT_unaccepted_memory] = { .needs = { ANY(I(zone_unaccepted_pages)) } },
	/* per-node shrinker_info, or before v5.13 memcg_shrinker_map */
	[PS_FEAT_shrinker_bits] = { .needs = {
		ANY(I(memcg_pn_shrinker_info), I(memcg_pn_shrinker_map)),
		ANY(I(shrinker_info_map), I(shrinker_info_unit), I(shrinker_map_map)) } },
	/* each module's own kallsyms: kernel/modsyms.c */
	[PS_FEAT_module_symbols] = { .needs = {
		ANY(I(sym_modules)), ANY(I(module_list)), ANY(I(module_name)),
		ANY(I(module_kallsyms)), ANY(I(mod_kallsyms_symtab)),
		ANY(I(mod_kallsyms_num_symtab)), ANY(I(mod_kallsyms_strtab)),
		ANY(I(elf_sym_size)), ANY(I(elf_sym_st_name)),
		ANY(I(elf_sym_st_shndx)), ANY(I(elf_sym_st_value)),
		ANY(I(elf_sym_st_size)) } },
};

#undef ANY
#undef I

static const char *const ps_feature_keys[PS_FEAT_NR] = {
#define PS_FEAT_KEY(id, name, cost) [PS_FEAT_##id] = #id,
	PS_FEATURES(PS_FEAT_KEY)
#undef PS_FEAT_KEY
};

static const char *const ps_feature_names[PS_FEAT_NR] = {
#define PS_FEAT_NAME(id, name, cost) [PS_FEAT_##id] = name,
	PS_FEATURES(PS_FEAT_NAME)
#undef PS_FEAT_NAME
};

static const char *const ps_feature_costs[PS_FEAT_NR] = {
#define PS_FEAT_COST(id, name, cost) [PS_FEAT_##id] = cost,
	PS_FEATURES(PS_FEAT_COST)
#undef PS_FEAT_COST
};

const char *ps_feature_key(enum ps_feature_id f)
{
	return ps_feature_keys[f];
}

const char *ps_feature_name(enum ps_feature_id f)
{
	return ps_feature_names[f];
}

const char *ps_feature_cost(enum ps_feature_id f)
{
	return ps_feature_costs[f];
}

static const struct ps_lval *ps_need_item(const struct ps_layout *L,
					  size_t offset)
{
	return (const struct ps_lval *)((const char *)L + offset);
}

static bool ps_need_met(const struct ps_layout *L, const size_t *need)
{
	for (; *need != PS_NEED_END; need++) {
		if (ps_need_item(L, *need)->present)
			return true;
	}
	return false;
}

bool ps_feature_has(const struct ps_layout *L, enum ps_feature_id f)
{
	const struct ps_feature *feat = &ps_features[f];

	for (size_t i = 0; i < PS_FEAT_MAX_NEEDS && feat->needs[i]; i++) {
		if (!ps_need_met(L, feat->needs[i]))
			return false;
	}
	return true;
}

/* The key of the item at @offset in struct ps_layout ("member struct page.lru"). */
static const char *ps_item_key_at(size_t offset, char *buf, size_t len)
{
	struct ps_layout probe;

	for (size_t i = 0; i < ps_layout_nr_items(); i++) {
		if ((size_t)((char *)ps_layout_item(&probe, i) - (char *)&probe) ==
		    offset)
			return ps_layout_item_key(i, buf, len);
	}
	snprintf(buf, len, "item at %zu", offset);
	return buf;
}

/* Append the alternatives of @need to @buf: "a or b". */
static void ps_need_words(const size_t *need, char *buf, size_t len)
{
	char key[256];

	for (const size_t *p = need; *p != PS_NEED_END; p++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", p == need ? "" : " or ",
			 ps_item_key_at(*p, key, sizeof(key)));
	}
}

const char *ps_feature_missing(const struct ps_layout *L, enum ps_feature_id f,
			       char *buf, size_t len)
{
	const struct ps_feature *feat = &ps_features[f];

	buf[0] = '\0';
	for (size_t i = 0; i < PS_FEAT_MAX_NEEDS && feat->needs[i]; i++) {
		size_t used = strlen(buf);

		if (ps_need_met(L, feat->needs[i]))
			continue;
		if (used)
			snprintf(buf + used, len - used, ", ");
		ps_need_words(feat->needs[i], buf, len);
	}
	return buf;
}

struct ps_error *ps_feature_require(const struct ps_layout *L,
				    enum ps_feature_id f)
{
	char missing[1024];

	if (ps_feature_has(L, f))
		return NULL;
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "%s: this kernel's layout has no %s (%s)",
			       ps_feature_name(f),
			       ps_feature_missing(L, f, missing, sizeof(missing)),
			       ps_feature_cost(f));
}
