// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BTF as the dump or sysfs hands it, and the layout resolved from it: the
 * seeds are real kernels' .BTF sections.
 */
#include <stdlib.h>
#include <string.h>

#include "debuginfo/btf_types.h"
#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ps_fuzz_member(const struct ps_member_desc *m, void *arg)
{
	(*(size_t *)arg) += strlen(m->type_name);
}

/* `pagescope type` and the list heads: listings and type names. */
static void ps_fuzz_listings(struct ps_types *types)
{
	static const char *const structs[] = { "struct page", "struct task_struct",
					       "struct list_lru", "struct pid" };
	char buf[PS_TYPE_NAME_MAX];
	size_t total = 0;

	for (size_t i = 0; i < sizeof(structs) / sizeof(structs[0]); i++)
		ps_error_destroy(types->ops->members(types->priv, structs[i],
						     ps_fuzz_member, &total));
	ps_error_destroy(types->ops->type_name(types->priv, "struct pid", "tasks", buf));
	ps_error_destroy(types->ops->type_name(types->priv, NULL, "runqueues", buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_layout_sources src = { 0 };
	struct ps_layout *L;
	struct ps_types types;
	struct ps_error *err = ps_btf_types_from_memory(data, size, "fuzz", &types);

	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	L = calloc(1, sizeof(*L));
	src.types = &types;
	if (L)
		ps_error_destroy(ps_layout_resolve(&src, L));
	free(L);
	ps_fuzz_listings(&types);
	types.ops->destroy(types.priv);
	return 0;
}
