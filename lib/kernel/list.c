// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "layout/buf.h"
#include "kernel/hlist.h"
#include "kernel/list.h"
#include "target/target.h"

bool ps_list_is_poison(uint64_t ptr)
{
	return ptr == ps_list_poison1 || ptr == ps_list_poison2;
}

void ps_list_iter_init(struct ps_list_iter *it, struct ps_target *t,
		       uint64_t head, size_t max_entries)
{
	memset(it, 0, sizeof(*it));
	it->t = t;
	it->head = head;
	it->prev = head;
	it->started = false;	/* the head is read on the first step */
	it->max_entries = max_entries;
	it->tortoise = head;
	it->power = it->lambda = 1;
}

/* The error for the fault recorded in it->fault. */
static struct ps_error *ps_list_report(struct ps_list_iter *it)
{
	char buf[256];

	return ps_error_at(PS_ERR_CORRUPT, it->fault.node, "%s",
			   ps_list_fault_describe(&it->fault, buf, sizeof(buf)));
}

/* The position of @node: the one about to be yielded, or the last one. */
static size_t ps_list_index_of(const struct ps_list_iter *it, uint64_t node)
{
	if (node != it->prev)
		return it->index;
	return node == it->head ? PS_LIST_HEAD_INDEX : it->index - 1;
}

static struct ps_error *ps_list_fail(struct ps_list_iter *it,
				     enum ps_list_fault_kind kind,
				     uint64_t node, uint64_t expected,
				     uint64_t found)
{
	it->fault = (struct ps_list_fault){
		.kind = kind, .index = ps_list_index_of(it, node), .node = node,
		.prev = it->prev, .expected = expected, .found = found,
	};
	return ps_list_report(it);
}

/* next and prev of the list_head at @node. */
static struct ps_error *ps_list_read(struct ps_list_iter *it, uint64_t node,
				     uint64_t *next, uint64_t *prev)
{
	uint64_t words[2];
	struct ps_error *err;
	const struct ps_layout *L = &it->t->layout;

	err = ps_target_read(it->t, PS_KVADDR, node, words, sizeof(words));
	if (err) {
		bool recoverable = err->code == PS_ERR_FAULT ||
				   err->code == PS_ERR_EXCLUDED;

		if (!recoverable)
			return err;
		ps_error_destroy(err);
		return ps_list_fail(it, PS_LF_UNREADABLE, node, 0, 0);
	}
	*next = ps_get_u64(words, ps_off(&L->list_head_next));
	*prev = ps_get_u64(words, ps_off(&L->list_head_prev));
	return NULL;
}

/*
 * The node whose ->prev is @node, walking back from the head: what
 * @node->next should be when ->next itself is broken. 0 when the walk
 * back does not get there.
 */
static uint64_t ps_list_successor(struct ps_list_iter *it, uint64_t node)
{
	const struct ps_layout *L = &it->t->layout;
	uint64_t cur = it->head, prev;

	for (size_t i = 0; i <= it->max_entries; i++) {
		struct ps_error *err = ps_target_read_u64(
			it->t, cur + ps_off(&L->list_head_prev), &prev);

		if (err) {
			ps_error_destroy(err);
			return 0;
		}
		if (prev == node)
			return cur;
		if (!prev || prev == it->head || ps_list_is_poison(prev))
			return 0;
		cur = prev;
	}
	return 0;
}

static struct ps_error *ps_list_fail_next(struct ps_list_iter *it,
					  enum ps_list_fault_kind kind,
					  uint64_t found)
{
	return ps_list_fail(it, kind, it->prev, ps_list_successor(it, it->prev),
			    found);
}

/*
 * @node->prev is not the node we came from, but the node it names is an
 * intact link between the two: then the node we came from skips it, as
 * list_del() of that node would report.
 */
static bool ps_list_skipped(struct ps_list_iter *it, uint64_t node,
			    uint64_t node_prev)
{
	uint64_t next, prev;
	struct ps_error *err;

	if (!node_prev || ps_list_is_poison(node_prev) || node_prev == it->head)
		return false;
	err = ps_list_read(it, node_prev, &next, &prev);
	if (err) {
		/* ps_list_read recorded the fault: forget it, it is not ours. */
		it->fault.kind = PS_LF_NONE;
		ps_error_destroy(err);
		return false;
	}
	return next == node && prev == it->prev;
}

/* Does the walk so far contain @node? Then the list loops back there. */
static bool ps_list_find_earlier(struct ps_list_iter *it, uint64_t node,
				 size_t *index_ret)
{
	struct ps_list_iter again;
	uint64_t entry;
	struct ps_error *err;

	ps_list_iter_init(&again, it->t, it->head, it->index);
	for (size_t i = 0; i < it->index; i++) {
		err = ps_list_iter_next(&again, &entry);
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

static struct ps_error *ps_list_cycle(struct ps_list_iter *it, uint64_t node)
{
	size_t start = 0;

	ps_list_find_earlier(it, node, &start);
	it->fault = (struct ps_list_fault){
		.kind = PS_LF_CYCLE, .index = ps_list_index_of(it, it->prev),
		.node = it->prev, .prev = it->prev,
		.expected = ps_list_successor(it, it->prev), .found = node,
		.cycle_start = start,
	};
	return ps_list_report(it);
}

/* Brent: the node comes back within the cycle's length. */
static bool ps_list_brent_step(struct ps_list_iter *it, uint64_t node)
{
	if (node == it->tortoise)
		return true;
	if (it->power == it->lambda) {
		it->tortoise = node;
		it->power *= 2;
		it->lambda = 0;
	}
	it->lambda++;
	return false;
}

/* Check the pointers that got us from it->prev to @node. */
static struct ps_error *ps_list_check(struct ps_list_iter *it, uint64_t node,
				      uint64_t node_prev)
{
	size_t earlier;

	if (node_prev == it->prev)
		return NULL;
	if (node != it->head && ps_list_find_earlier(it, node, &earlier))
		return ps_list_cycle(it, node);
	if (!node_prev)
		return ps_list_fail(it, PS_LF_PREV_NULL, node, it->prev, 0);
	if (node_prev == ps_list_poison2)
		return ps_list_fail(it, PS_LF_PREV_POISON, node, it->prev,
				    node_prev);
	if (ps_list_skipped(it, node, node_prev))
		return ps_list_fail(it, PS_LF_PREV_NEXT, node_prev, node_prev,
				    node);
	return ps_list_fail(it, PS_LF_NEXT_PREV, node, it->prev, node_prev);
}

static struct ps_error *ps_list_first(struct ps_list_iter *it)
{
	uint64_t next, prev;
	struct ps_error *err = ps_list_read(it, it->head, &next, &prev);

	if (err)
		return err;
	it->pos = next;
	it->started = true;
	return NULL;
}

struct ps_error *ps_list_iter_next(struct ps_list_iter *it, uint64_t *node_ret)
{
	uint64_t next, prev;
	struct ps_error *err;

	if (it->fault.kind != PS_LF_NONE)
		return ps_error_create(PS_ERR_CORRUPT, "list already broken");
	if (ps_target_interrupted(it->t))
		return ps_error_create(PS_ERR_INTERRUPTED, "interrupted");
	if (!it->started && (err = ps_list_first(it)))
		return err;
	if (!it->pos)
		return ps_list_fail_next(it, PS_LF_NEXT_NULL, 0);
	if (it->pos == ps_list_poison1)
		return ps_list_fail_next(it, PS_LF_NEXT_POISON, it->pos);
	err = ps_list_read(it, it->pos, &next, &prev);
	if (err)
		return err;
	err = ps_list_check(it, it->pos, prev);
	if (err)
		return err;
	if (it->pos == it->head)
		return &ps_stop;
	if (it->index >= it->max_entries)
		return ps_list_fail(it, PS_LF_TOO_LONG, it->pos, 0, 0);
	if (ps_list_brent_step(it, it->pos))
		return ps_list_cycle(it, it->pos);
	*node_ret = it->pos;
	it->prev = it->pos;
	it->pos = next;
	it->index++;
	return NULL;
}

struct ps_error *ps_list_walk_end(struct ps_error *err)
{
	if (err == &ps_stop)
		return NULL;
	if (err->code != PS_ERR_CORRUPT)
		return err;
	ps_error_destroy(err);
	return NULL;
}

static struct ps_error *ps_list_stream(struct ps_target *t, uint64_t head,
				       size_t max_entries,
				       struct ps_error *(*fn)(uint64_t, void *),
				       void *arg, struct ps_list_fault *fault_ret)
{
	struct ps_list_iter it;
	uint64_t node;
	struct ps_error *err;

	ps_list_iter_init(&it, t, head, max_entries);
	while (!(err = ps_list_iter_next(&it, &node))) {
		err = fn(node, arg);
		if (err)
			return err;
	}
	*fault_ret = it.fault;
	return ps_list_walk_end(err);
}

/* Tries of a live list before its breaks are called changing. */
enum { PS_LIST_LIVE_TRIES = 4 };

struct ps_list_nodes {
	uint64_t *v;
	size_t nr, cap;
};

static struct ps_error *ps_list_collect(uint64_t node, void *arg)
{
	struct ps_list_nodes *n = arg;

	if (n->nr == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 256;
		uint64_t *v = realloc(n->v, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		n->v = v;
		n->cap = cap;
	}
	n->v[n->nr++] = node;
	return NULL;
}

static bool ps_list_same_fault(const struct ps_list_fault *a,
			       const struct ps_list_fault *b)
{
	return a->kind == b->kind && a->node == b->node &&
	       a->expected == b->expected && a->found == b->found;
}

/* Walk until intact, or until a break shows up twice alike. */
static struct ps_error *ps_list_settle(ps_list_walk_fn *walk,
				       struct ps_target *t, uint64_t head,
				       size_t max_entries,
				       struct ps_list_nodes *nodes,
				       struct ps_list_fault *fault)
{
	struct ps_list_fault seen[PS_LIST_LIVE_TRIES];
	struct ps_error *err;

	for (int i = 0; i < PS_LIST_LIVE_TRIES; i++) {
		nodes->nr = 0;
		/* Another look at the same cached bytes would prove nothing. */
		err = i ? ps_target_forget(t) : NULL;
		if (err)
			return err;
		err = walk(t, head, max_entries, ps_list_collect, nodes, &seen[i]);
		*fault = seen[i];
		if (err || !ps_list_fault_is_corruption(fault))
			return err;
		for (int j = 0; j < i; j++) {
			if (ps_list_same_fault(&seen[j], fault))
				return NULL;
		}
	}
	fault->kind = PS_LF_CHANGING;
	fault->index = nodes->nr;
	return NULL;
}

static void ps_list_nodes_deinit(struct ps_list_nodes *nodes)
{
	free(nodes->v);
}

static struct ps_error *ps_list_live(ps_list_walk_fn *walk,
				     struct ps_target *t, uint64_t head,
				     size_t max_entries,
				     struct ps_error *(*fn)(uint64_t, void *),
				     void *arg, struct ps_list_fault *fault_ret)
{
	_cleanup_(ps_list_nodes_deinit) struct ps_list_nodes nodes = { 0 };
	struct ps_error *err = ps_list_settle(walk, t, head, max_entries,
					      &nodes, fault_ret);

	if (err)
		return err;
	for (size_t i = 0; i < nodes.nr; i++) {
		err = fn(nodes.v[i], arg);
		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_list_for_each_by(ps_list_walk_fn *walk,
				     struct ps_target *t, uint64_t head,
				     size_t max_entries,
				     struct ps_error *(*fn)(uint64_t node, void *arg),
				     void *arg, struct ps_list_fault *fault_ret)
{
	if (t->live)
		return ps_list_live(walk, t, head, max_entries, fn, arg, fault_ret);
	return walk(t, head, max_entries, fn, arg, fault_ret);
}

struct ps_error *ps_list_for_each(struct ps_target *t, uint64_t head,
				  size_t max_entries,
				  struct ps_error *(*fn)(uint64_t node, void *arg),
				  void *arg, struct ps_list_fault *fault_ret)
{
	return ps_list_for_each_by(ps_list_stream, t, head, max_entries, fn,
				   arg, fault_ret);
}

static struct ps_error *ps_list_count_entry(uint64_t node, void *arg)
{
	(void)node;
	(*(uint64_t *)arg)++;
	return NULL;
}

struct ps_error *ps_list_count(struct ps_target *t, uint64_t head,
			       size_t max_entries, uint64_t *count_ret,
			       struct ps_list_fault *fault_ret)
{
	*count_ret = 0;
	return ps_list_for_each(t, head, max_entries, ps_list_count_entry,
				count_ret, fault_ret);
}

struct ps_list_nodes_acc {
	size_t nr, cap;
	uint64_t *nodes;
};

static struct ps_error *ps_list_nodes_entry(uint64_t node, void *arg)
{
	struct ps_list_nodes_acc *acc = arg;

	if (acc->nr == acc->cap) {
		size_t cap = acc->cap ? 2 * acc->cap : 64;
		uint64_t *v = realloc(acc->nodes, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		acc->nodes = v;
		acc->cap = cap;
	}
	acc->nodes[acc->nr++] = node;
	return NULL;
}

struct ps_error *ps_list_nodes_by(ps_list_walk_fn *walk,
				  struct ps_target *t, uint64_t head,
				  size_t max_entries, uint64_t **nodes_ret,
				  size_t *nr_ret, struct ps_list_fault *fault_ret)
{
	struct ps_list_nodes_acc acc = { 0 };
	struct ps_error *err = ps_list_for_each_by(walk, t, head, max_entries,
						   ps_list_nodes_entry, &acc,
						   fault_ret);

	if (err) {
		free(acc.nodes);
		return err;
	}
	*nodes_ret = acc.nodes;
	*nr_ret = acc.nr;
	return NULL;
}

struct ps_error *ps_list_nodes(struct ps_target *t, uint64_t head,
			       size_t max_entries, uint64_t **nodes_ret,
			       size_t *nr_ret, struct ps_list_fault *fault_ret)
{
	return ps_list_nodes_by(ps_list_stream, t, head, max_entries,
				nodes_ret, nr_ret, fault_ret);
}

const char *ps_list_fault_name(enum ps_list_fault_kind kind)
{
	static const char *const names[] = {
		[PS_LF_NONE] = "none",
		[PS_LF_NEXT_NULL] = "next_null",
		[PS_LF_PREV_NULL] = "prev_null",
		[PS_LF_NEXT_POISON] = "next_poison",
		[PS_LF_PREV_POISON] = "prev_poison",
		[PS_LF_NEXT_PREV] = "next_prev",
		[PS_LF_PREV_NEXT] = "prev_next",
		[PS_LF_CYCLE] = "cycle",
		[PS_LF_UNREADABLE] = "unreadable",
		[PS_LF_TOO_LONG] = "too_long",
		[PS_LF_CHANGING] = "changing",
		[PS_LF_PPREV] = "pprev",
	};

	return names[kind];
}

/* "entry 3" or "the head", for the messages. */
static const char *ps_list_where(size_t index, char *buf, size_t len)
{
	if (index == PS_LIST_HEAD_INDEX)
		snprintf(buf, len, "the head");
	else
		snprintf(buf, len, "entry %zu", index);
	return buf;
}

/* "; it should be 0x..." when the walk back from the head knows. */
static const char *ps_list_should(uint64_t expected, char *buf, size_t len)
{
	if (expected)
		snprintf(buf, len, "; should be %#llx",
			 (unsigned long long)expected);
	else
		buf[0] = '\0';
	return buf;
}

const char *ps_list_fault_describe(const struct ps_list_fault *f, char *buf,
				   size_t len)
{
	unsigned long long node = f->node, prev = f->prev;
	unsigned long long expected = f->expected, found = f->found;
	char w[32], sh[48];

	if (f->hlist && ps_hlist_fault_describe(f, buf, len))
		return buf;
	ps_list_where(f->index, w, sizeof(w));
	ps_list_should(f->expected, sh, sizeof(sh));
	switch (f->kind) {
	case PS_LF_NEXT_NULL:
		snprintf(buf, len, "list_del corruption, %#llx->next is NULL (%s%s)",
			 node, w, sh);
		break;
	case PS_LF_PREV_NULL:
		snprintf(buf, len, "list_del corruption, %#llx->prev is NULL (%s)",
			 node, w);
		break;
	case PS_LF_NEXT_POISON:
		snprintf(buf, len, "list_del corruption, %#llx->next is LIST_POISON1 (%#llx): the next entry was deleted (%s%s)",
			 node, found, w, sh);
		break;
	case PS_LF_PREV_POISON:
		snprintf(buf, len, "list_del corruption, %#llx->prev is LIST_POISON2 (%#llx): a deleted entry is still linked from %#llx (%s)",
			 node, found, prev, w);
		break;
	case PS_LF_NEXT_PREV:
		snprintf(buf, len, "list_del corruption. next->prev should be %#llx, but was %#llx. (next=%#llx) (%s)",
			 expected, found, node, w);
		break;
	case PS_LF_PREV_NEXT:
		snprintf(buf, len, "list_del corruption. prev->next should be %#llx, but was %#llx. (prev=%#llx) (%s is skipped)",
			 expected, found, prev, w);
		break;
	case PS_LF_CYCLE:
		snprintf(buf, len, "list corruption: a cycle, %#llx->next points back to %#llx (entry %zu), never to the head (%s%s)",
			 node, found, f->cycle_start, w, sh);
		break;
	case PS_LF_UNREADABLE:
		snprintf(buf, len, "%s of the list, at %#llx, is not in the dump", w,
			 node);
		break;
	case PS_LF_TOO_LONG:
		snprintf(buf, len, "list longer than %zu entries at %#llx", f->index,
			 node);
		break;
	case PS_LF_CHANGING:
		snprintf(buf, len, "the list changed under each walk of the live kernel (no break seen twice): %zu entries in the last",
			 f->index);
		break;
	default:
		snprintf(buf, len, "list intact");
	}
	return buf;
}
