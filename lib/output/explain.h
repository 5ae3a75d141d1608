/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --explain: how each figure a command prints was derived. For every
 * figure, the walk or decode rule, where the kernel keeps the state (file
 * and function, looked up in this kernel's symbols), and each struct
 * member, size, enumerator and symbol read, with its value and where it
 * came from (VMCOREINFO, or the type provider: DWARF, BTF, a cache or a
 * snapshot of them). One table holds the figures of every command.
 */
#ifndef PS_EXPLAIN_H
#define PS_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

struct ps_target;
struct json_object;

/* Whether @p command has figures to explain. */
bool ps_explain_has(const char *command);

/* The figures of @p command, in text, after the command's own output. */
void ps_explain_print(FILE *fp, struct ps_target *t, const char *command);

/* The same as a JSON array of figures. */
struct json_object *ps_explain_json(struct ps_target *t, const char *command);

/*
 * @p text, where a function is written NAME() and one renamed between
 * kernels NEW()|OLD(), with the names this kernel has as symbols (or as
 * NAME_noprof); a group of which it has none keeps its first name, marked
 * PS_EXPLAIN_NO_SYMBOL. Written to @p buf (truncated to @p len).
 */
void ps_explain_set_by(struct ps_target *t, const char *text, char *buf, size_t len);

/* What follows a name that is no symbol of this kernel. */
static const char PS_EXPLAIN_NO_SYMBOL[] = " (inline: no symbol in this kernel)";

#endif
