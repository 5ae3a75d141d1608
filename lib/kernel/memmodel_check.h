/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The memory model's numbers against the physical address space. */
#ifndef PS_MEMMODEL_CHECK_H
#define PS_MEMMODEL_CHECK_H

#include "kernel/memmodel.h"

struct ps_target;

/*
 * Every node's and zone's span inside the physical address space and its
 * node, present pages within the span, managed within present.
 * PS_ERR_CORRUPT naming the node or zone and the value otherwise.
 */
struct ps_error *ps_memmodel_check(const struct ps_target *t,
				   const struct ps_memmodel *m);

#endif
