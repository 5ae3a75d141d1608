/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verdicts of pagescope check: one row per place where a kernel
 * counter and a walk meet, with the rule that decides whether they agree
 * and, in words, why. Pure logic: the rows are filled by the caller.
 */
#ifndef PS_CHECK_H
#define PS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagescope_report.h"
#include "base/error.h"

struct ps_vmstat_value;


/* What a row is about besides its counter: -1 and "" where it does not apply. */
struct ps_check_scope {
	int nid;
	char zone[16];
	int order;
	char memcg[96];		/* a cgroup path */
};

struct ps_check_row {
	char counter[96];
	struct ps_check_scope scope;
	bool has_values;	/* false for NA rows */
	int64_t kernel;
	int64_t walked;
	bool counts;		/* kernel and walked are unsigned counts */
	enum ps_verdict verdict;
	char why[640];
};

struct ps_check {
	size_t nr, cap;
	struct ps_check_row *rows;
	size_t nr_fail;
	bool live;		/* mismatches are drift, not failures */
	struct ps_check_scope scope;	/* of the rows added next */
};

void ps_check_init(struct ps_check *c, bool live);

/*
 * The rows added from now on are about node @p nid (-1: none), zone
 * @p zone, order @p order (-1: none) and memcg @p memcg (NULL: none).
 */
void ps_check_set_scope(struct ps_check *c, int nid, const char *zone,
			int order, const char *memcg);
/* The rows added from now on are about no node, zone, order or memcg. */
void ps_check_clear_scope(struct ps_check *c);
void ps_check_deinit(struct ps_check *c);

/*
 * Equal or not. @p why_ok and @p why_fail say what agreement means and
 * what a difference would mean.
 */
struct ps_error *ps_check_exact(struct ps_check *c, const char *counter,
				int64_t kernel, int64_t walked,
				const char *why_ok, const char *why_fail);

/*
 * A vmstat counter: the kernel's global value may lag the truth by what
 * each online CPU holds back, at most its stat_threshold. Holds when
 * |global - walked| <= the sum of the thresholds; the why column states
 * the bound and whether the per-cpu diffs explain the difference exactly.
 */
struct ps_error *ps_check_vmstat(struct ps_check *c, const char *counter,
				 const struct ps_vmstat_value *v,
				 int64_t walked);

/*
 * Values that should agree and do not, for the reason @p why: a failure,
 * or drift on a running kernel.
 */
struct ps_error *ps_check_differ(struct ps_check *c, const char *counter,
				 int64_t kernel, int64_t walked, const char *why);

/* A row that fails whatever the numbers: a broken list, say. */
struct ps_error *ps_check_fail(struct ps_check *c, const char *counter,
			       int64_t kernel, int64_t walked, const char *why);

/* A row that cannot be checked on this kernel. */
struct ps_error *ps_check_na(struct ps_check *c, const char *counter,
			     const char *why);

struct ps_target;

/*
 * Walk @p t once and fill @p c (ps_check_init()ed) with every row of
 * `pagescope check`: free pages, split queues, list_lrus, dentries and
 * inodes, page counters.
 */
struct ps_error *ps_check_run(struct ps_target *t, struct ps_check *c);


#endif
