// SPDX-License-Identifier: GPL-2.0-or-later
/* The command line: NUL-separated arguments, standalone and inside crash. */
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { PS_FUZZ_MAX_ARGS = 32 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[PS_FUZZ_MAX_ARGS + 2] = { "pagescope" };
	int argc = 1;
	struct ps_args a;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t at = 0; at <= size && argc <= PS_FUZZ_MAX_ARGS;
	     at += strlen(copy + at) + 1)
		argv[argc++] = copy + at;
	argv[argc] = NULL;
	ps_error_destroy(ps_args_parse(argc, argv, true, &a));
	ps_error_destroy(ps_args_parse(argc, argv, false, &a));
	free(copy);
	return 0;
}
