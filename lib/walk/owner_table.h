/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The owners seen in one run, each once: a kind, a name and a
 * movability, numbered from 0. Pages then carry a small id instead of a
 * string. A second map remembers which kernel object (a kmem_cache, an
 * anon_vma, an address_space) was already resolved to which owner, so
 * each object is read once per run however many pages it holds.
 */
#ifndef PS_OWNER_TABLE_H
#define PS_OWNER_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_owner_entry {
	uint8_t kind;		/* enum ps_page_owner_kind */
	uint8_t mov;		/* enum ps_owner_mov */
	char *name;
};

struct ps_owner_table {
	struct ps_owner_entry *entries;
	size_t nr, cap;
	uint32_t *by_name;	/* open addressing: id + 1, 0 empty */
	size_t name_slots;
	struct ps_owner_ptr { uint64_t key; uint32_t id; } *by_ptr;
	size_t nr_ptrs, ptr_slots;
};

void ps_owner_table_init(struct ps_owner_table *tbl);
void ps_owner_table_deinit(struct ps_owner_table *tbl);

/* The id of (@p kind, @p name), added if new. The name is copied. */
struct ps_error *ps_owner_table_intern(struct ps_owner_table *tbl,
				       unsigned kind, unsigned mov,
				       const char *name, uint32_t *id_ret);

/* Whether kernel object @p key (non-zero) was resolved; its owner id. */
bool ps_owner_table_ptr_find(const struct ps_owner_table *tbl, uint64_t key,
			     uint32_t *id_ret);
/* Remember that kernel object @p key (non-zero) is owner @p id. */
struct ps_error *ps_owner_table_ptr_add(struct ps_owner_table *tbl,
					uint64_t key, uint32_t id);

/*
 * Make @p dst a copy of @p src: the same owners with the same ids, the
 * same objects resolved. On success, free with ps_owner_table_deinit().
 */
struct ps_error *ps_owner_table_copy(struct ps_owner_table *dst,
				     const struct ps_owner_table *src);

#endif
