/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Features: what pagescope can tell, each with the layout items it needs.
 * A kernel that lacks an item loses only the features that need it; the
 * table says what each loss costs, so `summary` can list them and an
 * error can name the missing member and the feature.
 */
#ifndef PS_FEATURES_H
#define PS_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "layout/layout.h"

/*
 * X(id, name, cost): the id is the feature's stable key in JSON, the name
 * says it in words, the cost is what the user loses without it.
 */
#define PS_FEATURES(X)                                                         \
	X(page_decode, "struct page", "no page can be decoded")               \
	X(compound, "compound pages", "tail pages cannot be told from heads") \
	X(page_index, "page index", "page offsets in their mapping are not shown") \
	X(folio_order, "folio order", "large folios show as order 0")         \
	X(entire_mapcount, "PMD mappings",                                    \
	  "PMD-mapped folios are not told from PTE-mapped ones")              \
	X(page_types, "page types", "free pages cannot be told from others")  \
	X(memcg_pages, "page memcg", "pages are not charged to memcgs")       \
	X(anon_exclusive, "anon-exclusive", "not tracked by this kernel")     \
	X(partially_mapped_folios, "partially-mapped folios",                        \
	  "partially mapped folios are not flagged")                          \
	X(hwpoison, "hwpoison", "poisoned pages are not flagged")             \
	X(pageblocks, "pageblocks",                                           \
	  "no migratetypes: free, frag, blocks, map and check stop")          \
	X(compact_skip, "compaction skip bits",                               \
	  "pageblocks compaction skips are not shown")                        \
	X(list_lru, "list_lru", "lru cannot walk list_lrus")                  \
	X(list_lru_memcg, "per-memcg list_lru", "only the root lists are walked") \
	X(memcg_tree, "memcg tree",                                               \
	  "lists are not named by memcg; shrinker bits are not checked")      \
	X(deferred_split, "THP deferred split queues", "split cannot walk them") \
	X(memcg_split_queues, "per-memcg split queues",                       \
	  "only the node queues are walked")                                  \
	X(mthp_stats, "mTHP counters",                                        \
	  "nr_anon_partially_mapped is not checked")                          \
	X(unaccepted_memory, "unaccepted memory", "free memory not yet accepted is not counted") \
	X(shrinker_bits, "shrinker bits", "memcg shrinker bits are not checked") \
	X(module_symbols, "module symbols",                                   \
	  "code and data in modules are named by their address")

enum ps_feature_id {
#define PS_FEAT_ENUM(id, name, cost) PS_FEAT_##id,
	PS_FEATURES(PS_FEAT_ENUM)
#undef PS_FEAT_ENUM
	PS_FEAT_NR
};

/* "partially_mapped_folios": snake_case, stable across releases. */
const char *ps_feature_key(enum ps_feature_id f);
/* "partially-mapped folios": in words, for people. */
const char *ps_feature_name(enum ps_feature_id f);
const char *ps_feature_cost(enum ps_feature_id f);

/* Whether @p layout has every item feature @p f needs. */
bool ps_feature_has(const struct ps_layout *layout, enum ps_feature_id f);

/*
 * What @p layout lacks for feature @p f, in words ("member struct
 * page.compound_head or member struct page.compound_info"), into @p buf;
 * empty when it lacks nothing. Returns @p buf.
 */
const char *ps_feature_missing(const struct ps_layout *layout,
			       enum ps_feature_id f, char *buf, size_t len);

/*
 * NULL when @p layout has feature @p f; otherwise a PS_ERR_UNSUPPORTED
 * error naming the feature and what the kernel lacks.
 */
struct ps_error *ps_feature_require(const struct ps_layout *layout,
				    enum ps_feature_id f);

#endif
