// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope sym: a symbol's address, or the symbol an address lies in. */
#include <inttypes.h>

#include "cmd/commands.h"
#include "kernel/text_symbol.h"
#include "target/target.h"

/* Which table answered: the image's provider, or a module's own. */
static const char *ps_sym_from(struct ps_target *t, const struct ps_text_symbol *s)
{
	struct ps_symbols *symbols;

	if (s->module)
		return "module";
	return ps_target_symbols(t, &symbols) ? "?" : symbols->ops->name;
}

static struct ps_error *ps_sym_json(struct ps_target *t, const struct ps_text_symbol *s,
				    uint64_t addr, struct ps_out *out)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_str(o, "symbol", s->name);
	ps_json_add_hex(o, "address", addr);
	ps_json_add_u64(o, "offset", s->offset);
	ps_json_add_str(o, "from", ps_sym_from(t, s));
	if (s->module)
		ps_json_add_str(o, "module", s->module);
	return ps_out_json(out, o);
}

struct ps_error *ps_cmd_sym(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret)
{
	const char *arg = a->positional[0];
	struct ps_text_symbol s;
	uint64_t addr;
	struct ps_error *err;

	(void)exit_ret;
	if (ps_parse_u64(arg, &addr))
		err = ps_text_symbol(t, addr, &s);
	else
		err = ps_text_symbol_addr(t, arg, &addr, &s);
	if (err)
		return err;
	if (out->json)
		return ps_sym_json(t, &s, addr, out);
	if (s.offset)
		fprintf(out->fp, "%#" PRIx64 " = %s+%#" PRIx64, addr, s.name, s.offset);
	else
		fprintf(out->fp, "%#" PRIx64 " %s", addr, s.name);
	if (s.module)
		fprintf(out->fp, " [%s]", s.module);
	fputc('\n', out->fp);
	return NULL;
}
