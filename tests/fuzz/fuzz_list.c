// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The list and hlist walkers over fake memory: the input is the memory
 * around a list head; every walk must end, at the end or at a named fault.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/hlist.h"
#include "kernel/list.h"
#include "../unit/fake_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_target *t = fake_target();
	struct ps_list_fault fault;
	uint64_t count, *nodes = NULL;
	size_t nr = 0;
	char buf[512];

	fake_fill(t->mem.priv, data, size);
	ps_error_destroy(ps_list_count(t, FAKE_BASE, 4096, &count, &fault));
	ps_list_fault_describe(&fault, buf, sizeof(buf));
	/* The same bytes as an hlist: first at +0, next at +0, pprev at +8. */
	t->layout.hlist_head_first = fake_lval(0, 8);
	t->layout.hlist_node_next = fake_lval(0, 8);
	t->layout.hlist_node_pprev = fake_lval(8, 8);
	ps_error_destroy(ps_hlist_nodes(t, FAKE_BASE, 4096, &nodes, &nr, &fault));
	free(nodes);
	ps_list_fault_describe(&fault, buf, sizeof(buf));
	ps_target_destroy(t);
	return 0;
}
