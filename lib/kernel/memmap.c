// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "base/cleanup.h"
#include "kernel/memmap.h"
#include "kernel/memmodel.h"
#include "target/target.h"

struct ps_error *ps_memmap_for_each_section(struct ps_target *t, const struct ps_mem *mem,
					    ps_memmap_fn *fn, void *arg)
{
	uint64_t stride = (uint64_t)t->layout.page_size.value;
	const struct ps_memmodel *m;
	_cleanup_free_ void *buf = NULL;
	size_t len;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	if (!t->layout.page_size.present || !stride || stride > 4096)
		return ps_error_create(PS_ERR_UNSUPPORTED, "the size of struct page is unknown");
	len = (size_t)(m->pages_per_section * stride);
	buf = malloc(len);
	if (!buf)
		return ps_error_nomem();
	for (size_t i = 0; i < m->nr_sections; i++) {
		struct ps_error *rerr = ps_mem_read(mem ? mem : &t->mem, PS_KVADDR,
						    m->sections[i].memmap, buf, len);

		err = fn(m->sections[i].memmap, rerr ? NULL : buf, len, (uint32_t)stride,
			 rerr, arg);
		ps_error_destroy(rerr);
		if (err)
			return err;
		if (ps_target_interrupted(t))
			return ps_error_create(PS_ERR_INTERRUPTED, "interrupted");
	}
	return NULL;
}
