// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagescope_report.h"
#include "tree.h"

struct ps_ui_tree *ps_ui_tree_create(void)
{
	struct ps_ui_tree *t = calloc(1, sizeof(*t));

	if (t) {
		t->root.expanded = true;
		t->root.depth = -1;
		t->root.pfn = PS_UI_NO_PFN;
	}
	return t;
}

static void ps_ui_node_free(struct ps_ui_node *n)
{
	for (size_t i = 0; i < n->nr_children; i++) {
		ps_ui_node_free(n->children[i]);
		free(n->children[i]);
	}
	free(n->children);
	free(n->key);
	free(n->label);
}

void ps_ui_tree_destroy(struct ps_ui_tree *t)
{
	if (!t)
		return;
	ps_ui_node_free(&t->root);
	free(t->rows);
	free(t);
}

static bool ps_ui_node_attach(struct ps_ui_node *parent, struct ps_ui_node *n)
{
	if (parent->nr_children == parent->cap) {
		size_t cap = parent->cap ? 2 * parent->cap : 8;
		struct ps_ui_node **c = realloc(parent->children, cap * sizeof(*c));

		if (!c)
			return false;
		parent->children = c;
		parent->cap = cap;
	}
	parent->children[parent->nr_children++] = n;
	return true;
}

struct ps_ui_node *ps_ui_node_add(struct ps_ui_node *parent, const char *name,
				  enum ps_ui_elem elem, const char *fmt, ...)
{
	struct ps_ui_node *n = calloc(1, sizeof(*n));
	va_list ap;

	if (!n)
		return NULL;
	va_start(ap, fmt);
	if (vasprintf(&n->label, fmt, ap) < 0)
		n->label = NULL;
	va_end(ap);
	if (asprintf(&n->key, "%s/%s", parent->key ? parent->key : "", name) < 0)
		n->key = NULL;
	n->elem = elem;
	n->pfn = PS_UI_NO_PFN;
	n->depth = parent->depth + 1;
	n->parent = parent;
	if (!n->label || !n->key || !ps_ui_node_attach(parent, n)) {
		ps_ui_node_free(n);
		free(n);
		return NULL;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

/* Keys whose true, non-zero or non-empty value means something is wrong. */
static bool ps_ui_alarming_key(const char *key)
{
	static const char *const keys[] = { PS_ALARM_KEYS };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!strcmp(key, keys[i]))
			return true;
	}
	return false;
}

/* A key that holds a pfn. */
static bool ps_ui_pfn_key(const char *key)
{
	static const char *const keys[] = { PS_PFN_KEYS };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!strcmp(key, keys[i]))
			return true;
	}
	return false;
}

static bool ps_ui_json_truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_boolean:
	case json_type_int:
		return json_object_get_int64(v) != 0;
	case json_type_array:
		return json_object_array_length(v) > 0;
	case json_type_string:
		return *json_object_get_string(v) != '\0';
	case json_type_object:
		return json_object_object_length(v) > 0;
	default:
		return false;
	}
}

static enum ps_ui_elem ps_ui_json_elem(const char *key, struct json_object *v)
{
	if (!strcmp(key, PS_KEY_OK) && json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v) ? PS_UI_ok : PS_UI_bad;
	if (!strcmp(key, PS_KEY_TRANSIENT) && ps_ui_json_truthy(v))
		return PS_UI_warn;
	if (ps_ui_alarming_key(key) && !json_object_is_type(v, json_type_object) &&
	    ps_ui_json_truthy(v))
		return PS_UI_bad;
	return PS_UI_normal;
}

/* A pfn a row can open: a pfn member, or a key that holds a pfn. */
static int64_t ps_ui_json_pfn(const char *key, struct json_object *v)
{
	struct json_object *p = NULL;

	if (json_object_is_type(v, json_type_object) &&
	    json_object_object_get_ex(v, PS_KEY_PFN, &p) &&
	    json_object_is_type(p, json_type_int))
		return json_object_get_int64(p);
	if (ps_ui_pfn_key(key) && json_object_is_type(v, json_type_int))
		return json_object_get_int64(v);
	return PS_UI_NO_PFN;
}

/* What an object calls itself: its name, zone, type, or nothing. */
static const char *ps_ui_json_title(struct json_object *v)
{
	static const char *const names[] = { PS_TITLE_KEYS };
	struct json_object *n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (json_object_is_type(v, json_type_object) &&
		    json_object_object_get_ex(v, names[i], &n) &&
		    !json_object_is_type(n, json_type_object) &&
		    !json_object_is_type(n, json_type_array))
			return json_object_get_string(n);
	}
	return NULL;
}

/* Worst element among @p v's members (one level): a folded row warns. */
static enum ps_ui_elem ps_ui_json_worst(struct json_object *v)
{
	enum ps_ui_elem worst = PS_UI_normal;

	if (!json_object_is_type(v, json_type_object))
		return worst;
	json_object_object_foreach(v, key, member) {
		enum ps_ui_elem e = ps_ui_json_elem(key, member);

		if (e == PS_UI_bad || (e == PS_UI_warn && worst != PS_UI_bad))
			worst = e;
	}
	return worst;
}

void ps_ui_node_add_json(struct ps_ui_node *parent, const char *name,
			 struct json_object *v)
{
	const char *title = ps_ui_json_title(v);
	struct ps_ui_node *n;

	switch (json_object_get_type(v)) {
	case json_type_object:
		n = ps_ui_node_add(parent, name, ps_ui_json_worst(v), "%s%s%s", name,
				   title ? ": " : "", title ? title : "");
		if (!n)
			return;
		n->pfn = ps_ui_json_pfn(name, v);
		json_object_object_foreach(v, key, member)
			ps_ui_node_add_json(n, key, member);
		break;
	case json_type_array:
		n = ps_ui_node_add(parent, name, ps_ui_json_elem(name, v), "%s: %zu",
				   name, json_object_array_length(v));
		for (size_t i = 0; n && i < json_object_array_length(v); i++) {
			char idx[24];

			snprintf(idx, sizeof(idx), "%zu", i);
			ps_ui_node_add_json(n, idx, json_object_array_get_idx(v, i));
		}
		break;
	default:
		n = ps_ui_node_add(parent, name, ps_ui_json_elem(name, v), "%s: %s", name,
				   json_object_get_string(v));
		if (n)
			n->pfn = ps_ui_json_pfn(name, v);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Folding and layout                                                 */
/* ------------------------------------------------------------------ */

/* Keys of the unfolded nodes of @p n: few, whatever the tree's size. */
static void ps_ui_expanded_keys(const struct ps_ui_node *n, const char **keys,
				size_t max, size_t *nr)
{
	for (size_t i = 0; i < n->nr_children; i++) {
		const struct ps_ui_node *c = n->children[i];

		if (!c->expanded)
			continue;
		if (*nr < max)
			keys[(*nr)++] = c->key;
		ps_ui_expanded_keys(c, keys, max, nr);
	}
}

static void ps_ui_node_keep(struct ps_ui_node *n, const char **keys, size_t nr)
{
	for (size_t i = 0; i < n->nr_children; i++) {
		struct ps_ui_node *c = n->children[i];

		c->expanded = false;
		for (size_t k = 0; k < nr && !c->expanded; k++)
			c->expanded = !strcmp(c->key, keys[k]);
		if (c->expanded)
			ps_ui_node_keep(c, keys, nr);
	}
}

enum { PS_UI_MAX_UNFOLDED = 256 };

void ps_ui_tree_keep_folding(struct ps_ui_tree *t, const struct ps_ui_tree *old)
{
	const char *keys[PS_UI_MAX_UNFOLDED];
	size_t nr = 0;

	if (!old)
		return;
	ps_ui_expanded_keys(&old->root, keys, PS_UI_MAX_UNFOLDED, &nr);
	ps_ui_node_keep(&t->root, keys, nr);
}

static size_t ps_ui_node_count(const struct ps_ui_node *n)
{
	size_t c = 0;

	for (size_t i = 0; n->expanded && i < n->nr_children; i++)
		c += 1 + ps_ui_node_count(n->children[i]);
	return c;
}

static void ps_ui_node_rows(struct ps_ui_tree *t, struct ps_ui_node *n)
{
	for (size_t i = 0; n->expanded && i < n->nr_children; i++) {
		t->rows[t->nr_rows++] = n->children[i];
		ps_ui_node_rows(t, n->children[i]);
	}
}

void ps_ui_tree_layout(struct ps_ui_tree *t)
{
	size_t n = ps_ui_node_count(&t->root);
	struct ps_ui_node **rows = realloc(t->rows, (n ? n : 1) * sizeof(*rows));

	t->nr_rows = 0;
	if (!rows)
		return;
	t->rows = rows;
	ps_ui_node_rows(t, &t->root);
}
