/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Walking a kernel hlist (struct hlist_head, struct hlist_node), never
 * unchecked: each node's pprev must point back at the pointer that led to
 * it (the head's first, or the previous node's next), the hlist analogue
 * of list_del's next->prev check. NULL ends the list; LIST_POISON, an
 * unreadable node, a cycle and a bound on the length are reported as
 * kernel/list.h's faults, with fault.hlist set.
 */
#ifndef PS_HLIST_H
#define PS_HLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"

struct ps_target;

struct ps_hlist_iter {
	struct ps_target *t;
	uint64_t head;
	uint64_t prev;		/* the last node yielded (the head at first) */
	uint64_t link;		/* where the pointer to @pos is: pprev's due */
	uint64_t pos;		/* the next node to yield; 0 at the end */
	bool started;		/* the head has been read */
	size_t index;
	size_t max_entries;
	struct ps_list_fault fault;
};

/* Walk the hlist whose struct hlist_head is at @p head. No error. */
void ps_hlist_iter_init(struct ps_hlist_iter *it, struct ps_target *t,
			uint64_t head, size_t max_entries);

/*
 * The address of the next struct hlist_node in *@p node_ret. Returns
 * &ps_stop at the end of an intact list; PS_ERR_CORRUPT when the list is
 * broken (details in it->fault); PS_ERR_INTERRUPTED on Ctrl-C.
 */
struct ps_error *ps_hlist_iter_next(struct ps_hlist_iter *it,
				    uint64_t *node_ret);

/*
 * ps_list_nodes() for an hlist: the nodes, in order, in *@p nodes_ret; a
 * break ends the walk and *@p fault_ret says where. On success,
 * *@p nodes_ret must be freed with free(); it may be NULL.
 */
struct ps_error *ps_hlist_nodes(struct ps_target *t, uint64_t head,
				size_t max_entries, uint64_t **nodes_ret,
				size_t *nr_ret, struct ps_list_fault *fault_ret);

/*
 * The words for a fault of an hlist walk, into @p buf; NULL when the
 * list_head's words fit it as well.
 */
const char *ps_hlist_fault_describe(const struct ps_list_fault *f, char *buf,
				    size_t len);

#endif
