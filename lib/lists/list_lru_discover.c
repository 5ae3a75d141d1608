// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the list_lrus: the super_blocks' (super_blocks), the named
 * globals the kernel has (shadow_nodes, deferred_split_lru), and every
 * memcg-aware lru, which list_lru_register() links on memcg_list_lrus,
 * modules' included. Lrus that are neither memcg-aware nor reachable
 * from a known owner have no registry in the kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/text_symbol.h"
#include "lists/globals.h"

#include "lists/list_lru.h"
#include "walk/owner.h"
#include "target/target.h"

enum { PS_LRU_MAX_REGISTERED = 1 << 20 };

static struct ps_error *ps_ids_add(struct ps_list_lru_ids *ids, size_t *cap,
				   const struct ps_list_lru_id *id)
{
	for (size_t i = 0; i < ids->nr; i++) {
		if (ids->ids[i].addr == id->addr)
			return NULL;
	}
	if (ids->nr == *cap) {
		size_t n = *cap ? 2 * *cap : 32;
		struct ps_list_lru_id *v = realloc(ids->ids, n * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		ids->ids = v;
		*cap = n;
	}
	ids->ids[ids->nr++] = *id;
	return NULL;
}

static void ps_ids_note_fault(struct ps_list_lru_ids *ids,
			      const struct ps_list_fault *fault,
			      const char *list)
{
	if (!ids->nr_broken++) {
		ids->fault = *fault;
		ids->fault_list = list;
	}
}

struct ps_ids_walk {
	struct ps_target *t;
	struct ps_list_lru_ids *ids;
	size_t *cap;
	struct ps_error *(*fn)(struct ps_target *, struct ps_list_lru_ids *,
			       size_t *, uint64_t);
};

static struct ps_error *ps_ids_entry(uint64_t node, void *arg)
{
	struct ps_ids_walk *w = arg;

	return w->fn(w->t, w->ids, w->cap, node);
}

/* Walk the list at @head, calling @fn for each node; a break is noted. */
static struct ps_error *ps_ids_walk(struct ps_target *t, struct ps_list_lru_ids *ids,
				    size_t *cap, uint64_t head,
				    const char *list,
				    struct ps_error *(*fn)(struct ps_target *,
							   struct ps_list_lru_ids *,
							   size_t *, uint64_t))
{
	struct ps_ids_walk w = { .t = t, .ids = ids, .cap = cap, .fn = fn };
	struct ps_list_fault fault;
	struct ps_error *err = ps_list_for_each(t, head, PS_LRU_MAX_REGISTERED,
						ps_ids_entry, &w, &fault);

	if (err)
		return err;
	if (ps_list_fault_is_corruption(&fault))
		ps_ids_note_fault(ids, &fault, list);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Super blocks                                                       */
/* ------------------------------------------------------------------ */

static bool ps_sb_layout_present(const struct ps_layout *L)
{
	return L->sym_super_blocks.present && L->sb_list.present &&
	       L->sb_type.present && L->sb_id.present &&
	       L->sb_dentry_lru.present && L->sb_inode_lru.present &&
	       L->fstype_name.present;
}

/* sb->s_type->name, when the super block has a type and the type a name. */
static struct ps_error *ps_sb_fstype(struct ps_target *t, uint64_t sb,
				     struct ps_list_lru_id *id)
{
	const struct ps_layout *L = &t->layout;
	uint64_t type, name;
	struct ps_error *err;

	err = ps_target_read_u64(t, sb + ps_off(&L->sb_type), &type);
	if (err || !type)
		return err;
	err = ps_target_read_u64(t, type + ps_off(&L->fstype_name), &name);
	if (err || !name)
		return err;
	return ps_target_read_string(t, name, id->fstype, sizeof(id->fstype));
}

static struct ps_error *ps_sb_read_names(struct ps_target *t, uint64_t sb,
					 struct ps_list_lru_id *id)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err = ps_sb_fstype(t, sb, id);

	if (err)
		return err;
	return ps_target_read_string(t, sb + ps_off(&L->sb_id), id->dev,
				     L->sb_id.size < sizeof(id->dev) ?
					     L->sb_id.size + 1 :
					     sizeof(id->dev));
}

static struct ps_error *ps_sb_names(struct ps_target *t, uint64_t sb,
				    struct ps_list_lru_id *id)
{
	return ps_error_prefix(ps_sb_read_names(t, sb, id), "super_block %#llx",
			       (unsigned long long)sb);
}

static struct ps_error *ps_sb_add(struct ps_target *t, struct ps_list_lru_ids *ids,
				  size_t *cap, uint64_t node)
{
	const struct ps_layout *L = &t->layout;
	uint64_t sb = node - ps_off(&L->sb_list);
	struct ps_list_lru_id id = { .sb = sb };
	struct ps_error *err = ps_sb_names(t, sb, &id);

	if (err)
		return err;
	id.kind = PS_LRU_DENTRY;
	id.addr = sb + ps_off(&L->sb_dentry_lru);
	snprintf(id.name, sizeof(id.name), "%s:%s:dentries", id.fstype, id.dev);
	err = ps_ids_add(ids, cap, &id);
	if (err)
		return err;
	id.kind = PS_LRU_INODE;
	id.addr = sb + ps_off(&L->sb_inode_lru);
	snprintf(id.name, sizeof(id.name), "%s:%s:inodes", id.fstype, id.dev);
	return ps_ids_add(ids, cap, &id);
}

/* ------------------------------------------------------------------ */
/* Named globals and the registry                                     */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_ids_global(struct ps_target *t,
				      struct ps_list_lru_ids *ids, size_t *cap,
				      const struct ps_lval *sym,
				      const char *name, enum ps_list_lru_kind kind)
{
	struct ps_list_lru_id id = { .kind = kind };
	struct ps_error *err;

	if (!sym->present)
		return NULL;
	err = ps_target_symbol_addr(t, sym, name, &id.addr);
	if (err)
		return err;
	snprintf(id.name, sizeof(id.name), "%s", name);
	return ps_ids_add(ids, cap, &id);
}

/*
 * A module's own list_lru by its symbol, "fm_lru [faultmod]"; false when
 * no loaded module's symbols name @p addr (or they cannot be read).
 */
static bool ps_module_lru_name(struct ps_target *t, uint64_t addr, char *buf, size_t len)
{
	struct ps_text_symbol s;
	struct ps_error *err = ps_text_symbol(t, addr, &s);

	if (err || !s.module) {
		ps_error_destroy(err);
		return false;
	}
	if (s.offset)
		snprintf(buf, len, "%s+%#llx [%s]", s.name, (unsigned long long)s.offset,
			 s.module);
	else
		ps_text_symbol_format(&s, buf, len);
	return true;
}

/* A registered lru nobody named: by its symbol, or by its address. */
static struct ps_error *ps_registered_add(struct ps_target *t,
					  struct ps_list_lru_ids *ids, size_t *cap,
					  uint64_t node)
{
	struct ps_list_lru_id id = { .kind = PS_LRU_OTHER };
	struct ps_owner o;
	struct ps_error *err;

	id.addr = node - ps_off(&t->layout.list_lru_list);
	err = ps_owner_find(t, id.addr, &o);
	if (err)
		return err;
	if (o.kind == PS_OWNER_SYMBOL && !o.offset)
		snprintf(id.name, sizeof(id.name), "%s", o.symbol);
	else if (o.kind == PS_OWNER_SYMBOL)
		snprintf(id.name, sizeof(id.name), "%s+%#llx", o.symbol,
			 (unsigned long long)o.offset);
	else if (!ps_module_lru_name(t, id.addr, id.name, sizeof(id.name)))
		snprintf(id.name, sizeof(id.name), "list_lru@%#llx",
			 (unsigned long long)id.addr);
	return ps_ids_add(ids, cap, &id);
}

static struct ps_error *ps_ids_add_globals(struct ps_target *t,
					   struct ps_list_lru_ids *ids, size_t *cap,
					   const struct ps_globals *g)
{
	struct ps_symbols *syms;
	struct ps_error *err = ps_target_symbols(t, &syms);

	if (err)
		return err;
	for (size_t i = 0; i < g->nr; i++) {
		struct ps_list_lru_id id = { .kind = PS_LRU_OTHER };

		/* Declared here, defined in a module not loaded: no symbol. */
		err = syms->ops->lookup(syms->priv, g->names[i], &id.addr);
		if (err) {
			ps_error_destroy(err);
			continue;
		}
		snprintf(id.name, sizeof(id.name), "%s", g->names[i]);
		err = ps_ids_add(ids, cap, &id);
		if (err)
			return err;
	}
	return NULL;
}

/*
 * Every other global struct list_lru the type information knows (DWARF
 * only: BTF and crash's tables cannot tell).
 */
static struct ps_error *ps_ids_all_globals(struct ps_target *t,
					   struct ps_list_lru_ids *ids, size_t *cap)
{
	_cleanup_(ps_globals_deinit) struct ps_globals g;
	struct ps_error *err = ps_globals_of_type(t, "struct list_lru", &g);

	if (err || !g.known)
		return err;
	err = ps_ids_add_globals(t, ids, cap, &g);
	if (err)
		return err;
	ids->all_globals = true;
	return NULL;
}

/* The dentry and inode lrus of every super block on super_blocks. */
static struct ps_error *ps_ids_super_blocks(struct ps_target *t,
					    struct ps_list_lru_ids *ids, size_t *cap)
{
	const struct ps_layout *L = &t->layout;
	uint64_t head;
	struct ps_error *err;

	if (!ps_sb_layout_present(L))
		return NULL;
	err = ps_target_symbol_addr(t, &L->sym_super_blocks, "super_blocks",
				    &head);
	if (err)
		return err;
	return ps_ids_walk(t, ids, cap, head, "super_blocks", ps_sb_add);
}

/* Every memcg-aware lru, on memcg_list_lrus. */
static struct ps_error *ps_ids_registered(struct ps_target *t,
					  struct ps_list_lru_ids *ids, size_t *cap)
{
	const struct ps_layout *L = &t->layout;
	/* Named list_lrus before v5.18. */
	const struct ps_lval *sym = L->sym_memcg_list_lrus.present
					    ? &L->sym_memcg_list_lrus
					    : &L->sym_list_lrus;
	const char *name = L->sym_memcg_list_lrus.present ? "memcg_list_lrus"
							  : "list_lrus";
	uint64_t head;
	struct ps_error *err;

	if (!sym->present || !L->list_lru_list.present)
		return NULL;
	err = ps_target_symbol_addr(t, sym, name, &head);
	if (err)
		return err;
	return ps_ids_walk(t, ids, cap, head, name, ps_registered_add);
}

static struct ps_error *ps_ids_find(struct ps_target *t, struct ps_list_lru_ids *ids)
{
	const struct ps_layout *L = &t->layout;
	size_t cap = 0;
	struct ps_error *err;

	err = ps_ids_super_blocks(t, ids, &cap);
	if (err)
		return err;
	err = ps_ids_global(t, ids, &cap, &L->sym_shadow_nodes, "shadow_nodes",
			    PS_LRU_SHADOW);
	if (err)
		return err;
	err = ps_ids_global(t, ids, &cap, &L->sym_deferred_split_lru,
			    "deferred_split_lru", PS_LRU_THP_SPLIT);
	if (err)
		return err;
	err = ps_ids_registered(t, ids, &cap);
	if (err)
		return err;
	return ps_ids_all_globals(t, ids, &cap);
}

struct ps_error *ps_list_lru_discover(struct ps_target *t, struct ps_list_lru_ids *ret)
{
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	err = ps_ids_find(t, ret);
	if (err)
		ps_list_lru_ids_deinit(ret);
	return ps_error_prefix(err, "finding the list_lrus");
}

void ps_list_lru_ids_deinit(struct ps_list_lru_ids *ids)
{
	free(ids->ids);
	memset(ids, 0, sizeof(*ids));
}
