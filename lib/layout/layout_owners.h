/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Layout items of the owner pass (walk/owners.c): the structures that say
 * who holds a page (slab caches, anon_vmas and their tasks, inodes and
 * their dentries, vmap areas, task stacks), in the form of
 * PS_LAYOUT_ITEMS in layout.h: X(kind, field, type, name, hint).
 */
#ifndef PS_LAYOUT_OWNERS_H
#define PS_LAYOUT_OWNERS_H

#define PS_LAYOUT_ITEMS_OWNERS(X)                                              \
	/* slab: struct slab (v5.17) in layout.h, struct page before */        \
	X(MEMBER, page_slab_cache, "struct page", "slab_cache", NULL)          \
	X(MEMBER, kmem_cache_object_size, "struct kmem_cache", "object_size",  \
	  "kmem_cache_free")                                                   \
	X(MEMBER, kmem_cache_flags, "struct kmem_cache", "flags",              \
	  "kmem_cache_free")                                                   \
	X(ENUM, slab_reclaim_account_bit, "_slab_flag_bits",                   \
	  "_SLAB_RECLAIM_ACCOUNT", "kmem_cache_free")                          \
	/* anonymous memory: anon_vma -> VMA -> mm -> task (mm/rmap.c) */      \
	X(MEMBER, anon_vma_rb_root, "struct anon_vma", "rb_root",              \
	  "anon_vma_clone")                                                    \
	X(MEMBER, rb_root_cached_leftmost, "struct rb_root_cached",            \
	  "rb_leftmost", "anon_vma_clone")                                     \
	X(MEMBER, avc_vma, "struct anon_vma_chain", "vma", "anon_vma_clone")   \
	X(MEMBER, avc_rb, "struct anon_vma_chain", "rb", "anon_vma_clone")     \
	X(MEMBER, vma_vm_mm, "struct vm_area_struct", "vm_mm",                 \
	  "anon_vma_clone")                                                    \
	X(MEMBER, mm_owner, "struct mm_struct", "owner", "anon_vma_clone")     \
	/* tasks (kernel/fork.c) */                                            \
	X(SYMBOL, sym_init_task, NULL, "init_task", NULL)                      \
	X(MEMBER, task_comm, "struct task_struct", "comm", "copy_process")     \
	X(MEMBER, task_pid, "struct task_struct", "pid", "copy_process")       \
	X(MEMBER, task_tasks, "struct task_struct", "tasks", "copy_process")   \
	X(MEMBER, task_signal, "struct task_struct", "signal", "copy_process") \
	X(MEMBER, task_thread_node, "struct task_struct", "thread_node",       \
	  "copy_process")                                                      \
	X(MEMBER, task_stack_vm_area, "struct task_struct", "stack_vm_area",   \
	  "copy_process")                                                      \
	X(MEMBER, signal_thread_head, "struct signal_struct", "thread_head",   \
	  "copy_process")                                                      \
	/* page tables: task -> mm -> pgd (walk/owners_pgtable.c) */           \
	X(MEMBER, task_mm, "struct task_struct", "mm", "copy_process")         \
	X(MEMBER, mm_pgd, "struct mm_struct", "pgd", "copy_process")           \
	X(SYMBOL, sym_init_mm, NULL, "init_mm", NULL)                          \
	X(SYMBOL, sym_efi_mm, NULL, "efi_mm", NULL)                            \
	/* THPs' deposited PTE tables, the mm's without split PMD locks */      \
	X(MEMBER, mm_pmd_huge_pte, "struct mm_struct", "pmd_huge_pte",         \
	  "copy_process")                                                      \
	X(SYMBOL, sym_poking_mm, NULL, "poking_mm", NULL)                      \
	X(SYMBOL, sym_text_poke_mm, NULL, "text_poke_mm", NULL)                \
	X(SYMBOL, sym_pgtable_l5_enabled, NULL, "__pgtable_l5_enabled", NULL)  \
	X(SYMBOL, sym_physical_mask, NULL, "physical_mask", NULL)              \
	X(SYMBOL, sym_sme_me_mask, NULL, "sme_me_mask", NULL)                  \
	/* pipe buffers: task -> files -> pipe_inode_info (fs/pipe.c) */     \
	X(MEMBER, task_files, "struct task_struct", "files", "copy_process")   \
	X(MEMBER, files_fdt, "struct files_struct", "fdt", "pipe_write")       \
	X(MEMBER, fdtable_max_fds, "struct fdtable", "max_fds", "pipe_write")   \
	X(MEMBER, fdtable_fd, "struct fdtable", "fd", "pipe_write")            \
	X(SYMBOL, sym_pipefifo_fops, NULL, "pipefifo_fops", NULL)              \
	X(SYMBOL, sym_pipeanon_fops, NULL, "pipeanon_fops", NULL)              \
	X(MEMBER, file_f_op, "struct file", "f_op", "pipe_write")              \
	X(MEMBER, file_private_data, "struct file", "private_data",            \
	  "pipe_write")                                                        \
	X(MEMBER, pipe_head, "struct pipe_inode_info", "head", "pipe_write")   \
	X(MEMBER, pipe_tail, "struct pipe_inode_info", "tail", "pipe_write")   \
	X(MEMBER, pipe_ring_size, "struct pipe_inode_info", "ring_size",       \
	  "pipe_write")                                                        \
	X(MEMBER, pipe_bufs, "struct pipe_inode_info", "bufs", "pipe_write")   \
	X(SIZE, pipe_buffer_size, "struct pipe_buffer", NULL, "pipe_write")    \
	X(MEMBER, pipe_buffer_page, "struct pipe_buffer", "page", "pipe_write") \
	/* page cache: address_space -> inode -> dentry (fs/dcache.c) */       \
	X(MEMBER, mapping_host, "struct address_space", "host", "d_path")      \
	X(MEMBER, inode_i_sb, "struct inode", "i_sb", "d_path")                \
	X(MEMBER, inode_i_ino, "struct inode", "i_ino", "d_path")              \
	X(MEMBER, inode_i_dentry, "struct inode", "i_dentry", "d_path")        \
	X(MEMBER, hlist_head_first, "struct hlist_head", "first", "d_path")    \
	X(MEMBER, dentry_d_alias, "struct dentry", "d_u.d_alias", "d_path")    \
	X(MEMBER, dentry_d_alias_anon, "struct dentry", "d_alias", "d_path")   \
	X(MEMBER, dentry_d_parent, "struct dentry", "d_parent", "d_path")      \
	X(MEMBER, dentry_d_name, "struct dentry", "d_name", "d_path")          \
	X(MEMBER, qstr_name, "struct qstr", "name", "d_path")                  \
	/* block device page cache: inode -> bdev -> disk (block/bdev.c) */    \
	X(SYMBOL, sym_blockdev_superblock, NULL, "blockdev_superblock", NULL)  \
	X(MEMBER, bdev_inode_bdev, "struct bdev_inode", "bdev",                \
	  "bdev_alloc_inode")                                                  \
	X(MEMBER, bdev_inode_vfs_inode, "struct bdev_inode", "vfs_inode",      \
	  "bdev_alloc_inode")                                                  \
	X(MEMBER, bdev_bd_disk, "struct block_device", "bd_disk",              \
	  "bdev_alloc_inode")                                                  \
	X(MEMBER, gendisk_disk_name, "struct gendisk", "disk_name",            \
	  "bdev_alloc_inode")                                                  \
	/* vmalloc (mm/vmalloc.c): one list before v6.9, per-node trees after */ \
	X(SYMBOL, sym_vmap_area_list, NULL, "vmap_area_list", NULL)            \
	X(SYMBOL, sym_vmap_nodes, NULL, "vmap_nodes", NULL)                    \
	X(SYMBOL, sym_nr_vmap_nodes, NULL, "nr_vmap_nodes", NULL)              \
	X(SIZE, vmap_node_size, "struct vmap_node", NULL, "vread_iter")        \
	X(MEMBER, vmap_node_busy, "struct vmap_node", "busy", "vread_iter")    \
	X(MEMBER, rb_list_head, "struct rb_list", "head", "vread_iter")        \
	X(MEMBER, va_list, "struct vmap_area", "list", "vfree")                \
	X(MEMBER, va_vm, "struct vmap_area", "vm", "vfree")                    \
	X(MEMBER, vm_pages, "struct vm_struct", "pages", "vfree")              \
	X(MEMBER, vm_nr_pages, "struct vm_struct", "nr_pages", "vfree")        \
	X(MEMBER, vm_caller, "struct vm_struct", "caller", "vfree")            \
	X(MEMBER, vm_addr, "struct vm_struct", "addr", "vfree")                \
	/* the kernel image */                                                 \
	X(SYMBOL, sym_text, NULL, "_text", NULL)                               \
	X(SYMBOL, sym_end, NULL, "_end", NULL)                                 \
	/* per-cpu chunks (mm/percpu.c); pcpu_slot before v5.14 */             \
	X(SYMBOL, sym_pcpu_chunk_lists, NULL, "pcpu_chunk_lists", NULL)        \
	X(SYMBOL, sym_pcpu_slot, NULL, "pcpu_slot", NULL)                      \
	X(SYMBOL, sym_pcpu_nr_slots, NULL, "pcpu_nr_slots", NULL)              \
	X(SYMBOL, sym_pcpu_first_chunk, NULL, "pcpu_first_chunk", NULL)        \
	X(SYMBOL, sym_pcpu_base_addr, NULL, "pcpu_base_addr", NULL)            \
	X(SYMBOL, sym_pcpu_unit_offsets, NULL, "pcpu_unit_offsets", NULL)      \
	X(SYMBOL, sym_pcpu_unit_pages, NULL, "pcpu_unit_pages", NULL)          \
	X(ENUM, pcpu_nr_chunk_types, "pcpu_chunk_type", "PCPU_NR_CHUNK_TYPES", \
	  "free_percpu")                                                       \
	X(MEMBER, pcpu_chunk_list, "struct pcpu_chunk", "list", "free_percpu") \
	X(MEMBER, pcpu_chunk_base_addr, "struct pcpu_chunk", "base_addr",      \
	  "free_percpu")                                                       \
	X(MEMBER, pcpu_chunk_nr_pages, "struct pcpu_chunk", "nr_pages",        \
	  "free_percpu")                                                       \
	X(MEMBER, pcpu_chunk_populated, "struct pcpu_chunk", "populated",      \
	  "free_percpu")                                                       \
	/* memblock, kept after boot with CONFIG_ARCH_KEEP_MEMBLOCK */         \
	X(SYMBOL, sym_memblock, NULL, "memblock", NULL)                        \
	X(SYMBOL, sym_memblock_discard, NULL, "memblock_discard", NULL)        \
	X(SYMBOL, sym_init_begin, NULL, "__init_begin", NULL)                  \
	X(SYMBOL, sym_init_end, NULL, "__init_end", NULL)                      \
	X(SYMBOL, sym_memblock_reserved_init_regions, NULL,                    \
	  "memblock_reserved_init_regions", NULL)                              \
	X(MEMBER, memblock_reserved, "struct memblock", "reserved",            \
	  "memblock_free")                                                     \
	X(MEMBER, memblock_type_cnt, "struct memblock_type", "cnt",            \
	  "memblock_free")                                                     \
	X(MEMBER, memblock_type_regions, "struct memblock_type", "regions",    \
	  "memblock_free")                                                     \
	X(SIZE, memblock_region_size, "struct memblock_region", NULL,          \
	  "memblock_free")                                                     \
	X(MEMBER, memblock_region_base, "struct memblock_region", "base",      \
	  "memblock_free")                                                     \
	X(MEMBER, memblock_region_rsize, "struct memblock_region", "size",     \
	  "memblock_free")                                                     \
	/* page_pool pages (net/core/page_pool.c): page->pp, v5.14+ */       \
	X(MEMBER, page_pp_magic, "struct page", "pp_magic", NULL)              \
	X(MEMBER, page_pp, "struct page", "pp", NULL)                          \
	X(MEMBER, page_pool_order, "struct page_pool", "p.order",              \
	  "page_pool_create")                                                  \
	X(MEMBER, page_pool_nid, "struct page_pool", "p.nid",                  \
	  "page_pool_create")                                                  \
	X(MEMBER, page_pool_pool_size, "struct page_pool", "p.pool_size",      \
	  "page_pool_create")                                                  \
	X(MEMBER, page_pool_netdev, "struct page_pool", "slow.netdev",         \
	  "page_pool_create")                                                  \
	X(MEMBER, net_device_name, "struct net_device", "name",                \
	  "page_pool_create")                                                  \
	/* balloon pages (mm/balloon_compaction.c): the movable ops (v5.19+) */ \
	/* or the balloon inode's address_space operations before */         \
	X(SYMBOL, sym_balloon_mops, NULL, "balloon_mops", NULL)                \
	X(SYMBOL, sym_balloon_aops, NULL, "balloon_aops", NULL)                \
	X(MEMBER, mapping_a_ops, "struct address_space", "a_ops", "d_path")    \
	/* CMA areas (mm/cma.c): one range each, or ranges[] (v6.15+) */       \
	X(SYMBOL, sym_cma_areas, NULL, "cma_areas", NULL)                      \
	X(VARIABLE, var_cma_areas, NULL, "cma_areas", "cma_alloc")             \
	X(SYMBOL, sym_cma_area_count, NULL, "cma_area_count", NULL)            \
	X(SIZE, cma_size, "struct cma", NULL, "cma_alloc")                     \
	X(MEMBER, cma_base_pfn, "struct cma", "base_pfn", "cma_alloc")         \
	X(MEMBER, cma_count, "struct cma", "count", "cma_alloc")               \
	X(MEMBER, cma_name, "struct cma", "name", "cma_alloc")                 \
	X(MEMBER, cma_ranges, "struct cma", "ranges", "cma_alloc")             \
	X(MEMBER, cma_nranges, "struct cma", "nranges", "cma_alloc")           \
	X(MEMBER, cma_memrange_base_pfn, "struct cma_memrange", "base_pfn",    \
	  "cma_alloc")                                                         \
	X(MEMBER, cma_memrange_count, "struct cma_memrange", "count",          \
	  "cma_alloc")                                                         \
	/* loaded modules' own symbols (kernel/module/kallsyms.c), to name */  \
	/* code in modules: a vmalloc area's caller */                         \
	X(SYMBOL, sym_modules, NULL, "modules", NULL)                          \
	X(MEMBER, module_list, "struct module", "list", "do_init_module")      \
	X(MEMBER, module_name, "struct module", "name", "do_init_module")      \
	X(MEMBER, module_kallsyms, "struct module", "kallsyms",                \
	  "do_init_module")                                                    \
	X(MEMBER, mod_kallsyms_symtab, "struct mod_kallsyms", "symtab",        \
	  "do_init_module")                                                    \
	X(MEMBER, mod_kallsyms_num_symtab, "struct mod_kallsyms",              \
	  "num_symtab", "do_init_module")                                      \
	X(MEMBER, mod_kallsyms_strtab, "struct mod_kallsyms", "strtab",        \
	  "do_init_module")                                                    \
	X(SIZE, elf_sym_size, "struct elf64_sym", NULL, "do_init_module")      \
	X(MEMBER, elf_sym_st_name, "struct elf64_sym", "st_name",              \
	  "do_init_module")                                                    \
	X(MEMBER, elf_sym_st_shndx, "struct elf64_sym", "st_shndx",            \
	  "do_init_module")                                                    \
	X(MEMBER, elf_sym_st_value, "struct elf64_sym", "st_value",            \
	  "do_init_module")                                                    \
	X(MEMBER, elf_sym_st_size, "struct elf64_sym", "st_size",              \
	  "do_init_module")                                                    \
	/* where a module's memory lies: mem[] of module_memory (v6.4+), */    \
	/* core_layout and init_layout before */                               \
	X(MEMBER, module_mem, "struct module", "mem", "do_init_module")        \
	X(MEMBER, module_memory_base, "struct module_memory", "base",          \
	  "do_init_module")                                                    \
	X(MEMBER, module_memory_size, "struct module_memory", "size",          \
	  "do_init_module")                                                    \
	X(MEMBER, module_core_layout, "struct module", "core_layout",          \
	  "do_init_module")                                                    \
	X(MEMBER, module_init_layout, "struct module", "init_layout",          \
	  "do_init_module")                                                    \
	X(MEMBER, module_layout_base, "struct module_layout", "base",          \
	  "do_init_module")                                                    \
	X(MEMBER, module_layout_size, "struct module_layout", "size",          \
	  "do_init_module")

#endif
