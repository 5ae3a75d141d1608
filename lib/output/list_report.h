/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reporting a broken list the same way in every command: the kernel's
 * CONFIG_DEBUG_LIST words, the position, the pointers, and what owns the
 * broken node, as text or JSON.
 */
#ifndef PS_LIST_REPORT_H
#define PS_LIST_REPORT_H

#include <json-c/json.h>
#include <stdio.h>

#include "kernel/list.h"
#include "walk/owner.h"

struct ps_target;

/*
 * The fault @p f and its owner as a JSON object. Owner lookups that fail
 * leave the owner out. Never NULL unless out of memory.
 */
struct json_object *ps_list_report_json(struct ps_target *t,
				       const struct ps_list_fault *f);

/*
 * Print @p f to @p fp: the kernel's words, then a line naming the owner
 * of the broken node, each line starting with @p indent.
 */
void ps_list_report_print(struct ps_target *t, FILE *fp, const char *indent,
			 const struct ps_list_fault *f);

/* The address whose owner explains @p f best: the broken node. */
uint64_t ps_list_report_subject(const struct ps_list_fault *f);

#endif
