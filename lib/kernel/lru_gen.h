/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether the multi-gen LRU (MGLRU) runs: it changes what PG_active and
 * PG_referenced mean on a page, so explanations ask before they speak.
 */
#ifndef PS_LRU_GEN_H
#define PS_LRU_GEN_H

#include "base/error.h"

struct ps_target;

enum ps_lru_gen_state {
	PS_LRU_GEN_ABSENT,	/* no CONFIG_LRU_GEN: the classic LRU */
	PS_LRU_GEN_OFF,		/* built in, switched off */
	PS_LRU_GEN_ON,		/* lru_gen_enabled() */
	PS_LRU_GEN_UNKNOWN,	/* built in, its switch not readable */
};

/*
 * Read lru_gen_caps[LRU_GEN_CORE], the static key lru_gen_enabled()
 * tests. Never fails: what cannot be read is PS_LRU_GEN_UNKNOWN, with
 * the reason in @p why (may be NULL; "" when known).
 */
enum ps_lru_gen_state ps_lru_gen_state(struct ps_target *t, char *why,
				       size_t len);

/* "on", "off", "absent", "unknown". */
const char *ps_lru_gen_state_name(enum ps_lru_gen_state s);

#endif
