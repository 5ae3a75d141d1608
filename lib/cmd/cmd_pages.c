// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope pages: one line per page, like page-types -l or kmem -p. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "kernel/lru_gen.h"
#include "kernel/memmodel.h"
#include "walk/kpageflags.h"
#include "walk/page_meaning.h"
#include "walk/slab.h"
#include "walk/owners.h"
#include "walk/ordered.h"
#include "walk/page_filter.h"
#include "walk/page_walk.h"
#include "target/target.h"

struct ps_pages_walk;
static uint64_t ps_pages_struct_page(const struct ps_pages_walk *w, uint64_t pfn);

/* One letter per decoded state, in a fixed order: HTFXPMSU. */
static const struct {
	uint32_t bit;
	char letter;
} ps_state_letters[] = {
	{ PS_PAGE_HEAD, 'H' },		 { PS_PAGE_TAIL, 'T' },
	{ PS_PAGE_FREE, 'F' },		 { PS_PAGE_ANON_EXCLUSIVE, 'X' },
	{ PS_PAGE_HWPOISON, 'P' },	 { PS_PAGE_PMD_MAPPED, 'M' },
	{ PS_PAGE_PARTIALLY_MAPPED, 'S' }, { PS_PAGE_UNREADABLE, 'U' },
};

enum { PS_NR_LETTERS = sizeof(ps_state_letters) / sizeof(ps_state_letters[0]) };

/* A PG_anon_exclusive left on an unmapped page is a lower-case x. */
static void ps_state_string(const struct ps_page *p, char *buf)
{
	size_t n = 0;

	for (size_t i = 0; i < PS_NR_LETTERS; i++) {
		if (p->state & ps_state_letters[i].bit)
			buf[n++] = ps_state_letters[i].letter;
		if (n && buf[n - 1] == 'X' && ps_page_ae_stale(p))
			buf[n - 1] = 'x';
	}
	if (!n)
		buf[n++] = '-';
	buf[n] = '\0';
}

/* What a line needs beyond the page: where its struct page lives, its owner. */
struct ps_pages_walk {
	struct ps_target *t;
	const struct ps_memmodel *m;
	struct ps_page_filter filter;
	struct ps_page_context ctx;	/* names a bit as `page` does on this kind of page */
	struct ps_owners *owners;	/* NULL: the owner pass could not run */
	const char *owner;		/* --owner: a kind or a name */
	struct ps_out *out;
	struct ps_json_rows *rows;	/* NULL: text */
};

/* The columns of kmem -p, then page-types': state letters, flag names. */
static const char ps_pages_header[] =
	"       pfn        struct page     physical      flags type       or  cnt  map"
	"            mapping      index kind        state  flag names  owner\n";

/*
 * Whether the page's words at mapping and index are a mapping and an
 * index: a slab, a page table, a zsmalloc page ... keep other fields
 * there (page names them), which these columns must not pass off as one.
 */
static bool ps_pages_has_mapping(const struct ps_page *p)
{
	return p->type == PS_PT_none || p->type == PS_PT_hugetlb;
}

static void ps_text_page_line(FILE *fp, const struct ps_pages_walk *w,
			      const struct ps_page_decoder *d, const struct ps_page *p,
			      const struct ps_owner_entry *e)
{
	char state[PS_NR_LETTERS + 2], names[512], mapping[24] = "-", index[24] = "-";

	ps_state_string(p, state);
	ps_page_flags_names(d, &w->ctx, p, p->eflags & d->flag_bits, names, sizeof(names));
	if (ps_pages_has_mapping(p)) {
		snprintf(mapping, sizeof(mapping), "%#" PRIx64, p->mapping);
		snprintf(index, sizeof(index), "%#" PRIx64, p->index);
	}
	fprintf(fp, "%#10" PRIx64 " %#18" PRIx64 " %#12" PRIx64 " %#10" PRIx64
		    " %-10s %2u %4d %4d %18s %10s %-11s %-6s %s  %s%s%s\n",
		p->pfn, ps_pages_struct_page(w, p->pfn), p->pfn << w->m->page_shift,
		p->eflags, ps_page_type_names[p->type], p->order, p->refcount,
		p->mapcount, mapping, index,
		ps_mapping_kind_names[p->mapping_kind], state, *names ? names : "-",
		e ? ps_page_owner_kind_names[e->kind] : "-", e ? ":" : "",
		e ? e->name : "");
}

static struct json_object *ps_json_page_line(const struct ps_pages_walk *w,
					     const struct ps_page *p,
					     const struct ps_owner_entry *e)
{
	struct json_object *o = json_object_new_object();
	char state[PS_NR_LETTERS + 2];

	ps_state_string(p, state);
	ps_json_add_u64(o, "pfn", p->pfn);
	ps_json_add_hex(o, "struct_page", ps_pages_struct_page(w, p->pfn));
	ps_json_add_hex(o, "phys", p->pfn << w->m->page_shift);
	ps_json_add_hex(o, "flags", p->eflags);
	ps_json_add_hex(o, PS_KEY_FLAGS_RAW, p->flags);
	ps_json_add_i64(o, "refcount", p->refcount);
	ps_json_add_i64(o, "mapcount", p->mapcount);
	if (ps_pages_has_mapping(p)) {
		ps_json_add_hex(o, "mapping", p->mapping);
		ps_json_add_u64(o, "index", p->index);
	}
	ps_json_add_str(o, "type", ps_page_type_names[p->type]);
	ps_json_add_u64(o, "order", p->order);
	ps_json_add_str(o, "mapping_kind", ps_mapping_kind_names[p->mapping_kind]);
	ps_json_add_str(o, "state", state);
	if (e) {
		ps_json_add_str(o, PS_KEY_OWNER_KIND, ps_page_owner_kind_names[e->kind]);
		ps_json_add_str(o, PS_KEY_OWNER, e->name);
		ps_json_add_str(o, PS_KEY_MOVABILITY, ps_owner_mov_names[e->mov]);
	}
	return o;
}

/* One thread's part of the walk: its reader, and its fork of the owners. */
struct ps_pages_worker {
	const struct ps_pages_walk *w;
	struct ps_target view;
	struct ps_owners *owners;
	struct ps_owners_cursor cur;
};

/* The owner of @p p, NULL without the owner pass; whether --owner keeps it. */
static struct ps_error *ps_pages_owner(struct ps_pages_worker *wk, const struct ps_page *p,
				       const struct ps_owner_entry **ret, bool *keep)
{
	const char *want = wk->w->owner;
	uint32_t id;
	struct ps_error *err;

	*ret = NULL;
	*keep = true;
	if (!wk->owners)
		return NULL;
	err = ps_owners_classify_next(wk->owners, &wk->cur, p, &id);
	if (err)
		return err;
	*ret = ps_owners_entry(wk->owners, id);
	if (want)
		*keep = !strcmp(want, ps_page_owner_kind_names[(*ret)->kind]) ||
			!strcmp(want, (*ret)->name);
	return NULL;
}

/* "START-END", "START+COUNT" or "PFN"; END is exclusive. */
struct ps_error *ps_parse_pfn_range(const char *arg, uint64_t *start,
				    uint64_t *end)
{
	char buf[64];
	char *sep;
	uint64_t second;

	if (strlen(arg) >= sizeof(buf))
		return ps_error_create(PS_ERR_USAGE, "%s: not a PFN range", arg);
	strcpy(buf, arg);
	sep = strpbrk(buf, "-+");
	if (sep && sep != buf) {
		char kind = *sep;

		*sep = '\0';
		if (ps_parse_u64(buf, start) && ps_parse_u64(sep + 1, &second) &&
		    (kind == '+' || second > *start)) {
			*end = kind == '+' ? *start + second : second;
			return NULL;
		}
	} else if (ps_parse_u64(buf, start)) {
		*end = *start + 1;
		return NULL;
	}
	return ps_error_create(PS_ERR_USAGE,
			       "%s: not a PFN range (START-END, START+COUNT or PFN)",
			       arg);
}

static uint64_t ps_pages_struct_page(const struct ps_pages_walk *w, uint64_t pfn)
{
	return ps_memmodel_page_addr(w->m, (uint64_t)w->t->layout.page_size.value, pfn);
}

static struct ps_error *ps_pages_worker_init(void *ctx, struct ps_part *part,
					     void **ret)
{
	const struct ps_pages_walk *w = ctx;
	struct ps_pages_worker *wk = calloc(1, sizeof(*wk));

	if (!wk)
		return ps_error_nomem();
	*ret = wk;
	wk->w = w;
	wk->cur = PS_OWNERS_CURSOR_INIT;
	ps_target_view(part->t, part->mem, &wk->view);
	return w->owners ? ps_owners_fork(w->owners, &wk->view, &wk->owners) : NULL;
}

static void ps_pages_worker_fini(void *worker)
{
	struct ps_pages_worker *wk = worker;

	if (wk)
		ps_owners_destroy(wk->owners);
	free(wk);
}

/* The lines of one unit of pfns; JSON rows each start with their comma. */
static struct ps_error *ps_pages_fill(void *worker, struct ps_part *part,
				      struct ps_ordered_unit *u)
{
	struct ps_pages_worker *wk = worker;
	const struct ps_pages_walk *w = wk->w;
	const struct ps_owner_entry *e;
	const struct ps_page *pages;
	struct ps_page_iter it;
	bool keep;
	size_t nr;
	struct ps_error *err = ps_page_iter_init_mem(&it, part->t, &part->mem, u->start, u->end);

	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr && !err; i++) {
			if (!ps_page_filter_match(&w->filter, &it.dec, &pages[i]))
				continue;
			err = ps_pages_owner(wk, &pages[i], &e, &keep);
			if (err || !keep)
				continue;
			if (w->rows)
				ps_json_row_print(u->fp, ps_json_page_line(w, &pages[i], e));
			else
				ps_text_page_line(u->fp, w, &it.dec, &pages[i], e);
			u->items++;
		}
		if (err)
			break;
	}
	ps_page_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

/* A unit's lines to the output; the document's first row has no comma. */
static struct ps_error *ps_pages_emit(void *ctx, const struct ps_ordered_unit *u,
				      const char *text, size_t len)
{
	const struct ps_pages_walk *w = ctx;
	FILE *fp = w->out->fp;

	if (w->rows && !w->rows->nr && len) {
		text++;
		len--;
	}
	if (w->rows)
		w->rows->nr += u->items;
	/* A full disk or a closed pipe: stop; the command line says so. */
	if (len && fwrite(text, 1, len, fp) != len)
		return &ps_stop;
	return NULL;
}

static const struct ps_ordered_ops ps_pages_ops = {
	.worker_init = ps_pages_worker_init,
	.worker_fini = ps_pages_worker_fini,
	.fill = ps_pages_fill,
	.emit = ps_pages_emit,
};

/*
 * Units of this many pfns are walked on every core and written in order:
 * about 1.5 MB of text per thread; JSON lines are twice as long, so its
 * units are half as many pfns, and -j needs no more memory than text.
 */
enum { PS_PAGES_UNIT = 8192 };

static struct ps_error *ps_pages_walk(struct ps_target *t, void *ctx,
				      struct ps_out *out, uint64_t start,
				      uint64_t end, struct ps_json_rows *rows)
{
	struct ps_pages_walk *w = ctx;
	struct ps_error *err;

	if (!rows)
		fputs(ps_pages_header, out->fp);
	w->out = out;
	w->rows = rows;
	if (end > w->m->max_pfn)
		end = w->m->max_pfn;
	err = ps_ordered_walk(t, start, end, rows ? PS_PAGES_UNIT / 2 : PS_PAGES_UNIT,
			      &ps_pages_ops, w);
	return err == &ps_stop ? NULL : err;
}

struct ps_error *ps_cmd_range_rows(struct ps_target *t, const struct ps_args *a,
				   struct ps_out *out, const char *key,
				   ps_range_walk_fn *walk, void *ctx)
{
	uint64_t start = 0, end = UINT64_MAX;
	struct ps_json_rows rows;
	struct ps_error *err = NULL;

	if (a->nr_positional)
		err = ps_parse_pfn_range(a->positional[0], &start, &end);
	if (err)
		return err;
	if (!out->json)
		return walk(t, ctx, out, start, end, NULL);
	ps_json_rows_begin(out, key, &rows);
	err = walk(t, ctx, out, start, end, &rows);
	/* A walk that failed half-way leaves no document that parses. */
	if (!err)
		ps_json_rows_end(&rows);
	return err;
}

/* ------------------------------------------------------------------ */
/* --kpageflags: the kernel's own per-page figures                    */
/* ------------------------------------------------------------------ */

struct ps_kpf_walk_ctx {
	struct ps_kpf_rules rules;
	const struct ps_memmodel *m;
	struct ps_out *out;
	struct ps_json_rows *rows;	/* NULL: text */
};

/* A unit, and beside it the walk's context for ps_kpf_line(). */
struct ps_kpf_unit {
	struct ps_ordered_unit *u;
	const struct ps_kpf_walk_ctx *w;
};

static struct ps_error *ps_kpf_line(void *ctx, const struct ps_kpf_entry *e)
{
	struct ps_kpf_unit *ku = ctx;
	struct ps_ordered_unit *u = ku->u;
	const struct ps_kpf_walk_ctx *w = ku->w;
	char names[512];
	struct json_object *o;

	u->items++;
	if (!w->rows) {
		fprintf(u->fp, "%#" PRIx64 " %#018" PRIx64 " %" PRId64 " %s\n", e->pfn,
			e->flags, e->count, *ps_kpf_names(e->flags, names, sizeof(names))
						    ? names : "-");
		return NULL;
	}
	o = json_object_new_object();
	ps_json_add_u64(o, PS_KEY_PFN, e->pfn);
	ps_json_add_hex(o, PS_KEY_KPAGEFLAGS, e->flags);
	ps_json_add_i64(o, PS_KEY_KPAGECOUNT, e->count);
	ps_json_row_print(u->fp, o);
	return NULL;
}

static struct ps_error *ps_kpf_fill(void *worker, struct ps_part *part,
				    struct ps_ordered_unit *u)
{
	struct ps_kpf_unit ku = { .u = u, .w = worker };

	return ps_kpf_walk(part->t, &part->mem, &ku.w->rules, u->start, u->end,
			   ps_kpf_line, &ku);
}

static struct ps_error *ps_kpf_worker_init(void *ctx, struct ps_part *part, void **ret)
{
	(void)part;
	*ret = ctx;
	return NULL;
}

static void ps_kpf_worker_fini(void *worker)
{
	(void)worker;
}

static struct ps_error *ps_kpf_emit_unit(void *ctx, const struct ps_ordered_unit *u,
					 const char *text, size_t len)
{
	struct ps_kpf_walk_ctx *w = ctx;

	if (w->rows && !w->rows->nr && len) {
		text++;
		len--;
	}
	if (w->rows)
		w->rows->nr += u->items;
	if (len && fwrite(text, 1, len, w->out->fp) != len)
		return &ps_stop;
	return NULL;
}

static const struct ps_ordered_ops ps_kpf_ops = {
	.worker_init = ps_kpf_worker_init,
	.worker_fini = ps_kpf_worker_fini,
	.fill = ps_kpf_fill,
	.emit = ps_kpf_emit_unit,
};

static struct ps_error *ps_kpf_walk_range(struct ps_target *t, void *ctx,
					  struct ps_out *out, uint64_t start,
					  uint64_t end, struct ps_json_rows *rows)
{
	struct ps_kpf_walk_ctx *w = ctx;
	struct ps_error *err;

	w->out = out;
	w->rows = rows;
	if (end > w->m->max_pfn)
		end = w->m->max_pfn;
	if (!rows)
		fprintf(out->fp, "# pfn kpageflags kpagecount flags%s%s\n",
			w->rules.why[0] ? "  -- " : "", w->rules.why);
	err = ps_ordered_walk(t, start, end, PS_PAGES_UNIT, &ps_kpf_ops, w);
	return err == &ps_stop ? NULL : err;
}

static struct ps_error *ps_cmd_pages_kpf(struct ps_target *t, const struct ps_args *a,
					 struct ps_out *out)
{
	struct ps_kpf_walk_ctx w = { 0 };
	struct ps_error *err = ps_memmodel_get(t, &w.m);

	if (err)
		return err;
	if (a->flags || a->type || a->order || a->owner)
		return ps_error_create(PS_ERR_USAGE,
				       "--kpageflags lists every page: --flags, --type, --order and --owner do not apply");
	ps_kpf_rules_init(t, &w.rules);
	return ps_cmd_range_rows(t, a, out, "pages", ps_kpf_walk_range, &w);
}

struct ps_error *ps_cmd_pages(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret)
{
	struct ps_pages_walk w = { .t = t, .owner = a->owner };
	struct ps_error *err = ps_memmodel_get(t, &w.m);

	(void)exit_ret;
	if (err)
		return err;
	if (a->kpageflags)
		return ps_cmd_pages_kpf(t, a, out);
	err = ps_page_filter_parse(&t->layout, a->flags, a->type, a->order, &w.filter);
	if (err)
		return err;
	w.ctx.lru_gen = ps_lru_gen_state(t, NULL, 0);
	w.ctx.slab_node_partial = ps_slab_marks_node_partial(&t->layout);
	/* The owner column is extra: only --owner needs the pass to run. */
	err = ps_owners_create(t, &w.owners);
	if (err && a->owner)
		return ps_error_prefix(err, "--owner %s", a->owner);
	ps_error_destroy(err);
	err = ps_cmd_range_rows(t, a, out, "pages", ps_pages_walk, &w);
	ps_owners_destroy(w.owners);
	return err;
}
