// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "walk/block_list.h"
#include "walk/parallel.h"
#include "target/target.h"

/* One part's share of the range, and what it found there. */
struct ps_block_part {
	const struct ps_pageblock_bits *bits;
	uint64_t start, end;	/* the caller's range */
	struct ps_block_list found;
	size_t cap;
};

static struct ps_error *ps_block_part_add(struct ps_block_part *bp,
					  const struct ps_block_summary *b,
					  size_t nr)
{
	struct ps_block_list *l = &bp->found;

	if (!nr)
		return NULL;	/* a part outside the range found none */
	if (l->nr + nr > bp->cap) {
		size_t cap = bp->cap ? 2 * bp->cap : 256;
		struct ps_block_summary *v;

		while (cap < l->nr + nr)
			cap *= 2;
		v = realloc(l->blocks, cap * sizeof(*v));
		if (!v)
			return ps_error_nomem();
		l->blocks = v;
		bp->cap = cap;
	}
	memcpy(l->blocks + l->nr, b, nr * sizeof(*b));
	l->nr += nr;
	return NULL;
}

/*
 * Parts are cut on gigablock edges: no pageblock, free block or folio
 * crosses one, so a part's summaries are those of one walk of the range.
 */
static struct ps_error *ps_block_list_part(struct ps_part *part)
{
	struct ps_block_part *bp = part->arg;
	uint64_t start = bp->start > part->start ? bp->start : part->start;
	uint64_t end = bp->end < part->end ? bp->end : part->end;
	struct ps_block_iter it;
	const struct ps_block_summary *blocks;
	size_t nr;
	struct ps_error *err;

	if (start >= end)
		return NULL;
	err = ps_block_iter_init_mem(&it, part->t, &part->mem, bp->bits, start,
				     end);
	if (err)
		return err;
	while (!(err = ps_block_iter_next(&it, &blocks, &nr))) {
		err = ps_block_part_add(bp, blocks, nr);
		if (err)
			break;
	}
	ps_block_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

static struct ps_error *ps_block_list_gather(struct ps_target *t,
					     struct ps_block_part *parts,
					     unsigned max,
					     struct ps_block_list *ret)
{
	struct ps_block_part all = { 0 };
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	for (unsigned i = 0; i < max && i < 64; i++)
		args[i] = &parts[i];
	err = ps_parallel_walk(t, max, ps_block_list_part, args, &nr);
	for (unsigned i = 0; !err && i < nr; i++)
		err = ps_block_part_add(&all, parts[i].found.blocks,
					parts[i].found.nr);
	if (err) {
		free(all.found.blocks);
		return err;
	}
	ret->nr = all.found.nr;
	ret->blocks = all.found.blocks;
	return NULL;
}

struct ps_error *ps_block_list_collect(struct ps_target *t, uint64_t start,
				       uint64_t end, struct ps_block_list *ret)
{
	unsigned max = ps_parallel_parts();
	struct ps_block_part *parts;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	err = ps_pageblock_bits_init(&ret->bits, &t->layout, t);
	if (err)
		return err;
	parts = calloc(max, sizeof(*parts));
	if (!parts)
		return ps_error_nomem();
	for (unsigned i = 0; i < max; i++)
		parts[i] = (struct ps_block_part){ .bits = &ret->bits,
						   .start = start, .end = end };
	err = ps_block_list_gather(t, parts, max, ret);
	for (unsigned i = 0; i < max; i++)
		free(parts[i].found.blocks);
	free(parts);
	return err;
}

void ps_block_list_deinit(struct ps_block_list *l)
{
	free(l->blocks);
	memset(l, 0, sizeof(*l));
}
