// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump/vmcoreinfo.h"

struct ps_vmcoreinfo_entry {
	const char *key;
	const char *value;
};

struct ps_vmcoreinfo {
	char *copy;		/* split in place into keys and values */
	size_t nr_entries;
	struct ps_vmcoreinfo_entry *entries;
};

static size_t ps_count_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Split "KEY=VALUE\n..." in place; lines without '=' are ignored. */
static void ps_vmcoreinfo_split(struct ps_vmcoreinfo *vi)
{
	char *line = vi->copy, *next;

	for (; line && *line; line = next) {
		char *eq;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		*eq = '\0';
		vi->entries[vi->nr_entries].key = line;
		vi->entries[vi->nr_entries].value = eq + 1;
		vi->nr_entries++;
	}
}

struct ps_error *ps_vmcoreinfo_parse(const char *text, size_t len,
				     struct ps_vmcoreinfo **ret)
{
	struct ps_vmcoreinfo *vi = calloc(1, sizeof(*vi));

	if (!vi)
		return ps_error_nomem();
	vi->copy = strndup(text, len);
	if (vi->copy)
		vi->entries = calloc(ps_count_lines(vi->copy),
				     sizeof(*vi->entries));
	if (!vi->copy || !vi->entries) {
		ps_vmcoreinfo_destroy(vi);
		return ps_error_nomem();
	}
	ps_vmcoreinfo_split(vi);
	if (!ps_vmcoreinfo_get(vi, "OSRELEASE")) {
		ps_vmcoreinfo_destroy(vi);
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "VMCOREINFO has no OSRELEASE line");
	}
	*ret = vi;
	return NULL;
}

void ps_vmcoreinfo_destroy(struct ps_vmcoreinfo *vi)
{
	if (!vi)
		return;
	free(vi->entries);
	free(vi->copy);
	free(vi);
}

const char *ps_vmcoreinfo_get(const struct ps_vmcoreinfo *vi, const char *key)
{
	for (size_t i = 0; i < vi->nr_entries; i++) {
		if (!strcmp(vi->entries[i].key, key))
			return vi->entries[i].value;
	}
	return NULL;
}

static bool ps_parse_u64(const char *s, int base, uint64_t *ret)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*ret = strtoull(s, &end, base);
	return !errno && *end == '\0';
}

static bool ps_vmcoreinfo_wrapped(const struct ps_vmcoreinfo *vi,
				  const char *wrapper, const char *name,
				  int base, uint64_t *ret)
{
	char key[128];

	if (snprintf(key, sizeof(key), "%s(%s)", wrapper, name) >=
	    (int)sizeof(key))
		return false;
	return ps_parse_u64(ps_vmcoreinfo_get(vi, key), base, ret);
}

bool ps_vmcoreinfo_symbol(const struct ps_vmcoreinfo *vi, const char *name,
			  uint64_t *ret)
{
	return ps_vmcoreinfo_wrapped(vi, "SYMBOL", name, 16, ret);
}

bool ps_vmcoreinfo_number(const struct ps_vmcoreinfo *vi, const char *name,
			  int64_t *ret)
{
	char key[128];
	const char *value;
	char *end;

	if (snprintf(key, sizeof(key), "NUMBER(%s)", name) >= (int)sizeof(key))
		return false;
	value = ps_vmcoreinfo_get(vi, key);
	if (!value || !*value)
		return false;
	errno = 0;
	/* Base 0: some NUMBER()s are printed as 0x..., most in decimal. */
	*ret = strtoll(value, &end, 0);
	if (errno == ERANGE)
		*ret = (int64_t)strtoull(value, &end, 0);
	return *end == '\0';
}

bool ps_vmcoreinfo_offset(const struct ps_vmcoreinfo *vi, const char *member,
			  uint64_t *ret)
{
	return ps_vmcoreinfo_wrapped(vi, "OFFSET", member, 10, ret);
}

bool ps_vmcoreinfo_size(const struct ps_vmcoreinfo *vi, const char *type,
			uint64_t *ret)
{
	return ps_vmcoreinfo_wrapped(vi, "SIZE", type, 10, ret);
}

bool ps_vmcoreinfo_length(const struct ps_vmcoreinfo *vi, const char *name,
			  uint64_t *ret)
{
	return ps_vmcoreinfo_wrapped(vi, "LENGTH", name, 10, ret);
}

bool ps_vmcoreinfo_kaslr_offset(const struct ps_vmcoreinfo *vi, uint64_t *ret)
{
	return ps_parse_u64(ps_vmcoreinfo_get(vi, "KERNELOFFSET"), 16, ret);
}
