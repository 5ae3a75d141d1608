/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding kernel data from a buffer read out of the target. Dumps of
 * x86_64 are little-endian, like the hosts pagescope runs on.
 */
#ifndef PS_BUF_H
#define PS_BUF_H

#include <stdint.h>
#include <string.h>

#include "layout/layout.h"

static inline uint64_t ps_get_u64(const void *buf, uint64_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

static inline uint32_t ps_get_u32(const void *buf, uint64_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

/* An unsigned member of 1, 2, 4 or 8 bytes, as the layout sized it. */
static inline uint64_t ps_get_member(const void *buf, const struct ps_lval *m)
{
	const unsigned char *p = (const unsigned char *)buf + m->value;
	uint64_t v = 0;

	memcpy(&v, p, m->size <= sizeof(v) ? m->size : sizeof(v));
	return v;
}

/* The same at index @i of an array member. */
static inline uint64_t ps_get_elem(const void *buf, const struct ps_lval *m,
				   uint64_t i)
{
	const unsigned char *p =
		(const unsigned char *)buf + m->value + i * m->elem_size;
	uint64_t v = 0;

	memcpy(&v, p, m->elem_size <= sizeof(v) ? m->elem_size : sizeof(v));
	return v;
}

#endif
