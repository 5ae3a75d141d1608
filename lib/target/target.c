// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "dump/mem_kdump.h"
#include "layout/layout_cache.h"
#include "layout/layout_check.h"
#include "snapshot/reader.h"
#include "target/target.h"
#include "target/target_open.h"

void ps_target_progress(struct ps_target *t, const char *what)
{
	if (t->progress)
		t->progress(what, t->progress_arg);
}

void ps_target_set_progress(struct ps_target *t,
			    void (*progress)(const char *what, void *arg),
			    void *arg)
{
	t->progress = progress;
	t->progress_arg = arg;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

struct ps_error *ps_target_read(struct ps_target *t, enum ps_addr_space space,
				uint64_t addr, void *buf, size_t len)
{
	size_t done;

	return t->mem.ops->read(t->mem.priv, space, addr, buf, len, &done);
}

struct ps_error *ps_target_read_u64(struct ps_target *t, uint64_t kvaddr,
				    uint64_t *ret)
{
	return ps_target_read(t, PS_KVADDR, kvaddr, ret, sizeof(*ret));
}

struct ps_error *ps_target_read_u32(struct ps_target *t, uint64_t kvaddr,
				    uint32_t *ret)
{
	return ps_target_read(t, PS_KVADDR, kvaddr, ret, sizeof(*ret));
}

struct ps_error *ps_target_read_string(struct ps_target *t, uint64_t kvaddr,
				       char *buf, size_t len)
{
	size_t done = 0;
	struct ps_error *err;

	/* Short strings near the end of a mapping: take what can be read. */
	err = t->mem.ops->read(t->mem.priv, PS_KVADDR, kvaddr, buf, len - 1,
			       &done);
	if (err && !memchr(buf, '\0', done))
		return err;
	ps_error_destroy(err);
	buf[len - 1] = '\0';
	return NULL;
}

struct ps_error *ps_target_symbol_addr(struct ps_target *t,
				       const struct ps_lval *sym,
				       const char *name, uint64_t *ret)
{
	if (!sym->present)
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "this kernel has no symbol %s", name);
	*ret = (uint64_t)sym->value;
	if (!ps_symbol_is_percpu(*ret))
		*ret += t->kaslr_offset;
	return NULL;
}

void ps_target_view(const struct ps_target *t, struct ps_mem mem,
		    struct ps_target *ret)
{
	*ret = *t;
	ret->mem = mem;
	/* A snapshot being saved records through one reader only. */
	ret->recorder = NULL;
}

struct ps_error *ps_target_virt_to_phys(struct ps_target *t, uint64_t vaddr,
					uint64_t *ret)
{
	if (!t->mem.ops->virt_to_phys)
		return ps_error_at(PS_ERR_UNSUPPORTED, vaddr,
				   "cannot translate kernel address %#" PRIx64,
				   vaddr);
	return t->mem.ops->virt_to_phys(t->mem.priv, vaddr, ret);
}

struct ps_error *ps_target_symbols(struct ps_target *t,
				   struct ps_symbols **ret)
{
	return ps_debuginfo_symbols(&t->debuginfo, ret);
}

struct ps_error *ps_target_types(struct ps_target *t, struct ps_types **ret)
{
	return ps_debuginfo_types(&t->debuginfo, ret);
}

/* ------------------------------------------------------------------ */
/* VMCOREINFO and layout                                              */
/* ------------------------------------------------------------------ */

/* Inside crash there is no file to name. */
static struct ps_error *ps_target_dump_error(struct ps_target *t,
					     struct ps_error *err)
{
	return t->dump_path ? ps_error_prefix(err, "%s", t->dump_path) : err;
}

/* NUMBER()s that differ from boot to boot of one build. */
static bool ps_vi_runtime_number(const char *line)
{
	static const char *const runtime[] = {
		"NUMBER(phys_base)=", "NUMBER(VMALLOC_START)=",
		"NUMBER(VMEMMAP_START)=", "NUMBER(sme_mask)=",
		"NUMBER(pgtable_l5_enabled)=",
	};

	for (size_t i = 0; i < sizeof(runtime) / sizeof(runtime[0]); i++) {
		if (!strncmp(line, runtime[i], strlen(runtime[i])))
			return true;
	}
	return false;
}

static bool ps_vi_build_constant(const char *line)
{
	return !strncmp(line, "SIZE(", 5) || !strncmp(line, "OFFSET(", 7) ||
	       !strncmp(line, "LENGTH(", 7) ||
	       (!strncmp(line, "NUMBER(", 7) && !ps_vi_runtime_number(line));
}

/*
 * The layout cache is keyed by the build ID and by the VMCOREINFO values
 * the build fixed: a damaged dump of the same build neither reads the
 * cache of sound ones nor leaves its own numbers for them.
 */
static char *ps_target_layout_key(const char *build_id, const char *text)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char *key;

	if (!*build_id)
		return strdup("");
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\n");

		if (ps_vi_build_constant(line))
			for (size_t i = 0; i <= n; i++)
				h = (h ^ (unsigned char)line[i]) * 0x100000001b3ULL;
		line += n + (line[n] == '\n');
	}
	if (asprintf(&key, "%s-%016" PRIx64, build_id, h) < 0)
		return NULL;
	return key;
}

struct ps_error *ps_target_load_vmcoreinfo(struct ps_target *t)
{
	const char *text = t->mem.ops->vmcoreinfo(t->mem.priv);
	const char *release, *id;
	struct ps_error *err;

	if (!text)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: no VMCOREINFO note: cannot tell the kernel's release, build or KASLR offset (for QEMU dumps, boot the guest with -device vmcoreinfo and load qemu_fw_cfg)",
				       t->dump_path);
	err = ps_vmcoreinfo_check_text(text, strlen(text));
	if (err)
		return ps_target_dump_error(t, err);
	err = ps_vmcoreinfo_parse(text, strlen(text), &t->vmcoreinfo);
	if (err)
		return ps_target_dump_error(t, err);
	release = ps_vmcoreinfo_get(t->vmcoreinfo, "OSRELEASE");
	id = ps_vmcoreinfo_get(t->vmcoreinfo, "BUILD-ID");
	t->release = strdup(release);
	t->build_id = strdup(id ? id : "");
	t->layout_key = ps_target_layout_key(id ? id : "", text);
	if (!t->release || !t->build_id || !t->layout_key)
		return ps_error_nomem();
	if (!ps_vmcoreinfo_kaslr_offset(t->vmcoreinfo, &t->kaslr_offset))
		t->kaslr_offset = 0;
	return NULL;
}

static struct ps_error *ps_target_resolve_steps(struct ps_target *t)
{
	struct ps_layout_sources src = {
		.vmcoreinfo = t->vmcoreinfo,
		.kaslr_offset = t->kaslr_offset,
		/* For tests: prove the hinted units hold all we need. */
		.full_scan = getenv("PAGESCOPE_FULL_SCAN") != NULL,
	};
	struct ps_error *err;

	err = ps_target_types(t, &src.types);
	if (err)
		return err;
	err = ps_target_symbols(t, &src.symbols);
	if (err)
		return err;
	return ps_layout_resolve(&src, &t->layout);
}

static struct ps_error *ps_target_resolve_layout(struct ps_target *t)
{
	struct ps_error *err;

	ps_target_progress(t, "reading the kernel's type information");
	err = ps_target_resolve_steps(t);
	ps_target_progress(t, NULL);
	return err;
}

static struct ps_error *ps_target_check_layout(struct ps_target *t)
{
	return ps_target_dump_error(t, ps_layout_check(&t->layout, &t->paging));
}

/*
 * The layout: from the cache of an earlier DWARF or BTF open of this
 * build, else from the type information found (BTF needs no cache).
 */
static struct ps_error *ps_target_layout(struct ps_target *t, bool no_cache)
{
	bool cacheable = !no_cache && !t->debuginfo.use_btf;
	struct ps_error *err;

	if (cacheable && ps_layout_cache_load(t->layout_key, &t->layout))
		return ps_target_check_layout(t);
	err = ps_target_resolve_layout(t);
	if (err)
		return err;
	err = ps_target_check_layout(t);
	if (err)
		return err;
	if (cacheable)
		ps_error_destroy(ps_layout_cache_store(t->layout_key, &t->layout));
	return NULL;
}

static struct ps_error *ps_target_paging(struct ps_target *t)
{
	if (!t->mem.ops->paging)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s: the memory reader does not know the page-table geometry",
				       t->mem.ops->name);
	return t->mem.ops->paging(t->mem.priv, &t->paging);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_target_open_debuginfo(struct ps_target *t,
						 const struct ps_open_args *args)
{
	const struct ps_debuginfo_kernel kernel = {
		.mem = &t->mem,
		.vmcoreinfo = t->vmcoreinfo,
		.dump_path = t->dump_path,
		.release = t->release,
		.build_id = t->build_id,
		.kaslr_offset = t->kaslr_offset,
		.live = t->live,
	};

	return ps_debuginfo_open(&t->debuginfo, &kernel, args);
}

static struct ps_error *ps_target_open_steps(struct ps_target *t,
					     const struct ps_open_args *args)
{
	struct ps_error *err;

	t->progress = args->progress;
	t->progress_arg = args->progress_arg;
	t->dump_path = strdup(args->dump);
	if (!t->dump_path)
		return ps_error_nomem();
	t->live = !strcmp(t->dump_path, "/proc/kcore");
	if (ps_snapshot_is_snapshot(args->dump))
		return ps_target_open_snapshot(t);
	err = ps_kdump_mem_open(args->dump, &t->mem);
	if (err)
		return err;
	err = ps_target_load_vmcoreinfo(t);
	if (err)
		return err;
	err = ps_target_open_debuginfo(t, args);
	if (err)
		return err;
	err = ps_target_paging(t);
	if (err)
		return err;
	t->no_cache = args->no_cache;
	return ps_target_layout(t, args->no_cache);
}

PS_DEFINE_CLEANUP(struct ps_target, ps_target_destroy)

struct ps_error *ps_target_open(const struct ps_open_args *args,
				struct ps_target **ret)
{
	_cleanup_(ps_target_destroyp) struct ps_target *t = calloc(1, sizeof(*t));
	struct ps_error *err;

	if (!t)
		return ps_error_nomem();
	err = ps_target_open_steps(t, args);
	if (err)
		return err;
	*ret = ps_steal(t);
	return NULL;
}

/* A source without VMCOREINFO (crash on some dumps) still has a name. */
static struct ps_error *ps_target_identify(struct ps_target *t)
{
	struct ps_error *err;

	if (t->mem.ops->vmcoreinfo(t->mem.priv)) {
		err = ps_target_load_vmcoreinfo(t);
		if (err)
			return err;
	}
	if (!t->release && !(t->release = strdup("unknown")))
		return ps_error_nomem();
	if (!t->build_id && !(t->build_id = strdup("")))
		return ps_error_nomem();
	if (!t->layout_key && !(t->layout_key = strdup("")))
		return ps_error_nomem();
	return NULL;
}

struct ps_error *ps_target_create(struct ps_mem mem, struct ps_types types,
				  struct ps_symbols symbols,
				  const struct ps_paging *paging,
				  struct ps_target **ret)
{
	_cleanup_(ps_target_destroyp) struct ps_target *t = calloc(1, sizeof(*t));
	struct ps_error *err;

	if (!t) {
		mem.ops->destroy(mem.priv);
		types.ops->destroy(types.priv);
		symbols.ops->destroy(symbols.priv);
		return ps_error_nomem();
	}
	t->mem = mem;
	ps_debuginfo_init_with(&t->debuginfo, types, symbols);
	t->paging = *paging;
	err = ps_target_identify(t);
	if (err)
		return err;
	err = ps_target_resolve_layout(t);
	if (err)
		return err;
	err = ps_target_check_layout(t);
	if (err)
		return err;
	*ret = ps_steal(t);
	return NULL;
}

struct ps_error *ps_target_forget(struct ps_target *t)
{
	if (!t->live || !t->mem.ops->forget)
		return NULL;
	return t->mem.ops->forget(t->mem.priv);
}

void ps_target_set_interrupt(struct ps_target *t, volatile sig_atomic_t *flag)
{
	t->interrupted = flag;
}

void ps_target_reset_slots(struct ps_target *t)
{
	for (size_t i = 0; i < PS_NR_SLOTS; i++) {
		if (t->slots[i].obj)
			t->slots[i].destroy(t->slots[i].obj);
		t->slots[i].obj = NULL;
	}
}

void ps_target_destroy(struct ps_target *t)
{
	if (!t)
		return;
	ps_target_reset_slots(t);
	ps_debuginfo_deinit(&t->debuginfo);
	ps_vmcoreinfo_destroy(t->vmcoreinfo);
	if (t->mem.ops)
		t->mem.ops->destroy(t->mem.priv);
	free(t->release);
	free(t->build_id);
	free(t->layout_key);
	free(t->dump_path);
	free(t);
}
