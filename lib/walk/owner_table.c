// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "walk/owner_table.h"

void ps_owner_table_init(struct ps_owner_table *tbl)
{
	memset(tbl, 0, sizeof(*tbl));
}

void ps_owner_table_deinit(struct ps_owner_table *tbl)
{
	for (size_t i = 0; i < tbl->nr; i++)
		free(tbl->entries[i].name);
	free(tbl->entries);
	free(tbl->by_name);
	free(tbl->by_ptr);
	memset(tbl, 0, sizeof(*tbl));
}

static uint64_t ps_owner_hash(unsigned kind, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ kind;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	return h;
}

static uint64_t ps_ptr_hash(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	return key ^ (key >> 33);
}

/* The slot of (@p kind, @p name): its own, or the empty one to fill. */
static size_t ps_name_slot(const struct ps_owner_table *tbl, unsigned kind,
			   const char *name)
{
	size_t mask = tbl->name_slots - 1;
	size_t i = ps_owner_hash(kind, name) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t v = tbl->by_name[i];

		if (!v)
			return i;
		if (tbl->entries[v - 1].kind == kind &&
		    !strcmp(tbl->entries[v - 1].name, name))
			return i;
	}
}

/* Keep the name index at most half full. */
static struct ps_error *ps_name_index_grow(struct ps_owner_table *tbl)
{
	size_t slots = tbl->name_slots ? tbl->name_slots * 2 : 256;
	uint32_t *old = tbl->by_name;

	if (2 * (tbl->nr + 1) <= tbl->name_slots)
		return NULL;
	tbl->by_name = calloc(slots, sizeof(*tbl->by_name));
	if (!tbl->by_name) {
		tbl->by_name = old;
		return ps_error_nomem();
	}
	tbl->name_slots = slots;
	for (size_t id = 0; id < tbl->nr; id++) {
		const struct ps_owner_entry *e = &tbl->entries[id];

		tbl->by_name[ps_name_slot(tbl, e->kind, e->name)] = (uint32_t)id + 1;
	}
	free(old);
	return NULL;
}

static struct ps_error *ps_entries_grow(struct ps_owner_table *tbl)
{
	size_t cap = tbl->cap ? tbl->cap * 2 : 64;
	struct ps_owner_entry *e;

	if (tbl->nr < tbl->cap)
		return NULL;
	e = realloc(tbl->entries, cap * sizeof(*e));
	if (!e)
		return ps_error_nomem();
	tbl->entries = e;
	tbl->cap = cap;
	return NULL;
}

struct ps_error *ps_owner_table_intern(struct ps_owner_table *tbl,
				       unsigned kind, unsigned mov,
				       const char *name, uint32_t *id_ret)
{
	struct ps_error *err = ps_name_index_grow(tbl);
	char safe[4 * 256 + 4];	/* names come from the dump: \xNN for each odd byte */
	size_t slot;
	char *copy;

	if (err)
		return err;
	name = ps_text_safe(name, strlen(name), safe, sizeof(safe));
	slot = ps_name_slot(tbl, kind, name);
	if (tbl->by_name[slot]) {
		*id_ret = tbl->by_name[slot] - 1;
		return NULL;
	}
	err = ps_entries_grow(tbl);
	if (err)
		return err;
	copy = strdup(safe);
	if (!copy)
		return ps_error_nomem();
	tbl->entries[tbl->nr] = (struct ps_owner_entry){ kind, mov, copy };
	*id_ret = (uint32_t)tbl->nr++;
	tbl->by_name[slot] = *id_ret + 1;
	return NULL;
}

static size_t ps_ptr_slot(const struct ps_owner_table *tbl, uint64_t key)
{
	size_t mask = tbl->ptr_slots - 1;
	size_t i = ps_ptr_hash(key) & mask;

	while (tbl->by_ptr[i].key && tbl->by_ptr[i].key != key)
		i = (i + 1) & mask;
	return i;
}

bool ps_owner_table_ptr_find(const struct ps_owner_table *tbl, uint64_t key,
			     uint32_t *id_ret)
{
	size_t i;

	if (!tbl->ptr_slots)
		return false;
	i = ps_ptr_slot(tbl, key);
	if (!tbl->by_ptr[i].key)
		return false;
	*id_ret = tbl->by_ptr[i].id;
	return true;
}

static struct ps_error *ps_ptr_index_grow(struct ps_owner_table *tbl)
{
	size_t slots = tbl->ptr_slots ? tbl->ptr_slots * 2 : 1024;
	struct ps_owner_ptr *old = tbl->by_ptr;
	size_t old_slots = tbl->ptr_slots;

	if (2 * (tbl->nr_ptrs + 1) <= tbl->ptr_slots)
		return NULL;
	tbl->by_ptr = calloc(slots, sizeof(*tbl->by_ptr));
	if (!tbl->by_ptr) {
		tbl->by_ptr = old;
		return ps_error_nomem();
	}
	tbl->ptr_slots = slots;
	for (size_t i = 0; i < old_slots; i++)
		if (old[i].key)
			tbl->by_ptr[ps_ptr_slot(tbl, old[i].key)] = old[i];
	free(old);
	return NULL;
}

struct ps_error *ps_owner_table_ptr_add(struct ps_owner_table *tbl,
					uint64_t key, uint32_t id)
{
	struct ps_error *err = ps_ptr_index_grow(tbl);
	size_t i;

	if (err)
		return err;
	i = ps_ptr_slot(tbl, key);
	if (!tbl->by_ptr[i].key)
		tbl->nr_ptrs++;
	tbl->by_ptr[i] = (struct ps_owner_ptr){ key, id };
	return NULL;
}

struct ps_error *ps_owner_table_copy(struct ps_owner_table *dst,
				     const struct ps_owner_table *src)
{
	uint32_t id;
	struct ps_error *err;

	ps_owner_table_init(dst);
	/* Interned in order, each entry keeps its id. */
	for (size_t i = 0; i < src->nr; i++) {
		err = ps_owner_table_intern(dst, src->entries[i].kind, src->entries[i].mov,
					    src->entries[i].name, &id);
		if (err)
			goto fail;
	}
	for (size_t i = 0; i < src->ptr_slots; i++) {
		if (!src->by_ptr[i].key)
			continue;
		err = ps_owner_table_ptr_add(dst, src->by_ptr[i].key, src->by_ptr[i].id);
		if (err)
			goto fail;
	}
	return NULL;
fail:
	ps_owner_table_deinit(dst);
	return err;
}
