/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * list_lru: the kernel's per-node (and, when memcg-aware, per-memcg)
 * object lists with shrinker-visible counts: every super_block's dentry
 * and inode LRUs, the workingset shadow nodes, the THP deferred split
 * queue on kernels that keep it in one, and any other memcg-aware lru.
 * Each list is walked and validated; nr_items, the node totals and the
 * memcg shrinker bits are checked against what the lists hold.
 */
#ifndef PS_LIST_LRU_H
#define PS_LIST_LRU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"

struct ps_target;
struct ps_memcgs;
struct ps_memcg;

enum ps_list_lru_kind {
	PS_LRU_DENTRY,		/* a super_block's s_dentry_lru */
	PS_LRU_INODE,		/* a super_block's s_inode_lru */
	PS_LRU_SHADOW,		/* workingset shadow nodes (shadow_nodes) */
	PS_LRU_THP_SPLIT,	/* THP deferred split queue (deferred_split_lru) */
	PS_LRU_OTHER,		/* found on memcg_list_lrus */
	PS_LRU_NR_KINDS
};

/* One list_lru and what it belongs to. */
struct ps_list_lru_id {
	uint64_t addr;		/* struct list_lru */
	enum ps_list_lru_kind kind;
	uint64_t sb;		/* DENTRY, INODE: the super_block */
	char fstype[32];	/* DENTRY, INODE: file_system_type.name */
	char dev[32];		/* DENTRY, INODE: s_id */
	char name[160];		/* "ext2:loop0:dentries", "shadow_nodes", ... */
};

struct ps_list_lru_ids {
	size_t nr;
	struct ps_list_lru_id *ids;
	/* super_blocks or memcg_list_lrus broken: lrus may be missing. */
	size_t nr_broken;
	struct ps_list_fault fault;	/* the first */
	const char *fault_list;		/* "super_blocks", "memcg_list_lrus" */
	/* Every global struct list_lru the debug info knows was added. */
	bool all_globals;
};

/* State of a list's shrinker bit. */
enum ps_list_lru_bit {
	PS_LRU_BIT_NA,		/* not needed: root, empty, not memcg-aware */
	PS_LRU_BIT_SET,
	PS_LRU_BIT_CLEAR,	/* needed and clear: reclaim skips the list */
	PS_LRU_BIT_NO_OWNER,	/* needed, but no online memcg has the id */
	PS_LRU_BIT_UNREAD,	/* needed, its map not in the dump (filtered) */
};

/* One list_lru_one: a node's list of one memcg (or of the node). */
struct ps_list_lru_one {
	int nid;
	int kmemcg_id;		/* -1: the node's own list */
	uint64_t addr;		/* struct list_lru_one */
	int64_t nr_items;	/* what the kernel counts */
	uint64_t walked;	/* entries walked (up to a break) */
	bool broken;
	struct ps_list_fault fault;
	long memcg;		/* index of the charged online memcg, -1: none */
	enum ps_list_lru_bit bit;
};

/* Per node: list_lru_node.nr_items is the sum over its lists. */
struct ps_list_lru_node {
	int nid;
	uint64_t addr;		/* struct list_lru_node */
	int64_t nr_items;
	int64_t lists_nr_items;	/* sum of the lists' nr_items */
	uint64_t walked;
	uint32_t lock;		/* non-zero: held at the time of the dump */
};

struct ps_list_lru {
	struct ps_list_lru_id id;
	/*
	 * node is NULL, as before list_lru_init() or after list_lru_destroy()
	 * (zswap's while zswap was never enabled): it has no lists.
	 */
	bool uninitialised;
	bool memcg_aware;
	int shrinker_id;	/* -1: no shrinker */
	size_t nr_nodes;
	struct ps_list_lru_node *nodes;
	size_t nr_lists, cap_lists;
	struct ps_list_lru_one *lists;
	int64_t nr_items;	/* sum of the nodes' nr_items */
	uint64_t walked;
	size_t nr_broken;	/* lists failing validation */
	size_t nr_mismatch;	/* intact lists whose nr_items != length */
	size_t nr_node_mismatch;	/* nodes whose total != their lists' */
	size_t nr_missing_bits;	/* PS_LRU_BIT_CLEAR lists */
	/*
	 * Why some lists were not walked: a broken per-memcg xarray, or
	 * memory missing from the dump (filtered out). "" when all were.
	 */
	char unreached[256];
};

/*
 * Find the list_lrus of @p t. On success, must be freed with
 * ps_list_lru_ids_deinit().
 */
struct ps_error *ps_list_lru_discover(struct ps_target *t, struct ps_list_lru_ids *ret);
void ps_list_lru_ids_deinit(struct ps_list_lru_ids *ids);

/*
 * Walk every list of the list_lru @p id. @p memcgs names the lists and
 * tells whose shrinker bits to check. Broken lists and wrong counts are
 * results, not errors. On success, must be freed with ps_list_lru_deinit().
 */
struct ps_error *ps_list_lru_walk(struct ps_target *t, const struct ps_memcgs *memcgs,
			     const struct ps_list_lru_id *id, struct ps_list_lru *ret);
void ps_list_lru_deinit(struct ps_list_lru *lru);

/*
 * The shrinker-bit rule: a non-empty per-memcg list of a memcg-aware lru
 * with a shrinker needs its memcg's bit for the node, except the root's
 * (set_shrinker_bit() never sets bits for the root memcg, which global
 * reclaim scans anyway). @p owner may be NULL (no online memcg).
 */
bool ps_list_lru_needs_bit(const struct ps_list_lru *lru, const struct ps_list_lru_one *l,
		      const struct ps_memcg *owner);

/* "dentry", "inode", "shadow", "thp_split", "other". */
const char *ps_list_lru_kind_name(enum ps_list_lru_kind kind);

#endif
