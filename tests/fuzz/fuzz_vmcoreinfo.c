// SPDX-License-Identifier: GPL-2.0-or-later
/* VMCOREINFO text: the range checks, the parser and its typed lookups. */
#include <stddef.h>
#include <stdint.h>

#include "dump/vmcoreinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_vmcoreinfo *vi;
	struct ps_error *err;
	uint64_t u;
	int64_t i;

	ps_error_destroy(ps_vmcoreinfo_check_text((const char *)data, size));
	err = ps_vmcoreinfo_parse((const char *)data, size, &vi);
	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	ps_vmcoreinfo_symbol(vi, "mem_section", &u);
	ps_vmcoreinfo_number(vi, "SECTION_SIZE_BITS", &i);
	ps_vmcoreinfo_offset(vi, "page.flags", &u);
	ps_vmcoreinfo_size(vi, "page", &u);
	ps_vmcoreinfo_length(vi, "mem_section", &u);
	ps_vmcoreinfo_kaslr_offset(vi, &u);
	ps_vmcoreinfo_destroy(vi);
	return 0;
}
