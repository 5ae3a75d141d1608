/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Walking a kernel list_head, never unchecked: every step checks that
 * next->prev points back, recognises NULL and LIST_POISON, detects cycles
 * (Brent) and bounds the length. A broken list is reported in the words
 * of the kernel's CONFIG_DEBUG_LIST, naming the node, the expected and
 * the found pointer.
 */
#ifndef PS_LIST_H
#define PS_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

/*
 * LIST_POISON1/2 are 0x100 and 0x122 above POISON_POINTER_DELTA, the
 * x86_64 CONFIG_ILLEGAL_POINTER_VALUE (include/linux/poison.h). They are
 * #defines, in no debug info, and have not changed since v4.x. list_del()
 * and hlist_del() leave them in a deleted entry.
 */
static const uint64_t ps_list_poison1 = 0xdead000000000000ULL + 0x100;
static const uint64_t ps_list_poison2 = 0xdead000000000000ULL + 0x122;

enum ps_list_fault_kind {
	PS_LF_NONE,
	PS_LF_NEXT_NULL,	/* node->next is NULL */
	PS_LF_PREV_NULL,	/* node->prev is NULL */
	PS_LF_NEXT_POISON,	/* node->next is LIST_POISON1: deleted */
	PS_LF_PREV_POISON,	/* node->prev is LIST_POISON2: deleted */
	PS_LF_NEXT_PREV,	/* next->prev is not the node */
	PS_LF_PREV_NEXT,	/* prev->next skips an intact node */
	PS_LF_CYCLE,		/* never returns to the head */
	PS_LF_UNREADABLE,	/* a node's memory is not in the dump */
	PS_LF_TOO_LONG,		/* longer than the caller's bound */
	PS_LF_CHANGING,		/* live: changed under every walk, never twice alike */
	PS_LF_PPREV,		/* hlist: node->pprev is not &prev->next */
};

/* The index of a fault at the list's head rather than at an entry. */
#define PS_LIST_HEAD_INDEX SIZE_MAX

struct ps_list_fault {
	enum ps_list_fault_kind kind;
	size_t index;		/* position of @node: 0 is the first entry */
	uint64_t node;		/* the list_head found broken */
	uint64_t prev;		/* the list_head before it */
	/*
	 * What the pointer should have been, 0 when unknown. For a bad
	 * ->next (NULL, LIST_POISON1, a cycle) it is the node whose ->prev
	 * still points at @node, found walking back from the head.
	 */
	uint64_t expected;
	uint64_t found;		/* what it was */
	size_t cycle_start;	/* PS_LF_CYCLE: index the walk loops back to */
	bool hlist;		/* an hlist: it ends at NULL, nodes have pprev */
};

struct ps_list_iter {
	struct ps_target *t;
	uint64_t head;
	uint64_t prev;		/* the last node yielded (the head at first) */
	uint64_t pos;		/* the next node to yield */
	bool started;		/* the head has been read */
	size_t index;
	size_t max_entries;
	/* Brent's cycle detection */
	uint64_t tortoise;
	size_t power, lambda;
	struct ps_list_fault fault;
};

/*
 * Walk the list whose head (a struct list_head) is at @p head, yielding at
 * most @p max_entries entries. No error is possible here.
 */
void ps_list_iter_init(struct ps_list_iter *it, struct ps_target *t,
		       uint64_t head, size_t max_entries);

/*
 * The address of the next entry's list_head in *@p node_ret. Returns
 * &ps_stop at the end of an intact list; PS_ERR_CORRUPT when the list is
 * broken (details in it->fault); PS_ERR_INTERRUPTED on Ctrl-C.
 */
struct ps_error *ps_list_iter_next(struct ps_list_iter *it, uint64_t *node_ret);

/*
 * Walk the list at @p head, calling @p fn(node, @p arg) for each entry. A
 * broken list is not an error: it ends the walk, and *@p fault_ret says
 * where (kind PS_LF_NONE for an intact list). Errors of @p fn, failed
 * reads and interruptions are returned.
 *
 * On a live kernel lists change under the walk: a broken walk is tried
 * again, and only a break found twice alike is reported as such; @p fn
 * then sees the entries of one walk only.
 */
struct ps_error *ps_list_for_each(struct ps_target *t, uint64_t head,
				  size_t max_entries,
				  struct ps_error *(*fn)(uint64_t node, void *arg),
				  void *arg, struct ps_list_fault *fault_ret);

/* ps_list_for_each() that only counts the entries into *@p count_ret. */
struct ps_error *ps_list_count(struct ps_target *t, uint64_t head,
			       size_t max_entries, uint64_t *count_ret,
			       struct ps_list_fault *fault_ret);

/*
 * One walk of a list from @p head, as ps_list_for_each() describes it, on
 * dumps and live kernels alike: the list_head walk, or kernel/hlist.h's.
 */
typedef struct ps_error *ps_list_walk_fn(struct ps_target *t, uint64_t head,
					 size_t max_entries,
					 struct ps_error *(*fn)(uint64_t node, void *arg),
					 void *arg, struct ps_list_fault *fault_ret);

/* ps_list_for_each() with the walk @p walk, tried again on live kernels. */
struct ps_error *ps_list_for_each_by(ps_list_walk_fn *walk,
				     struct ps_target *t, uint64_t head,
				     size_t max_entries,
				     struct ps_error *(*fn)(uint64_t node, void *arg),
				     void *arg, struct ps_list_fault *fault_ret);

/* ps_list_nodes() with the walk @p walk. */
struct ps_error *ps_list_nodes_by(ps_list_walk_fn *walk,
				  struct ps_target *t, uint64_t head,
				  size_t max_entries, uint64_t **nodes_ret,
				  size_t *nr_ret, struct ps_list_fault *fault_ret);

/*
 * An iterator's end: NULL at the end of the list or at a break (recorded
 * in its fault), else the error, returned.
 */
struct ps_error *ps_list_walk_end(struct ps_error *err);

/*
 * ps_list_for_each() that keeps the nodes, in order, in *@p nodes_ret
 * (*@p nr_ret of them). On success, *@p nodes_ret must be freed with
 * free(); it may be NULL when the list is empty.
 */
struct ps_error *ps_list_nodes(struct ps_target *t, uint64_t head,
			       size_t max_entries, uint64_t **nodes_ret,
			       size_t *nr_ret, struct ps_list_fault *fault_ret);

/*
 * Whether @p f says the list is corrupt. A list that changed under the walk
 * of a live kernel (PS_LF_CHANGING) is not.
 */
static inline bool ps_list_fault_is_corruption(const struct ps_list_fault *f)
{
	return f->kind != PS_LF_NONE && f->kind != PS_LF_CHANGING;
}

/* The kernel's own words for @p f, into @p buf. */
const char *ps_list_fault_describe(const struct ps_list_fault *f, char *buf,
				   size_t len);

/* Short machine names: "next_prev", "cycle", ... */
const char *ps_list_fault_name(enum ps_list_fault_kind kind);

/* Whether @p ptr is LIST_POISON1 or LIST_POISON2. */
bool ps_list_is_poison(uint64_t ptr);

#endif
