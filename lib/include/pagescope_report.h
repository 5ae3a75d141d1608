/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The contract between the commands' JSON reports and the programs that
 * read them (the viewer, test harnesses): the verdicts, and the keys the
 * viewer reads, each declared once. The commands write these names and the
 * viewer reads them from here: a key renamed on one side only does not
 * build, instead of becoming a default value on the other.
 */
#ifndef PAGESCOPE_REPORT_H
#define PAGESCOPE_REPORT_H

#include <stdbool.h>

/* ------------------------------------------------------------------ */
/* Verdicts                                                           */
/* ------------------------------------------------------------------ */

/* A row of `check`: X(enumerator, name in the report). */
#define PS_VERDICTS(X)                                                         \
	X(PS_VERDICT_OK, "ok")                                                 \
	X(PS_VERDICT_FAIL, "FAIL")                                             \
	X(PS_VERDICT_NA, "n/a")	/* the kernel lacks the counter or the walk */ \
	X(PS_VERDICT_DRIFT, "drift") /* live: moved while counted */

enum ps_verdict {
#define PS_VERDICT_ENUM(e, name) e,
	PS_VERDICTS(PS_VERDICT_ENUM)
#undef PS_VERDICT_ENUM
	PS_NR_VERDICTS
};

/* "ok", "FAIL", "n/a", "drift". */
const char *ps_verdict_name(enum ps_verdict v);
/* The verdict named @p name; false for a name that is none. */
bool ps_verdict_parse(const char *name, enum ps_verdict *ret);

/* A gigablock of `frag`, best first: X(enumerator, name in the report). */
#define PS_GB_VERDICTS(X)                                                      \
	X(PS_GB_FREE, "free")		/* every page free in the buddy allocator */ \
	X(PS_GB_MIGRATABLE, "migratable") /* only free, idle and movable pages */ \
	X(PS_GB_BLOCKED, "blocked")	/* unmovable, reserved or poisoned pages */ \
	X(PS_GB_PARTIAL, "partial")	/* holes or several zones: never 1 GiB */

enum ps_gb_verdict {
#define PS_GB_VERDICT_ENUM(e, name) e,
	PS_GB_VERDICTS(PS_GB_VERDICT_ENUM)
#undef PS_GB_VERDICT_ENUM
	PS_GB_NR
};

const char *ps_gb_verdict_name(enum ps_gb_verdict v);
bool ps_gb_verdict_parse(const char *name, enum ps_gb_verdict *ret);

/* ------------------------------------------------------------------ */
/* Keys the viewer reads                                              */
/* ------------------------------------------------------------------ */

/* At the top of every document a command prints (not in front ends' reports). */
static const char PS_KEY_FORMAT_VERSION[] = "format_version";	/* int: docs/json.md */
static const char PS_KEY_PAGESCOPE_VERSION[] = "pagescope_version";

/* Shared by several reports. */
static const char PS_KEY_OK[] = "ok";			/* bool: nothing failed */
static const char PS_KEY_ZONES[] = "zones";		/* array of zones */
static const char PS_KEY_ZONE[] = "zone";		/* zone name */
static const char PS_KEY_NID[] = "nid";			/* a node number: of a page, zone, queue */
/* page->flags' zone field: an index of enum zone_type (zone is a name) */
static const char PS_KEY_ZONE_INDEX[] = "zone_index";
static const char PS_KEY_NODE[] = "node";		/* a list node's address */
static const char PS_KEY_PFN[] = "pfn";
static const char PS_KEY_ORDER[] = "order";
static const char PS_KEY_INDEX[] = "index";		/* position in a list */
static const char PS_KEY_TYPE[] = "type";
static const char PS_KEY_FLAGS[] = "flags";		/* array of flag names */
static const char PS_KEY_WALKED[] = "walked";		/* what the walk counted */
static const char PS_KEY_VERDICT[] = "verdict";		/* a verdict name above */

/* check */
static const char PS_KEY_ROWS[] = "rows";
static const char PS_KEY_COUNTER[] = "counter";
static const char PS_KEY_KERNEL[] = "kernel";		/* the kernel's value */
static const char PS_KEY_WHY[] = "why";
static const char PS_KEY_FAILED[] = "failed";

/* frag */
static const char PS_KEY_GIGABLOCKS[] = "gigablocks";
static const char PS_KEY_START_PFN[] = "start_pfn";
static const char PS_KEY_END_PFN[] = "end_pfn";
/* object: pages per page class, one key each (frag, blocks) */
static const char PS_KEY_BY_CLASS[] = "by_class";
static const char PS_KEY_FREE[] = "free";		/* in a free buddy block */
static const char PS_KEY_IDLE[] = "idle";		/* refcount 0, not in the buddy */
static const char PS_KEY_MOVABLE[] = "movable";
static const char PS_KEY_UNMOVABLE[] = "unmovable";
static const char PS_KEY_RESERVED[] = "reserved";
static const char PS_KEY_POISONED[] = "poisoned";
static const char PS_KEY_HOLE[] = "hole";		/* no struct page in the dump */
static const char PS_KEY_HWPOISON[] = "hwpoison";
static const char PS_KEY_LARGEST_FREE_ORDER[] = "largest_free_order";
static const char PS_KEY_TAINTED[] = "tainted";
static const char PS_KEY_EXPLANATION[] = "explanation";

/* free */
static const char PS_KEY_FREE_PAGES[] = "free_pages";
static const char PS_KEY_NR_FREE_PAGES[] = "nr_free_pages";
static const char PS_KEY_PCP_PAGES[] = "pcp_pages";
static const char PS_KEY_PCP_COUNT[] = "pcp_count";
static const char PS_KEY_PCP_BROKEN_LISTS[] = "pcp_broken_lists";
static const char PS_KEY_BROKEN_LISTS[] = "broken_lists";
static const char PS_KEY_ORDERS[] = "orders";
static const char PS_KEY_NR_FREE[] = "nr_free";
static const char PS_KEY_BY_TYPE[] = "by_type";		/* pages per page type (summary) */
static const char PS_KEY_BY_MIGRATETYPE[] = "by_migratetype";	/* free blocks per migratetype list */
static const char PS_KEY_FAULT[] = "fault";		/* where a list breaks: as list's */
static const char PS_KEY_CROSS_CHECK[] = "cross_check";
static const char PS_KEY_BLOCKS_LISTED[] = "blocks_listed";
static const char PS_KEY_ANOMALIES[] = "anomalies";
static const char PS_KEY_FIRST[] = "first";

/* page */
static const char PS_KEY_PHYS[] = "phys";
static const char PS_KEY_STRUCT_PAGE[] = "struct_page";
static const char PS_KEY_FLAGS_RAW[] = "flags_raw";
static const char PS_KEY_FREE_BLOCK_ORDER[] = "free_block_order";
static const char PS_KEY_REFCOUNT[] = "refcount";
static const char PS_KEY_MAPCOUNT[] = "mapcount";
static const char PS_KEY_MAPPING[] = "mapping";
static const char PS_KEY_MAPPING_KIND[] = "mapping_kind";
static const char PS_KEY_PRIVATE[] = "private";
static const char PS_KEY_MEMCG_DATA[] = "memcg_data";
static const char PS_KEY_ANON_EXCLUSIVE[] = "anon_exclusive";
static const char PS_KEY_ANON_EXCLUSIVE_RULE[] = "anon_exclusive_rule";
static const char PS_KEY_ANON_EXCLUSIVE_STALE[] = "anon_exclusive_stale";
static const char PS_KEY_FOLIO_HEAD_PFN[] = "folio_head_pfn";
static const char PS_KEY_FOLIO_ORDER[] = "folio_order";
static const char PS_KEY_COMPOUND_HEAD[] = "compound_head";
static const char PS_KEY_COMPOUND_TAIL[] = "compound_tail";
static const char PS_KEY_FOLIO_ENTIRE_MAPCOUNT[] = "folio_entire_mapcount";
static const char PS_KEY_FOLIO_PARTIALLY_MAPPED[] = "folio_partially_mapped";
/* page: the kernel's own allocation records (page_owner, allocation
 * profiling); null with a *_note saying why when there are none */
static const char PS_KEY_PAGE_OWNER[] = "page_owner";
static const char PS_KEY_PAGE_OWNER_NOTE[] = "page_owner_note";
static const char PS_KEY_PO_ALLOCATED[] = "allocated";
static const char PS_KEY_PO_ORDER[] = "order";
static const char PS_KEY_PO_GFP_MASK[] = "gfp_mask";
static const char PS_KEY_PO_PID[] = "pid";
static const char PS_KEY_PO_TGID[] = "tgid";
static const char PS_KEY_PO_COMM[] = "comm";
static const char PS_KEY_PO_TS_NSEC[] = "ts_nsec";
static const char PS_KEY_PO_HANDLE[] = "handle";
static const char PS_KEY_PO_STACK[] = "stack";
static const char PS_KEY_PO_STACK_NOTE[] = "stack_note";
static const char PS_KEY_ALLOC_TAG[] = "alloc_tag";
static const char PS_KEY_ALLOC_TAG_NOTE[] = "alloc_tag_note";
static const char PS_KEY_TAG_FILE[] = "file";
static const char PS_KEY_TAG_LINE[] = "line";
static const char PS_KEY_TAG_FUNCTION[] = "function";
static const char PS_KEY_TAG_MODULE[] = "module";
/* owners --by tag */
static const char PS_KEY_TAGS[] = "tags";
static const char PS_KEY_TAG_ALLOCATIONS[] = "allocations";
static const char PS_KEY_TAG_UNTAGGED[] = "untagged_pages";
static const char PS_KEY_TAG_ORDERS_KNOWN[] = "orders_known";

/* page: explanations, raw words and the pfn's chain (the inspector reads them) */
static const char PS_KEY_FLAGS_EXPLAINED[] = "flags_explained";	/* [{bit, name, meaning}] */
static const char PS_KEY_FOLIO_FLAGS_EXPLAINED[] = "folio_flags_explained";
static const char PS_KEY_BIT[] = "bit";
static const char PS_KEY_NAME[] = "name";
static const char PS_KEY_MEANING[] = "meaning";
static const char PS_KEY_SET_BY[] = "set_by";		/* where the kernel sets and clears a flag */
static const char PS_KEY_PAGE_MAPCOUNT[] = "page_mapcount";	/* as page_mapcount() counts */
/* page, pages --kpageflags: what /proc/kpageflags and /proc/kpagecount report */
static const char PS_KEY_KPAGEFLAGS[] = "kpageflags";
static const char PS_KEY_KPAGEFLAGS_NAMES[] = "kpageflags_names";
static const char PS_KEY_KPAGECOUNT[] = "kpagecount";
static const char PS_KEY_KPAGE_NOTES[] = "kpage_notes";	/* where pagescope's own figures differ */
static const char PS_KEY_LRU_GEN[] = "lru_gen";		/* on, off, absent, unknown */
/* page: what page->flags keeps above the flags (MGLRU generation, last_cpupid) */
static const char PS_KEY_FLAGS_FIELDS[] = "flags_fields";
static const char PS_KEY_KNOWN[] = "known";
static const char PS_KEY_LAYOUT[] = "layout";		/* {field: {shift, width}} */
static const char PS_KEY_SHIFT[] = "shift";
static const char PS_KEY_WIDTH[] = "width";
static const char PS_KEY_CHECKED_PAGES[] = "checked_pages";
static const char PS_KEY_GENERATION[] = "generation";	/* gen index, null: on no MGLRU list */
static const char PS_KEY_GEN_STORED[] = "gen_stored";	/* gen + 1, 0: on no list */
static const char PS_KEY_TIER[] = "tier";
static const char PS_KEY_REFS[] = "refs";
static const char PS_KEY_SEQ[] = "seq";
static const char PS_KEY_MAX_SEQ[] = "max_seq";
static const char PS_KEY_MIN_SEQ[] = "min_seq";
static const char PS_KEY_LRUVEC[] = "lruvec";
static const char PS_KEY_ACTIVE[] = "active";
static const char PS_KEY_LAST_CPUPID[] = "last_cpupid";
static const char PS_KEY_HOME[] = "home";		/* flags, field, none */
static const char PS_KEY_CPU[] = "cpu";
static const char PS_KEY_PID_BITS[] = "pid_bits";
static const char PS_KEY_WORDS[] = "words";		/* [{page, view, offset, field, raw, value, meaning}] */
static const char PS_KEY_VIEW[] = "view";
static const char PS_KEY_PAGE[] = "page";		/* 0: this struct page; 1, 2: a head's page[1], page[2] */
static const char PS_KEY_OFFSET[] = "offset";
static const char PS_KEY_FIELD[] = "field";
static const char PS_KEY_RAW[] = "raw";
static const char PS_KEY_VALUE[] = "value";
static const char PS_KEY_PAGEBLOCK[] = "pageblock";
static const char PS_KEY_MIGRATETYPE[] = "migratetype";
static const char PS_KEY_SKIP[] = "skip";
static const char PS_KEY_ISOLATE[] = "isolate";
static const char PS_KEY_GIGABLOCK[] = "gigablock";
static const char PS_KEY_SLAB_CACHE[] = "slab_cache";	/* its kmem_cache's name */
static const char PS_KEY_SLAB_OBJECTS[] = "slab_objects";	/* struct slab's objects */
static const char PS_KEY_SLAB_INUSE[] = "slab_inuse";	/* struct slab's inuse */
static const char PS_KEY_SLAB_FROZEN[] = "slab_frozen";
/* --explain: an array of {figure, rule, kernel, functions, reads: [{item, value, source}]} */
static const char PS_KEY_EXPLAIN[] = "explain";
static const char PS_KEY_FIGURE[] = "figure";
static const char PS_KEY_RULE[] = "rule";
static const char PS_KEY_FUNCTIONS[] = "functions";
static const char PS_KEY_READS[] = "reads";
static const char PS_KEY_ITEM[] = "item";
static const char PS_KEY_SOURCE[] = "source";

/* lru, split: a list's state and the counts of what did not hold */
static const char PS_KEY_BROKEN[] = "broken";		/* bool: the list's walk stopped */
static const char PS_KEY_BROKEN_LIST[] = "broken_list";	/* which list: its name */
static const char PS_KEY_BROKEN_QUEUES[] = "broken_queues";
static const char PS_KEY_BROKEN_REGISTRIES[] = "broken_registries";
static const char PS_KEY_COUNT_MISMATCHES[] = "count_mismatches";
static const char PS_KEY_NODE_MISMATCHES[] = "node_mismatches";
static const char PS_KEY_LEN_MISMATCHES[] = "len_mismatches";
static const char PS_KEY_FOLIO_PFN[] = "folio_pfn";	/* a broken node's folio */
static const char PS_KEY_TRANSIENT[] = "transient";	/* bool: live, counts may move */
static const char PS_KEY_MEMCG[] = "memcg";		/* a list's or queue's memcg: its path */

/*
 * The keys whose true, non-zero or non-empty value says something is
 * broken: the viewer draws them in its alarm colour.
 */
#define PS_ALARM_KEYS                                                          \
	PS_KEY_BROKEN, PS_KEY_BROKEN_LIST, PS_KEY_BROKEN_LISTS,                \
	PS_KEY_PCP_BROKEN_LISTS, PS_KEY_BROKEN_QUEUES,                         \
	PS_KEY_BROKEN_REGISTRIES, PS_KEY_COUNT_MISMATCHES,                     \
	PS_KEY_NODE_MISMATCHES, PS_KEY_LEN_MISMATCHES, PS_KEY_FAULT,           \
	PS_KEY_ANOMALIES, PS_KEY_HWPOISON, PS_KEY_POISONED

/* The keys that name an object, in the order the viewer titles it by. */
#define PS_TITLE_KEYS PS_KEY_NAME, PS_KEY_ZONE, PS_KEY_TYPE, PS_KEY_MEMCG, PS_KEY_NODE, PS_KEY_NID

/* The keys that hold a pfn a row of the viewer can open. */
#define PS_PFN_KEYS PS_KEY_PFN, PS_KEY_FOLIO_PFN, PS_KEY_START_PFN, PS_KEY_END_PFN, \
	PS_KEY_FOLIO_HEAD_PFN

/* What a broken list's node lies in: {kind, description, pfn, ...} */
static const char PS_KEY_LIES_IN[] = "lies_in";
static const char PS_KEY_DESCRIPTION[] = "description";	/* the same, in words */

/* owners; page, pages, frag and blocks name owners with the same keys */
static const char PS_KEY_OWNER_KIND[] = "owner_kind";
static const char PS_KEY_OWNER[] = "owner";
static const char PS_KEY_MOVABILITY[] = "movability";	/* free, movable, reclaimable, unmovable */
static const char PS_KEY_PAGES[] = "pages";		/* int: an owner's pages */
/* The CMA area a page lies in (page), or the areas (owners). */
static const char PS_KEY_OWNER_CMA[] = "cma";
static const char PS_KEY_OWNERS[] = "owners";
static const char PS_KEY_BY_MOVABILITY[] = "by_movability";
static const char PS_KEY_PINNED[] = "pinned";	/* unmovable and reclaimable owners */
static const char PS_KEY_RECLAIMABLE[] = "reclaimable";	/* and free, movable, unmovable */

#endif
