// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner resolvers over fake memory: the input is the memory of a
 * kmem_cache, an anon_vma and its chain to a task, an address_space
 * and its inode and dentries, and a struct page. Every resolution must
 * end with a name or a fault, and never read beyond what it sized.
 */
#include <string.h>

#include "walk/owners.h"
#include "../unit/fake_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The layouts of tests/unit/test_owners.c. */
static void ps_fuzz_layout(struct ps_layout *L)
{
	L->kmem_cache_name = fake_lval(96, 8);
	L->kmem_cache_flags = fake_lval(8, 8);
	L->slab_reclaim_account_bit = fake_lval(17, 0);
	L->anon_vma_rb_root = fake_lval(80, 16);
	L->rb_root_cached_leftmost = fake_lval(8, 8);
	L->avc_vma = fake_lval(0, 8);
	L->avc_rb = fake_lval(32, 24);
	L->vma_vm_mm = fake_lval(16, 8);
	L->mm_owner = fake_lval(64, 8);
	L->task_pid = fake_lval(100, 4);
	L->task_comm = fake_array(200, 16, 1);
	L->mapping_host = fake_lval(0, 8);
	L->inode_i_sb = fake_lval(40, 8);
	L->inode_i_ino = fake_lval(64, 8);
	L->inode_i_dentry = fake_lval(304, 8);
	L->hlist_head_first = fake_lval(0, 8);
	L->sb_id = fake_array(32, 32, 1);
	L->dentry_d_alias = fake_lval(176, 16);
	L->dentry_d_parent = fake_lval(24, 8);
	L->dentry_d_name = fake_lval(32, 16);
	L->qstr_name = fake_lval(8, 8);
	L->bdev_inode_bdev = fake_lval(0, 8);
	L->bdev_inode_vfs_inode = fake_lval(0x100, 8);
	L->bdev_bd_disk = fake_lval(16, 8);
	L->gendisk_disk_name = fake_array(12, 32, 1);
}

/* A struct page from the input's first bytes, its fields in range. */
static void ps_fuzz_page(const uint8_t *data, size_t size, struct ps_page *p)
{
	uint8_t b[8] = { 0 };

	memcpy(b, data, size < sizeof(b) ? size : sizeof(b));
	memset(p, 0, sizeof(*p));
	p->pfn = p->head_pfn = b[0];
	p->type = b[1] % PS_PT_NR;
	p->mapping_kind = b[2] % PS_MAPPING_NR;
	p->state = b[3];
	p->refcount = (int8_t)b[4];
	p->order = b[5] % 12;
	p->mapping = FAKE_BASE + ((uint64_t)b[6] << 8) + (b[7] & 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = calloc(1, sizeof(*o));
	unsigned char head[64] = { 0 };
	struct ps_page p;
	uint32_t id;

	o->t = t;
	ps_owner_table_init(&o->table);
	ps_fuzz_layout(&t->layout);
	fake_fill(t->mem.priv, data, size);
	o->blockdev_sb = FAKE_BASE + 0x800;
	o->slab_cache_known = true;
	o->slab_cache_off = 8;
	ps_error_destroy(ps_owners_slab(o, FAKE_BASE, &id));
	ps_error_destroy(ps_owners_anon(o, FAKE_BASE + 0x100, &id));
	ps_error_destroy(ps_owners_file(o, FAKE_BASE + 0x200, &id));
	/* A real run has the memory model to read a head's struct page with;
	 * this one gives the head's raw words instead. */
	memcpy(head, data, size < sizeof(head) ? size : sizeof(head));
	ps_fuzz_page(data, size, &p);
	ps_error_destroy(ps_owners_classify(o, &p, head, &id));
	ps_owners_destroy(o);
	ps_target_destroy(t);
	return 0;
}
