/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The subcommands: X(name, synopsis, summary, min args, max args, function).
 * Usage text, crash's help and the dispatcher all read this table.
 */
#ifndef PS_COMMAND_TABLE_H
#define PS_COMMAND_TABLE_H

#include "cmd/commands.h"

/* Memory: pages, pageblocks, free lists, gigablocks. */
#define PS_COMMANDS(X)                                                         \
	X("summary", "[-j]",                                                   \
	  "kernel, memory layout, pages per flag and type, hwpoison pfns", 0,  \
	  0, ps_cmd_summary)                                                   \
	X("page", "PFN|PHYSADDR|VADDR [-j]",                                   \
	  "everything about one page and its folio, flag by flag", 1, 1,      \
	  ps_cmd_page)                                                         \
	X("pages", "[PFN-RANGE] [--flags F,~F] [--type T] [--order N] "       \
	  "[--owner O] [--kpageflags] [-j]",                                   \
	  "one line per page: flags, type, order, mapping, state, owner", 0,  \
	  1, ps_cmd_pages)                                                     \
	X("blocks", "[PFN-RANGE] [-j]",                                        \
	  "pageblocks: migratetype, skip/isolate bits, what their pages hold", \
	  0, 1, ps_cmd_blocks)                                                 \
	X("frag", "[-j]",                                                      \
	  "per gigablock: free, movable, unmovable; could it be a 1 GiB page?", \
	  0, 0, ps_cmd_frag)                                                   \
	X("owners", "[PFN-RANGE|ZONE] [--by owner|kind|cache|task|caller|block|tag] [-j]", \
	  "who holds the pages: slab caches, tasks, files, vmalloc callers, ...", \
	  0, 1, ps_cmd_owners)                                                 \
	X("free", "[--format=pagetypeinfo|buddyinfo] [-j]",                    \
	  "buddy free lists per zone, order and type, validated and cross-checked", \
	  0, 0, ps_cmd_free)                                                   \
	X("map", "[--by migratetype|free|movability|hwpoison|anon-exclusive] [--png FILE] [--palette safe|classic]", \
	  "physical memory as a picture: a band per gigablock, a cell per pageblock", \
	  0, 0, ps_cmd_map)                                                    \
	X("sym", "NAME|ADDRESS [-j]",                                          \
	  "a symbol's address, or which symbol an address lies in", 1, 1,     \
	  ps_cmd_sym)                                                          \
	X("save", "[-o FILE] [-j]",                                            \
	  "a snapshot of what the read-only subcommands read, to open anywhere", \
	  0, 0, ps_cmd_save)                                                   \
	X("diff", "BEFORE [--check] [-j]",                                     \
	  "what changed from BEFORE (dump or snapshot) to this dump: counters, free, gigablocks", \
	  1, 1, ps_cmd_diff)                                                   \
	X("watch", "[-i SECONDS] [--count N] [-o DIR] [--png FILE] [-j]",      \
	  "sample a running kernel over time: free blocks per order, gigablocks", \
	  0, 0, ps_cmd_watch)                                                  \
	X("layout", "[-j]",                                                    \
	  "the offsets, sizes and enumerators pagescope resolved, and from where", \
	  0, 0, ps_cmd_layout)                                                 \
	X("type", "STRUCT [-j]",                                               \
	  "a struct's members with their types, offsets and sizes, pahole-style", \
	  1, 1, ps_cmd_type)

/* Kernel lists and counters: list, lru, split, check. */
#define PS_COMMANDS_LISTS(X)                                                   \
	X("list", "HEAD [--type STRUCT --member FIELD] [-j]",                  \
	  "walk a list_head or hlist, validated; name the broken node and owner", \
	  1, 1, ps_cmd_list)                                                   \
	X("lru", "[NAME|ADDR] [-j]",                                           \
	  "list_lrus: nr_items against the lists, per node and memcg; shrinker bits", \
	  0, 1, ps_cmd_lru)                                                    \
	X("split", "[-j]",                                                     \
	  "THP deferred split queues: folios by order, partially mapped, lengths", \
	  0, 0, ps_cmd_split)                                                  \
	X("check", "[-j]",                                                     \
	  "kernel counters against the walks: counter, kernel, walked, verdict, why", \
	  0, 0, ps_cmd_check)

#endif
