/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A slab page as SLUB sees it: struct slab over struct page, its cache
 * and that cache's name as /proc/slabinfo gives it.
 */
#ifndef PS_SLAB_H
#define PS_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "layout/layout.h"

struct ps_target;

struct ps_slab_info {
	bool decoded;		/* struct slab's members are known */
	uint64_t cache;		/* struct kmem_cache */
	uint64_t freelist;	/* first free object; 0: none */
	uint64_t counters;	/* inuse, objects and frozen, as one word */
	bool has_fields;	/* the types gave the bit-fields below */
	uint32_t inuse, objects, frozen;
	char name[64];		/* the cache's name, or why it is unknown */
};

/* Where a slab keeps its words: struct slab's members, or struct page's. */
struct ps_slab_members {
	const char *view;	/* "struct slab" or "struct page" */
	const struct ps_lval *cache, *list, *freelist, *counters;
};

/* The members of @p L that hold a slab's cache, list, freelist, counters. */
void ps_slab_members(const struct ps_layout *L, struct ps_slab_members *ret);

/*
 * Whether SLUB marks a slab on its node's partial list with PG_workingset
 * (slab_set_node_partial(), v6.8), as the type info shows it.
 */
bool ps_slab_marks_node_partial(const struct ps_layout *L);

/* Decode the struct slab at @p raw (one struct page) and name its cache. */
void ps_slab_info(struct ps_target *t, const void *raw, struct ps_slab_info *ret);

/*
 * Split @p counters into struct slab's inuse, objects and frozen
 * bit-fields, placed as the type provider says; false when it cannot.
 */
bool ps_slab_counters_split(struct ps_target *t, struct ps_slab_info *info);

/*
 * Read the name of every cache on the kernel's slab_caches list, so that
 * a snapshot saved after it can name the cache of any slab page. The
 * number of caches goes to *@p nr_ret.
 */
struct ps_error *ps_slab_caches_read(struct ps_target *t, size_t *nr_ret);

#endif
