/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Layout items of the kernel lists and counters (list_lru, memcgs, the
 * THP deferred split queues, vmstat and mTHP counters), in the form of
 * PS_LAYOUT_ITEMS in layout.h: X(kind, field, type, name, hint).
 */
#ifndef PS_LAYOUT_LISTS_H
#define PS_LAYOUT_LISTS_H

#define PS_LAYOUT_ITEMS_LISTS(X)                                               \
	/* list_lru (mm/list_lru.c) */                                         \
	X(SIZE, list_lru_size, "struct list_lru", NULL, "list_lru_add")        \
	X(MEMBER, list_lru_node, "struct list_lru", "node", "list_lru_add")    \
	X(MEMBER, list_lru_list, "struct list_lru", "list", "list_lru_add")    \
	X(MEMBER, list_lru_shrinker_id, "struct list_lru", "shrinker_id",      \
	  "list_lru_add")                                                      \
	X(MEMBER, list_lru_memcg_aware, "struct list_lru", "memcg_aware",      \
	  "list_lru_add")                                                      \
	X(MEMBER, list_lru_xa, "struct list_lru", "xa", "list_lru_add")        \
	X(SIZE, list_lru_node_size, "struct list_lru_node", NULL,              \
	  "list_lru_add")                                                      \
	X(MEMBER, lru_node_lock, "struct list_lru_node", "lock",               \
	  "list_lru_add")                                                      \
	X(MEMBER, lru_node_lru, "struct list_lru_node", "lru", "list_lru_add") \
	X(MEMBER, lru_node_nr_items, "struct list_lru_node", "nr_items",       \
	  "list_lru_add")                                                      \
	X(MEMBER, lru_node_memcg_lrus, "struct list_lru_node", "memcg_lrus",   \
	  "list_lru_add")                                                      \
	X(SIZE, list_lru_one_size, "struct list_lru_one", NULL,                \
	  "list_lru_add")                                                      \
	X(MEMBER, lru_one_list, "struct list_lru_one", "list", "list_lru_add") \
	X(MEMBER, lru_one_nr_items, "struct list_lru_one", "nr_items",         \
	  "list_lru_add")                                                      \
	X(MEMBER, lru_memcg_node, "struct list_lru_memcg", "node",             \
	  "list_lru_add")                                                      \
	/* before v5.18: list_lru_node.memcg_lrus->lru[memcg_nr_cache_ids] */ \
	X(MEMBER, lru_memcg_lru, "struct list_lru_memcg", "lru",               \
	  "list_lru_add")                                                      \
	X(SYMBOL, sym_memcg_nr_cache_ids, NULL, "memcg_nr_cache_ids", NULL)    \
	X(SYMBOL, sym_memcg_list_lrus, NULL, "memcg_list_lrus", NULL)          \
	X(SYMBOL, sym_list_lrus, NULL, "list_lrus", NULL)                      \
	X(SYMBOL, sym_nr_node_ids, NULL, "nr_node_ids", NULL)                  \
	/* xarray (lib/xarray.c) */                                            \
	X(MEMBER, xarray_head, "struct xarray", "xa_head", "xa_load")          \
	X(SIZE, xa_node_size, "struct xa_node", NULL, "xa_load")               \
	X(MEMBER, xa_node_shift, "struct xa_node", "shift", "xa_load")         \
	X(MEMBER, xa_node_offset, "struct xa_node", "offset", "xa_load")       \
	X(MEMBER, xa_node_count, "struct xa_node", "count", "xa_load")         \
	X(MEMBER, xa_node_parent, "struct xa_node", "parent", "xa_load")       \
	X(MEMBER, xa_node_array, "struct xa_node", "array", "xa_load")         \
	X(MEMBER, xa_node_slots, "struct xa_node", "slots", "xa_load")         \
	X(MEMBER, xa_node_private_list, "struct xa_node", "private_list",      \
	  "xa_load")                                                           \
	/* workingset shadow nodes (mm/workingset.c) */                        \
	X(SYMBOL, sym_shadow_nodes, NULL, "shadow_nodes", NULL)                \
	/* super blocks, dentries, inodes (fs/super.c, dcache.c, inode.c) */   \
	X(SYMBOL, sym_super_blocks, NULL, "super_blocks", NULL)                \
	X(MEMBER, sb_list, "struct super_block", "s_list", "deactivate_super") \
	X(MEMBER, sb_type, "struct super_block", "s_type", "deactivate_super") \
	X(MEMBER, sb_id, "struct super_block", "s_id", "deactivate_super")     \
	X(MEMBER, sb_dentry_lru, "struct super_block", "s_dentry_lru",         \
	  "deactivate_super")                                                  \
	X(MEMBER, sb_inode_lru, "struct super_block", "s_inode_lru",           \
	  "deactivate_super")                                                  \
	X(MEMBER, fstype_name, "struct file_system_type", "name",              \
	  "deactivate_super")                                                  \
	X(MEMBER, dentry_d_lru, "struct dentry", "d_lru", "d_lru_add")         \
	X(MEMBER, inode_i_lru, "struct inode", "i_lru", "iput")                \
	X(SYMBOL, sym_nr_dentry_unused, NULL, "nr_dentry_unused", NULL)        \
	X(VARIABLE, var_nr_dentry_unused, NULL, "nr_dentry_unused",            \
	  "d_lru_add")                                                         \
	X(SYMBOL, sym_nr_inodes_unused, NULL, "nr_unused", NULL)               \
	X(VARIABLE, var_nr_inodes_unused, NULL, "nr_unused", "iput")           \
	/* memory cgroups (mm/memcontrol.c, kernel/cgroup, fs/kernfs) */       \
	X(SYMBOL, sym_root_mem_cgroup, NULL, "root_mem_cgroup", NULL)          \
	X(MEMBER, memcg_css, "struct mem_cgroup", "css",                       \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memcg_id, "struct mem_cgroup", "id.id",                      \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memcg_kmemcg_id, "struct mem_cgroup", "kmemcg_id",           \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memcg_nodeinfo, "struct mem_cgroup", "nodeinfo",             \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memcg_deferred_split_queue, "struct mem_cgroup",             \
	  "deferred_split_queue", "mem_cgroup_css_alloc")                      \
	X(MEMBER, css_cgroup, "struct cgroup_subsys_state", "cgroup",          \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, css_sibling, "struct cgroup_subsys_state", "sibling",        \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, css_children, "struct cgroup_subsys_state", "children",      \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, css_flags, "struct cgroup_subsys_state", "flags",            \
	  "mem_cgroup_css_alloc")                                              \
	X(ENUM, css_online, NULL, "CSS_ONLINE", "mem_cgroup_css_alloc")        \
	X(ENUM, css_dying, NULL, "CSS_DYING", "mem_cgroup_css_alloc")          \
	X(MEMBER, cgroup_kn, "struct cgroup", "kn", "cgroup_path_ns")          \
	X(MEMBER, kn_name, "struct kernfs_node", "name", "kernfs_name")        \
	X(MEMBER, kn_parent, "struct kernfs_node", "parent", "kernfs_name")    \
	X(MEMBER, kn_parent_rcu, "struct kernfs_node", "__parent",             \
	  "kernfs_name")                                                       \
	/* shrinker bits (6.1 mm/vmscan.c, 6.12 mm/shrinker.c) */              \
	X(MEMBER, memcg_pn_shrinker_info, "struct mem_cgroup_per_node",        \
	  "shrinker_info", "alloc_shrinker_info")                              \
	X(MEMBER, shrinker_info_map, "struct shrinker_info", "map",            \
	  "alloc_shrinker_info")                                               \
	X(MEMBER, shrinker_info_map_nr_max, "struct shrinker_info",            \
	  "map_nr_max", "alloc_shrinker_info")                                 \
	X(MEMBER, shrinker_info_unit, "struct shrinker_info", "unit",          \
	  "alloc_shrinker_info")                                               \
	X(MEMBER, shrinker_unit_map, "struct shrinker_info_unit", "map",       \
	  "alloc_shrinker_info")                                               \
	X(MEMBER, shrinker_unit_nr_deferred, "struct shrinker_info_unit",      \
	  "nr_deferred", "alloc_shrinker_info")                                \
	X(SYMBOL, sym_shrinker_nr_max, NULL, "shrinker_nr_max", NULL)          \
	/* before v5.13: mem_cgroup_per_node.shrinker_map, a bare bitmap */   \
	X(MEMBER, memcg_pn_shrinker_map, "struct mem_cgroup_per_node",         \
	  "shrinker_map", "mem_cgroup_css_alloc")                              \
	X(MEMBER, shrinker_map_map, "struct memcg_shrinker_map", "map",        \
	  "mem_cgroup_css_alloc")                                              \
	/* THP deferred split (mm/huge_memory.c) */                            \
	X(MEMBER, pgdat_deferred_split_queue, "struct pglist_data",            \
	  "deferred_split_queue", "deferred_split_scan")                       \
	X(MEMBER, ds_split_queue_lock, "struct deferred_split",                \
	  "split_queue_lock", "deferred_split_scan")                           \
	X(MEMBER, ds_split_queue, "struct deferred_split", "split_queue",      \
	  "deferred_split_scan")                                               \
	X(MEMBER, ds_split_queue_len, "struct deferred_split",                 \
	  "split_queue_len", "deferred_split_scan")                            \
	X(SYMBOL, sym_deferred_split_lru, NULL, "deferred_split_lru", NULL)    \
	X(SYMBOL, sym_mthp_stats, NULL, "mthp_stats", NULL)                    \
	X(MEMBER, mthp_stat_stats, "struct mthp_stat", "stats",                \
	  "deferred_split_scan")                                               \
	X(ENUM, mthp_stat_nr_anon_partially_mapped, "mthp_stat_item",          \
	  "MTHP_STAT_NR_ANON_PARTIALLY_MAPPED", "deferred_split_scan")         \
	X(ENUM, mthp_stat_count, "mthp_stat_item", "__MTHP_STAT_COUNT",        \
	  "deferred_split_scan")                                               \
	/* node vmstat per-cpu diffs (mm/vmstat.c) */                          \
	X(MEMBER, pgdat_per_cpu_nodestats, "struct pglist_data",               \
	  "per_cpu_nodestats", NULL)                                           \
	X(MEMBER, pnstats_vm_node_stat_diff, "struct per_cpu_nodestat",        \
	  "vm_node_stat_diff", NULL)                                           \
	X(MEMBER, pnstats_stat_threshold, "struct per_cpu_nodestat",           \
	  "stat_threshold", NULL)                                              \
	X(ENUM, nr_node_stat_items, "node_stat_item", "NR_VM_NODE_STAT_ITEMS", \
	  NULL)                                                                \
	/* memory.stat's table: its ratio says a THP counter's unit (<v5.14) */ \
	X(SIZE, memory_stat_size, "struct memory_stat", NULL,                  \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memory_stat_name, "struct memory_stat", "name",              \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memory_stat_ratio, "struct memory_stat", "ratio",            \
	  "mem_cgroup_css_alloc")                                              \
	X(MEMBER, memory_stat_idx, "struct memory_stat", "idx",                \
	  "mem_cgroup_css_alloc")                                              \
	X(SYMBOL, sym_memory_stats, NULL, "memory_stats", NULL)                \
	X(VARIABLE, var_memory_stats, NULL, "memory_stats",                    \
	  "mem_cgroup_css_alloc")                                              \
	/* unaccepted memory: free, but not on the buddy lists (v6.5+) */     \
	X(MEMBER, zone_unaccepted_pages, "struct zone", "unaccepted_pages",    \
	  NULL)                                                                \
	/* hwpoison (mm/memory-failure.c) */                                   \
	X(VARIABLE, var_num_poisoned_pages, NULL, "num_poisoned_pages",        \
	  "memory_failure")                                                    \
	X(SIZE, atomic_long_size, "atomic_long_t", NULL, NULL)

#endif
