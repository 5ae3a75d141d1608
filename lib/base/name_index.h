/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A map from (kind, name) to two 64-bit values, for symbol and type
 * lookups. Names are not copied: they must outlive the index (they point
 * into mapped ELF sections).
 */
#ifndef PS_NAME_INDEX_H
#define PS_NAME_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_name_index {
	size_t nr_used;
	size_t nr_slots;	/* a power of two */
	struct ps_name_slot *slots;
};

void ps_name_index_init(struct ps_name_index *index);
void ps_name_index_deinit(struct ps_name_index *index);

/* Make room for @p nr more entries at once. */
struct ps_error *ps_name_index_reserve(struct ps_name_index *index, size_t nr);

/*
 * Insert (@kind, @name) unless present; the first insertion wins, so a
 * full definition seen first is not replaced by a later one.
 */
struct ps_error *ps_name_index_add(struct ps_name_index *index, unsigned kind,
				   const char *name, uint64_t value,
				   uint64_t extra);

/* Look up (@kind, @name); false when absent. */
bool ps_name_index_find(const struct ps_name_index *index, unsigned kind,
			const char *name, uint64_t *value_ret,
			uint64_t *extra_ret);

/* Call @p fn for every entry of @p kind, in no particular order. */
void ps_name_index_for_each(const struct ps_name_index *index, unsigned kind,
			    void (*fn)(const char *name, uint64_t value,
				       void *arg),
			    void *arg);

#endif
