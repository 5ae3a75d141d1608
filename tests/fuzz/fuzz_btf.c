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
	types.ops->destroy(types.priv);
	return 0;
}
