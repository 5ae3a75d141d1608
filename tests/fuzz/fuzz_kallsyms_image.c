// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kallsyms found by their shape in a kernel image's .rodata (a vmlinuz
 * without a System.map), then decoded from what was found.
 */
#include <stdint.h>
#include <string.h>

#include "debuginfo/kallsyms.h"
#include "debuginfo/kallsyms_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint64_t VADDR = 0xffffffff82000000ULL;

struct bytes {
	const uint8_t *data;
	size_t size;
};

static struct ps_error *read_bytes(void *priv, uint64_t addr, void *buf, size_t len)
{
	const struct bytes *b = priv;
	uint64_t off = addr - VADDR;

	if (addr < VADDR || off >= b->size)
		return ps_error_create(PS_ERR_CORRUPT, "outside");
	memset(buf, 0, len);
	memcpy(buf, b->data + off, b->size - off < len ? b->size - off : len);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes b = { data, size };
	struct ps_ksym_source src = { .priv = &b, .read = read_bytes,
				      .stext = 0xffffffff81000000ULL };
	struct ps_ksym_found f;
	struct ps_symbols syms;
	struct ps_error *err = ps_kallsyms_scan(data, size, VADDR, &f);

	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	src.num_syms = VADDR + f.num_syms;
	src.names = VADDR + f.names;
	src.token_table = VADDR + f.token_table;
	src.token_index = VADDR + f.token_index;
	src.offsets = src.offsets_vaddr = VADDR + f.offsets;
	src.relative_base = f.relative_base == SIZE_MAX ? 0 : VADDR + f.relative_base;
	err = ps_kallsyms_decode(&src, &syms);
	if (!err)
		syms.ops->destroy(syms.priv);
	ps_error_destroy(err);
	return 0;
}
