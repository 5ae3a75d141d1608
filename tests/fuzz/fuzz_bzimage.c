// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A vmlinuz: the boot header, the payload's place and its LZ4, gzip or
 * zstd stream, then the ELF unpacked from it, as -k takes them.
 */
#include <stdint.h>
#include <stdlib.h>

#include "dump/bzimage.h"
#include "dump/elf_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_elf_file *elf;
	void *image = NULL;
	size_t len = 0;
	struct ps_error *err;

	err = ps_bzimage_extract_memory(data, size, "fuzz", &image, &len);
	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	err = ps_elf_file_open_memory("fuzz", image, len, &elf);
	if (!err)
		ps_elf_file_destroy(elf);
	ps_error_destroy(err);
	return 0;
}
