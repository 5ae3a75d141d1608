/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A target over a small in-memory image, for unit tests of walkers:
 * kernel virtual addresses [FAKE_BASE, FAKE_BASE + FAKE_SIZE) are
 * readable, everything else faults.
 */
#ifndef PS_FAKE_TARGET_H
#define PS_FAKE_TARGET_H

#include <stdlib.h>
#include <string.h>

#include "target/target.h"

enum { FAKE_SIZE = 1 << 20 };
static const uint64_t FAKE_BASE = 0xffff888000000000ULL;

struct fake_mem {
	unsigned char image[FAKE_SIZE];
};

static struct ps_error *fake_read(void *priv, enum ps_addr_space space,
				  uint64_t addr, void *buf, size_t len,
				  size_t *done_ret)
{
	struct fake_mem *m = priv;

	(void)space;
	*done_ret = 0;
	if (addr < FAKE_BASE || addr - FAKE_BASE > FAKE_SIZE ||
	    len > FAKE_SIZE - (addr - FAKE_BASE))
		return ps_error_at(PS_ERR_FAULT, addr, "fault at %#llx",
				   (unsigned long long)addr);
	memcpy(buf, m->image + (addr - FAKE_BASE), len);
	*done_ret = len;
	return NULL;
}

static const char *fake_vmcoreinfo(void *priv)
{
	(void)priv;
	return NULL;
}

static void fake_destroy(void *priv)
{
	free(priv);
}

static const struct ps_mem_ops fake_mem_ops = {
	.name = "fake",
	.read = fake_read,
	.vmcoreinfo = fake_vmcoreinfo,
	.destroy = fake_destroy,
};

static inline struct ps_target *fake_target(void)
{
	struct ps_target *t = calloc(1, sizeof(*t));

	t->mem.ops = &fake_mem_ops;
	t->mem.priv = calloc(1, sizeof(struct fake_mem));
	t->release = strdup("test");
	t->build_id = strdup("");
	t->layout.list_head_next = (struct ps_lval){ .present = true, .value = 0, .size = 8 };
	t->layout.list_head_prev = (struct ps_lval){ .present = true, .value = 8, .size = 8 };
	return t;
}

/* A fuzz input as the image: 8-byte words whose top byte is 0x01 become
 * pointers into it, so that inputs reach past the first read. */
static inline void fake_fill(struct fake_mem *m, const uint8_t *data, size_t size)
{
	size_t n = size < FAKE_SIZE ? size : FAKE_SIZE;

	memcpy(m->image, data, n);
	for (size_t off = 0; off + 8 <= n; off += 8) {
		uint64_t v;

		memcpy(&v, m->image + off, 8);
		if ((v >> 56) == 0x01) {
			v = FAKE_BASE + ((v & 0xffff) << 3);
			memcpy(m->image + off, &v, 8);
		}
	}
}

static inline void fake_put64(struct ps_target *t, uint64_t addr, uint64_t v)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), &v, sizeof(v));
}

static inline void fake_put32(struct ps_target *t, uint64_t addr, uint32_t v)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), &v, sizeof(v));
}

static inline void fake_put8(struct ps_target *t, uint64_t addr, uint8_t v)
{
	struct fake_mem *m = t->mem.priv;

	m->image[addr - FAKE_BASE] = v;
}

/* A present layout item: a member at @off of @size bytes, or a symbol. */
static inline struct ps_lval fake_lval(int64_t off, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = off, .size = size };
}

/* A present array member: @n elements of @elem bytes at @off. */
static inline struct ps_lval fake_array(int64_t off, uint32_t n, uint32_t elem)
{
	return (struct ps_lval){ .present = true, .value = off, .size = n * elem,
				 .nr_elems = n, .elem_size = elem };
}

/* A list_head at @node with @next and @prev. */
static inline void fake_list_head(struct ps_target *t, uint64_t node,
				  uint64_t next, uint64_t prev)
{
	fake_put64(t, node, next);
	fake_put64(t, node + 8, prev);
}

#endif
