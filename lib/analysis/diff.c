// SPDX-License-Identifier: GPL-2.0-or-later
/* What changed between two states: figure by figure, sorted by size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagescope_report.h"
#include "analysis/diff.h"

const char *const ps_diff_section_names[PS_DIFF_NR] = {
#define PS_DIFF_SECTION_NAME(name, what) [PS_DIFF_##name] = #name,
	PS_DIFF_SECTIONS(PS_DIFF_SECTION_NAME)
#undef PS_DIFF_SECTION_NAME
};

const char *const ps_diff_section_meanings[PS_DIFF_NR] = {
#define PS_DIFF_SECTION_MEANING(name, what) [PS_DIFF_##name] = what,
	PS_DIFF_SECTIONS(PS_DIFF_SECTION_MEANING)
#undef PS_DIFF_SECTION_MEANING
};

static int ps_diff_figure_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct ps_diff_figure *const *)a)->key,
		      (*(const struct ps_diff_figure *const *)b)->key);
}

static struct ps_error *ps_diff_push(struct ps_diff *d, size_t *cap,
				     const struct ps_diff_change *c)
{
	if (d->nr == *cap) {
		size_t n = *cap ? 2 * *cap : 64;
		void *v = realloc(d->changes, n * sizeof(*d->changes));

		if (!v)
			return ps_error_nomem();
		d->changes = v;
		*cap = n;
	}
	d->changes[d->nr++] = *c;
	return NULL;
}

uint64_t ps_diff_change_size(const struct ps_diff_change *c)
{
	int64_t delta = c->b - c->a;

	/* A verdict that moved outweighs any count. */
	if (c->verdict_a != c->verdict_b)
		return UINT64_MAX;
	return delta < 0 ? (uint64_t)-delta : (uint64_t)delta;
}

static void ps_diff_tally(struct ps_diff *d, const struct ps_diff_change *c)
{
	if (c->section == PS_DIFF_counter) {
		d->nr_broke += c->verdict_a == PS_VERDICT_OK && c->verdict_b == PS_VERDICT_FAIL;
		d->nr_mended += c->verdict_a == PS_VERDICT_FAIL && c->verdict_b == PS_VERDICT_OK;
	} else if (c->section == PS_DIFF_gigablock && c->in_a && c->in_b) {
		bool was = c->verdict_a == PS_GB_FREE || c->verdict_a == PS_GB_MIGRATABLE;
		bool is = c->verdict_b == PS_GB_FREE || c->verdict_b == PS_GB_MIGRATABLE;

		d->nr_chances_lost += was && !is;
		d->nr_chances_gained += !was && is;
	}
}

static bool ps_diff_differs(const struct ps_diff_change *c)
{
	return c->in_a != c->in_b || c->a != c->b || c->a2 != c->b2 ||
	       c->verdict_a != c->verdict_b;
}

/* Merge two sorted lists of figures of one section. */
static struct ps_error *ps_diff_section(struct ps_diff *d, size_t *cap,
					enum ps_diff_section sec,
					const struct ps_diff_figure *const *a, size_t na,
					const struct ps_diff_figure *const *b, size_t nb)
{
	size_t i = 0, j = 0;
	struct ps_error *err;

	while (i < na || j < nb) {
		int cmp = i == na ? 1 : j == nb ? -1 : strcmp(a[i]->key, b[j]->key);
		const struct ps_diff_figure *x = cmp <= 0 ? a[i] : NULL;
		const struct ps_diff_figure *y = cmp >= 0 ? b[j] : NULL;
		struct ps_diff_change c = {
			.section = sec, .key = x ? x->key : y->key, .in_a = x, .in_b = y,
			.a = x ? x->value : 0, .b = y ? y->value : 0,
			.a2 = x ? x->value2 : 0, .b2 = y ? y->value2 : 0,
			.verdict_a = x ? x->verdict : -1, .verdict_b = y ? y->verdict : -1,
		};

		i += cmp <= 0;
		j += cmp >= 0;
		if (!ps_diff_differs(&c))
			continue;
		ps_diff_tally(d, &c);
		err = ps_diff_push(d, cap, &c);
		if (err)
			return err;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Pageblock migratetypes                                             */
/* ------------------------------------------------------------------ */

static const char *ps_diff_type_name(const struct ps_diff_state *s, uint8_t mt)
{
	return mt < s->nr_types ? s->type_names[mt] : "invalid";
}

/* The change "from -> to", made on first sight. */
static struct ps_diff_change *ps_diff_pair(struct ps_diff *d, size_t *cap, const char *key,
					   uint64_t pfn, struct ps_error **err_ret)
{
	struct ps_diff_change c = { .section = PS_DIFF_pageblock, .in_a = true,
				    .in_b = true, .verdict_a = -1, .verdict_b = -1,
				    .first_pfn = pfn };
	char **v;

	for (size_t i = 0; i < d->nr; i++) {
		if (d->changes[i].section == PS_DIFF_pageblock && !strcmp(d->changes[i].key, key))
			return &d->changes[i];
	}
	v = realloc(d->pair_keys, (d->nr_pairs + 1) * sizeof(*d->pair_keys));
	if (v)
		d->pair_keys = v;
	if (!v || !(v[d->nr_pairs] = strdup(key))) {
		*err_ret = ps_error_nomem();
		return NULL;
	}
	c.key = d->pair_keys[d->nr_pairs++];
	*err_ret = ps_diff_push(d, cap, &c);
	return *err_ret ? NULL : &d->changes[d->nr - 1];
}

static struct ps_error *ps_diff_blocks(struct ps_diff *d, size_t *cap,
				       const struct ps_diff_state *a,
				       const struct ps_diff_state *b)
{
	size_t i = 0, j = 0;
	struct ps_error *err = NULL;

	while (i < a->nr_blocks && j < b->nr_blocks) {
		struct ps_diff_change *c;
		char key[48];

		if (a->block_pfn[i] != b->block_pfn[j]) {
			a->block_pfn[i] < b->block_pfn[j] ? i++ : j++;
			continue;
		}
		d->nr_blocks_compared++;
		if (a->block_type[i] != b->block_type[j]) {
			snprintf(key, sizeof(key), "%s -> %s", ps_diff_type_name(a, a->block_type[i]),
				 ps_diff_type_name(b, b->block_type[j]));
			c = ps_diff_pair(d, cap, key, a->block_pfn[i], &err);
			if (err)
				return err;
			c->b++;
		}
		i++;
		j++;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */

static int ps_diff_change_cmp(const void *x, const void *y)
{
	const struct ps_diff_change *a = x, *b = y;
	uint64_t sa = ps_diff_change_size(a), sb = ps_diff_change_size(b);

	if (a->section != b->section)
		return a->section < b->section ? -1 : 1;
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* One section's figures by name, pointing into @p s. free() it. */
static const struct ps_diff_figure **ps_diff_sorted(const struct ps_diff_state *s, int sec)
{
	size_t n = s->nr[sec];
	const struct ps_diff_figure **v = malloc((n ? n : 1) * sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = &s->figures[sec][i];
	qsort(v, n, sizeof(*v), ps_diff_figure_cmp);
	return v;
}

static struct ps_error *ps_diff_figures(struct ps_diff *d, size_t *cap,
					const struct ps_diff_state *a,
					const struct ps_diff_state *b, int sec)
{
	const struct ps_diff_figure **x = ps_diff_sorted(a, sec);
	const struct ps_diff_figure **y = ps_diff_sorted(b, sec);
	struct ps_error *err = x && y ? ps_diff_section(d, cap, sec, x, a->nr[sec], y, b->nr[sec])
				      : ps_error_nomem();

	free(x);
	free(y);
	return err;
}

struct ps_error *ps_diff_compute(const struct ps_diff_state *a,
				 const struct ps_diff_state *b,
				 struct ps_diff *ret)
{
	size_t cap = 0;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->owner_note = a->owner_note[0] ? a->owner_note : b->owner_note;
	ret->owners_compared = !ret->owner_note[0];
	for (int sec = 0; sec < PS_DIFF_NR; sec++) {
		if (sec == PS_DIFF_owner && !ret->owners_compared)
			continue;
		err = sec == PS_DIFF_pageblock ? ps_diff_blocks(ret, &cap, a, b)
					       : ps_diff_figures(ret, &cap, a, b, sec);
		if (err) {
			ps_diff_deinit(ret);
			return err;
		}
	}
	if (ret->nr)
		qsort(ret->changes, ret->nr, sizeof(*ret->changes), ps_diff_change_cmp);
	return NULL;
}

void ps_diff_deinit(struct ps_diff *d)
{
	free(d->changes);
	for (size_t i = 0; i < d->nr_pairs; i++)
		free(d->pair_keys[i]);
	free(d->pair_keys);
	memset(d, 0, sizeof(*d));
}
