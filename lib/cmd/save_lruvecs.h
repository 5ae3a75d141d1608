/* SPDX-License-Identifier: GPL-2.0-or-later */
/* save: the lruvecs of the folios on multi-gen LRU lists (page's mglru line). */
#ifndef PS_SAVE_LRUVECS_H
#define PS_SAVE_LRUVECS_H

struct ps_target;

/* Read every lruvec that page would read; failures are recorded, not returned. */
void ps_save_lruvecs(struct ps_target *t);

#endif
