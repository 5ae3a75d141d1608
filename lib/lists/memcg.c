// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lists/memcg.h"
#include "target/target.h"

/* Cgroup hierarchies are shallow; a deeper one is a loop in the data. */
enum { PS_MEMCG_MAX_DEPTH = 64, PS_MEMCG_MAX_CHILDREN = 1 << 20 };

static bool ps_memcg_layout_present(const struct ps_layout *L)
{
	return L->sym_root_mem_cgroup.present && L->memcg_css.present &&
	       L->memcg_id.present && L->memcg_kmemcg_id.present &&
	       L->css_sibling.present && L->css_children.present &&
	       L->css_flags.present && L->css_cgroup.present;
}

/* ------------------------------------------------------------------ */
/* Paths                                                              */
/* ------------------------------------------------------------------ */

static const struct ps_lval *ps_kn_parent_member(const struct ps_layout *L)
{
	/* kernfs_node.parent became __parent (RCU-protected) in v6.15. */
	return L->kn_parent.present ? &L->kn_parent : &L->kn_parent_rcu;
}

/* Prepend "/@name" to the path being built from the end of @buf. */
static size_t ps_path_prepend(char *buf, size_t pos, const char *name)
{
	size_t len = strlen(name);

	if (!len || len + 1 > pos)
		return pos;
	pos -= len;
	memcpy(buf + pos, name, len);
	buf[--pos] = '/';
	return pos;
}

/* Prepend the name of kernfs node @kn to the path; move @kn to its parent. */
static struct ps_error *ps_memcg_path_up(struct ps_target *t, uint64_t *kn,
					 char *buf, size_t *pos)
{
	const struct ps_layout *L = &t->layout;
	char name[128];
	uint64_t name_ptr;
	struct ps_error *err;

	err = ps_target_read_u64(t, *kn + ps_off(&L->kn_name), &name_ptr);
	if (err)
		return err;
	err = ps_target_read_string(t, name_ptr, name, sizeof(name));
	if (err)
		return err;
	err = ps_target_read_u64(t, *kn + ps_off(ps_kn_parent_member(L)), kn);
	if (err)
		return err;
	*pos = ps_path_prepend(buf, *pos, name);
	return NULL;
}

/* Build the path of @css at the end of @buf, from @pos down. */
static struct ps_error *ps_memcg_read_path(struct ps_target *t, uint64_t css,
					   char *buf, size_t *pos)
{
	const struct ps_layout *L = &t->layout;
	uint64_t cgrp, kn;
	struct ps_error *err;

	err = ps_target_read_u64(t, css + ps_off(&L->css_cgroup), &cgrp);
	if (err)
		return err;
	err = ps_target_read_u64(t, cgrp + ps_off(&L->cgroup_kn), &kn);
	if (err)
		return err;
	for (int i = 0; kn && i < PS_MEMCG_MAX_DEPTH; i++) {
		err = ps_memcg_path_up(t, &kn, buf, pos);
		if (err)
			return err;
	}
	return NULL;
}

/* The cgroup path of @css, from its kernfs node up to the root. */
static struct ps_error *ps_memcg_path(struct ps_target *t, uint64_t css,
				      char *path, size_t len)
{
	const struct ps_layout *L = &t->layout;
	char buf[512];
	size_t pos = sizeof(buf) - 1;
	struct ps_error *err;

	buf[pos] = '\0';
	snprintf(path, len, "?");
	if (!L->cgroup_kn.present || !L->kn_name.present ||
	    !ps_kn_parent_member(L)->present)
		return NULL;
	err = ps_memcg_read_path(t, css, buf, &pos);
	if (err)
		return ps_error_prefix(err, "cgroup path of css %#llx",
				       (unsigned long long)css);
	snprintf(path, len, "%s", buf[pos] ? buf + pos : "/");
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The tree                                                           */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_memcgs_grow(struct ps_memcgs *m, size_t *cap)
{
	struct ps_memcg *v;

	if (m->nr < *cap)
		return NULL;
	*cap = *cap ? 2 * *cap : 16;
	v = realloc(m->memcgs, *cap * sizeof(*v));
	if (!v)
		return ps_error_nomem();
	m->memcgs = v;
	return NULL;
}

/* Ids and css flags of the mem_cgroup at ret->addr. */
static struct ps_error *ps_memcg_read_ids(struct ps_target *t,
					  struct ps_memcg *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t css = ret->addr + ps_off(&L->memcg_css);
	uint32_t id, kmemcg_id, flags;
	struct ps_error *err;

	err = ps_target_read_u32(t, ret->addr + ps_off(&L->memcg_id), &id);
	if (err)
		return err;
	err = ps_target_read_u32(t, ret->addr + ps_off(&L->memcg_kmemcg_id),
				 &kmemcg_id);
	if (err)
		return err;
	err = ps_target_read_u32(t, css + ps_off(&L->css_flags), &flags);
	if (err)
		return err;
	ret->id = (int32_t)id;
	ret->kmemcg_id = (int32_t)kmemcg_id;
	ret->css_flags = flags;
	ret->online = L->css_online.present &&
		      (flags & (uint64_t)L->css_online.value);
	return NULL;
}

static struct ps_error *ps_memcg_read(struct ps_target *t, uint64_t addr,
				      struct ps_memcg *ret)
{
	struct ps_error *err;

	ret->addr = addr;
	err = ps_memcg_read_ids(t, ret);
	if (err)
		return ps_error_prefix(err, "mem_cgroup %#llx",
				       (unsigned long long)addr);
	return ps_memcg_path(t, addr + ps_off(&t->layout.memcg_css), ret->path,
			     sizeof(ret->path));
}

static struct ps_error *ps_memcgs_add(struct ps_target *t, struct ps_memcgs *m,
				      size_t *cap, uint64_t addr,
				      size_t parent, unsigned depth);

static void ps_memcgs_note_fault(struct ps_memcgs *m,
				 const struct ps_list_fault *fault,
				 uint64_t parent)
{
	if (!m->nr_broken++) {
		m->fault = *fault;
		m->fault_parent = parent;
	}
}

struct ps_memcgs_walk {
	struct ps_target *t;
	struct ps_memcgs *m;
	size_t *cap;
	size_t self;
	unsigned depth;
};

/* css.children links the children's css.sibling. */
static struct ps_error *ps_memcgs_child(uint64_t node, void *arg)
{
	struct ps_memcgs_walk *w = arg;
	const struct ps_layout *L = &w->t->layout;
	uint64_t child = node - ps_off(&L->css_sibling) - ps_off(&L->memcg_css);

	return ps_memcgs_add(w->t, w->m, w->cap, child, w->self, w->depth);
}

/* Add the children of memcgs[@self], depth first. */
static struct ps_error *ps_memcgs_children(struct ps_target *t,
					   struct ps_memcgs *m, size_t *cap,
					   size_t self)
{
	const struct ps_layout *L = &t->layout;
	uint64_t addr = m->memcgs[self].addr;
	uint64_t head = addr + ps_off(&L->memcg_css) + ps_off(&L->css_children);
	struct ps_memcgs_walk w = {
		.t = t, .m = m, .cap = cap, .self = self,
		.depth = m->memcgs[self].depth + 1,
	};
	struct ps_list_fault fault;
	struct ps_error *err = ps_list_for_each(t, head, PS_MEMCG_MAX_CHILDREN,
						ps_memcgs_child, &w, &fault);

	if (err)
		return err;
	if (ps_list_fault_is_corruption(&fault))
		ps_memcgs_note_fault(m, &fault, addr);
	return NULL;
}

static struct ps_error *ps_memcgs_add(struct ps_target *t, struct ps_memcgs *m,
				      size_t *cap, uint64_t addr,
				      size_t parent, unsigned depth)
{
	size_t self = m->nr;
	struct ps_error *err;

	if (depth >= PS_MEMCG_MAX_DEPTH)
		return ps_error_at(PS_ERR_CORRUPT, addr,
				   "memory cgroups nested deeper than %d: a loop",
				   PS_MEMCG_MAX_DEPTH);
	err = ps_memcgs_grow(m, cap);
	if (err)
		return err;
	memset(&m->memcgs[self], 0, sizeof(m->memcgs[self]));
	m->memcgs[self].parent = parent;
	m->memcgs[self].depth = depth;
	m->nr++;
	err = ps_memcg_read(t, addr, &m->memcgs[self]);
	if (err)
		return err;
	return ps_memcgs_children(t, m, cap, self);
}

static struct ps_error *ps_memcg_root(struct ps_target *t, uint64_t *ret)
{
	uint64_t sym;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_root_mem_cgroup,
				    "root_mem_cgroup", &sym);
	if (err)
		return err;
	return ps_target_read_u64(t, sym, ret);
}

struct ps_error *ps_memcgs_collect(struct ps_target *t, struct ps_memcgs *ret)
{
	uint64_t root;
	size_t cap = 0;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!ps_memcg_layout_present(&t->layout))
		return NULL;
	err = ps_memcg_root(t, &root);
	if (err)
		return ps_error_prefix(err, "root_mem_cgroup");
	if (!root)
		return NULL;	/* cgroup_disable=memory */
	ret->enabled = true;
	err = ps_memcgs_add(t, ret, &cap, root, 0, 0);
	if (err)
		ps_memcgs_deinit(ret);
	return ps_error_prefix(err, "memory cgroups");
}

void ps_memcgs_deinit(struct ps_memcgs *m)
{
	free(m->memcgs);
	memset(m, 0, sizeof(*m));
}

const struct ps_memcg *ps_memcgs_by_kmemcg_id(const struct ps_memcgs *m,
					      int kmemcg_id)
{
	for (size_t i = 0; i < m->nr; i++) {
		const struct ps_memcg *c = &m->memcgs[i];

		if (c->online && c->kmemcg_id == kmemcg_id)
			return c;
	}
	return NULL;
}

struct ps_error *ps_memcg_nodeinfo(struct ps_target *t,
				   const struct ps_memcg *memcg, int nid,
				   uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_lval *ni = &L->memcg_nodeinfo;
	uint64_t slot = memcg->addr + ps_off(ni) + (uint64_t)nid * ni->elem_size;

	*ret = 0;
	if (!ni->present || ni->elem_size != sizeof(*ret))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no mem_cgroup.nodeinfo in the debug info");
	return ps_target_read_u64(t, slot, ret);
}
