// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "kernel/lru_gen.h"
#include "target/target.h"

static enum ps_lru_gen_state ps_lru_gen_unknown(struct ps_error *err,
						char *why, size_t len)
{
	if (why)
		snprintf(why, len, "%s", err ? err->message
					     : "lru_gen_caps has no readable shape");
	ps_error_destroy(err);
	return PS_LRU_GEN_UNKNOWN;
}

/* Bounds for what debug info says: a damaged one must not steer reads. */
enum { PS_LRU_GEN_MAX_CAPS = 64, PS_LRU_GEN_MAX_KEY_SIZE = 4096 };

enum ps_lru_gen_state ps_lru_gen_state(struct ps_target *t, char *why,
				       size_t len)
{
	const struct ps_layout *L = &t->layout;
	uint64_t addr;
	uint32_t enabled;
	struct ps_error *err;

	if (why && len)
		why[0] = '\0';
	if (!L->sym_lru_gen_caps.present)
		return PS_LRU_GEN_ABSENT;
	/* static_key_true and _false each hold one struct static_key. */
	if (!L->static_key_size.present || !L->lru_gen_core.present ||
	    !L->nr_lru_gen_caps.present || !L->static_key_enabled.present ||
	    L->lru_gen_core.value < 0 ||
	    L->lru_gen_core.value >= L->nr_lru_gen_caps.value ||
	    L->nr_lru_gen_caps.value > PS_LRU_GEN_MAX_CAPS ||
	    L->static_key_size.value <= 0 ||
	    L->static_key_size.value > PS_LRU_GEN_MAX_KEY_SIZE)
		return ps_lru_gen_unknown(NULL, why, len);
	err = ps_target_symbol_addr(t, &L->sym_lru_gen_caps, "lru_gen_caps",
				    &addr);
	if (err)
		return ps_lru_gen_unknown(err, why, len);
	addr += (uint64_t)(L->lru_gen_core.value * L->static_key_size.value) +
		ps_off(&L->static_key_enabled);
	err = ps_target_read_u32(t, addr, &enabled);
	if (err)
		return ps_lru_gen_unknown(err, why, len);
	/* A static key is on while its enabled count is positive. */
	return (int32_t)enabled > 0 ? PS_LRU_GEN_ON : PS_LRU_GEN_OFF;
}

const char *ps_lru_gen_state_name(enum ps_lru_gen_state s)
{
	static const char *const names[] = {
		[PS_LRU_GEN_ABSENT] = "absent", [PS_LRU_GEN_OFF] = "off",
		[PS_LRU_GEN_ON] = "on", [PS_LRU_GEN_UNKNOWN] = "unknown",
	};

	return s <= PS_LRU_GEN_UNKNOWN ? names[s] : "?";
}
