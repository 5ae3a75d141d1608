// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope sym: a symbol's address, or the symbol an address lies in. */
#include <inttypes.h>

#include "cmd/commands.h"
#include "target/target.h"

struct ps_error *ps_cmd_sym(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret)
{
	const char *arg = a->positional[0];
	struct ps_symbols *symbols;
	const char *name = arg;
	uint64_t addr, offset = 0;
	struct ps_error *err = ps_target_symbols(t, &symbols);

	(void)exit_ret;
	if (err)
		return err;
	if (ps_parse_u64(arg, &addr))
		err = symbols->ops->resolve(symbols->priv, addr, &name, &offset);
	else
		err = symbols->ops->lookup(symbols->priv, arg, &addr);
	if (err)
		return err;
	if (out->json) {
		struct json_object *o = json_object_new_object();

		ps_json_add_str(o, "symbol", name);
		ps_json_add_hex(o, "address", addr);
		ps_json_add_u64(o, "offset", offset);
		ps_json_add_str(o, "from", symbols->ops->name);
		return ps_out_json(out, o);
	}
	if (offset)
		fprintf(out->fp, "%#" PRIx64 " = %s+%#" PRIx64 "\n", addr, name, offset);
	else
		fprintf(out->fp, "%#" PRIx64 " %s\n", addr - offset, name);
	return NULL;
}
