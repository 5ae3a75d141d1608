/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lruvecs of all folios on multi-gen LRU lists: what `page` reads
 * beyond the memory map for its mglru line, read once for all (save).
 */
#ifndef PS_LRUVEC_ALL_H
#define PS_LRUVEC_ALL_H

struct ps_target;

/*
 * Read every lruvec that page would read, on every core; a failure is
 * left to the reader (a recorder keeps it), not returned.
 */
void ps_lruvec_read_all(struct ps_target *t);

#endif
