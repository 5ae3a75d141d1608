// SPDX-License-Identifier: GPL-2.0-or-later
/* A pagescope target made of crash's memory, types and symbols. */
#include "crash.h"
#include "target/target.h"

struct ps_error *ps_crash_target_create(struct ps_target **ret)
{
	struct ps_mem mem = { 0 };
	struct ps_types types = { 0 };
	struct ps_symbols symbols = { 0 };
	struct ps_paging paging;
	struct ps_error *err;

	err = ps_crash_mem_create(&mem);
	if (err)
		goto fail;
	err = mem.ops->paging(mem.priv, &paging);
	if (err)
		goto fail;
	err = ps_crash_types_create(&types);
	if (err)
		goto fail;
	err = ps_crash_symbols_create(&symbols);
	if (err)
		goto fail;
	/* The target owns the providers from here, also when it fails. */
	return ps_target_create(mem, types, symbols, &paging, ret);
fail:
	if (types.ops)
		types.ops->destroy(types.priv);
	if (mem.ops)
		mem.ops->destroy(mem.priv);
	return err;
}
