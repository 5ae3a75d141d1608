/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tree of labelled rows that fold: the Lists screen shows the kernel's
 * lists as one. Nodes keep a stable key, so folding survives a rebuild
 * from fresh data (live refresh).
 */
#ifndef PS_UI_TREE_H
#define PS_UI_TREE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "palette.h"

enum { PS_UI_NO_PFN = -1 };

struct ps_ui_node {
	char *key;		/* path of stable names: "free/1 Normal/3" */
	char *label;
	enum ps_ui_elem elem;
	int64_t pfn;		/* Enter opens it; PS_UI_NO_PFN: none */
	bool expanded;
	int depth;
	struct ps_ui_node *parent;
	struct ps_ui_node **children;
	size_t nr_children, cap;
};

struct ps_ui_tree {
	struct ps_ui_node root;
	struct ps_ui_node **rows;	/* visible nodes, in order */
	size_t nr_rows;
};

/* NULL when out of memory. Free with ps_ui_tree_destroy(). */
struct ps_ui_tree *ps_ui_tree_create(void);
void ps_ui_tree_destroy(struct ps_ui_tree *t);
/* A child of @p parent named @p name (part of its key); never NULL when
 * memory lasts. The label is a printf format. */
struct ps_ui_node *ps_ui_node_add(struct ps_ui_node *parent, const char *name,
				  enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Any JSON value as nodes under @p parent: objects and arrays fold. */
void ps_ui_node_add_json(struct ps_ui_node *parent, const char *name,
			 struct json_object *v);
/* Take the folding of nodes with the same keys from @p old. */
void ps_ui_tree_keep_folding(struct ps_ui_tree *t, const struct ps_ui_tree *old);
/* Recompute the visible rows after a fold or a build. */
void ps_ui_tree_layout(struct ps_ui_tree *t);

#endif
