// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "snapshot/journal.h"
#include "snapshot/recorder.h"

struct ps_rec_extent {
	struct ps_snapshot_extent e;
	size_t data;		/* offset of its bytes (or message) in the pool */
};

struct ps_rec_range {
	uint64_t start, end;
};

struct ps_snapshot_recorder {
	pthread_mutex_t lock;
	size_t nr, cap;
	struct ps_rec_extent *extents;
	size_t pool_len, pool_cap;
	unsigned char *pool;
	size_t nr_skip;
	struct ps_rec_range skip[64];
	struct ps_journal symbols, types, translations;
	/* The target's providers, and what they were before. */
	struct ps_mem *mem, orig_mem;
	struct ps_types *types_at, orig_types;
	struct ps_symbols *symbols_at, orig_symbols;
	/* The wrappers' ops: what the originals lack, they lack too. */
	struct ps_mem_ops mem_ops;
	struct ps_type_ops type_ops;
};

/* ------------------------------------------------------------------ */
/* Memory                                                             */
/* ------------------------------------------------------------------ */

static bool ps_rec_skipped(const struct ps_snapshot_recorder *r,
			   enum ps_addr_space space, uint64_t addr, size_t len)
{
	if (space != PS_KVADDR)
		return false;
	for (size_t i = 0; i < r->nr_skip; i++) {
		if (addr >= r->skip[i].start && addr + len <= r->skip[i].end)
			return true;
	}
	return false;
}

static bool ps_rec_grow(struct ps_snapshot_recorder *r, size_t bytes)
{
	if (r->nr == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		void *v = realloc(r->extents, cap * sizeof(*r->extents));

		if (!v)
			return false;
		r->extents = v;
		r->cap = cap;
	}
	if (r->pool_len + bytes > r->pool_cap) {
		size_t cap = r->pool_cap ? 2 * r->pool_cap : 1 << 20;
		void *v;

		while (cap < r->pool_len + bytes)
			cap *= 2;
		v = realloc(r->pool, cap);
		if (!v)
			return false;
		r->pool = v;
		r->pool_cap = cap;
	}
	return true;
}

/*
 * Keep @p len bytes (a read) or the failure @p err at @p addr. Out of
 * memory, the recording is incomplete: what was not kept reads as absent
 * from the snapshot, which says so.
 */
static void ps_rec_keep(struct ps_snapshot_recorder *r, enum ps_addr_space space,
			uint64_t addr, const void *bytes, size_t len,
			const struct ps_error *err)
{
	const char *msg = err ? err->message : NULL;
	size_t n = err ? strlen(msg) : len;

	pthread_mutex_lock(&r->lock);
	if (!ps_rec_skipped(r, space, addr, err ? 1 : len) && ps_rec_grow(r, n)) {
		r->extents[r->nr++] = (struct ps_rec_extent){
			.e = { .addr = addr, .len = n, .space = space,
			       .hole = err ? (int32_t)err->code : 0 },
			.data = r->pool_len,
		};
		memcpy(r->pool + r->pool_len, err ? msg : bytes, n);
		r->pool_len += n;
	}
	pthread_mutex_unlock(&r->lock);
}

struct ps_rec_mem {
	struct ps_mem inner;
	struct ps_snapshot_recorder *r;
};

static struct ps_error *ps_rec_read(void *priv, enum ps_addr_space space,
				    uint64_t addr, void *buf, size_t len,
				    size_t *done_ret)
{
	struct ps_rec_mem *m = priv;
	struct ps_error *err;

	*done_ret = 0;
	err = m->inner.ops->read(m->inner.priv, space, addr, buf, len, done_ret);
	if (*done_ret)
		ps_rec_keep(m->r, space, addr, buf, *done_ret, NULL);
	if (err && err != &ps_stop)
		ps_rec_keep(m->r, space, addr + *done_ret, NULL, 0, err);
	return err;
}

static const char *ps_rec_vmcoreinfo(void *priv)
{
	struct ps_rec_mem *m = priv;

	return m->inner.ops->vmcoreinfo(m->inner.priv);
}

static struct ps_error *ps_rec_virt_to_phys(void *priv, uint64_t vaddr,
					    uint64_t *ret)
{
	struct ps_rec_mem *m = priv;
	struct ps_error *err;
	char key[32];

	if (!m->inner.ops->virt_to_phys)
		return ps_error_at(PS_ERR_UNSUPPORTED, vaddr,
				   "cannot translate kernel address %#" PRIx64, vaddr);
	err = m->inner.ops->virt_to_phys(m->inner.priv, vaddr, ret);
	snprintf(key, sizeof(key), "%#" PRIx64, vaddr);
	pthread_mutex_lock(&m->r->lock);
	ps_journal_put(&m->r->translations, key, err, "%#" PRIx64, err ? 0 : *ret);
	pthread_mutex_unlock(&m->r->lock);
	return err;
}

static struct ps_error *ps_rec_paging(void *priv, struct ps_paging *ret)
{
	struct ps_rec_mem *m = priv;

	return m->inner.ops->paging(m->inner.priv, ret);
}

static struct ps_error *ps_rec_clone(void *priv, struct ps_mem *ret);

/*
 * The memory map, stored whole already, is shown as the reader shows it
 * (no copy, no decompression into libkdumpfile's cache): the walks of the
 * subcommands save runs go at their usual speed. Anything else is read,
 * so that it is recorded.
 */
static struct ps_error *ps_rec_view(void *priv, enum ps_addr_space space,
				    uint64_t addr, size_t len, const void **ret)
{
	struct ps_rec_mem *m = priv;

	*ret = NULL;
	if (!ps_rec_skipped(m->r, space, addr, len))
		return NULL;
	return m->inner.ops->view(m->inner.priv, space, addr, len, ret);
}

static struct ps_error *ps_rec_view_end(void *priv)
{
	struct ps_rec_mem *m = priv;

	return m->inner.ops->view_end(m->inner.priv);
}

static struct ps_error *ps_rec_forget(void *priv)
{
	struct ps_rec_mem *m = priv;

	return m->inner.ops->forget ? m->inner.ops->forget(m->inner.priv) : NULL;
}

/* A clone's wrapper owns its inner reader; the target's does not. */
static void ps_rec_mem_destroy(void *priv)
{
	struct ps_rec_mem *m = priv;

	m->inner.ops->destroy(m->inner.priv);
	free(m);
}

static const struct ps_mem_ops ps_rec_mem_ops = {
	.name = "recording",
	.read = ps_rec_read,
	.vmcoreinfo = ps_rec_vmcoreinfo,
	.virt_to_phys = ps_rec_virt_to_phys,
	.paging = ps_rec_paging,
	.clone = ps_rec_clone,
	.view = ps_rec_view,
	.view_end = ps_rec_view_end,
	.forget = ps_rec_forget,
	.destroy = ps_rec_mem_destroy,
};

static struct ps_error *ps_rec_clone(void *priv, struct ps_mem *ret)
{
	struct ps_rec_mem *m = priv, *c;
	struct ps_error *err;

	if (!m->inner.ops->clone)
		return ps_error_create(PS_ERR_UNSUPPORTED, "the reader cannot be cloned");
	c = calloc(1, sizeof(*c));
	if (!c)
		return ps_error_nomem();
	err = m->inner.ops->clone(m->inner.priv, &c->inner);
	if (err) {
		free(c);
		return err;
	}
	c->r = m->r;
	*ret = (struct ps_mem){ &m->r->mem_ops, c };
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Types and symbols                                                  */
/* ------------------------------------------------------------------ */

struct ps_rec_types {
	struct ps_types inner;
	struct ps_snapshot_recorder *r;
};

static void ps_rec_put(struct ps_snapshot_recorder *r, struct ps_journal *j,
		       const char *key, const struct ps_error *err,
		       const char *value)
{
	pthread_mutex_lock(&r->lock);
	ps_journal_put(j, key, err, "%s", value);
	pthread_mutex_unlock(&r->lock);
}

static struct ps_error *ps_rec_type_size(void *priv, const char *type,
					 uint64_t *ret)
{
	struct ps_rec_types *t = priv;
	struct ps_error *err = t->inner.ops->type_size(t->inner.priv, type, ret);
	_cleanup_free_ char *key = NULL;
	char value[32];

	snprintf(value, sizeof(value), "%" PRIu64, err ? 0 : *ret);
	if (asprintf(&key, "size %s", type) >= 0)
		ps_rec_put(t->r, &t->r->types, key, err, value);
	return err;
}

static struct ps_error *ps_rec_member(void *priv, const char *type,
				      const char *path,
				      struct ps_member_info *ret)
{
	struct ps_rec_types *t = priv;
	struct ps_error *err = t->inner.ops->member(t->inner.priv, type, path, ret);
	_cleanup_free_ char *key = NULL;
	char value[160] = "";

	if (!err)
		snprintf(value, sizeof(value), "%" PRIu64 " %" PRIu64 " %d %" PRIu64 " %" PRIu64 " %u %u",
			 ret->offset, ret->size, ret->is_array, ret->nr_elems,
			 ret->elem_size, ret->bit_offset, ret->bit_size);
	if (asprintf(&key, "member %s|%s", type, path) >= 0)
		ps_rec_put(t->r, &t->r->types, key, err, value);
	return err;
}

static struct ps_error *ps_rec_enumerator(void *priv, const char *enum_type,
					  const char *name, int64_t *ret)
{
	struct ps_rec_types *t = priv;
	struct ps_error *err = t->inner.ops->enumerator(t->inner.priv, enum_type, name, ret);
	_cleanup_free_ char *key = NULL;
	char value[32];

	snprintf(value, sizeof(value), "%" PRId64, err ? 0 : *ret);
	if (asprintf(&key, "enum %s|%s", enum_type ? enum_type : "*", name) >= 0)
		ps_rec_put(t->r, &t->r->types, key, err, value);
	return err;
}

static struct ps_error *ps_rec_variable(void *priv, const char *name,
					struct ps_member_info *ret)
{
	struct ps_rec_types *t = priv;
	struct ps_error *err = t->inner.ops->variable(t->inner.priv, name, ret);
	_cleanup_free_ char *key = NULL;
	char value[160] = "";

	if (!err)
		snprintf(value, sizeof(value), "%" PRIu64 " %" PRIu64 " %d %" PRIu64 " %" PRIu64 " %u %u",
			 ret->offset, ret->size, ret->is_array, ret->nr_elems,
			 ret->elem_size, ret->bit_offset, ret->bit_size);
	if (asprintf(&key, "variable %s", name) >= 0)
		ps_rec_put(t->r, &t->r->types, key, err, value);
	return err;
}

/* The names, space-separated, gathered while the provider lists them. */
struct ps_rec_names {
	void (*fn)(const char *name, void *arg);
	void *arg;
	char *text;
	size_t len;
	bool failed;
};

static void ps_rec_name(const char *name, void *arg)
{
	struct ps_rec_names *n = arg;
	size_t add = strlen(name) + 1;
	char *v = n->failed ? NULL : realloc(n->text, n->len + add + 1);

	n->fn(name, n->arg);
	if (!v) {
		n->failed = true;
		return;
	}
	n->text = v;
	memcpy(n->text + n->len, name, add - 1);
	n->text[n->len + add - 1] = ' ';
	n->len += add;
	n->text[n->len] = '\0';
}

static void ps_rec_ignore(const char *name, void *arg)
{
	(void)name;
	(void)arg;
}

static struct ps_error *ps_rec_variables_of_type(void *priv, const char *type,
						 void (*fn)(const char *name, void *arg),
						 void *arg)
{
	struct ps_rec_types *t = priv;
	struct ps_rec_names names = { .fn = fn, .arg = arg };
	_cleanup_free_ char *key = NULL;
	struct ps_error *err;

	err = t->inner.ops->variables_of_type(t->inner.priv, type, ps_rec_name, &names);
	/* A list cut short by memory is not kept: the replay says so. */
	if (!names.failed && asprintf(&key, "variables %s", type) >= 0)
		ps_rec_put(t->r, &t->r->types, key, err, names.text ? names.text : "");
	free(names.text);
	return err;
}

void ps_snapshot_recorder_note_variables(struct ps_snapshot_recorder *r,
					 const char *type, char *const *names,
					 size_t nr)
{
	struct ps_rec_names all = { .fn = ps_rec_ignore };
	_cleanup_free_ char *key = NULL;

	for (size_t i = 0; i < nr; i++)
		ps_rec_name(names[i], &all);
	if (!all.failed && asprintf(&key, "variables %s", type) >= 0)
		ps_rec_put(r, &r->types, key, NULL, all.text ? all.text : "");
	free(all.text);
}

static void ps_rec_hint(void *priv, uint64_t addr)
{
	struct ps_rec_types *t = priv;

	if (t->inner.ops->hint)
		t->inner.ops->hint(t->inner.priv, addr);
}

static void ps_rec_set_hinted_only(void *priv, bool hinted_only)
{
	struct ps_rec_types *t = priv;

	if (t->inner.ops->set_hinted_only)
		t->inner.ops->set_hinted_only(t->inner.priv, hinted_only);
}

static void ps_rec_types_destroy(void *priv)
{
	struct ps_rec_types *t = priv;

	t->inner.ops->destroy(t->inner.priv);
	free(t);
}

struct ps_rec_symbols {
	struct ps_symbols inner;
	struct ps_snapshot_recorder *r;
};

static struct ps_error *ps_rec_lookup(void *priv, const char *name,
				      uint64_t *ret)
{
	struct ps_rec_symbols *s = priv;
	struct ps_error *err = s->inner.ops->lookup(s->inner.priv, name, ret);
	_cleanup_free_ char *key = NULL;
	char value[32];

	snprintf(value, sizeof(value), "%#" PRIx64, err ? 0 : *ret);
	if (asprintf(&key, "lookup %s", name) >= 0)
		ps_rec_put(s->r, &s->r->symbols, key, err, value);
	return err;
}

static struct ps_error *ps_rec_resolve(void *priv, uint64_t addr,
				       const char **name_ret,
				       uint64_t *offset_ret)
{
	struct ps_rec_symbols *s = priv;
	struct ps_error *err = s->inner.ops->resolve(s->inner.priv, addr, name_ret,
						     offset_ret);
	_cleanup_free_ char *value = NULL;
	char key[48];

	snprintf(key, sizeof(key), "resolve %#" PRIx64, addr);
	if (err || asprintf(&value, "%#" PRIx64 " %s", *offset_ret, *name_ret) >= 0)
		ps_rec_put(s->r, &s->r->symbols, key, err, value ? value : "");
	return err;
}

static void ps_rec_symbols_destroy(void *priv)
{
	struct ps_rec_symbols *s = priv;

	s->inner.ops->destroy(s->inner.priv);
	free(s);
}

static const struct ps_type_ops ps_rec_type_ops = {
	.name = "recording",
	.type_size = ps_rec_type_size,
	.member = ps_rec_member,
	.enumerator = ps_rec_enumerator,
	.variable = ps_rec_variable,
	.variables_of_type = ps_rec_variables_of_type,
	.hint = ps_rec_hint,
	.set_hinted_only = ps_rec_set_hinted_only,
	.destroy = ps_rec_types_destroy,
};

static const struct ps_symbol_ops ps_rec_symbol_ops = {
	.name = "recording",
	.lookup = ps_rec_lookup,
	.resolve = ps_rec_resolve,
	.destroy = ps_rec_symbols_destroy,
};

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

static int ps_rec_extent_cmp(const void *a, const void *b)
{
	const struct ps_rec_extent *x = *(struct ps_rec_extent *const *)a;
	const struct ps_rec_extent *y = *(struct ps_rec_extent *const *)b;

	if (x->e.space != y->e.space)
		return x->e.space < y->e.space ? -1 : 1;
	if (x->e.addr != y->e.addr)
		return x->e.addr < y->e.addr ? -1 : 1;
	if (!x->e.hole != !y->e.hole)
		return x->e.hole ? 1 : -1;	/* bytes before failures */
	return x < y ? -1 : x > y;
}

/* The output: a table of extents and a pool of their bytes. */
struct ps_rec_out {
	size_t nr, cap;
	struct ps_snapshot_extent *table;
	size_t len, pool_cap;
	unsigned char *pool;
};

static bool ps_rec_out_add(struct ps_rec_out *o, const struct ps_snapshot_extent *e,
			   const void *bytes)
{
	if (o->nr == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 1024;
		void *v = realloc(o->table, cap * sizeof(*o->table));

		if (!v)
			return false;
		o->table = v;
		o->cap = cap;
	}
	if (o->len + e->len > o->pool_cap) {
		size_t cap = o->pool_cap ? 2 * o->pool_cap : 1 << 20;
		void *v;

		while (cap < o->len + e->len)
			cap *= 2;
		v = realloc(o->pool, cap);
		if (!v)
			return false;
		o->pool = v;
		o->pool_cap = cap;
	}
	o->table[o->nr++] = *e;
	memcpy(o->pool + o->len, bytes, e->len);
	o->len += e->len;
	return true;
}

/* Grow the last extent over @p x, which starts inside it or right after. */
static void ps_rec_out_extend(struct ps_rec_out *o, const struct ps_snapshot_recorder *r,
			      const struct ps_rec_extent *x)
{
	struct ps_snapshot_extent *last = &o->table[o->nr - 1];
	uint64_t end = last->addr + last->len, xend = x->e.addr + x->e.len;
	struct ps_snapshot_extent more = { end, xend - end, x->e.space, 0 };

	if (xend <= end)
		return;
	/* Adding may move the table: find the last entry again after. */
	if (!ps_rec_out_add(o, &more, r->pool + x->data + (end - x->e.addr)))
		return;
	/* Adding may have moved the table: @last is stale now. */
	o->nr--;
	o->table[o->nr - 1].len += more.len;
}

/* Overlapping reads merged; a failure kept where no read succeeded. */
static bool ps_rec_merge(const struct ps_snapshot_recorder *r,
			 struct ps_rec_extent **sorted, struct ps_rec_out *o)
{
	for (size_t i = 0; i < r->nr; i++) {
		const struct ps_rec_extent *x = sorted[i];
		struct ps_snapshot_extent *last = o->nr ? &o->table[o->nr - 1] : NULL;
		bool touches = last && !last->hole && last->space == x->e.space &&
			       x->e.addr <= last->addr + last->len;

		if (touches && !x->e.hole)
			ps_rec_out_extend(o, r, x);
		else if (touches && x->e.addr < last->addr + last->len)
			continue;	/* a failure where bytes were read */
		else if (last && last->hole && last->space == x->e.space &&
			 last->addr == x->e.addr && x->e.hole)
			continue;	/* the same failure again */
		else if (!ps_rec_out_add(o, &x->e, r->pool + x->data))
			return false;
	}
	return true;
}

/* A merged table freed on leaving the scope. */
static void ps_rec_out_deinit(struct ps_rec_out *o)
{
	free(o->table);
	free(o->pool);
}

static struct ps_error *ps_rec_write_extents(struct ps_snapshot_recorder *r,
					     struct ps_snapshot_writer *w)
{
	_cleanup_free_ struct ps_rec_extent **sorted = calloc(r->nr ? r->nr : 1, sizeof(*sorted));
	_cleanup_(ps_rec_out_deinit) struct ps_rec_out o = { 0 };
	_cleanup_free_ unsigned char *buf = NULL;
	uint64_t count;
	size_t len;

	if (!sorted)
		return ps_error_nomem();
	for (size_t i = 0; i < r->nr; i++)
		sorted[i] = &r->extents[i];
	qsort(sorted, r->nr, sizeof(*sorted), ps_rec_extent_cmp);
	if (!ps_rec_merge(r, sorted, &o))
		return ps_error_nomem();
	count = o.nr;
	len = sizeof(count) + o.nr * sizeof(*o.table) + o.len;
	buf = malloc(len);
	if (!buf)
		return ps_error_nomem();
	memcpy(buf, &count, sizeof(count));
	memcpy(buf + sizeof(count), o.table, o.nr * sizeof(*o.table));
	memcpy(buf + sizeof(count) + o.nr * sizeof(*o.table), o.pool, o.len);
	return ps_snapshot_writer_add(w, PS_SNAP_EXTENTS, buf, len);
}

static struct ps_error *ps_rec_write_journal(struct ps_journal *j,
					     struct ps_snapshot_writer *w,
					     enum ps_snapshot_record_type type)
{
	size_t len;
	_cleanup_free_ char *text = ps_journal_text(j, &len);

	if (!text)
		return ps_error_nomem();
	return ps_snapshot_writer_add(w, type, text, len);
}

/* Every record, in the order a reader expects them; under r->lock. */
static struct ps_error *ps_rec_write_locked(struct ps_snapshot_recorder *r,
					    struct ps_snapshot_writer *w)
{
	struct ps_error *err = ps_rec_write_extents(r, w);

	if (err)
		return err;
	err = ps_rec_write_journal(&r->symbols, w, PS_SNAP_SYMBOLS);
	if (err)
		return err;
	err = ps_rec_write_journal(&r->types, w, PS_SNAP_TYPES);
	if (err)
		return err;
	return ps_rec_write_journal(&r->translations, w, PS_SNAP_TRANSLATIONS);
}

struct ps_error *ps_snapshot_recorder_write(struct ps_snapshot_recorder *r,
					    struct ps_snapshot_writer *w)
{
	struct ps_error *err;

	pthread_mutex_lock(&r->lock);
	err = ps_rec_write_locked(r, w);
	pthread_mutex_unlock(&r->lock);
	return err;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_rec_wrap(struct ps_snapshot_recorder *r)
{
	struct ps_rec_mem *m = calloc(1, sizeof(*m));
	struct ps_rec_types *t = calloc(1, sizeof(*t));
	struct ps_rec_symbols *s = calloc(1, sizeof(*s));

	if (!m || !t || !s) {
		free(m);
		free(t);
		free(s);
		return ps_error_nomem();
	}
	r->mem_ops = ps_rec_mem_ops;
	if (!r->orig_mem.ops->clone)
		r->mem_ops.clone = NULL;
	if (!r->orig_mem.ops->forget)
		r->mem_ops.forget = NULL;
	if (!r->orig_mem.ops->view) {
		r->mem_ops.view = NULL;
		r->mem_ops.view_end = NULL;
	}
	r->type_ops = ps_rec_type_ops;
	if (!r->orig_types.ops->variables_of_type)
		r->type_ops.variables_of_type = NULL;
	/* What the provider cannot answer, the replay must not either. */
	ps_journal_put(&r->types, "can list variables", NULL, "%d",
		       r->type_ops.variables_of_type != NULL);
	*m = (struct ps_rec_mem){ r->orig_mem, r };
	*t = (struct ps_rec_types){ r->orig_types, r };
	*s = (struct ps_rec_symbols){ r->orig_symbols, r };
	*r->mem = (struct ps_mem){ &r->mem_ops, m };
	*r->types_at = (struct ps_types){ &r->type_ops, t };
	*r->symbols_at = (struct ps_symbols){ &ps_rec_symbol_ops, s };
	return NULL;
}

struct ps_error *ps_snapshot_recorder_create(struct ps_mem *mem,
					     struct ps_types *types,
					     struct ps_symbols *symbols,
					     struct ps_snapshot_recorder **ret)
{
	struct ps_snapshot_recorder *r = calloc(1, sizeof(*r));
	struct ps_error *err;

	if (!r)
		return ps_error_nomem();
	pthread_mutex_init(&r->lock, NULL);
	ps_journal_init(&r->symbols);
	ps_journal_init(&r->types);
	ps_journal_init(&r->translations);
	r->mem = mem;
	r->orig_mem = *mem;
	r->types_at = types;
	r->orig_types = *types;
	r->symbols_at = symbols;
	r->orig_symbols = *symbols;
	err = ps_rec_wrap(r);
	if (err) {
		r->mem = NULL;
		ps_snapshot_recorder_destroy(r);
		return err;
	}
	*ret = r;
	return NULL;
}

struct ps_error *ps_snapshot_recorder_skip(struct ps_snapshot_recorder *r,
					   uint64_t start, uint64_t len)
{
	if (r->nr_skip == sizeof(r->skip) / sizeof(r->skip[0]) &&
	    r->skip[r->nr_skip - 1].end != start)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the memory map is in more than %zu pieces",
				       r->nr_skip);
	if (r->nr_skip && r->skip[r->nr_skip - 1].end == start) {
		r->skip[r->nr_skip - 1].end = start + len;
		return NULL;
	}
	r->skip[r->nr_skip++] = (struct ps_rec_range){ start, start + len };
	return NULL;
}

const struct ps_mem *ps_snapshot_recorder_inner(const struct ps_snapshot_recorder *r)
{
	return &r->orig_mem;
}

const char *ps_snapshot_recorder_vmcoreinfo(const struct ps_snapshot_recorder *r)
{
	return r->orig_mem.ops->vmcoreinfo(r->orig_mem.priv);
}

uint64_t ps_snapshot_recorder_bytes(const struct ps_snapshot_recorder *r)
{
	return r->pool_len;
}

void ps_snapshot_recorder_destroy(struct ps_snapshot_recorder *r)
{
	if (!r)
		return;
	if (r->mem) {
		free(r->mem->priv);
		free(r->types_at->priv);
		free(r->symbols_at->priv);
		*r->mem = r->orig_mem;
		*r->types_at = r->orig_types;
		*r->symbols_at = r->orig_symbols;
	}
	ps_journal_deinit(&r->symbols);
	ps_journal_deinit(&r->types);
	ps_journal_deinit(&r->translations);
	free(r->extents);
	free(r->pool);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
