/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel layout: every struct size, member offset, enumerator value,
 * VMCOREINFO number and symbol that walkers use, resolved once when a
 * target opens. Each item may be absent; code tests presence (a feature),
 * never a kernel version.
 */
#ifndef PS_LAYOUT_H
#define PS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "layout/layout_lists.h"
#include "layout/layout_owners.h"
#include "layout/layout_pgowner.h"
#include "layout/pageflags.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "dump/vmcoreinfo.h"

/* One resolved item. */
struct ps_lval {
	bool present;
	int64_t value;		/* offset, size, enumerator, number, address */
	uint32_t size;		/* members: bytes */
	uint32_t nr_elems;	/* array members and variables */
	uint32_t elem_size;
};

enum ps_item_kind {
	PS_ITEM_SIZE,		/* sizeof(type) */
	PS_ITEM_MEMBER,		/* offsetof(type, name) and its size */
	PS_ITEM_ENUM,		/* enumerator name of enum type (NULL: any) */
	PS_ITEM_NUMBER,		/* VMCOREINFO NUMBER(name) only */
	PS_ITEM_SYMBOL,		/* link-time address of symbol name */
	PS_ITEM_VARIABLE,	/* size and array shape of variable name */
	PS_ITEM_LENGTH,		/* VMCOREINFO LENGTH(name) only */
	PS_ITEM_BITFIELD,	/* bit position of a bit-field member; size: its bits */
};

/*
 * X(kind, field, type, name, hint): the items. @hint names a function
 * compiled where the type is defined, so that the DWARF provider can go
 * there first (NULL: mm/page_alloc.c, via __free_pages).
 */
#define PS_LAYOUT_ITEMS(X)                                                     \
	/* struct page and struct folio */                                     \
	X(SIZE, page_size, "struct page", NULL, NULL)                          \
	X(MEMBER, page_flags, "struct page", "flags", NULL)                    \
	X(MEMBER, page_lru, "struct page", "lru", NULL)                        \
	X(MEMBER, page_buddy_list, "struct page", "buddy_list", NULL)          \
	X(MEMBER, page_pcp_list, "struct page", "pcp_list", NULL)              \
	X(MEMBER, page_mapping, "struct page", "mapping", NULL)                \
	X(MEMBER, page_index, "struct page", "index", NULL)                    \
	X(MEMBER, page_private, "struct page", "private", NULL)                \
	X(MEMBER, page_mapcount, "struct page", "_mapcount", NULL)             \
	X(MEMBER, page_page_type, "struct page", "page_type", NULL)            \
	X(MEMBER, page_refcount, "struct page", "_refcount", NULL)             \
	X(MEMBER, page_memcg_data, "struct page", "memcg_data", NULL)          \
	/* the same word before v5.11: mem_cgroup or obj_cgroups | 1 */        \
	X(MEMBER, page_mem_cgroup, "struct page", "mem_cgroup", NULL)          \
	X(MEMBER, page_compound_head, "struct page", "compound_head", NULL)    \
	X(MEMBER, page_compound_info, "struct page", "compound_info", NULL)    \
	X(MEMBER, page_folio_index, "struct page", "__folio_index", NULL)      \
	X(SYMBOL, sym_vmemmap_optimize_enabled, NULL,                          \
	  "vmemmap_optimize_enabled", NULL)                                    \
	X(SYMBOL, sym_hugetlb_vmemmap_optimize_folio, NULL,                    \
	  "hugetlb_vmemmap_optimize_folio", NULL)                              \
	X(MEMBER, page_compound_dtor, "struct page", "compound_dtor", NULL)    \
	X(MEMBER, page_compound_order, "struct page", "compound_order", NULL)  \
	X(MEMBER, page_compound_mapcount, "struct page", "compound_mapcount",  \
	  NULL)                                                                \
	X(MEMBER, page_deferred_list, "struct page", "deferred_list", NULL)    \
	X(MEMBER, page_compound_nr, "struct page", "compound_nr", NULL)        \
	X(SIZE, folio_size, "struct folio", NULL, NULL)                        \
	X(MEMBER, folio_flags_1, "struct folio", "_flags_1", NULL)             \
	X(MEMBER, folio_nr_pages, "struct folio", "_folio_nr_pages", NULL)     \
	X(MEMBER, folio__nr_pages, "struct folio", "_nr_pages", NULL)          \
	X(MEMBER, folio_folio_order, "struct folio", "_folio_order", NULL)     \
	X(MEMBER, folio_large_mapcount, "struct folio", "_large_mapcount",     \
	  NULL)                                                                \
	X(MEMBER, folio_entire_mapcount, "struct folio", "_entire_mapcount",   \
	  NULL)                                                                \
	X(MEMBER, folio_total_mapcount, "struct folio", "_total_mapcount",     \
	  NULL)                                                                \
	X(MEMBER, folio_nr_pages_mapped, "struct folio", "_nr_pages_mapped",   \
	  NULL)                                                                \
	X(MEMBER, folio_deferred_list, "struct folio", "_deferred_list", NULL) \
	/* page[1]'s words of a folio that counts mappings per mm (v6.15+) */ \
	X(MEMBER, folio_mm_id_mapcount, "struct folio", "_mm_id_mapcount", NULL) \
	X(MEMBER, folio_mm_ids, "struct folio", "_mm_ids", NULL)               \
	/* what /proc/kpageflags and kpagecount read (walk/kpageflags.c) */  \
	X(MEMBER, folio_subpages_mapcount, "struct folio", "_subpages_mapcount", \
	  NULL)                                                                \
	X(SIZE, page_snapshot_size, "struct page_snapshot", NULL,             \
	  "snapshot_page")                                                     \
	X(SYMBOL, sym_zero_pfn, NULL, "zero_pfn", NULL)                        \
	X(SYMBOL, sym_zero_page_pfn, NULL, "zero_page_pfn", NULL)              \
	X(SYMBOL, sym_huge_zero_pfn, NULL, "huge_zero_pfn", NULL)              \
	X(ENUM, nr_pageflags, "pageflags", "__NR_PAGEFLAGS", NULL)             \
	/* page types: enum pagetype (v6.11+) or VMCOREINFO's exact values */  \
	X(ENUM, pgty_buddy, "pagetype", "PGTY_buddy", NULL)                    \
	X(ENUM, pgty_offline, "pagetype", "PGTY_offline", NULL)                \
	X(ENUM, pgty_table, "pagetype", "PGTY_table", NULL)                    \
	X(ENUM, pgty_guard, "pagetype", "PGTY_guard", NULL)                    \
	X(ENUM, pgty_hugetlb, "pagetype", "PGTY_hugetlb", NULL)                \
	X(ENUM, pgty_slab, "pagetype", "PGTY_slab", NULL)                      \
	X(ENUM, pgty_zsmalloc, "pagetype", "PGTY_zsmalloc", NULL)              \
	X(ENUM, pgty_unaccepted, "pagetype", "PGTY_unaccepted", NULL)          \
	X(ENUM, pgty_large_kmalloc, "pagetype", "PGTY_large_kmalloc", NULL)    \
	X(ENUM, pgty_mapcount_underflow, "pagetype",                           \
	  "PGTY_mapcount_underflow", NULL)                                     \
	X(NUMBER, buddy_mapcount_value, NULL, "PAGE_BUDDY_MAPCOUNT_VALUE",     \
	  NULL)                                                                \
	X(NUMBER, offline_mapcount_value, NULL, "PAGE_OFFLINE_MAPCOUNT_VALUE", \
	  NULL)                                                                \
	X(NUMBER, hugetlb_page_dtor, NULL, "HUGETLB_PAGE_DTOR", NULL)          \
	X(ENUM, hugetlb_page_dtor_enum, "compound_dtor_id",                    \
	  "HUGETLB_PAGE_DTOR", NULL)                                           \
	/* memory model: SPARSEMEM sections */                                 \
	X(SYMBOL, sym_mem_section, NULL, "mem_section", NULL)                  \
	X(VARIABLE, var_mem_section, NULL, "mem_section", NULL)                \
	X(LENGTH, mem_section_roots, NULL, "mem_section", NULL)                \
	X(NUMBER, section_size_bits, NULL, "SECTION_SIZE_BITS", NULL)          \
	X(NUMBER, max_physmem_bits, NULL, "MAX_PHYSMEM_BITS", NULL)            \
	X(SIZE, mem_section_size, "struct mem_section", NULL, NULL)            \
	X(MEMBER, mem_section_mem_map, "struct mem_section",                   \
	  "section_mem_map", NULL)                                             \
	X(MEMBER, mem_section_usage, "struct mem_section", "usage", NULL)      \
	X(MEMBER, mem_section_pageblock_flags, "struct mem_section",           \
	  "pageblock_flags", NULL)                                             \
	X(MEMBER, usage_pageblock_flags, "struct mem_section_usage",           \
	  "pageblock_flags", NULL)                                             \
	X(ENUM, section_marked_present_bit, NULL,                              \
	  "SECTION_MARKED_PRESENT_BIT", NULL)                                  \
	X(ENUM, section_has_mem_map_bit, NULL, "SECTION_HAS_MEM_MAP_BIT", NULL) \
	X(ENUM, section_is_online_bit, NULL, "SECTION_IS_ONLINE_BIT", NULL)    \
	X(ENUM, section_map_last_bit, NULL, "SECTION_MAP_LAST_BIT", NULL)      \
	/* nodes and zones */                                                  \
	X(SYMBOL, sym_node_data, NULL, "node_data", NULL)                      \
	X(LENGTH, node_data_length, NULL, "node_data", NULL)                   \
	X(SYMBOL, sym_node_online_map, NULL, "node_online_map", NULL)          \
	X(SYMBOL, sym_node_states, NULL, "node_states", NULL)                  \
	X(ENUM, n_online, "node_states", "N_ONLINE", NULL)                     \
	X(SIZE, nodemask_size, "nodemask_t", NULL, NULL)                       \
	X(SIZE, pglist_data_size, "struct pglist_data", NULL, NULL)            \
	X(MEMBER, pgdat_node_zones, "struct pglist_data", "node_zones", NULL)  \
	X(MEMBER, pgdat_nr_zones, "struct pglist_data", "nr_zones", NULL)      \
	X(MEMBER, pgdat_node_start_pfn, "struct pglist_data",                  \
	  "node_start_pfn", NULL)                                              \
	X(MEMBER, pgdat_node_present_pages, "struct pglist_data",              \
	  "node_present_pages", NULL)                                          \
	X(MEMBER, pgdat_node_spanned_pages, "struct pglist_data",              \
	  "node_spanned_pages", NULL)                                          \
	X(MEMBER, pgdat_node_id, "struct pglist_data", "node_id", NULL)        \
	X(MEMBER, pgdat_vm_stat, "struct pglist_data", "vm_stat", NULL)        \
	X(SIZE, zone_size, "struct zone", NULL, NULL)                          \
	X(MEMBER, zone_name, "struct zone", "name", NULL)                      \
	X(MEMBER, zone_start_pfn, "struct zone", "zone_start_pfn", NULL)       \
	X(MEMBER, zone_spanned_pages, "struct zone", "spanned_pages", NULL)    \
	X(MEMBER, zone_present_pages, "struct zone", "present_pages", NULL)    \
	X(MEMBER, zone_managed_pages, "struct zone", "managed_pages", NULL)    \
	X(MEMBER, zone_free_area, "struct zone", "free_area", NULL)            \
	X(MEMBER, zone_vm_stat, "struct zone", "vm_stat", NULL)                \
	X(MEMBER, zone_per_cpu_pageset, "struct zone", "per_cpu_pageset", NULL) \
	X(MEMBER, zone_per_cpu_zonestats, "struct zone", "per_cpu_zonestats",  \
	  NULL)                                                                \
	X(MEMBER, zone_zone_pgdat, "struct zone", "zone_pgdat", NULL)          \
	X(ENUM, max_nr_zones, "zone_type", "__MAX_NR_ZONES", NULL)             \
	X(SIZE, free_area_size, "struct free_area", NULL, NULL)                \
	X(MEMBER, free_area_free_list, "struct free_area", "free_list", NULL)  \
	X(MEMBER, free_area_nr_free, "struct free_area", "nr_free", NULL)      \
	X(MEMBER, list_head_next, "struct list_head", "next", NULL)            \
	X(MEMBER, list_head_prev, "struct list_head", "prev", NULL)            \
	X(MEMBER, hlist_node_next, "struct hlist_node", "next", "d_path")      \
	X(MEMBER, hlist_node_pprev, "struct hlist_node", "pprev", "d_path")    \
	/* vmstat counters */                                                  \
	X(ENUM, nr_free_pages, "zone_stat_item", "NR_FREE_PAGES", NULL)        \
	X(ENUM, nr_zone_stat_items, "zone_stat_item", "NR_VM_ZONE_STAT_ITEMS", \
	  NULL)                                                                \
	X(ENUM, nr_anon_thps, "node_stat_item", "NR_ANON_THPS", NULL)          \
	X(ENUM, nr_file_thps, "node_stat_item", "NR_FILE_THPS", NULL)          \
	X(ENUM, nr_shmem_thps, "node_stat_item", "NR_SHMEM_THPS", NULL)        \
	X(SYMBOL, sym_vm_zone_stat, NULL, "vm_zone_stat", NULL)                \
	X(SYMBOL, sym_vm_node_stat, NULL, "vm_node_stat", NULL)                \
	/* pageblocks */                                                       \
	X(ENUM, pb_migrate, "pageblock_bits", "PB_migrate", NULL)              \
	X(ENUM, pb_migrate_end, "pageblock_bits", "PB_migrate_end", NULL)      \
	X(ENUM, pb_migrate_skip, "pageblock_bits", "PB_migrate_skip", NULL)    \
	X(ENUM, pb_migrate_isolate, "pageblock_bits", "PB_migrate_isolate",    \
	  NULL)                                                                \
	X(ENUM, pb_compact_skip, "pageblock_bits", "PB_compact_skip", NULL)    \
	X(ENUM, nr_pageblock_bits, "pageblock_bits", "NR_PAGEBLOCK_BITS", NULL) \
	X(ENUM, nr_pageblock_bits_raw, "pageblock_bits", "__NR_PAGEBLOCK_BITS", \
	  NULL)                                                                \
	X(ENUM, pb_migrate_0, "pageblock_bits", "PB_migrate_0", NULL)          \
	X(ENUM, pb_migrate_1, "pageblock_bits", "PB_migrate_1", NULL)          \
	X(ENUM, pb_migrate_2, "pageblock_bits", "PB_migrate_2", NULL)          \
	X(ENUM, pb_migrate_3, "pageblock_bits", "PB_migrate_3", NULL)          \
	X(SYMBOL, sym_pageblock_order, NULL, "pageblock_order", NULL)          \
	X(ENUM, migrate_pcptypes, "migratetype", "MIGRATE_PCPTYPES", NULL)     \
	X(ENUM, migrate_types, "migratetype", "MIGRATE_TYPES", NULL)           \
	X(ENUM, migrate_isolate, "migratetype", "MIGRATE_ISOLATE", NULL)       \
	X(ENUM, migrate_cma, "migratetype", "MIGRATE_CMA", NULL)               \
	X(ENUM, migrate_highatomic, "migratetype", "MIGRATE_HIGHATOMIC", NULL) \
	X(ENUM, migrate_unmovable, "migratetype", "MIGRATE_UNMOVABLE", NULL)   \
	X(ENUM, migrate_movable, "migratetype", "MIGRATE_MOVABLE", NULL)       \
	X(ENUM, migrate_reclaimable, "migratetype", "MIGRATE_RECLAIMABLE",     \
	  NULL)                                                                \
	X(SYMBOL, sym_migratetype_names, NULL, "migratetype_names", NULL)      \
	/* per-cpu data */                                                     \
	X(SYMBOL, sym_per_cpu_offset, NULL, "__per_cpu_offset", NULL)          \
	X(SYMBOL, sym_nr_cpu_ids, NULL, "nr_cpu_ids", NULL)                    \
	X(SYMBOL, sym_cpu_online_mask, NULL, "__cpu_online_mask", NULL)        \
	X(SYMBOL, sym_cpu_possible_mask, NULL, "__cpu_possible_mask", NULL)    \
	X(MEMBER, pcp_count, "struct per_cpu_pages", "count", NULL)            \
	X(MEMBER, pcp_lists, "struct per_cpu_pages", "lists", NULL)            \
	X(MEMBER, pzstats_vm_stat_diff, "struct per_cpu_zonestat",            \
	  "vm_stat_diff", NULL)                                                \
	X(MEMBER, pzstats_stat_threshold, "struct per_cpu_zonestat",          \
	  "stat_threshold", NULL)                                              \
	X(MEMBER, pcp_stat_threshold, "struct per_cpu_pageset",                \
	  "stat_threshold", NULL)                                              \
	/* before v5.14: zone->pageset holds both pcp and vmstat diffs */     \
	X(MEMBER, zone_pageset, "struct zone", "pageset", NULL)                \
	X(MEMBER, pageset_pcp, "struct per_cpu_pageset", "pcp", NULL)          \
	X(MEMBER, pageset_vm_stat_diff, "struct per_cpu_pageset",              \
	  "vm_stat_diff", NULL)                                                \
	/* hwpoison */                                                         \
	X(SYMBOL, sym_num_poisoned_pages, NULL, "num_poisoned_pages",          \
	  NULL)                                                                \
	/* explanations: what a slab keeps in struct page's words */           \
	X(SIZE, slab_size, "struct slab", NULL, "kmem_cache_free")             \
	X(MEMBER, slab_slab_cache, "struct slab", "slab_cache",                \
	  "kmem_cache_free")                                                   \
	X(MEMBER, slab_slab_list, "struct slab", "slab_list",                  \
	  "kmem_cache_free")                                                   \
	X(MEMBER, slab_freelist, "struct slab", "freelist", "kmem_cache_free") \
	X(MEMBER, slab_counters, "struct slab", "counters", "kmem_cache_free") \
	X(BITFIELD, slab_inuse, "struct slab", "inuse", "kmem_cache_free")    \
	X(BITFIELD, slab_objects, "struct slab", "objects", "kmem_cache_free") \
	X(BITFIELD, slab_frozen, "struct slab", "frozen", "kmem_cache_free")  \
	X(MEMBER, slab_obj_exts, "struct slab", "obj_exts", "kmem_cache_free") \
	X(MEMBER, slab_memcg_data, "struct slab", "memcg_data",                \
	  "kmem_cache_free")                                                   \
	/* before struct slab (v5.17) the same words are struct page's */      \
	X(MEMBER, page_slab_list, "struct page", "slab_list", NULL)            \
	X(MEMBER, page_freelist, "struct page", "freelist", NULL)              \
	X(MEMBER, page_counters, "struct page", "counters", NULL)              \
	X(BITFIELD, page_inuse, "struct page", "inuse", NULL)                  \
	X(BITFIELD, page_objects, "struct page", "objects", NULL)              \
	X(BITFIELD, page_frozen, "struct page", "frozen", NULL)                \
	/* SLUB's partial mark: ps_slab_marks_node_partial() */              \
	X(MEMBER, partial_context_object, "struct partial_context", "object",  \
	  "kmem_cache_free")                                                   \
	X(SIZE, slab_sheaf_size, "struct slab_sheaf", NULL, "kmem_cache_free") \
	X(MEMBER, kmem_cache_name, "struct kmem_cache", "name",                \
	  "kmem_cache_free")                                                   \
	X(MEMBER, kmem_cache_list, "struct kmem_cache", "list",                \
	  "kmem_cache_free")                                                   \
	X(SYMBOL, sym_slab_caches, NULL, "slab_caches", NULL)                  \
	/* slab pages allocated frozen, refcount 0: ps_slab_pages_frozen() */   \
	X(SYMBOL, sym_alloc_frozen_pages, NULL, "__alloc_frozen_pages_noprof", \
	  NULL)                                                                \
	/* explanations: is the multi-gen LRU on (lru_gen_enabled())? */      \
	X(SYMBOL, sym_lru_gen_caps, NULL, "lru_gen_caps", NULL)                \
	X(ENUM, lru_gen_core, NULL, "LRU_GEN_CORE", "try_to_free_pages")       \
	X(ENUM, nr_lru_gen_caps, NULL, "NR_LRU_GEN_CAPS", "try_to_free_pages") \
	X(SIZE, static_key_size, "struct static_key", NULL, NULL)              \
	X(MEMBER, static_key_enabled, "struct static_key", "enabled", NULL)    \
	/* explanations: the folio's words in page[1] and page[2] */          \
	X(MEMBER, folio_pincount, "struct folio", "_pincount", NULL)           \
	X(MEMBER, folio_folio_dtor, "struct folio", "_folio_dtor", NULL)       \
	X(MEMBER, folio_flags_2, "struct folio", "_flags_2", NULL)             \
	/* explanations: a page table's words */                              \
	X(MEMBER, ptdesc_pt_mm, "struct ptdesc", "pt_mm", NULL)                \
	X(MEMBER, ptdesc_pt_frag_refcount, "struct ptdesc",                    \
	  "pt_frag_refcount", NULL)                                            \
	X(MEMBER, ptdesc_ptl, "struct ptdesc", "ptl", NULL)                    \
	/* the raw words of a page table (page words): by name, as it has them */ \
	X(MEMBER, ptdesc_pt_flags, "struct ptdesc", "pt_flags", NULL)          \
	X(MEMBER, ptdesc_pt_list, "struct ptdesc", "pt_list", NULL)            \
	X(MEMBER, ptdesc_pmd_huge_pte, "struct ptdesc", "pmd_huge_pte", NULL)  \
	X(MEMBER, ptdesc_page_mapping, "struct ptdesc", "__page_mapping", NULL) \
	X(MEMBER, ptdesc_pt_index, "struct ptdesc", "pt_index", NULL)          \
	X(MEMBER, ptdesc_pt_memcg_data, "struct ptdesc", "pt_memcg_data", NULL) \
	/* before struct ptdesc (v6.6), struct page's own page-table words */ \
	X(MEMBER, page_pt_mm, "struct page", "pt_mm", NULL)                    \
	X(MEMBER, page_ptl, "struct page", "ptl", NULL)                        \
	X(MEMBER, page_pmd_huge_pte, "struct page", "pmd_huge_pte", NULL)      \
	X(MEMBER, folio_private_1, "struct folio", "_private_1", NULL)         \
	/* page->flags above the flags: layout/flags_layout.c's inputs */     \
	X(VARIABLE, var_per_cpu_offset, NULL, "__per_cpu_offset",             \
	  "setup_per_cpu_areas")                                               \
	X(MEMBER, page_last_cpupid, "struct page", "_last_cpupid", NULL)       \
	X(MEMBER, task_numa_scan_seq, "struct task_struct", "numa_scan_seq",   \
	  NULL)                                                                \
	X(SYMBOL, sym_kasan_init_sw_tags, NULL, "kasan_init_sw_tags", NULL)    \
	X(SYMBOL, sym_kasan_init_hw_tags, NULL, "kasan_init_hw_tags", NULL)    \
	X(SYMBOL, sym_kasan_init_tags, NULL, "kasan_init_tags", NULL)          \
	/* the multi-gen LRU: struct lru_gen_folio, lru_gen_struct (v6.1) */    \
	X(MEMBER, lruvec_lrugen, "struct lruvec", "lrugen", "try_to_free_pages") \
	X(MEMBER, lrugen_max_seq, "struct lru_gen_folio", "max_seq", "try_to_free_pages") \
	X(MEMBER, lrugen_folios, "struct lru_gen_folio", "folios", "try_to_free_pages") \
	X(MEMBER, lrugen_avg_refaulted, "struct lru_gen_folio", "avg_refaulted", "try_to_free_pages") \
	X(MEMBER, lrugen_protected, "struct lru_gen_folio", "protected", "try_to_free_pages") \
	X(MEMBER, lrugen_enabled, "struct lru_gen_folio", "enabled", "try_to_free_pages") \
	X(MEMBER, lrugen61_max_seq, "struct lru_gen_struct", "max_seq", "try_to_free_pages") \
	X(MEMBER, lrugen61_folios, "struct lru_gen_struct", "folios", "try_to_free_pages") \
	X(MEMBER, lrugen61_avg_refaulted, "struct lru_gen_struct", "avg_refaulted", "try_to_free_pages") \
	X(MEMBER, lrugen61_enabled, "struct lru_gen_struct", "enabled", "try_to_free_pages") \
	X(MEMBER, lrugen61_protected, "struct lru_gen_struct", "protected", "try_to_free_pages") \
	X(MEMBER, lrugen_min_seq, "struct lru_gen_folio", "min_seq", "try_to_free_pages") \
	X(MEMBER, lrugen61_min_seq, "struct lru_gen_struct", "min_seq", "try_to_free_pages") \
	X(MEMBER, pgdat_lruvec, "struct pglist_data", "__lruvec", NULL)        \
	X(MEMBER, memcg_pn_lruvec, "struct mem_cgroup_per_node", "lruvec",     \
	  "mem_cgroup_css_alloc")                                              \
	/* 7.x: an LRU folio's memcg_data is its memcg's per-node obj_cgroup */ \
	X(MEMBER, memcg_pn_objcg, "struct mem_cgroup_per_node", "objcg",       \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, objcg_memcg, "struct obj_cgroup", "memcg",                   \
	  "mem_cgroup_css_alloc")

/* The layout of one kernel build. */
struct ps_layout {
#define PS_LAYOUT_FIELD(kind, field, type, name, hint) struct ps_lval field;
	PS_LAYOUT_ITEMS(PS_LAYOUT_FIELD)
	PS_LAYOUT_ITEMS_LISTS(PS_LAYOUT_FIELD)
	PS_LAYOUT_ITEMS_OWNERS(PS_LAYOUT_FIELD)
	PS_LAYOUT_ITEMS_PGOWNER(PS_LAYOUT_FIELD)
#undef PS_LAYOUT_FIELD
	struct ps_lval pg[PS_PG_NR];	/* enum pageflags bit numbers */
	const char *source;		/* "DWARF", "crash", "cache of DWARF" */
};

/* Where resolution looks: the first that answers wins. */
struct ps_layout_sources {
	const struct ps_vmcoreinfo *vmcoreinfo;	/* may be NULL */
	struct ps_types *types;			/* may be NULL */
	struct ps_symbols *symbols;		/* may be NULL */
	uint64_t kaslr_offset;	/* to turn VMCOREINFO SYMBOL()s to link-time */
	bool full_scan;		/* search all debug info, not just hinted units */
};

/*
 * Resolve every item from @p src. Absent items are not an error; only a
 * provider failure (bad debug info) is.
 */
struct ps_error *ps_layout_resolve(const struct ps_layout_sources *src,
				   struct ps_layout *ret);

/* Number of items, and the name and value of item @i, for caches and dumps. */
size_t ps_layout_nr_items(void);
/* A stable key for item @i, e.g. "member struct page.flags". */
const char *ps_layout_item_key(size_t i, char *buf, size_t len);
struct ps_lval *ps_layout_item(struct ps_layout *layout, size_t i);
/* The item kept in field @p field of struct ps_layout ("zone_free_area",
 * "pg_lru" for a flag), or -1. */
int ps_layout_item_index(const char *field);
/* Whether VMCOREINFO @p vi (may be NULL) gives item @i. */
bool ps_layout_item_in_vmcoreinfo(const struct ps_vmcoreinfo *vi, size_t i);
/* A hash of every item key: a cache written for other items is stale. */
uint64_t ps_layout_items_hash(void);

/* Offset of a present member; callers test ->present first. */
static inline uint64_t ps_off(const struct ps_lval *v)
{
	return (uint64_t)v->value;
}

#endif
