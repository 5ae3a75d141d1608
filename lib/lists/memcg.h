/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory cgroups: every mem_cgroup reachable from root_mem_cgroup through
 * the css children lists (online ones and offline "zombies" not yet
 * released), with the ids the list_lrus and the shrinker maps use and
 * the cgroup path.
 */
#ifndef PS_MEMCG_H
#define PS_MEMCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"

struct ps_target;

struct ps_memcg {
	uint64_t addr;		/* struct mem_cgroup */
	size_t parent;		/* index of the parent; the root's is itself */
	unsigned depth;		/* 0 for the root */
	int id;			/* memcg->id.id: the private memcg id */
	int kmemcg_id;		/* list_lru xarray index; -1 for the root */
	uint32_t css_flags;
	bool online;		/* CSS_ONLINE */
	char path[256];		/* "/", "/pagescope", ... */
};

struct ps_memcgs {
	bool enabled;		/* false: no memory controller (or disabled) */
	size_t nr;
	struct ps_memcg *memcgs;	/* pre-order; [0] is the root */
	/* A broken children list: the walk skipped what it could not reach. */
	size_t nr_broken;
	struct ps_list_fault fault;	/* the first one */
	uint64_t fault_parent;		/* whose children list it was */
};

/*
 * Every memcg of @p t. A kernel without memory cgroups gives an empty
 * set, not an error. On success, must be freed with ps_memcgs_deinit().
 */
struct ps_error *ps_memcgs_collect(struct ps_target *t, struct ps_memcgs *ret);
void ps_memcgs_deinit(struct ps_memcgs *m);

/*
 * The online memcg whose kmemcg_id is @p kmemcg_id (the one list_lru
 * objects of that index are charged to), or NULL.
 */
const struct ps_memcg *ps_memcgs_by_kmemcg_id(const struct ps_memcgs *m,
					      int kmemcg_id);

/* memcg->nodeinfo[@p nid]: struct mem_cgroup_per_node, or 0. */
struct ps_error *ps_memcg_nodeinfo(struct ps_target *t,
				   const struct ps_memcg *memcg, int nid,
				   uint64_t *ret);

#endif
