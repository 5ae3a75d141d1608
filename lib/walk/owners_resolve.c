// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Naming the objects a struct page points to: a kmem_cache, an anon_vma
 * (through a VMA to its mm's owner task), an address_space (through its
 * inode to a dentry path). Each object is read once and remembered.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "target/target.h"
#include "walk/owners.h"

/* A path, a comm or a cache name, with what is around it. */
enum { PS_OWNER_NAME_MAX = 256, PS_PATH_DEPTH = 16 };

static struct ps_error *ps_owners_named(struct ps_owners *o, uint64_t key,
					unsigned kind, unsigned mov,
					const char *name, uint32_t *id_ret)
{
	struct ps_error *err = ps_owner_table_intern(&o->table, kind, mov, name,
						     id_ret);

	if (err)
		return err;
	return ps_owner_table_ptr_add(&o->table, key, *id_ret);
}

/* The owner when reading @p what of object @p key failed with @p err. */
static struct ps_error *ps_owners_unreadable(struct ps_owners *o, uint64_t key,
					     unsigned kind, const char *what,
					     struct ps_error *err,
					     uint32_t *id_ret)
{
	char name[PS_OWNER_NAME_MAX + 16];

	if (!ps_owners_fault(err))
		return err;
	snprintf(name, sizeof(name), "%s unreadable", what);
	return ps_owners_named(o, key, kind, kind == PS_POWN_slab ?
				PS_OWNER_MOV_unmovable : PS_OWNER_MOV_movable,
			       name, id_ret);
}

/* ------------------------------------------------------------------ */
/* slab                                                               */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_read_cache(struct ps_owners *o, uint64_t cache,
				      char *name, size_t len, uint64_t *flags)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t name_ptr;
	struct ps_error *err;

	*flags = 0;
	err = ps_target_read_u64(o->t, cache + ps_off(&L->kmem_cache_name), &name_ptr);
	if (err)
		return err;
	err = ps_target_read_string(o->t, name_ptr, name, len);
	if (err)
		return err;
	if (L->kmem_cache_flags.present)
		return ps_target_read_u64(o->t, cache + ps_off(&L->kmem_cache_flags),
					  flags);
	return NULL;
}

/* SLAB_RECLAIM_ACCOUNT: a bit of enum _slab_flag_bits (v6.8+). */
static unsigned ps_cache_mov(const struct ps_layout *L, uint64_t flags)
{
	const struct ps_lval *bit = &L->slab_reclaim_account_bit;

	if (bit->present && bit->value < 64 && (flags >> bit->value) & 1)
		return PS_OWNER_MOV_reclaimable;
	return PS_OWNER_MOV_unmovable;
}

struct ps_error *ps_owners_slab(struct ps_owners *o, uint64_t cache,
				uint32_t *id_ret)
{
	char name[PS_OWNER_NAME_MAX];
	uint64_t flags;
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&o->table, cache, id_ret))
		return NULL;
	err = ps_read_cache(o, cache, name, sizeof(name), &flags);
	if (err) {
		snprintf(name, sizeof(name), "kmem_cache %#" PRIx64, cache);
		return ps_owners_unreadable(o, cache, PS_POWN_slab, name, err, id_ret);
	}
	return ps_owners_named(o, cache, PS_POWN_slab,
			       ps_cache_mov(&o->t->layout, flags), name, id_ret);
}

/* ------------------------------------------------------------------ */
/* anonymous memory                                                   */
/* ------------------------------------------------------------------ */

/* The mm of the leftmost VMA in @p anon_vma's interval tree, or 0. */
static struct ps_error *ps_anon_mm(struct ps_owners *o, uint64_t anon_vma,
				   uint64_t *mm_ret)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t node, vma;
	struct ps_error *err;

	*mm_ret = 0;
	err = ps_target_read_u64(o->t, anon_vma + ps_off(&L->anon_vma_rb_root) +
					ps_off(&L->rb_root_cached_leftmost), &node);
	if (err || !node)
		return err;
	err = ps_target_read_u64(o->t, node - ps_off(&L->avc_rb) +
					ps_off(&L->avc_vma), &vma);
	if (err)
		return err;
	return ps_target_read_u64(o->t, vma + ps_off(&L->vma_vm_mm), mm_ret);
}

/* "pid N comm" of task @p task. */
static struct ps_error *ps_task_name(struct ps_owners *o, uint64_t task,
				     char *buf, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	char comm[32] = "";
	uint32_t pid;
	size_t comm_len = L->task_comm.size < sizeof(comm) ? L->task_comm.size
							    : sizeof(comm);
	struct ps_error *err = ps_target_read_u32(o->t, task + ps_off(&L->task_pid), &pid);

	if (err)
		return err;
	err = ps_target_read_string(o->t, task + ps_off(&L->task_comm), comm,
				    comm_len ? comm_len : 16);
	if (err)
		return err;
	snprintf(buf, len, "pid %u %s", pid, comm);
	return NULL;
}

static bool ps_anon_layout(const struct ps_layout *L)
{
	return L->anon_vma_rb_root.present && L->rb_root_cached_leftmost.present &&
	       L->avc_rb.present && L->avc_vma.present && L->vma_vm_mm.present;
}

static struct ps_error *ps_anon_name(struct ps_owners *o, uint64_t anon_vma,
				     char *name, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t mm, task;
	struct ps_error *err = ps_anon_mm(o, anon_vma, &mm);

	if (err)
		return err;
	if (!mm) {
		snprintf(name, len, "no VMA left");
		return NULL;
	}
	if (!L->mm_owner.present || !L->task_pid.present || !L->task_comm.present) {
		snprintf(name, len, "mm %#" PRIx64, mm);
		return NULL;
	}
	err = ps_target_read_u64(o->t, mm + ps_off(&L->mm_owner), &task);
	if (err)
		return err;
	if (!task) {
		snprintf(name, len, "mm %#" PRIx64 " (owner exited)", mm);
		return NULL;
	}
	return ps_task_name(o, task, name, len);
}

struct ps_error *ps_owners_anon(struct ps_owners *o, uint64_t anon_vma,
				uint32_t *id_ret)
{
	char name[PS_OWNER_NAME_MAX];
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&o->table, anon_vma, id_ret))
		return NULL;
	if (!ps_anon_layout(&o->t->layout))
		return ps_owners_named(o, anon_vma, PS_POWN_anon, PS_OWNER_MOV_movable,
				       "(anon_vma layout unknown)", id_ret);
	err = ps_anon_name(o, anon_vma, name, sizeof(name));
	if (err) {
		snprintf(name, sizeof(name), "anon_vma %#" PRIx64, anon_vma);
		return ps_owners_unreadable(o, anon_vma, PS_POWN_anon, name, err, id_ret);
	}
	return ps_owners_named(o, anon_vma, PS_POWN_anon, PS_OWNER_MOV_movable,
			       name, id_ret);
}

/* ------------------------------------------------------------------ */
/* page cache                                                         */
/* ------------------------------------------------------------------ */

/* Prepend "/" @p part to the path that ends at @p buf + @p len. */
static size_t ps_path_prepend(char *buf, size_t pos, const char *part)
{
	size_t n = strlen(part);

	if (n + 1 > pos)
		return pos;
	pos -= n;
	memcpy(buf + pos, part, n);
	buf[--pos] = '/';
	return pos;
}

/* The path of @p dentry up to its file system's root, in @p buf. */
static struct ps_error *ps_dentry_path(struct ps_owners *o, uint64_t dentry,
				       char *buf, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	char path[PS_OWNER_NAME_MAX], part[PS_OWNER_NAME_MAX];
	size_t pos = sizeof(path) - 1;
	struct ps_error *err;

	path[pos] = '\0';
	for (int depth = 0; depth < PS_PATH_DEPTH; depth++) {
		uint64_t parent, name_ptr;

		err = ps_target_read_u64(o->t, dentry + ps_off(&L->dentry_d_parent), &parent);
		if (err)
			return err;
		if (parent == dentry)
			break;
		err = ps_target_read_u64(o->t, dentry + ps_off(&L->dentry_d_name) +
						ps_off(&L->qstr_name), &name_ptr);
		if (err)
			return err;
		err = ps_target_read_string(o->t, name_ptr, part, sizeof(part));
		if (err)
			return err;
		pos = ps_path_prepend(path, pos, part);
		dentry = parent;
	}
	snprintf(buf, len, "%s", path[pos] ? path + pos : "/");
	return NULL;
}

/* dentry.d_alias: in the union d_u, which a later kernel made anonymous. */
static const struct ps_lval *ps_dentry_alias(const struct ps_layout *L)
{
	return L->dentry_d_alias.present ? &L->dentry_d_alias : &L->dentry_d_alias_anon;
}

static bool ps_file_layout(const struct ps_layout *L)
{
	return L->mapping_host.present && L->inode_i_sb.present &&
	       L->sb_id.present && L->inode_i_dentry.present &&
	       L->hlist_head_first.present && ps_dentry_alias(L)->present &&
	       L->dentry_d_parent.present && L->dentry_d_name.present &&
	       L->qstr_name.present && L->inode_i_ino.present;
}

/* The disk of block device inode @p host: "bdev:vda". */
static struct ps_error *ps_bdev_name(struct ps_owners *o, uint64_t host,
				     const char *sid, char *name, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	uint64_t bdev = host - ps_off(&L->bdev_inode_vfs_inode) + ps_off(&L->bdev_inode_bdev);
	uint64_t disk;
	char disk_name[40] = "";
	struct ps_error *err = ps_target_read_u64(o->t, bdev + ps_off(&L->bdev_bd_disk), &disk);

	if (err)
		return err;
	if (disk) {
		err = ps_target_read_string(o->t, disk + ps_off(&L->gendisk_disk_name), disk_name,
					    L->gendisk_disk_name.size &&
					    L->gendisk_disk_name.size < sizeof(disk_name)
						    ? L->gendisk_disk_name.size : sizeof(disk_name));
		if (err)
			return err;
	}
	snprintf(name, len, "%s:%s", sid, *disk_name ? disk_name : "(no disk)");
	return NULL;
}

/* "s_id:/path", or "s_id: inode N" when no dentry names the inode. */
static struct ps_error *ps_file_name(struct ps_owners *o, uint64_t mapping,
				     char *name, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	char sid[40] = "", path[PS_OWNER_NAME_MAX - 48];
	uint64_t host, sb, first, ino;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, mapping + ps_off(&L->mapping_host), &host);
	if (err || !host) {
		snprintf(name, len, "address_space %#" PRIx64 " without inode", mapping);
		return err;
	}
	err = ps_target_read_u64(o->t, host + ps_off(&L->inode_i_sb), &sb);
	if (err)
		return err;
	err = ps_target_read_string(o->t, sb + ps_off(&L->sb_id), sid,
				    L->sb_id.size && L->sb_id.size < sizeof(sid) ? L->sb_id.size : sizeof(sid));
	if (err)
		return err;
	if (sb && sb == o->blockdev_sb)
		return ps_bdev_name(o, host, sid, name, len);
	err = ps_target_read_u64(o->t, host + ps_off(&L->inode_i_dentry) +
					ps_off(&L->hlist_head_first), &first);
	if (err)
		return err;
	if (first) {
		err = ps_dentry_path(o, first - ps_off(ps_dentry_alias(L)), path, sizeof(path));
		if (err)
			return err;
		snprintf(name, len, "%s:%s", sid, path);
		return NULL;
	}
	err = ps_target_read_u64(o->t, host + ps_off(&L->inode_i_ino), &ino);
	if (err)
		return err;
	snprintf(name, len, "%s: inode %" PRIu64, sid, ino);
	return NULL;
}

struct ps_error *ps_owners_file(struct ps_owners *o, uint64_t mapping,
				uint32_t *id_ret)
{
	char name[PS_OWNER_NAME_MAX];
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&o->table, mapping, id_ret))
		return NULL;
	if (!ps_file_layout(&o->t->layout))
		return ps_owners_named(o, mapping, PS_POWN_file, PS_OWNER_MOV_movable,
				       "(inode layout unknown)", id_ret);
	err = ps_file_name(o, mapping, name, sizeof(name));
	if (err) {
		snprintf(name, sizeof(name), "address_space %#" PRIx64, mapping);
		return ps_owners_unreadable(o, mapping, PS_POWN_file, name, err, id_ret);
	}
	return ps_owners_named(o, mapping, PS_POWN_file, PS_OWNER_MOV_movable,
			       name, id_ret);
}
