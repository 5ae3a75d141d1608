// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot/journal.h"

/* "\tok\tVALUE" or "\terr\tCODE\tMESSAGE", after a key. */
static bool ps_journal_answer(const char *rest, const char **value_ret,
			      struct ps_error **err_ret)
{
	const char *msg;
	int code;

	*err_ret = NULL;
	*value_ret = NULL;
	if (!strncmp(rest, "\tok\t", 4)) {
		*value_ret = rest + 4;
		return true;
	}
	if (strncmp(rest, "\terr\t", 5) || sscanf(rest + 5, "%d", &code) != 1)
		return false;
	msg = strchr(rest + 5, '\t');
	if (code < PS_ERR_NOMEM || code > PS_ERR_STOP)
		code = PS_ERR_CORRUPT;
	*err_ret = ps_error_create((enum ps_error_code)code, "%s", msg ? msg + 1 : "");
	return true;
}

void ps_journal_init(struct ps_journal *j)
{
	memset(j, 0, sizeof(*j));
}

void ps_journal_deinit(struct ps_journal *j)
{
	for (size_t i = 0; i < j->nr && !j->borrowed; i++)
		free(j->lines[i]);
	free(j->lines);
	memset(j, 0, sizeof(*j));
}

static void ps_journal_flatten(char *s)
{
	for (; *s; s++) {
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
	}
}

static bool ps_journal_append(struct ps_journal *j, char *line)
{
	if (j->nr == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 256;
		char **v = realloc(j->lines, cap * sizeof(*v));

		if (!v)
			return false;
		j->lines = v;
		j->cap = cap;
	}
	j->lines[j->nr++] = line;
	j->sorted = false;
	return true;
}

void ps_journal_put(struct ps_journal *j, const char *key,
		    const struct ps_error *err, const char *fmt, ...)
{
	char *k = strdup(key), *v = NULL, *line = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (err)
		n = asprintf(&v, "%d", (int)err->code);
	else
		n = vasprintf(&v, fmt, ap);
	va_end(ap);
	if (k && n >= 0) {
		ps_journal_flatten(k);
		ps_journal_flatten(v);
		if (err) {
			char *m = strdup(err->message);

			if (m) {
				ps_journal_flatten(m);
				n = asprintf(&line, "%s\terr\t%s\t%s", k, v, m);
				free(m);
			}
		} else {
			n = asprintf(&line, "%s\tok\t%s", k, v);
		}
		if (n < 0)
			line = NULL;
	}
	if (!line || !ps_journal_append(j, line))
		free(line);
	free(k);
	free(v);
}

/* By key (up to the first tab), then in the order asked. */
static int ps_journal_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strcspn(x, "\t"), ly = strcspn(y, "\t");
	int c = strncmp(x, y, lx < ly ? lx : ly);

	return c ? c : (lx > ly) - (lx < ly);
}

static void ps_journal_sort(struct ps_journal *j)
{
	size_t out = 0;

	if (j->sorted)
		return;
	/* A question asked twice (a live kernel moves) keeps one answer. */
	if (j->nr)
		qsort(j->lines, j->nr, sizeof(*j->lines), ps_journal_cmp);
	for (size_t i = 0; i < j->nr; i++) {
		if (out && !ps_journal_cmp(&j->lines[out - 1], &j->lines[i])) {
			if (!j->borrowed)
				free(j->lines[i]);
			continue;
		}
		j->lines[out++] = j->lines[i];
	}
	j->nr = out;
	j->sorted = true;
}

char *ps_journal_text(struct ps_journal *j, size_t *len_ret)
{
	size_t len = 0, at = 0;
	char *text;

	ps_journal_sort(j);
	for (size_t i = 0; i < j->nr; i++)
		len += strlen(j->lines[i]) + 1;
	text = malloc(len + 1);
	if (!text)
		return NULL;
	for (size_t i = 0; i < j->nr; i++) {
		size_t n = strlen(j->lines[i]);

		memcpy(text + at, j->lines[i], n);
		text[at + n] = '\n';
		at += n + 1;
	}
	text[at] = '\0';
	*len_ret = at;
	return text;
}

struct ps_error *ps_journal_load(struct ps_journal *j, char *text)
{
	char *line = text, *next;

	ps_journal_init(j);
	j->borrowed = true;
	for (; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strchr(line, '\t'))
			continue;
		if (!ps_journal_append(j, line)) {
			ps_journal_deinit(j);
			return ps_error_nomem();
		}
	}
	ps_journal_sort(j);
	return NULL;
}

bool ps_journal_get(const struct ps_journal *j, const char *key,
		    const char **value_ret, struct ps_error **err_ret)
{
	size_t lo = 0, hi = j->nr, klen = strlen(key);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *line = j->lines[mid];
		size_t llen = strcspn(line, "\t");
		int c = strncmp(line, key, llen < klen ? llen : klen);

		if (!c)
			c = (llen > klen) - (llen < klen);
		if (c < 0) {
			lo = mid + 1;
		} else if (c > 0) {
			hi = mid;
		} else {
			return ps_journal_answer(line + llen, value_ret, err_ret);
		}
	}
	return false;
}

bool ps_journal_has_prefix(const struct ps_journal *j, const char *prefix)
{
	size_t lo = 0, hi = j->nr, n = strlen(prefix);

	/* The first line not before @prefix: it starts with it, or none does. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(j->lines[mid], prefix, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < j->nr && !strncmp(j->lines[lo], prefix, n);
}
