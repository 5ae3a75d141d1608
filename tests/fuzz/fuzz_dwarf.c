// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DWARF layout resolution over an ELF object opened from memory: the seed
 * is tests/fuzz/seed_types.c built with gcc -g (a real vmlinux's debug
 * info is hundreds of megabytes, too large to fuzz).
 */
#include <stdlib.h>
#include <string.h>

#include "debuginfo/dwarf_types.h"
#include "dump/elf_file.h"
#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ps_fuzz_member(const struct ps_member_desc *m, void *arg)
{
	(*(size_t *)arg) += strlen(m->type_name);
}

/* `pagescope type` and the list heads: listings and type names. */
static void ps_fuzz_listings(struct ps_types *types)
{
	static const char *const structs[] = { "struct page", "struct zone",
					       "struct free_area", "struct pglist_data" };
	char buf[PS_TYPE_NAME_MAX];
	size_t total = 0;

	for (size_t i = 0; i < sizeof(structs) / sizeof(structs[0]); i++)
		ps_error_destroy(types->ops->members(types->priv, structs[i],
						     ps_fuzz_member, &total));
	ps_error_destroy(types->ops->type_name(types->priv, "struct page", "lru", buf));
	ps_error_destroy(types->ops->type_name(types->priv, NULL, "node_data_0", buf));
}

static void ps_fuzz_types(struct ps_types *types)
{
	struct ps_layout_sources src = { 0 };
	struct ps_layout *L = calloc(1, sizeof(*L));

	src.types = types;
	if (L)
		ps_error_destroy(ps_layout_resolve(&src, L));
	free(L);
	ps_fuzz_listings(types);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_elf_file *elf;
	struct ps_types types;
	struct ps_error *err;
	void *image = malloc(size ? size : 1);

	if (!image)
		return 0;
	memcpy(image, data, size);
	err = ps_elf_file_open_memory("fuzz", image, size, &elf);
	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	err = ps_dwarf_types_create(elf, &types);
	if (err) {
		ps_error_destroy(err);
	} else {
		ps_fuzz_types(&types);
		types.ops->destroy(types.priv);
	}
	ps_elf_file_destroy(elf);
	return 0;
}
