// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `help pagescope`. crash prints each DESCRIPTION line with printf, so a
 * line must not hold a '%' conversion other than "%s" (crash's name).
 * Keep this text and docs/pagescope-crash.1 saying the same things.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "pagescope.h"
#include "help.h"

static const char *const ps_help_head[] = {
	"pagescope",
	"the state of physical memory: pages, folios, free lists, pageblocks",
	"[SUBCOMMAND] [-j] [ARGUMENT]",
	"  This command runs pagescope inside %s: the subcommands, options and",
	"  answers are those of the standalone pagescope tool, computed from %s's",
	"  own view of the kernel: memory through readmem(), types and enumerators",
	"  through %s's debug info, symbols through its symbol table (KASLR applied).",
	"  With no SUBCOMMAND, summary runs.",
	"",
	"  SUBCOMMANDS",
	NULL,
};

static const char *const ps_help_tail[] = {
	"",
	"  OPTIONS (anywhere on the line)",
	"    -j, --json  print JSON: the document the standalone tool prints, except",
	"                that kernel.dump and kernel.vmlinux are absent and",
	"                kernel.debuginfo and kernel.layout_source say \"crash\".",
	"    -h, --help  this text.",
	"    Options that belong to one subcommand (--format, --by, --png, --type,",
	"    --member) are shown with it above.",
	"",
	"  ARGUMENTS",
	"    PFN|PHYSADDR|VADDR  a number below max_pfn is a page frame number, one",
	"                below the kernel half a physical address, anything else a",
	"                kernel virtual address (a struct page address, or one that",
	"                the kernel's page tables map). \"pfn:N\" and \"phys:A\" say which.",
	"    PFN-RANGE   START-END (END excluded), START+COUNT or one PFN.",
	"    Numbers are decimal, 0x-prefixed hexadecimal or 0-prefixed octal.",
	"",
	"  The first pagescope command of a session resolves the kernel layout through",
	"  %s's debug info (a few seconds) and keeps it until the extension is unloaded",
	"  (extend -u). A failure prints one line starting with \"pagescope:\" and the",
	"  session goes on. Ctrl-C stops a long walk with \"pagescope: ...: interrupted\";",
	"  %s stays usable. pagescope also runs in %s --minimal, which is how",
	"  crash 8.0.2 reads kernels newer than it knows (6.2 and later).",
	"",
	"EXAMPLES",
	"  Load the extension and summarise memory (Debian 6.1 cloud kernel):",
	"",
	"    %s> extend pagescope.so",
	"    /usr/lib/crash/extensions/pagescope.so: shared object loaded",
	"    %s> pagescope summary",
	"    kernel       6.1.0-56-cloud-amd64 (build ID 3b43fad5034874490492495d552c0af6a5fab235)",
	"    debug info   crash's (layout from crash)",
	"    KASLR offset 0x20a00000",
	"",
	"    memory       2 node(s), 16 sections of 128 MiB, pageblocks of 2 MiB, gigablocks of 1 GiB",
	"      node 0     pfn 0x1-0x3ffda, 1023 MiB present",
	"        DMA      pfn 0x1-0x1000, present 3998, managed 3840",
	"                 free 3776 in buddy blocks (NR_FREE_PAGES says 3776), 0 on per-cpu lists (pcp->count says 0)",
	"        DMA32    pfn 0x1000-0x3ffda, present 258010, managed 229318",
	"                 free 143841 in buddy blocks (NR_FREE_PAGES says 143841), 4356 on per-cpu lists (pcp->count says 4356)",
	"      node 1     pfn 0x100000-0x140000, 1 GiB present",
	"        Normal   pfn 0x100000-0x140000, present 262144, managed 257489",
	"                 free 176806 in buddy blocks (NR_FREE_PAGES says 176806), 3295 on per-cpu lists (pcp->count says 3295)",
	"",
	"    pages        524288 with a struct page, 0 of them not in the dump",
	"",
	"    page types   pages  type             meaning",
	"                514269  none             no type: _mapcount counts page table mappings",
	"                   486  buddy            free: heads a block on a buddy free list",
	"                  8127  slab             slab: holds kernel objects of a kmem_cache",
	"                  1406  unknown          typed, but this kernel's debug info names no such type",
	"                324423  (free)           pages inside free buddy blocks (the buddy heads included)",
	"",
	"    mappings     anon 115887 (anon-exclusive 95340), file 24311, ksm 0, movable_ops 0",
	"    folios       2018 compound heads, 24894 tails; PMD-mapped 24, partially mapped n/a (no PG_partially_mapped in this kernel); 16 folios wait on the deferred split queues (see split)",
	"      by order   0:172954 1:1027 2:874 3:74 5:1 8:1 9:40",
	"",
	"    ...",
	"    hwpoison     0 page(s)",
	"",
	"  One page, by PFN:",
	"",
	"    %s> pagescope page 0x1000",
	"    pfn          4096 (0x1000), physical address 0x1000000",
	"    struct page  0xffd8347c80040000, node 0, zone DMA32",
	"    flags        0x000fffffc0000000 as stored (bits below 24 are flags; above: zone, node, ...)",
	"    type         none: no type: _mapcount counts page table mappings",
	"    refcount     1 (references held: 0 means free or being freed)",
	"    mapcount     0 (page table entries mapping this page)",
	"    mapping      0 (none), index 0, private 0",
	"    folio        a single page (order 0)",
	"    anon-excl.   no: not an anonymous page: the bit means something else here",
	"    hwpoison     no",
	"",
	"  Eight pages, one line each:",
	"",
	"    %s> pagescope pages 0x10000+8",
	"           pfn      flags type       or mapping     state  flag names",
	"       0x10000    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10001    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10002    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10003    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10004    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10005    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10006    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"       0x10007    0xa0014 none        0 anon        X      uptodate,lru,anon_exclusive,swapbacked",
	"",
	"  The buddy free lists as /proc/buddyinfo shows them:",
	"",
	"    %s> pagescope free --format=buddyinfo",
	"    Node 0, zone      DMA      0      0      0      0      0      0      1      1      0      1      3 ",
	"    Node 0, zone    DMA32     51     45     31     19      6      1      1      1      1      3    138 ",
	"    Node 1, zone   Normal      0      1      1      2      1      2      1      0      2      2    171 ",
	"",
	"  JSON for scripts, through crash's redirection:",
	"",
	"    %s> pagescope summary -j > summary.json",
	"",
	"  Errors are one line each, and the session goes on:",
	"",
	"    %s> pagescope page",
	"    pagescope: page: missing argument: page PFN|PHYSADDR|VADDR [-j]",
	"    pagescope: enter \"help pagescope\" for the subcommands",
	"    %s> pagescope page 0xffffffffffff0000",
	"    pagescope: page: 0xffffffffffff0000: not a mapped kernel address",
	NULL,
};

static size_t ps_help_count(const char *const *lines)
{
	size_t n = 0;

	while (lines[n])
		n++;
	return n;
}

/* "    summary  [-j]                    kernel, memory layout, ..." */
static char *ps_help_command_line(const struct ps_command *c)
{
	char *line;

	if (asprintf(&line, "    %-8s %-28s %s", c->name, c->synopsis,
		     c->summary) < 0)
		return NULL;
	return line;
}

/* The version; it holds no '%': crash prints each line as a format. */
static char *ps_help_version_line(void)
{
	char *line;

	if (asprintf(&line, "  This is pagescope %s; \"pagescope help SUBCOMMAND\" shows one's options.",
		     ps_version_string()) < 0)
		return NULL;
	return line;
}

/* Copy @lines to @help from @at on; false when out of memory. */
static bool ps_help_copy(char **help, size_t *at, const char *const *lines)
{
	for (size_t i = 0; lines[i]; i++) {
		help[*at] = strdup(lines[i]);
		if (!help[(*at)++])
			return false;
	}
	return true;
}

char **ps_crash_help_create(void)
{
	size_t nr_cmds = 0, at = 0;
	char **help;
	bool ok;

	while (ps_commands[nr_cmds].name)
		nr_cmds++;
	help = calloc(ps_help_count(ps_help_head) + 1 + nr_cmds +
			      ps_help_count(ps_help_tail) + 1,
		      sizeof(*help));
	if (!help)
		return NULL;
	ok = ps_help_copy(help, &at, ps_help_head);
	for (size_t i = 0; ok && i < nr_cmds; i++) {
		help[at] = ps_help_command_line(&ps_commands[i]);
		ok = help[at++] != NULL;
	}
	if (ok) {
		help[at] = ps_help_version_line();
		ok = help[at++] != NULL;
	}
	if (ok)
		ok = ps_help_copy(help, &at, ps_help_tail);
	if (!ok) {
		ps_crash_help_destroy(help);
		return NULL;
	}
	return help;
}

void ps_crash_help_destroy(char **help)
{
	if (!help)
		return;
	for (size_t i = 0; help[i]; i++)
		free(help[i]);
	free(help);
}
