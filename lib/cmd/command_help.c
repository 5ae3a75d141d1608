// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The help of each subcommand: what it does, its own options, which
 * argument grammar it takes and two examples. One entry per command of
 * command_table.h; tests/unit/test_help.c checks that none is missing.
 */
#include <stddef.h>
#include <string.h>

#include "cmd/command_help.h"

#define PS_LINES(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define PS_OPTIONS(...) \
	((const struct ps_help_option[]){ __VA_ARGS__, { NULL, NULL } })

static const struct ps_help_option ps_opt_none[] = { { NULL, NULL } };

static const struct ps_command_help ps_command_helps[] = {
	{ "summary",
	  PS_LINES("The kernel, its nodes, zones and sections; pages per flag, "
		   "per page type and per mapping kind; free and per-cpu pages "
		   "against NR_FREE_PAGES and pcp->count; the pfns of "
		   "PG_hwpoison pages. It runs when no subcommand is given and "
		   "standard output is not a terminal."),
	  ps_opt_none, 0,
	  { "summary -k vmlinux vmcore", "summary -j vmcore > summary.json" } },
	{ "page",
	  PS_LINES("One page and its folio: each flag with its meaning, the page "
		   "type, refcount, mapcount, mapping, folio order, and which "
		   "PG_anon_exclusive rule applies."),
	  ps_opt_none, PS_GRAMMAR_ADDRESS | PS_GRAMMAR_NUMBER,
	  { "page 0x1000 vmcore", "page -j phys:0x40000000 vmcore" } },
	{ "pages",
	  PS_LINES("One line per page, as kmem -p shows it: pfn, struct page, "
		   "physical address, flags, type, folio order, refcount, "
		   "mapcount, mapping, index; then the mapping kind, state "
		   "letters (H head, T tail, F free, X anon-exclusive, x its "
		   "bit left on an unmapped page, "
		   "P hwpoison, M PMD-mapped, S partially mapped, U not in the "
		   "dump), flag names and the owner (KIND:NAME, as owners "
		   "names it). Without a range, every page."),
	  PS_OPTIONS({ "--flags NAME,~NAME",
		       "pages with these flags set (~: clear), as page-types -b: "
		       "the names the last column prints, or anon_exclusive, "
		       "free, head, tail, pmd_mapped, partially_mapped" },
		     { "--type TYPE",
		       "pages of this page type (slab, buddy, ...) or mapping "
		       "kind (anon, file, ksm, movable_ops)" },
		     { "--order N", "pages of folios of order N" },
		     { "--owner KIND|NAME",
		       "pages of this owner kind (slab, anon, percpu, ...) or "
		       "owner name (kmalloc-96, vda:/data, ...), as owners "
		       "names them" },
		     { "--kpageflags",
		       "instead, each page as /proc/kpageflags and "
		       "/proc/kpagecount would report it: PFN KPAGEFLAGS "
		       "KPAGECOUNT NAMES (the KPF_ bits, lower case), as "
		       "page-types reads them; the filters do not apply" }),
	  PS_GRAMMAR_RANGE | PS_GRAMMAR_NUMBER,
	  { "pages 0x10000+8 vmcore", "pages --owner kmalloc-96 -j vmcore" } },
	{ "blocks",
	  PS_LINES("Pageblocks: migratetype, compaction-skip and isolate bits, "
		   "and their pages by movability. Without a range, every "
		   "pageblock."),
	  ps_opt_none, PS_GRAMMAR_RANGE | PS_GRAMMAR_NUMBER,
	  { "blocks 0x40000+0x1000 vmcore", "blocks -j vmcore" } },
	{ "frag",
	  PS_LINES("Per gigablock (1 GiB on x86_64): free, movable, unmovable, "
		   "reserved and poisoned pages, pageblocks per migratetype, the "
		   "largest free order and a verdict: free now, could be freed "
		   "by migrating N pages, blocked, or partial."),
	  ps_opt_none, 0, { "frag vmcore", "frag -j /proc/kcore" } },
	{ "owners",
	  PS_LINES("Who holds the pages of a range, a zone (Normal, or 1:Normal "
		   "for one node's) or the whole machine: slab caches, tasks' "
		   "anonymous memory and page tables, files, kernel stacks, "
		   "vmalloc callers, free pages, and pages no structure claims, "
		   "ranked by pages, with each owner's movability."),
	  PS_OPTIONS({ "--by owner|kind|cache|task|caller",
		       "rank owners (default), owner kinds, slab caches, tasks "
		       "or vmalloc callers" }),
	  PS_GRAMMAR_RANGE | PS_GRAMMAR_NUMBER,
	  { "owners --by cache vmcore", "owners -j 1:Normal vmcore" } },
	{ "free",
	  PS_LINES("The buddy free lists per node, zone, order and migratetype, "
		   "each list validated, nr_free and NR_FREE_PAGES checked. "
		   "Exit status 3 when anything does not hold."),
	  PS_OPTIONS({ "--format=pagetypeinfo|buddyinfo",
		       "print exactly the kernel's /proc file, computed from "
		       "the walk" }),
	  0,
	  { "free vmcore", "free --format=buddyinfo vmcore | diff - buddyinfo" } },
	{ "map",
	  PS_LINES("Physical memory as a picture: a band per gigablock, a cell "
		   "per pageblock. Colour on a terminal unless NO_COLOR is set."),
	  PS_OPTIONS({ "--by MODE",
		       "migratetype (default), free, movability, hwpoison, "
		       "anon-exclusive or owner (the owner kind holding most of "
		       "each pageblock, a letter each)" },
		     { "--png FILE",
		       "write a PNG image: a row per gigablock, an axis, a legend" },
		     { "--palette NAME",
		       "safe (colour-blind safe, the default) or classic" }),
	  0, { "map --by movability vmcore", "map --png map.png vmcore" } },
	{ "sym",
	  PS_LINES("A symbol's address, or which symbol an address lies in."),
	  ps_opt_none, PS_GRAMMAR_NUMBER,
	  { "sym init_task vmcore", "sym 0xffffffff82a0c940 vmcore" } },
	{ "save",
	  PS_LINES("A snapshot of what the read-only subcommands read of this "
		   "kernel, a few hundred KiB per GiB of memory. Every read-only "
		   "subcommand and the viewer open it as they open a dump."),
	  PS_OPTIONS({ "-o, --output FILE",
		       "where to write it (default pagescope-RELEASE-DATE.pss)" }),
	  0, { "save -o before.pss /proc/kcore", "save -j vmcore" } },
	{ "diff",
	  PS_LINES("What changed from BEFORE (a dump or a snapshot) to this "
		   "dump: counters, free blocks per zone, order and "
		   "migratetype, pages per type and flag, gigablocks."),
	  PS_OPTIONS({ "--check",
		       "exit status 3 when a check that held before fails "
		       "after" }),
	  PS_GRAMMAR_DUMP,
	  { "diff before.pss /proc/kcore", "diff --check -j old.elf new.elf" } },
	{ "watch",
	  PS_LINES("Sample a running kernel: free blocks per order and "
		   "gigablocks tainted or able to become a 1 GiB page, a line "
		   "per sample, until --count samples or Ctrl-C."),
	  PS_OPTIONS({ "-i, --interval SECONDS", "between samples (default 5)" },
		     { "--count N", "take N samples, then stop" },
		     { "-o, --output DIR", "save a snapshot of each sample" },
		     { "--png FILE", "plot the samples" }),
	  0, { "watch -i 1 --count 10", "watch -o samples --png trend.png" } },
	{ "layout",
	  PS_LINES("Every size, offset, enumerator and symbol pagescope "
		   "resolved for this kernel, and where each came from."),
	  ps_opt_none, 0, { "layout -k vmlinux vmcore", "layout -j --btf vmcore" } },
	{ "type",
	  PS_LINES("The members of a struct or union with their types, offsets "
		   "and sizes (bit offsets and widths of bitfields), as pahole "
		   "prints them, from the kernel's DWARF or BTF. STRUCT is a struct tag "
		   "(task_struct), \"union NAME\" or a typedef."),
	  ps_opt_none, 0,
	  { "type list_lru -k vmlinux vmcore", "type -j page vmcore" } },
	{ "list",
	  PS_LINES("Walk a list_head with the checks of CONFIG_DEBUG_LIST, or "
		   "an hlist_head checking each node's pprev; on corruption, "
		   "the kernel's wording, the position and what owns the "
		   "broken node. Exit status 3 when it is broken.",
		   "A head the type information shows is neither is refused "
		   "(exit status 2), with the list heads it holds named."),
	  PS_OPTIONS({ "--type STRUCT",
		       "the entries are STRUCTs (as crash's list -s)" },
		     { "--member FIELD",
		       "their list_head or hlist_node (as crash's list -o)" }),
	  PS_GRAMMAR_LIST_HEAD | PS_GRAMMAR_NUMBER,
	  { "list init_task.tasks --type task_struct --member tasks vmcore",
	    "list -j '(struct super_block *)0xffff888003c4a000.s_inodes' vmcore" } },
	{ "lru",
	  PS_LINES("list_lrus per node and memcg, nr_items against the lengths "
		   "of their lists, and shrinker bits. NAME is a superblock "
		   "list_lru (s_dentry_lru, s_inode_lru) or a global's name. "
		   "Exit status 3 when a count does not hold."),
	  ps_opt_none, PS_GRAMMAR_NUMBER,
	  { "lru vmcore", "lru -j 0xffff888004a1c0c8 vmcore" } },
	{ "split",
	  PS_LINES("THP deferred split queues per node and memcg: folios by "
		   "order, partially mapped ones, lengths against split_queue_len. "
		   "Exit status 3 when a queue is broken or miscounted."),
	  ps_opt_none, 0, { "split vmcore", "split -j vmcore" } },
	{ "check",
	  PS_LINES("Every kernel counter against the walk that recounts it: "
		   "counter, kernel, walked, verdict and why. Exit status 0 "
		   "when all hold, 3 otherwise. On /proc/kcore a difference is "
		   "drift; only a list broken twice at the same node fails."),
	  ps_opt_none, 0,
	  { "check vmcore", "check -j vmcore || echo a counter does not hold" } },
	{ NULL, NULL, NULL, 0, { NULL, NULL } },
};

const struct ps_command_help *ps_command_help_find(const char *name)
{
	for (const struct ps_command_help *h = ps_command_helps; h->name; h++) {
		if (!strcmp(h->name, name))
			return h;
	}
	return NULL;
}
