// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "layout/buf.h"
#include "target/target.h"
#include "kernel/xarray.h"

static bool ps_xa_layout_present(const struct ps_layout *L)
{
	return L->xarray_head.present && L->xa_node_size.present &&
	       L->xa_node_shift.present && L->xa_node_offset.present &&
	       L->xa_node_count.present && L->xa_node_parent.present &&
	       L->xa_node_array.present && L->xa_node_slots.present;
}

struct ps_error *ps_xa_iter_init(struct ps_xa_iter *it, struct ps_target *t,
				 uint64_t xa)
{
	const struct ps_layout *L = &t->layout;
	uint32_t n;

	memset(it, 0, sizeof(*it));
	it->t = t;
	it->xa = xa;
	if (!ps_xa_layout_present(L))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the debug info describes no struct xarray");
	n = L->xa_node_slots.nr_elems;
	/* XA_CHUNK_SIZE is 1 << XA_CHUNK_SHIFT: the bound of slots[]. */
	if (n < 2 || (n & (n - 1)) || L->xa_node_slots.elem_size != 8)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "struct xa_node has %u slots: not a power of two",
				       n);
	it->nr_slots = n;
	it->chunk_shift = (unsigned)__builtin_ctz(n);
	return NULL;
}

void ps_xa_iter_deinit(struct ps_xa_iter *it)
{
	for (int i = 0; i < PS_XA_MAX_DEPTH; i++)
		free(it->frames[i].buf);
	memset(it, 0, sizeof(*it));
}

static uint64_t ps_xa_slot(const struct ps_xa_iter *it,
			   const struct ps_xa_frame *f, unsigned slot)
{
	const struct ps_lval *s = &it->t->layout.xa_node_slots;

	return ps_get_u64(f->buf, ps_off(s) + (uint64_t)slot * s->elem_size);
}

static struct ps_error *ps_xa_bad(const struct ps_xa_iter *it, uint64_t node,
				  const char *what, uint64_t found,
				  uint64_t expected)
{
	return ps_error_at(PS_ERR_CORRUPT, node,
			   "xarray %#llx: node %#llx has %s %#llx, expected %#llx",
			   (unsigned long long)it->xa, (unsigned long long)node,
			   what, (unsigned long long)found,
			   (unsigned long long)expected);
}

/* Does the node in @f hang where its parent says? */
static struct ps_error *ps_xa_check(const struct ps_xa_iter *it,
				    const struct ps_xa_frame *f,
				    uint64_t parent, unsigned offset,
				    int want_shift)
{
	const struct ps_layout *L = &it->t->layout;
	uint64_t array = ps_get_member(f->buf, &L->xa_node_array);
	uint64_t up = ps_get_member(f->buf, &L->xa_node_parent);
	unsigned off = (unsigned)ps_get_member(f->buf, &L->xa_node_offset);
	unsigned count = (unsigned)ps_get_member(f->buf, &L->xa_node_count);
	unsigned used = 0;

	for (unsigned i = 0; i < it->nr_slots; i++)
		used += ps_xa_slot(it, f, i) != 0;
	if (array != it->xa)
		return ps_xa_bad(it, f->node, "->array", array, it->xa);
	if (up != parent)
		return ps_xa_bad(it, f->node, "->parent", up, parent);
	if (parent && off != offset)
		return ps_xa_bad(it, f->node, "->offset", off, offset);
	if (want_shift >= 0 && f->shift != (unsigned)want_shift)
		return ps_xa_bad(it, f->node, "->shift", f->shift,
				 (uint64_t)want_shift);
	if (f->shift % it->chunk_shift || f->shift >= 64)
		return ps_xa_bad(it, f->node, "->shift", f->shift, 0);
	if (count != used)
		return ps_xa_bad(it, f->node, "->count", count, used);
	return NULL;
}

/* Read node @node into a new frame covering indices from @base. */
static struct ps_error *ps_xa_push(struct ps_xa_iter *it, uint64_t node,
				   uint64_t parent, unsigned offset,
				   uint64_t base, int want_shift)
{
	const struct ps_layout *L = &it->t->layout;
	size_t size = (size_t)L->xa_node_size.value;
	struct ps_xa_frame *f;
	struct ps_error *err;

	if (it->depth == PS_XA_MAX_DEPTH)
		return ps_error_at(PS_ERR_CORRUPT, node,
				   "xarray %#llx: deeper than %d levels",
				   (unsigned long long)it->xa, PS_XA_MAX_DEPTH);
	f = &it->frames[it->depth];
	if (!f->buf && !(f->buf = malloc(size)))
		return ps_error_nomem();
	err = ps_target_read(it->t, PS_KVADDR, node, f->buf, size);
	if (err)
		return ps_error_prefix(err, "xarray %#llx: node %#llx",
				       (unsigned long long)it->xa,
				       (unsigned long long)node);
	f->node = node;
	f->base = base;
	f->slot = 0;
	f->shift = (unsigned)ps_get_member(f->buf, &L->xa_node_shift);
	err = ps_xa_check(it, f, parent, offset, want_shift);
	if (err)
		return err;
	it->depth++;
	it->nr_nodes++;
	return NULL;
}

/* The first call: an empty xarray, a single entry at 0, or a root node. */
static struct ps_error *ps_xa_start(struct ps_xa_iter *it, uint64_t *index_ret,
				    uint64_t *entry_ret)
{
	uint64_t head;
	struct ps_error *err = ps_target_read_u64(
		it->t, it->xa + ps_off(&it->t->layout.xarray_head), &head);

	it->started = true;
	if (err)
		return ps_error_prefix(err, "xarray %#llx",
				       (unsigned long long)it->xa);
	if (ps_xa_is_node(head))
		return ps_xa_push(it, ps_xa_to_node(head), 0, 0, 0, -1);
	it->done = true;
	if (!head || ps_xa_is_internal(head))
		return &ps_stop;
	*index_ret = 0;
	*entry_ret = head;
	return NULL;
}

/* Look at the next slot of the deepest node: descend, yield or skip. */
static struct ps_error *ps_xa_step(struct ps_xa_iter *it, bool *yielded,
				   uint64_t *index_ret, uint64_t *entry_ret)
{
	struct ps_xa_frame *f = &it->frames[it->depth - 1];
	unsigned slot = f->slot++;
	uint64_t e = ps_xa_slot(it, f, slot);
	uint64_t index = f->base + ((uint64_t)slot << f->shift);

	*yielded = false;
	if (!e)
		return NULL;
	if (ps_xa_is_node(e)) {
		if (!f->shift)
			return ps_xa_bad(it, f->node, "a node in a leaf slot",
					 e, 0);
		return ps_xa_push(it, ps_xa_to_node(e), f->node, slot, index,
				  (int)(f->shift - it->chunk_shift));
	}
	/* Sibling, retry and zero entries stand for no entry of their own. */
	if (ps_xa_is_internal(e))
		return NULL;
	*yielded = true;
	*index_ret = index;
	*entry_ret = e;
	return NULL;
}

struct ps_error *ps_xa_iter_next(struct ps_xa_iter *it, uint64_t *index_ret,
				 uint64_t *entry_ret)
{
	bool yielded = false;
	struct ps_error *err;

	if (!it->started) {
		err = ps_xa_start(it, index_ret, entry_ret);
		if (err || it->done)
			return err;
	}
	while (it->depth && !yielded) {
		if (ps_target_interrupted(it->t))
			return ps_error_create(PS_ERR_INTERRUPTED, "interrupted");
		if (it->frames[it->depth - 1].slot == it->nr_slots) {
			it->depth--;
			continue;
		}
		err = ps_xa_step(it, &yielded, index_ret, entry_ret);
		if (err)
			return err;
	}
	return yielded ? NULL : &ps_stop;
}
