// SPDX-License-Identifier: GPL-2.0-or-later
#include <ncurses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

const struct ps_ui_binding ps_ui_bindings[PS_ACT_NR - 1] = {
#define PS_UI_BINDING(n, w, h, ...) \
	{ PS_ACT_##n, #n, PS_UI_IN_##w, h, { __VA_ARGS__ } },
	PS_UI_ACTIONS(PS_UI_BINDING)
#undef PS_UI_BINDING
};

enum { PS_UI_NR_BINDINGS = sizeof(ps_ui_bindings) / sizeof(ps_ui_bindings[0]) };

enum ps_ui_action ps_ui_key_action(int key, unsigned where)
{
	for (size_t i = 0; i < PS_UI_NR_BINDINGS; i++) {
		const struct ps_ui_binding *b = &ps_ui_bindings[i];

		if (!(b->where & where))
			continue;
		for (int k = 0; k < PS_UI_MAX_KEYS && b->keys[k]; k++) {
			if (b->keys[k] == key)
				return b->action;
		}
	}
	return PS_ACT_none;
}

const struct ps_ui_binding *ps_ui_binding_of(enum ps_ui_action action)
{
	for (size_t i = 0; i < PS_UI_NR_BINDINGS; i++) {
		if (ps_ui_bindings[i].action == action)
			return &ps_ui_bindings[i];
	}
	return NULL;
}

static const struct {
	int key;
	const char *name;
} ps_ui_key_names[] = {
	{ KEY_UP, "Up" },	  { KEY_DOWN, "Down" },	  { KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" },	  { KEY_PPAGE, "PgUp" },  { KEY_NPAGE, "PgDn" },
	{ KEY_HOME, "Home" },	  { KEY_END, "End" },	  { KEY_BTAB, "S-Tab" },
	{ KEY_BACKSPACE, "Bksp" }, { KEY_ENTER, "Enter" }, { '\t', "Tab" },
	{ '\n', "Enter" },	  { '\r', "Enter" },	  { 127, "Bksp" },
	{ 27, "Esc" },		  { ' ', "Space" },
};

const char *ps_ui_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(ps_ui_key_names) / sizeof(ps_ui_key_names[0]); i++) {
		if (ps_ui_key_names[i].key == key) {
			snprintf(buf, len, "%s", ps_ui_key_names[i].name);
			return buf;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, len, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, len, "^%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "#%d", key);
	return buf;
}

/* Each name once: Enter is bound as \n, \r and KEY_ENTER. */
const char *ps_ui_binding_keys(const struct ps_ui_binding *b, char *buf,
			       size_t len)
{
	char names[PS_UI_MAX_KEYS][16];
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < PS_UI_MAX_KEYS && b->keys[k] && used < len; k++) {
		bool seen = false;

		ps_ui_key_name(b->keys[k], names[k], sizeof(names[k]));
		for (int j = 0; j < k; j++)
			seen |= !strcmp(names[j], names[k]);
		if (!seen)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? " " : "", names[k]);
	}
	return buf;
}
