/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A journal of questions and answers, as text: one "KEY\tok\tVALUE" or
 * "KEY\terr\tCODE\tMESSAGE" line per question asked. Snapshots keep the
 * type, symbol and address-translation queries of a run this way.
 */
#ifndef PS_SNAPSHOT_JOURNAL_H
#define PS_SNAPSHOT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

struct ps_journal {
	size_t nr, cap;
	char **lines;		/* appended in order; sorted once for lookups */
	bool sorted;
	bool borrowed;		/* the lines are in a text loaded, not ours */
};

void ps_journal_init(struct ps_journal *j);
void ps_journal_deinit(struct ps_journal *j);

/*
 * Keep the answer to @p key: @p err (its code and message), or the value
 * formatted from @p fmt. Tabs and newlines in the key, value or message
 * become spaces. Out of memory, the line is dropped: a replay then says
 * the question was never asked.
 */
void ps_journal_put(struct ps_journal *j, const char *key,
		    const struct ps_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The lines, sorted and without duplicate keys, as one text. free() it. */
char *ps_journal_text(struct ps_journal *j, size_t *len_ret);

/*
 * Read the lines of @p text (modified in place, which must outlive @p j)
 * into @p j, sorted for ps_journal_get(). Lines that are not of the form
 * above are skipped.
 */
struct ps_error *ps_journal_load(struct ps_journal *j, char *text);

/*
 * The answer to @p key: NULL and *@p err_ret NULL with the value in
 * *@p value_ret; or the recorded error, made again, in *@p err_ret. False
 * when @p key was never asked.
 */
bool ps_journal_get(const struct ps_journal *j, const char *key,
		    const char **value_ret, struct ps_error **err_ret);

/* Whether some question asked starts with @p prefix. */
bool ps_journal_has_prefix(const struct ps_journal *j, const char *prefix);

#endif
