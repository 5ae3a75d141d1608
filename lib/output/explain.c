// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <string.h>

#include "pagescope_report.h"
#include "dump/vmcoreinfo.h"
#include "output/explain.h"
#include "output/explain_src.h"
#include "output/output.h"
#include "target/target.h"

enum { PS_EXPLAIN_ITEMS = 14, PS_EXPLAIN_SRCS = PS_EXPLAIN_SRC_MAX };

/*
 * A figure: which commands print it, what it is, the rule that makes it,
 * where the kernel keeps it (@srcs: files and functions, with the names
 * other kernels gave them, chosen for this kernel by explain_src.c; @note
 * says more), and the layout items read for it (fields of struct
 * ps_layout).
 */
struct ps_explain_figure {
	const char *commands;	/* space-separated */
	const char *figure;
	const char *rule;
	const char *note;
	struct ps_explain_src srcs[PS_EXPLAIN_SRCS];
	const char *items[PS_EXPLAIN_ITEMS];
};

static const struct ps_explain_figure ps_explain_figures[] = {
	{ "summary", "kernel release",
	  "the OSRELEASE line of VMCOREINFO, the note the kernel filled at boot",
	  NULL,
	  { { "kernel/vmcore_info.c (kernel/crash_core.c before v6.9)", "crash_save_vmcoreinfo_init" } }, { "vmcoreinfo OSRELEASE" } },
	{ "summary", "build ID, dump and debug info",
	  "the dump (ELF or kdump-compressed vmcore, or /proc/kcore) carries the VMCOREINFO note; its BUILD-ID is the kernel's own GNU build-id in hex. A vmlinux must carry the same ID in its build-id note and the same release, else it is refused as another build; its DWARF gives the layout (kept in a cache keyed by that ID). Without one, types come from the BTF and symbols from the kallsyms in the dump",
	  "BUILD-ID is written at boot from the kernel's own build-id note",
	  { { "kernel/vmcore_info.c (kernel/crash_core.c before v6.9)", "crash_save_vmcoreinfo_init" },
	    { "lib/buildid.c", "init_vmlinux_build_id" } },
	  { "vmcoreinfo BUILD-ID", "vmcoreinfo OSRELEASE" } },
	{ "summary", "KASLR offset",
	  "VMCOREINFO's KERNELOFFSET, in hex: where the kernel image runs minus where it was linked. Every symbol's address is its vmlinux (System.map) address plus this offset, except per-cpu symbols, which are offsets into each CPU's area",
	  "KERNELOFFSET is the offset the boot decompressor chose (arch/x86/boot/compressed/kaslr.c)",
	  { { "arch/x86/kernel/vmcore_info_64.c (crash_core_64.c before v6.9)", "arch_crash_save_vmcoreinfo" } },
	  { "vmcoreinfo KERNELOFFSET", "sym_node_data", "sym_per_cpu_offset" } },
	{ "summary", "mapping kinds: anon, file, KSM, movable_ops",
	  "page->mapping of a page with no page type (or a hugetlb one), a tail's taken from its folio's head: bit 0 alone is anon (the rest points to an anon_vma), bit 1 alone non-LRU movable_ops, both KSM; any other non-NULL word is a file's struct address_space. A typed page (slab, page table, ...) reuses the word and is counted under none of them",
	  "the bits are PAGE_MAPPING_ANON and PAGE_MAPPING_MOVABLE of include/linux/page-flags.h",
	  { { "include/linux/page-flags.h", "PageAnon", PS_SRC_INLINE },
	    { "mm/util.c", "folio_mapping" },
	    { "mm/folio-compat.c (mm/util.c in older kernels)", "page_mapping", PS_SRC_OR } },
	  { "page_mapping", "page_compound_head", "page_page_type", "page_mapcount" } },
	{ "summary", "pages not in the dump",
	  "struct pages of present sections that the dump does not hold (the memory map itself excluded or lost, so reading it fails): counted, never decoded; every other figure leaves them out",
	  "the memory map is placed at boot; makedumpfile's -d levels drop pages of memory, not the memory map, so a dump that lacks it was damaged or cut short",
	  { { "mm/sparse.c", "sparse_init" } }, { "sym_mem_section", "mem_section_mem_map", "page_size" } },
	{ "summary", "what this kernel lacks",
	  "every layout item pagescope reads is looked up by name in the type info (a struct member, an enumerator, a symbol, a VMCOREINFO number); an item this kernel does not have turns off only the figures that need it, and this line names each such feature and its cost",
	  "include/linux/mm_types.h, include/linux/page-flags.h, include/linux/pageblock-flags.h: where members, flags and pageblock bits come and go between kernels",
	  { { NULL } },
	  { "pg_partially_mapped", "pg_anon_exclusive", "folio_large_mapcount", "pb_migrate_isolate",
	    "pgty_buddy", "buddy_mapcount_value" } },
	{ "summary page frag", "nodes and zones",
	  "node_data[nid] (a struct pglist_data), its node_zones[] each with start pfn, spanned, present and managed pages",
	  NULL,
	  { { "mm/mm_init.c (mm/page_alloc.c before v6.4)", "free_area_init" },
	    { "mm/mm_init.c (mm/page_alloc.c before v6.4)", "free_area_init_core_hotplug", PS_SRC_OR } },
	  { "sym_node_data", "pglist_data_size", "pgdat_node_zones", "pgdat_nr_zones", "zone_size",
	    "zone_name", "zone_start_pfn", "zone_spanned_pages", "zone_present_pages",
	    "zone_managed_pages" } },
	{ "summary page frag free", "memory sections and struct pages",
	  "mem_section[root][nr].section_mem_map: flag bits low, the rest the memory map minus the section's first pfn; pfn N's struct page is memmap + N * sizeof(struct page)",
	  NULL,
	  { { "mm/sparse.c", "sparse_init" },
	    { "mm/sparse.h (mm/internal.h, mm/sparse.c in older kernels)", "sparse_init_one_section", PS_SRC_INLINE } },
	  { "sym_mem_section", "mem_section_size", "mem_section_mem_map", "section_size_bits",
	    "max_physmem_bits", "section_has_mem_map_bit", "section_is_online_bit", "page_size" } },
	{ "summary free frag check", "free pages in buddy blocks",
	  "every zone->free_area[order].free_list[migratetype] walked as CONFIG_DEBUG_LIST would (next->prev must point back); a block is 1 << order pages, its order in the head's private (buddy_order)",
	  "blocks are merged and added on free, taken on allocation",
	  { { "mm/page_alloc.c", "__free_one_page" },
	    { "mm/page_alloc.c", "del_page_from_free_list", PS_SRC_INLINE } },
	  { "zone_free_area", "free_area_size", "free_area_free_list", "free_area_nr_free",
	    "list_head_next", "list_head_prev", "page_buddy_list", "page_private", "pgty_buddy",
	    "buddy_mapcount_value", "migrate_types" } },
	{ "summary free check", "NR_FREE_PAGES",
	  "zone->vm_stat[NR_FREE_PAGES] (the global part); the per-cpu vm_stat_diff of each online CPU is what zone_page_state_snapshot() adds; they fold in past stat_threshold",
	  NULL,
	  { { "mm/vmstat.c", "__mod_zone_page_state" },
	    { "mm/vmstat.c", "refresh_cpu_vm_stats" } },
	  { "zone_vm_stat", "nr_free_pages", "zone_per_cpu_zonestats", "pzstats_vm_stat_diff",
	    "pzstats_stat_threshold", "sym_per_cpu_offset", "sym_cpu_online_mask" } },
	{ "summary free check", "pages on per-cpu lists",
	  "each CPU's zone->per_cpu_pageset: its lists[] walked and its count read",
	  "a freed page is added to a list, an allocation takes one",
	  { { "mm/page_alloc.c", "free_frozen_page_commit" },
	    { "mm/page_alloc.c", "free_unref_page_commit", PS_SRC_OR },
	    { "mm/page_alloc.c", "rmqueue_pcplist", PS_SRC_INLINE } },
	  { "zone_per_cpu_pageset", "pcp_count", "pcp_lists", "sym_per_cpu_offset",
	    "page_pcp_list" } },
	{ "summary page frag", "pages per flag and type",
	  "every struct page of every present section, read in batches: bits below __NR_PAGEFLAGS are enum pageflags; page_type's top byte an enum pagetype (v6.11+) or _mapcount's exact PAGE_*_MAPCOUNT_VALUE; a tail (compound_head bit 0) takes its folio's flags from the head",
	  "/proc/kpageflags reports the same flags",
	  { { "include/linux/page-flags.h", "PAGEFLAG", PS_SRC_MACRO },
	    { "include/linux/page-flags.h", "PAGE_TYPE_OPS", PS_SRC_MACRO, "page_page_type" },
	    { "fs/proc/page.c", "stable_page_flags" } },
	  { "page_size", "page_flags", "nr_pageflags", "page_page_type", "page_mapcount",
	    "page_compound_head", "pgty_slab", "pgty_table", "pgty_buddy", "buddy_mapcount_value",
	    "pg_slab", "pg_head" } },
	{ "summary page", "folios: order, PMD mappings, partially mapped",
	  "a head's page[1] holds the order (_folio_nr_pages, or compound_order), the PMD mapcount (_entire_mapcount, or compound_mapcount) stored minus one, and PG_partially_mapped in its flags (v6.12+)",
	  NULL,
	  { { "mm/page_alloc.c", "prep_compound_page" },
	    { "mm/rmap.c", "folio_add_anon_rmap_pmd" },
	    { "mm/rmap.c", "page_add_anon_rmap", PS_SRC_OR },
	    { "mm/huge_memory.c", "deferred_split_folio" },
	    { "mm/huge_memory.c", "deferred_split_huge_page", PS_SRC_OR } },
	  { "folio_flags_1", "folio_nr_pages", "page_compound_order", "folio_entire_mapcount",
	    "page_compound_mapcount", "pg_partially_mapped", "pg_head" } },
	{ "summary page", "anon-exclusive",
	  "on an anon page (mapping bit 0 set, not KSM), PG_anon_exclusive: its own bit, or the head's for a PMD-mapped THP or hugetlb",
	  "the bit is set when a new anon folio is mapped; fork and unmapping for swap, migration or KSM clear it",
	  { { "mm/rmap.c", "folio_add_new_anon_rmap", 0, "pg_anon_exclusive" },
	    { "mm/rmap.c", "page_add_new_anon_rmap", PS_SRC_OR, "pg_anon_exclusive" } },
	  { "pg_anon_exclusive", "page_mapping", "folio_entire_mapcount", "page_compound_mapcount" } },
	{ "summary page check", "hwpoison",
	  "PG_hwpoison on the page; the kernel counts them in num_poisoned_pages (HardwareCorrupted)",
	  NULL,
	  { { "mm/memory-failure.c", "memory_failure" },
	    { "mm/memory-failure.c", "soft_offline_page" } }, { "pg_hwpoison", "sym_num_poisoned_pages" } },
	{ "page", "refcount and mapcount",
	  "_refcount as stored (a tail's is always 0: the folio counts on its head); page_mapcount() = _mapcount + 1 plus, in a large folio, the folio's PMD mappings",
	  NULL,
	  { { "include/linux/mm.h", "folio_put", PS_SRC_INLINE, "folio_size" },
	    { "mm/swap.c", "__put_page", PS_SRC_OR },
	    { "fs/proc/page.c", "kpagecount_read" } },
	  { "page_refcount", "page_mapcount", "folio_entire_mapcount", "page_compound_mapcount",
	    "folio_large_mapcount" } },
	{ "page", "mapping and index",
	  "mapping's two low bits say anon (1), movable_ops (2) or KSM (3); a tail's index is its folio's plus its place",
	  NULL,
	  { { "mm/rmap.c", "__page_set_anon_rmap" },
	    { "mm/rmap.c", "__folio_set_anon", PS_SRC_OR | PS_SRC_INLINE },
	    { "mm/filemap.c", "__filemap_add_folio" },
	    { "mm/filemap.c", "__add_to_page_cache_locked", PS_SRC_OR } }, { "page_mapping", "page_index", "page_private" } },
	{ "page", "slab",
	  "struct slab over struct page: its cache, freelist and counters; the cache's name from struct kmem_cache",
	  NULL,
	  { { "mm/slub.c", "allocate_slab" } },
	  { "slab_size", "slab_slab_cache", "slab_slab_list", "slab_freelist", "slab_counters",
	    "kmem_cache_name", "sym_slab_caches", "kmem_cache_list" } },
	{ "summary page", "multi-gen LRU",
	  "lru_gen_caps[LRU_GEN_CORE].enabled > 0 is lru_gen_enabled(): then PG_active is set only on folios off the generation lists",
	  NULL,
	  { { "mm/vmscan.c", "lru_gen_change_state", PS_SRC_INLINE, "sym_lru_gen_caps" },
	    { "include/linux/mm_inline.h", "lru_gen_add_folio", PS_SRC_INLINE, "sym_lru_gen_caps" } },
	  { "sym_lru_gen_caps", "lru_gen_core", "nr_lru_gen_caps", "static_key_size",
	    "static_key_enabled" } },
	{ "page", "page->flags above the flags: node, zone, last_cpupid, MGLRU generation and refs",
	  "the *_PGOFF macros, computed by page-flags-layout.h's fitting rule from the widths read below (NODES_SHIFT from node_data[], NR_CPUS_BITS from __per_cpu_offset[], MAX_NR_GENS and MAX_NR_TIERS from lru_gen_folio's arrays); held to every struct page (its node and zone fields must name a zone that spans it) before any field is shown; the generation field is gen + 1 while the folio is on lruvec->lrugen.folios[gen]",
	  NULL,
	  { { "include/linux/mm_inline.h", "lru_gen_add_folio", PS_SRC_INLINE, "sym_lru_gen_caps" },
	    { "include/linux/mm_inline.h", "folio_lru_gen", PS_SRC_INLINE, "sym_lru_gen_caps" },
	    { "mm/mmzone.c", "folio_xchg_last_cpupid" },
	    { "mm/mmzone.c", "page_cpupid_xchg_last", PS_SRC_OR } },
	  { "nr_pageflags", "max_nr_zones", "node_data_length", "var_per_cpu_offset",
	    "page_last_cpupid", "task_numa_scan_seq", "sym_kasan_init_sw_tags", "lrugen_folios",
	    "lrugen61_folios", "lrugen_avg_refaulted", "lrugen_protected", "lruvec_lrugen",
	    "lrugen_max_seq", "lrugen_min_seq" } },
	{ "summary page frag free", "pageblocks: migratetype, skip, isolate",
	  "NR_PAGEBLOCK_BITS per pageblock in the section's pageblock_flags bitmap: PB_migrate..PB_migrate_end the migratetype, then the skip bit (and, in newer kernels, an isolate bit); names from migratetype_names[]",
	  NULL,
	  { { "mm/page_alloc.c", "set_pageblock_migratetype" },
	    { "mm/page_alloc.c", "init_pageblock_migratetype", PS_SRC_OR },
	    { "mm/page_alloc.c", "get_pfnblock_flags_mask" },
	    { "mm/page_alloc.c", "get_pfnblock_migratetype", PS_SRC_OR } },
	  { "usage_pageblock_flags", "mem_section_usage", "mem_section_pageblock_flags",
	    "pb_migrate", "pb_migrate_end", "pb_migrate_skip", "pb_compact_skip",
	    "pb_migrate_isolate", "nr_pageblock_bits", "sym_pageblock_order",
	    "sym_migratetype_names", "migrate_isolate", "migrate_movable" } },
	{ "summary page frag", "gigablocks and their verdict",
	  "pagescope's own unit: the PUD-sized, aligned pfn range (1 GiB on x86_64); free, movable and unmovable pages from its pages and pageblocks; 'all free' means alloc_contig_pages() could take it without migrating",
	  "it takes gigantic hugetlb pages, migrating what it can",
	  { { "mm/page_alloc.c", "alloc_contig_pages" } }, { "sym_pageblock_order", "page_size" } },
	{ "check", "deferred split queues",
	  "each node's and memcg's struct deferred_split: split_queue walked, its length against split_queue_len; deferred_split_scan() holds folios on its stack with the lock dropped",
	  NULL,
	  { { "mm/huge_memory.c", "deferred_split_folio" },
	    { "mm/huge_memory.c", "deferred_split_huge_page", PS_SRC_OR },
	    { "mm/huge_memory.c", "deferred_split_scan" } },
	  { "pgdat_deferred_split_queue", "memcg_deferred_split_queue", "ds_split_queue_lock",
	    "ds_split_queue", "ds_split_queue_len", "folio_deferred_list", "page_deferred_list" } },
	{ "check", "nr_anon_partially_mapped",
	  "mthp_stats, a per-cpu array summed over the possible CPUs: exact, there is no global part to lag",
	  NULL,
	  { { "mm/huge_memory.c", "mod_mthp_stat", PS_SRC_INLINE, "sym_mthp_stats" },
	    { "mm/huge_memory.c", "deferred_split_folio", 0, "sym_mthp_stats" } },
	  { "sym_mthp_stats", "mthp_stat_stats", "mthp_stat_nr_anon_partially_mapped",
	    "sym_cpu_possible_mask" } },
	{ "check", "NR_ANON_THPS, NR_FILE_THPS, NR_SHMEM_THPS per node",
	  "pglist_data->vm_stat[item] plus each online CPU's per_cpu_nodestats->vm_node_stat_diff[item], which folds in past stat_threshold; in pages, or in THPs when struct memory_stat still has a ratio. Walked: the heads of PMD-mapped anon folios, and of file folios of PMD order or more (shmem when PG_swapbacked), 1 << order pages each",
	  "NR_ANON_THPS moves when mm/rmap.c maps or unmaps a THP by PMD, NR_FILE_THPS and NR_SHMEM_THPS when a large folio enters or leaves the page cache (mm/filemap.c, mm/shmem.c)",
	  { { "mm/vmstat.c", "__mod_node_page_state" },
	    { "mm/vmstat.c", "refresh_cpu_vm_stats" } },
	  { "pgdat_vm_stat", "nr_anon_thps", "nr_file_thps", "nr_shmem_thps",
	    "pgdat_per_cpu_nodestats", "pnstats_vm_node_stat_diff", "pnstats_stat_threshold",
	    "nr_node_stat_items", "sym_per_cpu_offset", "sym_cpu_online_mask", "memory_stat_size",
	    "memory_stat_ratio", "pg_swapbacked", "pg_head" } },
	{ "check", "list_lru items, unused dentries and inodes",
	  "each list_lru_one's nr_items against its list; nr_dentry_unused and nr_unused are per-cpu counters summed over the possible CPUs: exact",
	  NULL,
	  { { "mm/list_lru.c", "list_lru_add" },
	    { "fs/dcache.c", "d_lru_add" },
	    { "fs/inode.c", "inode_lru_list_add" },
	    { "fs/inode.c", "inode_add_lru", PS_SRC_OR } },
	  { "lru_one_list", "lru_one_nr_items", "list_lru_node", "sym_nr_dentry_unused",
	    "sym_nr_inodes_unused", "sym_super_blocks", "sb_dentry_lru", "sb_inode_lru" } },
};

enum { PS_NR_FIGURES = sizeof(ps_explain_figures) / sizeof(ps_explain_figures[0]) };

/* Whether @p command is one of the space-separated @p commands. */
static bool ps_explain_for(const struct ps_explain_figure *f, const char *command)
{
	size_t n = strlen(command);

	for (const char *p = f->commands; (p = strstr(p, command)); p += n) {
		if ((p == f->commands || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	}
	return false;
}

bool ps_explain_has(const char *command)
{
	for (size_t i = 0; i < PS_NR_FIGURES; i++) {
		if (ps_explain_for(&ps_explain_figures[i], command))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* One item, one function                                             */
/* ------------------------------------------------------------------ */

struct ps_explain_item {
	char key[128];		/* "member struct zone.free_area" */
	char value[64];		/* "+0x80 (16 bytes)", "absent" */
	const char *source;	/* "VMCOREINFO", "DWARF", ... */
};

static void ps_explain_value(struct ps_target *t, const struct ps_lval *v,
			     const char *field, struct ps_explain_item *ret)
{
	uint64_t addr;
	struct ps_error *err;

	if (!v->present) {
		snprintf(ret->value, sizeof(ret->value), "absent in this kernel");
		return;
	}
	if (!strncmp(ret->key, "member ", 7)) {
		snprintf(ret->value, sizeof(ret->value), "+%#" PRIx64 " (%u bytes)",
			 (uint64_t)v->value, v->size);
		return;
	}
	if (!strncmp(ret->key, "variable ", 9)) {
		snprintf(ret->value, sizeof(ret->value), "%u elements (%u bytes)",
			 v->nr_elems, v->size);
		return;
	}
	snprintf(ret->value, sizeof(ret->value), "%" PRId64, v->value);
	if (strncmp(ret->key, "symbol ", 7))
		return;
	err = ps_target_symbol_addr(t, v, field, &addr);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	snprintf(ret->value, sizeof(ret->value), "%#" PRIx64, addr);
}

/* "vmcoreinfo KEY": a line of the note as the kernel wrote it. */
static void ps_explain_vmcoreinfo(struct ps_target *t, const char *key,
				  struct ps_explain_item *ret)
{
	const char *v = t->vmcoreinfo ? ps_vmcoreinfo_get(t->vmcoreinfo, key) : NULL;

	snprintf(ret->key, sizeof(ret->key), "vmcoreinfo %s", key);
	snprintf(ret->value, sizeof(ret->value), "%s",
		 v ? v : t->vmcoreinfo ? "absent in this kernel's VMCOREINFO" : "no VMCOREINFO");
	ret->source = "VMCOREINFO";
}

static void ps_explain_item(struct ps_target *t, const char *field,
			    struct ps_explain_item *ret)
{
	static const char vmcoreinfo[] = "vmcoreinfo ";
	int i = ps_layout_item_index(field);

	if (!strncmp(field, vmcoreinfo, sizeof(vmcoreinfo) - 1)) {
		ps_explain_vmcoreinfo(t, field + sizeof(vmcoreinfo) - 1, ret);
		return;
	}
	snprintf(ret->key, sizeof(ret->key), "%s", field);
	snprintf(ret->value, sizeof(ret->value), "not a layout item");
	ret->source = "";
	if (i < 0)
		return;
	ps_layout_item_key((size_t)i, ret->key, sizeof(ret->key));
	ret->source = ps_layout_item_in_vmcoreinfo(t->vmcoreinfo, (size_t)i)
			      ? "VMCOREINFO" : t->layout.source;
	ps_explain_value(t, ps_layout_item(&t->layout, (size_t)i), field, ret);
}

/* Where this kernel keeps @p f: its chosen locations and one line of them. */
struct ps_explain_kernel {
	struct ps_explain_pick pick;
	char line[1024];
};

static void ps_explain_kernel(struct ps_target *t, const struct ps_explain_figure *f,
			      struct ps_explain_kernel *ret)
{
	ps_explain_src_pick(t, f->srcs, PS_EXPLAIN_SRCS, &ret->pick);
	ps_explain_src_line(&ret->pick, f->note, ret->line, sizeof(ret->line));
}

/* Whether this kernel has @p name, or its allocation-profiling NAME_noprof. */
static bool ps_explain_has_func(struct ps_symbols *syms, const char *name, size_t n)
{
	uint64_t addr;
	bool noprof;

	return ps_explain_src_symbol(syms, name, n, &addr, &noprof);
}

static size_t ps_explain_ident(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n;
}

/*
 * One group NAME()|NAME()... at @p s (@p s[0] starts a name followed by
 * "()"): append the first name this kernel has (a newer name first, an
 * older one after: a kernel may keep an old one for another use), or the
 * first one marked.
 * Returns the characters of @p s consumed.
 */
static size_t ps_explain_group(struct ps_symbols *syms, const char *s, FILE *out)
{
	const char *first = s, *p = s;
	size_t first_n = ps_explain_ident(s), kept = 0;

	for (;;) {
		size_t n = ps_explain_ident(p);

		if (!n || strncmp(p + n, "()", 2))
			break;
		if (!kept && syms && ps_explain_has_func(syms, p, n)) {
			fprintf(out, "%.*s()", (int)n, p);
			kept++;
		}
		p += n + 2;
		if (*p != '|' || !ps_explain_ident(p + 1))
			break;
		p++;
	}
	if (!kept)
		fprintf(out, "%.*s()%s", (int)first_n, first, PS_EXPLAIN_NO_SYMBOL);
	return (size_t)(p - s);
}

void ps_explain_set_by(struct ps_target *t, const char *text, char *buf, size_t len)
{
	struct ps_symbols *syms = NULL;
	struct ps_error *err = ps_target_symbols(t, &syms);
	FILE *out = fmemopen(buf, len, "w");
	const char *s = text;

	ps_error_destroy(err);
	if (err)
		syms = NULL;
	if (!len)
		return;
	if (!out) {
		snprintf(buf, len, "%s", text);
		return;
	}
	while (*s) {
		size_t n = ps_explain_ident(s);

		if (n && (s == text || !ps_explain_ident(s - 1)) && !strncmp(s + n, "()", 2)) {
			s += ps_explain_group(syms, s, out);
		} else {
			fputc(*s, out);
			s++;
		}
	}
	fclose(out);
	buf[len - 1] = '\0';
}

/* ------------------------------------------------------------------ */
/* Text and JSON                                                      */
/* ------------------------------------------------------------------ */

static void ps_explain_print_one(FILE *fp, struct ps_target *t,
				 const struct ps_explain_figure *f)
{
	struct ps_explain_item it;
	struct ps_explain_kernel src;

	ps_explain_kernel(t, f, &src);
	fprintf(fp, "\n%s\n  rule    %s\n  kernel  %s\n", f->figure, f->rule, src.line);
	for (size_t i = 0; i < src.pick.n; i++)
		fprintf(fp, "          %s() in this kernel: %s\n", src.pick.where[i].src->func,
			src.pick.where[i].where);
	for (size_t k = 0; k < PS_EXPLAIN_ITEMS && f->items[k]; k++) {
		ps_explain_item(t, f->items[k], &it);
		fprintf(fp, "  %s %-52s %-28s %s\n", k ? "     " : "reads", it.key, it.value,
			it.source);
	}
}

void ps_explain_print(FILE *fp, struct ps_target *t, const char *command)
{
	fprintf(fp, "\nhow the figures above are derived (--explain); offsets and values from %s%s:\n",
		t->layout.source, t->vmcoreinfo ? " and VMCOREINFO" : "");
	for (size_t i = 0; i < PS_NR_FIGURES; i++) {
		if (ps_explain_for(&ps_explain_figures[i], command))
			ps_explain_print_one(fp, t, &ps_explain_figures[i]);
	}
}

static struct json_object *ps_explain_json_one(struct ps_target *t,
					       const struct ps_explain_figure *f)
{
	struct json_object *o = json_object_new_object();
	struct json_object *funcs = json_object_new_object();
	struct json_object *items = json_object_new_array();
	struct ps_explain_item it;
	struct ps_explain_kernel src;

	ps_explain_kernel(t, f, &src);
	ps_json_add_str(o, PS_KEY_FIGURE, f->figure);
	ps_json_add_str(o, PS_KEY_RULE, f->rule);
	ps_json_add_str(o, PS_KEY_KERNEL, src.line);
	for (size_t i = 0; i < src.pick.n; i++)
		ps_json_add_str(funcs, src.pick.where[i].src->func, src.pick.where[i].where);
	for (size_t k = 0; k < PS_EXPLAIN_ITEMS && f->items[k]; k++) {
		struct json_object *i = json_object_new_object();

		ps_explain_item(t, f->items[k], &it);
		ps_json_add_str(i, PS_KEY_ITEM, it.key);
		ps_json_add_str(i, PS_KEY_VALUE, it.value);
		ps_json_add_str(i, PS_KEY_SOURCE, it.source);
		json_object_array_add(items, i);
	}
	ps_json_add(o, PS_KEY_FUNCTIONS, funcs);
	ps_json_add(o, PS_KEY_READS, items);
	return o;
}

struct json_object *ps_explain_json(struct ps_target *t, const char *command)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < PS_NR_FIGURES; i++) {
		if (ps_explain_for(&ps_explain_figures[i], command))
			json_object_array_add(arr, ps_explain_json_one(t, &ps_explain_figures[i]));
	}
	return arr;
}
