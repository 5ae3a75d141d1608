/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Layout items of the kernel lists and counters (list_lru, memcgs, the
 * THP deferred split queues, vmstat and mTHP counters), in the form of
 * PS_LAYOUT_ITEMS in layout.h: X(kind, field, type, name, hint).
 */
#ifndef PS_LAYOUT_LISTS_H
#define PS_LAYOUT_LISTS_H

#define PS_LAYOUT_ITEMS_LISTS(X)

#endif
