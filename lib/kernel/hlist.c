// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/buf.h"
#include "kernel/hlist.h"
#include "target/target.h"

void ps_hlist_iter_init(struct ps_hlist_iter *it, struct ps_target *t,
			uint64_t head, size_t max_entries)
{
	memset(it, 0, sizeof(*it));
	it->t = t;
	it->head = head;
	it->prev = head;
	it->max_entries = max_entries;
}

/* The position of @node: the one about to be yielded, or the last one. */
static size_t ps_hlist_index_of(const struct ps_hlist_iter *it, uint64_t node)
{
	if (node != it->prev)
		return it->index;
	return node == it->head ? PS_LIST_HEAD_INDEX : it->index - 1;
}

static struct ps_error *ps_hlist_fail(struct ps_hlist_iter *it,
				      enum ps_list_fault_kind kind,
				      uint64_t node, uint64_t expected,
				      uint64_t found)
{
	char buf[256];

	it->fault = (struct ps_list_fault){
		.kind = kind, .index = ps_hlist_index_of(it, node), .node = node,
		.prev = it->prev, .expected = expected, .found = found,
		.hlist = true,
	};
	return ps_error_at(PS_ERR_CORRUPT, node, "%s",
			   ps_list_fault_describe(&it->fault, buf, sizeof(buf)));
}

/* A read that fails inside the dump is the list's fault, not ours. */
static struct ps_error *ps_hlist_read_u64(struct ps_hlist_iter *it,
					  uint64_t node, uint64_t addr,
					  uint64_t *ret)
{
	struct ps_error *err = ps_target_read_u64(it->t, addr, ret);

	if (!err || (err->code != PS_ERR_FAULT && err->code != PS_ERR_EXCLUDED))
		return err;
	ps_error_destroy(err);
	return ps_hlist_fail(it, PS_LF_UNREADABLE, node, 0, 0);
}

static struct ps_error *ps_hlist_first(struct ps_hlist_iter *it)
{
	const struct ps_layout *L = &it->t->layout;
	struct ps_error *err;

	it->link = it->head + ps_off(&L->hlist_head_first);
	err = ps_hlist_read_u64(it, it->head, it->link, &it->pos);
	if (err)
		return err;
	it->started = true;
	return NULL;
}

/* Is @node among the entries walked so far? Then the list loops there. */
static bool ps_hlist_find_earlier(struct ps_hlist_iter *it, uint64_t node,
				  size_t *index_ret)
{
	struct ps_hlist_iter again;
	uint64_t entry;

	ps_hlist_iter_init(&again, it->t, it->head, it->index);
	for (size_t i = 0; i < it->index; i++) {
		struct ps_error *err = ps_hlist_iter_next(&again, &entry);

		if (err) {
			ps_error_destroy(err);
			return false;
		}
		if (entry == node) {
			*index_ret = i;
			return true;
		}
	}
	return false;
}

/*
 * @p pprev is not it->link. A node seen before comes back this way, as
 * its pprev names its first predecessor: so this check also finds every
 * cycle, and no Brent is needed.
 */
static struct ps_error *ps_hlist_bad_pprev(struct ps_hlist_iter *it,
					   uint64_t pprev)
{
	size_t start;
	char buf[256];

	if (!ps_hlist_find_earlier(it, it->pos, &start))
		return ps_hlist_fail(it, PS_LF_PPREV, it->pos, it->link, pprev);
	it->fault = (struct ps_list_fault){
		.kind = PS_LF_CYCLE, .index = ps_hlist_index_of(it, it->prev),
		.node = it->prev, .prev = it->prev, .found = it->pos,
		.cycle_start = start, .hlist = true,
	};
	return ps_error_at(PS_ERR_CORRUPT, it->prev, "%s",
			   ps_list_fault_describe(&it->fault, buf, sizeof(buf)));
}

struct ps_error *ps_hlist_iter_next(struct ps_hlist_iter *it,
				    uint64_t *node_ret)
{
	const struct ps_layout *L = &it->t->layout;
	uint64_t next, pprev;
	struct ps_error *err;

	if (it->fault.kind != PS_LF_NONE)
		return ps_error_create(PS_ERR_CORRUPT, "hlist already broken");
	if (ps_target_interrupted(it->t))
		return ps_error_create(PS_ERR_INTERRUPTED, "interrupted");
	if (!it->started && (err = ps_hlist_first(it)))
		return err;
	if (!it->pos)
		return &ps_stop;
	if (it->pos == ps_list_poison1)
		return ps_hlist_fail(it, PS_LF_NEXT_POISON, it->prev, 0, it->pos);
	if (it->index >= it->max_entries)
		return ps_hlist_fail(it, PS_LF_TOO_LONG, it->pos, 0, 0);
	err = ps_hlist_read_u64(it, it->pos, it->pos + ps_off(&L->hlist_node_pprev), &pprev);
	if (err)
		return err;
	if (pprev != it->link)
		return ps_hlist_bad_pprev(it, pprev);
	err = ps_hlist_read_u64(it, it->pos, it->pos + ps_off(&L->hlist_node_next), &next);
	if (err)
		return err;
	*node_ret = it->pos;
	it->prev = it->pos;
	it->link = it->pos + ps_off(&L->hlist_node_next);
	it->pos = next;
	it->index++;
	return NULL;
}

static struct ps_error *ps_hlist_stream(struct ps_target *t, uint64_t head,
					size_t max_entries,
					struct ps_error *(*fn)(uint64_t, void *),
					void *arg, struct ps_list_fault *fault_ret)
{
	struct ps_hlist_iter it;
	uint64_t node;
	struct ps_error *err;

	ps_hlist_iter_init(&it, t, head, max_entries);
	while (!(err = ps_hlist_iter_next(&it, &node))) {
		err = fn(node, arg);
		if (err)
			return err;
	}
	*fault_ret = it.fault;
	return ps_list_walk_end(err);
}

struct ps_error *ps_hlist_nodes(struct ps_target *t, uint64_t head,
				size_t max_entries, uint64_t **nodes_ret,
				size_t *nr_ret, struct ps_list_fault *fault_ret)
{
	const struct ps_layout *L = &t->layout;

	if (!L->hlist_head_first.present || !L->hlist_node_next.present ||
	    !L->hlist_node_pprev.present)
		return ps_error_create(PS_ERR_NO_TYPE,
				       "the type information has no struct hlist_head.first, hlist_node.next and .pprev");
	return ps_list_nodes_by(ps_hlist_stream, t, head, max_entries,
				nodes_ret, nr_ret, fault_ret);
}

/* "entry 3" or "the head". */
static const char *ps_hlist_where(size_t index, char *buf, size_t len)
{
	if (index == PS_LIST_HEAD_INDEX)
		snprintf(buf, len, "the head");
	else
		snprintf(buf, len, "entry %zu", index);
	return buf;
}

/* What a pprev found says of the node. */
static const char *ps_hlist_pprev_note(uint64_t found)
{
	if (!found)
		return ": an unhashed node is still linked";
	if (found == ps_list_poison2)
		return " (LIST_POISON2): a deleted node is still linked";
	return "";
}

const char *ps_hlist_fault_describe(const struct ps_list_fault *f, char *buf,
				    size_t len)
{
	unsigned long long node = f->node, found = f->found;
	char w[32];

	ps_hlist_where(f->index, w, sizeof(w));
	switch (f->kind) {
	case PS_LF_PPREV:
		snprintf(buf, len, "hlist corruption. node->pprev should be %#llx, but was %#llx%s. (node=%#llx) (%s)",
			 (unsigned long long)f->expected, found,
			 ps_hlist_pprev_note(f->found), node, w);
		return buf;
	case PS_LF_NEXT_POISON:
		snprintf(buf, len, "hlist corruption, %#llx->next is LIST_POISON1 (%#llx): the next node was deleted (%s)",
			 node, found, w);
		return buf;
	case PS_LF_CYCLE:
		snprintf(buf, len, "hlist corruption: a cycle, %#llx->next points back to %#llx (entry %zu), never to NULL (%s)",
			 node, found, f->cycle_start, w);
		return buf;
	default:
		return NULL;
	}
}
