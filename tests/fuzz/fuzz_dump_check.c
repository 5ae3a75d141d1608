// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF and kdump pre-checks, and what they promise: a file they accept
 * is opened by libkdumpfile and read without a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dump/dump_check.h"
#include "dump/mem_kdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes an ELF core shows in place are all there to read. */
static void ps_fuzz_view(struct ps_mem *mem, uint64_t addr)
{
	const unsigned char *p = NULL;
	unsigned char sum = 0;
	struct ps_error *err = mem->ops->view(mem->priv, PS_PHYS, addr, 4096,
					      (const void **)&p);

	if (err || !p) {
		ps_error_destroy(err);
		return;
	}
	for (size_t i = 0; i < 4096; i++)
		sum += p[i];
	__asm__ volatile("" : : "r"(sum));	/* every byte really read */
	ps_error_destroy(mem->ops->view_end(mem->priv));
}

static void ps_fuzz_read_some(struct ps_mem *mem)
{
	static const uint64_t addrs[] = { 0, 0x1000, 0x100000, 0xffffffff81000000ULL };
	unsigned char buf[64];
	struct ps_paging paging;
	size_t done;

	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		ps_error_destroy(mem->ops->read(mem->priv, PS_PHYS, addrs[i],
						buf, sizeof(buf), &done));
		ps_error_destroy(mem->ops->read(mem->priv, PS_KVADDR, addrs[i],
						buf, sizeof(buf), &done));
		ps_fuzz_view(mem, addrs[i]);
	}
	ps_error_destroy(mem->ops->paging(mem->priv, &paging));
	mem->ops->vmcoreinfo(mem->priv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_dump_shape shape;
	struct ps_mem mem;
	char path[64];
	struct ps_error *err = ps_dump_check_buf("fuzz", data, size, &shape);
	int fd;

	if (err) {
		ps_error_destroy(err);
		return 0;
	}
	fd = memfd_create("fuzz-dump", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = ps_kdump_mem_open(path, &mem);
	if (!err) {
		ps_fuzz_read_some(&mem);
		mem.ops->destroy(mem.priv);
	}
	ps_error_destroy(err);
	close(fd);
	return 0;
}
