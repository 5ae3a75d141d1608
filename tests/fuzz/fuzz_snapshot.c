// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A snapshot file: the index and trailer checks, every record's
 * decompression and decoding, then the providers that answer from it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "snapshot/reader.h"
#include "snapshot/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load_every_record(const struct ps_snapshot *s)
{
	for (size_t i = 0; i < ps_snapshot_nr_records(s); i++) {
		void *buf = NULL;
		size_t len;

		ps_error_destroy(ps_snapshot_load_entry(s, i, &buf, &len));
		free(buf);
	}
}

/* Ask the providers what the subcommands ask first. */
static void ask_providers(struct ps_mem *mem, struct ps_types *types,
			  struct ps_symbols *syms, const uint64_t *keys, size_t nr_keys)
{
	struct ps_member_info mi;
	struct ps_error *err;
	uint8_t buf[256];
	const char *name;
	uint64_t u, off;

	for (size_t i = 0; i < nr_keys; i++)
		ps_error_destroy(ps_mem_read(mem, PS_KVADDR, keys[i], buf, sizeof(buf)));
	ps_error_destroy(ps_mem_read(mem, PS_PHYS, 0x1000, buf, sizeof(buf)));
	ps_error_destroy(types->ops->type_size(types->priv, "struct page", &u));
	ps_error_destroy(types->ops->member(types->priv, "struct page", "flags", &mi));
	ps_error_destroy(types->ops->variable(types->priv, "mem_section", &mi));
	err = syms->ops->lookup(syms->priv, "mem_section", &u);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	ps_error_destroy(syms->ops->resolve(syms->priv, u, &name, &off));
}

static void replay(struct ps_snapshot *s)
{
	struct ps_symbols syms;
	struct ps_types types;
	struct ps_error *err;
	struct ps_mem mem;
	uint64_t keys[8];
	size_t nr_keys = 0;

	for (size_t i = 0; i < ps_snapshot_nr_records(s) && nr_keys < 8; i++) {
		const struct ps_snapshot_index_entry *e = ps_snapshot_entry(s, i);

		if (e->type == PS_SNAP_MEMMAP)
			keys[nr_keys++] = e->key;
	}
	/* Replay takes the snapshot over, and closes it on failure too. */
	err = ps_snapshot_replay_open(s, &mem, &types, &syms);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	ask_providers(&mem, &types, &syms, keys, nr_keys);
	mem.ops->destroy(mem.priv);
	types.ops->destroy(types.priv);
	syms.ops->destroy(syms.priv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_snapshot *s;
	struct ps_error *err;
	char path[64];
	int fd;

	fd = memfd_create("snapshot", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = ps_snapshot_open(path, &s);
	if (err) {
		ps_error_destroy(err);
		close(fd);
		return 0;
	}
	load_every_record(s);
	replay(s);
	close(fd);
	return 0;
}
