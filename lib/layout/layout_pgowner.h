/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Layout items of the allocation records the kernel keeps per page when
 * built for it: page_owner's stack depot handles (mm/page_owner.c,
 * lib/stackdepot.c) and memory allocation profiling's code tags
 * (lib/alloc_tag.c), both in the page extension (mm/page_ext.c). In the
 * form of PS_LAYOUT_ITEMS in layout.h. A kernel without CONFIG_PAGE_OWNER
 * or CONFIG_MEM_ALLOC_PROFILING lacks these types and symbols: the items
 * are absent and the features say so.
 */
#ifndef PS_LAYOUT_PGOWNER_H
#define PS_LAYOUT_PGOWNER_H

#define PS_LAYOUT_ITEMS_PGOWNER(X)                                             \
	/* the stack depot: handle -> stack_pools[] -> struct stack_record */  \
	X(SYMBOL, sym_stack_pools, NULL, "stack_pools", NULL)                  \
	X(VARIABLE, var_stack_pools, NULL, "stack_pools", "stack_depot_save")  \
	X(SYMBOL, sym_pools_num, NULL, "pools_num", NULL)                      \
	/* a boot-time sized array since v6.15: void **stack_pools */          \
	X(SYMBOL, sym_stack_max_pools, NULL, "stack_max_pools", NULL)          \
	/* pool_index_plus_1 since v6.8 (0 is no handle), pool_index before */ \
	X(BITFIELD, depot_pool_index_plus_1, "union handle_parts",             \
	  "pool_index_plus_1", "stack_depot_save")                             \
	X(BITFIELD, depot_pool_index, "union handle_parts", "pool_index",      \
	  "stack_depot_save")                                                  \
	X(BITFIELD, depot_offset, "union handle_parts", "offset",              \
	  "stack_depot_save")                                                  \
	X(MEMBER, stack_record_size, "struct stack_record", "size",            \
	  "stack_depot_save")                                                  \
	X(MEMBER, stack_record_handle, "struct stack_record", "handle",        \
	  "stack_depot_save")                                                  \
	X(MEMBER, stack_record_entries, "struct stack_record", "entries",      \
	  "stack_depot_save")                                                  \
	/* the page extension: mem_section -> page_ext + pfn * page_ext_size */ \
	X(SYMBOL, sym_page_ext_size, NULL, "page_ext_size", NULL)              \
	X(MEMBER, mem_section_page_ext, "struct mem_section", "page_ext",      \
	  "page_ext_get")                                                      \
	X(MEMBER, page_ext_ops_offset, "struct page_ext_operations", "offset", \
	  "page_ext_get")                                                      \
	X(MEMBER, page_ext_ops_size, "struct page_ext_operations", "size",     \
	  "page_ext_get")                                                      \
	X(MEMBER, page_ext_flags, "struct page_ext", "flags", "page_ext_get")  \
	X(ENUM, page_ext_owner, "page_ext_flags", "PAGE_EXT_OWNER",       \
	  "__set_page_owner")                                                  \
	X(ENUM, page_ext_owner_allocated, "page_ext_flags",               \
	  "PAGE_EXT_OWNER_ALLOCATED", "__set_page_owner")                      \
	/* page_owner (mm/page_owner.c) */                                     \
	X(SYMBOL, sym_page_owner_ops, NULL, "page_owner_ops", NULL)            \
	X(SYMBOL, sym_page_owner_inited, NULL, "page_owner_inited", NULL)      \
	X(SIZE, page_owner_size, "struct page_owner", NULL, "__set_page_owner") \
	X(MEMBER, page_owner_order, "struct page_owner", "order",              \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_gfp_mask, "struct page_owner", "gfp_mask",        \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_handle, "struct page_owner", "handle",            \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_free_handle, "struct page_owner", "free_handle",  \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_ts_nsec, "struct page_owner", "ts_nsec",          \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_pid, "struct page_owner", "pid",                  \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_tgid, "struct page_owner", "tgid",                \
	  "__set_page_owner")                                                  \
	X(MEMBER, page_owner_comm, "struct page_owner", "comm",                \
	  "__set_page_owner")                                                  \
	/* allocation profiling (lib/alloc_tag.c): union codetag_ref -> codetag */ \
	X(SYMBOL, sym_page_alloc_tagging_ops, NULL, "page_alloc_tagging_ops",  \
	  NULL)                                                                \
	X(MEMBER, codetag_ref_ct, "union codetag_ref", "ct",                   \
	  "alloc_tag_top_users")                                              \
	X(MEMBER, codetag_function, "struct codetag", "function",              \
	  "alloc_tag_top_users")                                              \
	X(MEMBER, codetag_filename, "struct codetag", "filename",              \
	  "alloc_tag_top_users")                                              \
	X(MEMBER, codetag_modname, "struct codetag", "modname",                \
	  "alloc_tag_top_users")                                              \
	X(MEMBER, codetag_lineno, "struct codetag", "lineno",                  \
	  "alloc_tag_top_users")

#endif
