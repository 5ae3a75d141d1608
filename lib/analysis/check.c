// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/check.h"
#include "kernel/counters.h"

void ps_check_init(struct ps_check *c, bool live)
{
	memset(c, 0, sizeof(*c));
	c->live = live;
	ps_check_clear_scope(c);
}

void ps_check_set_scope(struct ps_check *c, int nid, const char *zone,
			int order, const char *memcg)
{
	c->scope.nid = nid;
	c->scope.order = order;
	snprintf(c->scope.zone, sizeof(c->scope.zone), "%s", zone ? zone : "");
	snprintf(c->scope.memcg, sizeof(c->scope.memcg), "%s", memcg ? memcg : "");
}

void ps_check_clear_scope(struct ps_check *c)
{
	ps_check_set_scope(c, -1, NULL, -1, NULL);
}

/* On a running kernel a mismatch may be the kernel moving under the walk. */
static enum ps_verdict ps_check_mismatch(const struct ps_check *c)
{
	return c->live ? PS_VERDICT_DRIFT : PS_VERDICT_FAIL;
}

void ps_check_deinit(struct ps_check *c)
{
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

static const char *const ps_verdict_names[PS_NR_VERDICTS] = {
#define PS_VERDICT_NAME(e, name) [e] = name,
	PS_VERDICTS(PS_VERDICT_NAME)
#undef PS_VERDICT_NAME
};

const char *ps_verdict_name(enum ps_verdict v)
{
	return v < PS_NR_VERDICTS ? ps_verdict_names[v] : "?";
}

bool ps_verdict_parse(const char *name, enum ps_verdict *ret)
{
	for (unsigned v = 0; v < PS_NR_VERDICTS; v++) {
		if (!strcmp(name, ps_verdict_names[v])) {
			*ret = (enum ps_verdict)v;
			return true;
		}
	}
	return false;
}

static struct ps_error *ps_check_add(struct ps_check *c, const char *counter,
				     enum ps_verdict verdict,
				     struct ps_check_row **ret)
{
	struct ps_check_row *r;

	if (c->nr == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct ps_check_row *v = realloc(c->rows, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		c->rows = v;
		c->cap = cap;
	}
	r = &c->rows[c->nr++];
	memset(r, 0, sizeof(*r));
	snprintf(r->counter, sizeof(r->counter), "%s", counter);
	r->scope = c->scope;
	r->verdict = verdict;
	c->nr_fail += verdict == PS_VERDICT_FAIL;
	*ret = r;
	return NULL;
}

static struct ps_error *ps_check_values(struct ps_check *c, const char *counter,
					enum ps_verdict verdict, int64_t kernel,
					int64_t walked, const char *why)
{
	struct ps_check_row *r;
	struct ps_error *err = ps_check_add(c, counter, verdict, &r);

	if (err)
		return err;
	r->has_values = true;
	r->kernel = kernel;
	r->walked = walked;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return NULL;
}

struct ps_error *ps_check_exact(struct ps_check *c, const char *counter,
				int64_t kernel, int64_t walked,
				const char *why_ok, const char *why_fail)
{
	char why[640];

	if (kernel == walked)
		return ps_check_values(c, counter, PS_VERDICT_OK, kernel, walked,
				       why_ok);
	snprintf(why, sizeof(why), "differs by %+" PRId64 ": %s%s",
		 walked - kernel, why_fail,
		 c->live ? " (live kernel: counted while it ran)" : "");
	return ps_check_values(c, counter, ps_check_mismatch(c), kernel, walked,
			       why);
}

struct ps_error *ps_check_vmstat(struct ps_check *c, const char *counter,
				 const struct ps_vmstat_value *v,
				 int64_t walked)
{
	int64_t delta = walked - v->global;
	int64_t snapshot = v->global + v->diff;
	bool within = llabs(delta) <= v->drift_bound;
	char bound[160], why[640];

	snprintf(bound, sizeof(bound),
		 "per-cpu drift bound %" PRId64 " = stat_threshold summed over %u online CPUs (max %d)",
		 v->drift_bound, v->nr_cpus, v->max_threshold);
	if (!delta && !v->diff)
		snprintf(why, sizeof(why), "exact, no per-cpu diffs pending; %s",
			 bound);
	else if (snapshot == walked)
		snprintf(why, sizeof(why),
			 "exact once the per-cpu diffs (%+" PRId64 ") are added; %s",
			 v->diff, bound);
	else if (within)
		snprintf(why, sizeof(why),
			 "differs by %+" PRId64 " (per-cpu diffs %+" PRId64 "), within the %s",
			 delta, v->diff, bound);
	else
		snprintf(why, sizeof(why),
			 "differs by %+" PRId64 " (per-cpu diffs %+" PRId64 "), beyond the %s",
			 delta, v->diff, bound);
	return ps_check_values(c, counter,
			       within ? PS_VERDICT_OK : ps_check_mismatch(c),
			       v->global, walked, why);
}

struct ps_error *ps_check_differ(struct ps_check *c, const char *counter,
				 int64_t kernel, int64_t walked, const char *why)
{
	return ps_check_values(c, counter, ps_check_mismatch(c), kernel, walked,
			       why);
}

struct ps_error *ps_check_fail(struct ps_check *c, const char *counter,
			       int64_t kernel, int64_t walked, const char *why)
{
	return ps_check_values(c, counter, PS_VERDICT_FAIL, kernel, walked, why);
}

struct ps_error *ps_check_na(struct ps_check *c, const char *counter,
			     const char *why)
{
	struct ps_check_row *r;
	struct ps_error *err = ps_check_add(c, counter, PS_VERDICT_NA, &r);

	if (!err)
		snprintf(r->why, sizeof(r->why), "%s", why);
	return err;
}
