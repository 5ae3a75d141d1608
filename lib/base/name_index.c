// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "base/name_index.h"

struct ps_name_slot {
	const char *name;	/* NULL: empty slot */
	uint64_t hash;
	uint64_t value;
	uint64_t extra;
	unsigned kind;
};

/* FNV-1a over the kind and the name. */
static uint64_t ps_name_hash(unsigned kind, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ kind;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	return h;
}

void ps_name_index_init(struct ps_name_index *index)
{
	memset(index, 0, sizeof(*index));
}

void ps_name_index_deinit(struct ps_name_index *index)
{
	free(index->slots);
	memset(index, 0, sizeof(*index));
}

static struct ps_name_slot *ps_name_probe(struct ps_name_slot *slots,
					  size_t nr_slots, unsigned kind,
					  const char *name, uint64_t hash)
{
	size_t mask = nr_slots - 1;

	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct ps_name_slot *slot = &slots[i];

		if (!slot->name)
			return slot;
		if (slot->hash == hash && slot->kind == kind &&
		    !strcmp(slot->name, name))
			return slot;
	}
}

static struct ps_error *ps_name_index_resize(struct ps_name_index *index,
					     size_t nr_slots)
{
	struct ps_name_slot *slots = calloc(nr_slots, sizeof(*slots));

	if (!slots)
		return ps_error_nomem();
	for (size_t i = 0; i < index->nr_slots; i++) {
		struct ps_name_slot *old = &index->slots[i];

		if (old->name)
			*ps_name_probe(slots, nr_slots, old->kind, old->name,
				       old->hash) = *old;
	}
	free(index->slots);
	index->slots = slots;
	index->nr_slots = nr_slots;
	return NULL;
}

static struct ps_error *ps_name_index_grow(struct ps_name_index *index)
{
	return ps_name_index_resize(index,
				    index->nr_slots ? 2 * index->nr_slots : 1024);
}

struct ps_error *ps_name_index_reserve(struct ps_name_index *index, size_t nr)
{
	size_t nr_slots = index->nr_slots ? index->nr_slots : 1024;

	/* At most half full, as ps_name_index_add() keeps it. */
	while (nr_slots < 2 * (index->nr_used + nr + 1))
		nr_slots *= 2;
	if (nr_slots == index->nr_slots)
		return NULL;
	return ps_name_index_resize(index, nr_slots);
}

struct ps_error *ps_name_index_add(struct ps_name_index *index, unsigned kind,
				   const char *name, uint64_t value,
				   uint64_t extra)
{
	uint64_t hash = ps_name_hash(kind, name);
	struct ps_name_slot *slot;

	/* Keep the table at most half full so probes stay short. */
	if (2 * (index->nr_used + 1) > index->nr_slots) {
		struct ps_error *err = ps_name_index_grow(index);

		if (err)
			return err;
	}
	slot = ps_name_probe(index->slots, index->nr_slots, kind, name, hash);
	if (slot->name)
		return NULL;
	*slot = (struct ps_name_slot){
		.name = name, .hash = hash, .value = value,
		.extra = extra, .kind = kind,
	};
	index->nr_used++;
	return NULL;
}

bool ps_name_index_find(const struct ps_name_index *index, unsigned kind,
			const char *name, uint64_t *value_ret,
			uint64_t *extra_ret)
{
	const struct ps_name_slot *slot;

	if (!index->nr_slots)
		return false;
	slot = ps_name_probe(index->slots, index->nr_slots, kind, name,
			     ps_name_hash(kind, name));
	if (!slot->name)
		return false;
	if (value_ret)
		*value_ret = slot->value;
	if (extra_ret)
		*extra_ret = slot->extra;
	return true;
}

void ps_name_index_for_each(const struct ps_name_index *index, unsigned kind,
			    void (*fn)(const char *name, uint64_t value,
				       void *arg),
			    void *arg)
{
	for (size_t i = 0; i < index->nr_slots; i++) {
		const struct ps_name_slot *slot = &index->slots[i];

		if (slot->name && slot->kind == kind)
			fn(slot->name, slot->value, arg);
	}
}
