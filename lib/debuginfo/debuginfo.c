// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "debuginfo/btf_types.h"
#include "debuginfo/debuginfo.h"
#include "debuginfo/debuginfod.h"
#include "debuginfo/dwarf_types.h"
#include "debuginfo/kallsyms.h"
#include "debuginfo/kallsyms_image.h"
#include "dump/bzimage.h"

static const char ps_live_btf[] = "/sys/kernel/btf/vmlinux";
static const char ps_live_kallsyms[] = "/proc/kallsyms";

/* ------------------------------------------------------------------ */
/* A vmlinux                                                          */
/* ------------------------------------------------------------------ */

/* What a place's format is filled with. */
enum ps_place_kind {
	PS_PLACE_BUILD_ID,	/* debug directory, build ID's head, its rest */
	PS_PLACE_DEBUG_DIR,	/* debug directory, release */
	PS_PLACE_RELEASE,	/* release */
};

/*
 * Where distributions install a kernel's debug info, in the order looked:
 * by build ID (Debian, Fedora and RHEL link it there), then by release.
 */
static const struct {
	enum ps_place_kind kind;
	const char *format;
} ps_vmlinux_places[] = {
	{ PS_PLACE_BUILD_ID, "%s/.build-id/%.2s/%s.debug" },
	{ PS_PLACE_DEBUG_DIR, "%s/boot/vmlinux-%s" },
	{ PS_PLACE_DEBUG_DIR, "%s/lib/modules/%s/vmlinux" },
	{ PS_PLACE_RELEASE, "/boot/vmlinux-%s" },
	{ PS_PLACE_RELEASE, "/lib/modules/%s/build/vmlinux" },
};

enum { PS_NR_PLACES = sizeof(ps_vmlinux_places) / sizeof(ps_vmlinux_places[0]) };

/* /usr/lib/debug, or PAGESCOPE_DEBUG_DIR (gdb's debug-file-directory). */
static const char *ps_debug_dir(void)
{
	const char *dir = getenv("PAGESCOPE_DEBUG_DIR");

	return dir && *dir ? dir : "/usr/lib/debug";
}

/* Place @i for @k, or NULL when it needs a build ID the dump lacks. */
static char *ps_vmlinux_place(size_t i, const struct ps_debuginfo_kernel *k)
{
	const char *format = ps_vmlinux_places[i].format;
	char *path = NULL;
	int n = -1;

	switch (ps_vmlinux_places[i].kind) {
	case PS_PLACE_BUILD_ID:
		if (strlen(k->build_id) > 2)
			n = asprintf(&path, format, ps_debug_dir(), k->build_id,
				     k->build_id + 2);
		break;
	case PS_PLACE_DEBUG_DIR:
		n = asprintf(&path, format, ps_debug_dir(), k->release);
		break;
	case PS_PLACE_RELEASE:
		n = asprintf(&path, format, k->release);
		break;
	}
	return n < 0 ? NULL : path;
}

static struct ps_error *ps_vmlinux_not_found(const struct ps_debuginfo_kernel *k,
					     struct ps_error *btf_err)
{
	char looked[1536] = "";
	size_t used = 0;
	struct ps_error *err;

	for (size_t i = 0; i < PS_NR_PLACES && used < sizeof(looked); i++) {
		char *path = ps_vmlinux_place(i, k);

		if (!path)
			continue;
		used += (size_t)snprintf(looked + used, sizeof(looked) - used,
					 "%s%s", used ? ", " : "", path);
		free(path);
	}
	err = ps_error_create(PS_ERR_BAD_INPUT,
			      "no vmlinux with debug info for kernel %s (looked in %s) and no usable BTF (%s): install linux-image-%s-dbg (Debian) or kernel-debuginfo-%s (Fedora), or give one with -k",
			      k->release, looked, btf_err->message, k->release, k->release);
	ps_error_destroy(btf_err);
	return err;
}

static char *ps_find_vmlinux(const struct ps_debuginfo_kernel *k)
{
	for (size_t i = 0; i < PS_NR_PLACES; i++) {
		char *path = ps_vmlinux_place(i, k);

		if (path && !access(path, R_OK))
			return path;
		free(path);
	}
	return NULL;
}

/* Does @p elf carry DWARF (a .debug_info with bytes in the file)? */
static bool ps_has_dwarf(const struct ps_elf_file *elf)
{
	size_t n = ps_elf_file_section_count(elf);

	for (size_t i = 1; i < n; i++) {
		const struct ps_elf_section *s = ps_elf_file_section(elf, i);

		if (s->name && !strcmp(s->name, ".debug_info"))
			return s->data && s->size;
	}
	return false;
}

/*
 * Refuse a vmlinux of another build: its types would be silently wrong.
 * And one without DWARF (a vmcore, a stripped image), even when the
 * layout cache of this build would answer without reading it.
 */
static struct ps_error *ps_check_vmlinux(const struct ps_debuginfo *d)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	/* A vmlinux, or the kernel unpacked from a vmlinuz. */
	const struct ps_elf_file *elf = d->vmlinux ? d->vmlinux : d->image;
	const char *path = ps_elf_file_path(elf);
	const char *id = ps_elf_file_build_id(elf);
	const char *release = ps_elf_file_release(elf);

	/* An unpacked vmlinuz brings BTF, not DWARF. */
	if (d->vmlinux && !ps_has_dwarf(d->vmlinux))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: no DWARF debug info (no .debug_info section): not a vmlinux with debug info (a stripped one? a vmcore? install the -dbg package)",
				       path);

	if (*k->build_id && *id && strncmp(id, k->build_id, strlen(id)))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s does not match %s: build ID %s, but the dump's kernel has %s",
				       path, k->dump_path, id, k->build_id);
	if (release && strcmp(release, k->release))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s does not match %s: kernel %s, but the dump is of %s",
				       path, k->dump_path, release, k->release);
	return NULL;
}

static struct ps_error *ps_use_vmlinux(struct ps_debuginfo *d,
				       const char *path)
{
	struct ps_error *err = ps_elf_file_open(path, &d->vmlinux);

	if (err)
		return err;
	err = ps_check_vmlinux(d);
	if (err)
		return err;
	d->source = strdup(path);
	return d->source ? NULL : ps_error_nomem();
}

/* ------------------------------------------------------------------ */
/* BTF and kallsyms                                                   */
/* ------------------------------------------------------------------ */

/* /proc/kcore is the running kernel's; its BTF is in sysfs. */
static bool ps_is_running_kernel(const struct ps_debuginfo_kernel *k)
{
	struct utsname u;

	return k->live && !uname(&u) && !strcmp(u.release, k->release);
}

/* Before v6.0 a dump has no kallsyms to find: say what else to give. */
static struct ps_error *ps_btf_without_kallsyms(const struct ps_debuginfo *d,
						struct ps_error *err)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	uint64_t addr;
	struct ps_error *hint;

	if (k->live || !k->vmcoreinfo ||
	    ps_vmcoreinfo_symbol(k->vmcoreinfo, "kallsyms_num_syms", &addr))
		return err;
	hint = ps_error_create(err->code,
			       "%s; without it give -k /boot/vmlinuz-%s (its BTF, with System.map-%s beside it) or --system-map FILE",
			       err->message, k->release, k->release);
	ps_error_destroy(err);
	return hint;
}

static struct ps_error *ps_use_btf(struct ps_debuginfo *d)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	struct ps_symbols *symbols;
	struct ps_types *types;
	struct ps_error *err;

	d->use_btf = true;
	d->source = strdup(k->live ? "BTF of the running kernel (/sys/kernel/btf/vmlinux, /proc/kallsyms)"
				   : "BTF and kallsyms read from the dump");
	if (!d->source)
		return ps_error_nomem();
	if (k->live && !ps_is_running_kernel(k))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s is not of the running kernel", k->dump_path);
	/* Open both now, so a missing one is said at open, not later. */
	err = ps_debuginfo_symbols(d, &symbols);
	if (err)
		return ps_btf_without_kallsyms(d, err);
	return ps_debuginfo_types(d, &types);
}

/*
 * BTF from the dump, symbols from a System.map: kernels whose VMCOREINFO
 * does not point at kallsyms (before v6.0). The map must be this
 * kernel's: its symbols are where VMCOREINFO says. _stext is the same in
 * most builds; init_uts_ns moves with the kernel's size.
 */
static struct ps_error *ps_check_system_map_symbol(struct ps_debuginfo *d,
						   const char *name)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	uint64_t addr, want;
	struct ps_error *err;

	if (!k->vmcoreinfo || !ps_vmcoreinfo_symbol(k->vmcoreinfo, name, &want))
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "%s: the dump has no VMCOREINFO SYMBOL(%s) to check --system-map against",
				       k->dump_path, name);
	err = d->symbols.ops->lookup(d->symbols.priv, name, &addr);
	if (err)
		return ps_error_prefix(err, "%s", d->system_map);
	if (addr != want)
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s is not this kernel's System.map: %s at %#llx, the dump (%s) has it at %#llx",
				       d->system_map, name, (unsigned long long)addr,
				       k->release, (unsigned long long)want);
	return NULL;
}

static struct ps_error *ps_check_system_map(struct ps_debuginfo *d)
{
	struct ps_error *err = ps_check_system_map_symbol(d, "_stext");

	if (err)
		return err;
	return ps_check_system_map_symbol(d, "init_uts_ns");
}

static struct ps_error *ps_use_system_map(struct ps_debuginfo *d,
					  const char *path)
{
	struct ps_symbols *symbols;
	struct ps_types *types;
	struct ps_error *err;

	d->use_btf = true;
	d->system_map = strdup(path);
	if (!d->system_map ||
	    asprintf(&d->source, "BTF read from the dump, symbols from %s", path) < 0) {
		d->source = NULL;
		return ps_error_nomem();
	}
	if (d->kernel.live)
		return ps_error_create(PS_ERR_USAGE,
				       "--system-map is for dumps: the running kernel has /proc/kallsyms");
	err = ps_debuginfo_symbols(d, &symbols);
	if (err)
		return err;
	err = ps_check_system_map(d);
	if (err)
		return err;
	return ps_debuginfo_types(d, &types);
}

/* ------------------------------------------------------------------ */
/* A vmlinuz: the BTF of the image, the symbols of a System.map        */
/* ------------------------------------------------------------------ */

/*
 * Whether @p path is a System.map with symbols in it. Debian's image
 * packages install a one-line placeholder that names the -dbg package;
 * a real map of a kernel is megabytes.
 */
static bool ps_system_map_real(const char *path)
{
	struct stat st;

	return !stat(path, &st) && st.st_size >= 4096 && !access(path, R_OK);
}

/* System.map-RELEASE or System.map beside @p vmlinuz, or NULL. */
static char *ps_system_map_beside(const char *vmlinuz, const char *release)
{
	const char *slash = strrchr(vmlinuz, '/');
	int dir = slash ? (int)(slash - vmlinuz + 1) : 0;
	char *path;

	if (asprintf(&path, "%.*sSystem.map-%s", dir, vmlinuz, release) < 0)
		return NULL;
	if (ps_system_map_real(path))
		return path;
	free(path);
	if (asprintf(&path, "%.*sSystem.map", dir, vmlinuz) < 0)
		return NULL;
	if (ps_system_map_real(path))
		return path;
	free(path);
	return NULL;
}

/*
 * Where the symbols come from with a vmlinuz: a map, the dump's kallsyms
 * (VMCOREINFO points at them since v6.0), or the kallsyms tables inside
 * the image itself, found by their shape.
 */
static struct ps_error *ps_vmlinuz_symbols(struct ps_debuginfo *d,
					   const char *path,
					   const char *system_map)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	uint64_t addr;

	d->system_map = system_map ? strdup(system_map)
				   : ps_system_map_beside(path, k->release);
	if (d->system_map || (k->vmcoreinfo &&
			      ps_vmcoreinfo_symbol(k->vmcoreinfo, "kallsyms_num_syms", &addr)))
		return NULL;
	d->kallsyms_image = k->vmcoreinfo && ps_vmcoreinfo_symbol(k->vmcoreinfo, "_stext", &addr);
	if (d->kallsyms_image)
		return NULL;
	return ps_error_create(PS_ERR_NO_SYMBOL,
			       "%s has no symbols (stripped) and the dump no kallsyms in VMCOREINFO (before v6.0): put System.map-%s beside it or give --system-map FILE",
			       path, k->release);
}

/* For messages: where the symbols of a vmlinuz come from. */
static const char *ps_vmlinuz_symbols_source(const struct ps_debuginfo *d)
{
	if (d->system_map)
		return d->system_map;
	return d->kallsyms_image ? "its own kallsyms tables" : "the dump's kallsyms";
}

static struct ps_error *ps_use_vmlinuz(struct ps_debuginfo *d, const char *path,
				       const char *system_map)
{
	struct ps_symbols *symbols;
	struct ps_types *types;
	void *elf = NULL;
	size_t len = 0;
	struct ps_error *err = ps_bzimage_extract(path, &elf, &len);

	if (err)
		return err;
	err = ps_elf_file_open_memory(path, elf, len, &d->image);
	if (err)
		return ps_error_prefix(err, "the kernel unpacked from %s", path);
	err = ps_check_vmlinux(d);
	if (err)
		return err;
	d->use_btf = true;
	err = ps_vmlinuz_symbols(d, path, system_map);
	if (err)
		return err;
	if (asprintf(&d->source, "BTF of %s, symbols from %s", path,
		     ps_vmlinuz_symbols_source(d)) < 0) {
		d->source = NULL;
		return ps_error_nomem();
	}
	err = ps_debuginfo_symbols(d, &symbols);
	if (!err && d->system_map)
		err = ps_check_system_map(d);
	if (err)
		return err;
	return ps_debuginfo_types(d, &types);
}

/* The image's .BTF section. */
static struct ps_error *ps_btf_from_image(struct ps_debuginfo *d,
					  struct ps_types *ret)
{
	const char *path = ps_elf_file_path(d->image);

	for (size_t i = 1; i < ps_elf_file_section_count(d->image); i++) {
		const struct ps_elf_section *s = ps_elf_file_section(d->image, i);

		if (strcmp(s->name, ".BTF"))
			continue;
		if (!s->data || !s->size)
			break;
		return ps_btf_types_from_memory(s->data, s->size, path, ret);
	}
	return ps_error_create(PS_ERR_NO_TYPE,
			       "%s: the kernel in it has no .BTF section (CONFIG_DEBUG_INFO_BTF off): give -k the vmlinux with debug info",
			       path);
}

static struct ps_error *ps_btf_section_bounds(struct ps_debuginfo *d,
					      uint64_t *start, uint64_t *stop)
{
	struct ps_symbols *symbols;
	struct ps_error *err = ps_debuginfo_symbols(d, &symbols);

	if (err)
		return err;
	err = symbols->ops->lookup(symbols->priv, "__start_BTF", start);
	if (err)
		return err;
	err = symbols->ops->lookup(symbols->priv, "__stop_BTF", stop);
	if (err)
		return err;
	if (*stop <= *start || *stop - *start > (256u << 20))
		return ps_error_create(PS_ERR_CORRUPT, "__start_BTF..__stop_BTF is no BTF section");
	return NULL;
}

/* The kernel image's .BTF section, between __start_BTF and __stop_BTF. */
static struct ps_error *ps_btf_from_dump(struct ps_debuginfo *d,
					 struct ps_types *ret)
{
	uint64_t start, stop;
	void *data;
	struct ps_error *err = ps_btf_section_bounds(d, &start, &stop);

	if (err)
		return ps_error_prefix(err, "BTF in the dump");
	data = malloc(stop - start);
	if (!data)
		return ps_error_nomem();
	err = ps_mem_read(d->kernel.mem, PS_KVADDR, start, data, stop - start);
	if (!err)
		err = ps_btf_types_from_memory(data, stop - start, "BTF in the dump", ret);
	free(data);
	return err;
}

/* ------------------------------------------------------------------ */
/* On demand                                                          */
/* ------------------------------------------------------------------ */

/* The image's kallsyms, placed by the dump's _stext and KASLR offset. */
static struct ps_error *ps_debuginfo_image_symbols(struct ps_debuginfo *d)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;
	uint64_t stext = 0;

	ps_vmcoreinfo_symbol(k->vmcoreinfo, "_stext", &stext);
	return ps_kallsyms_from_image(d->image, stext, k->kaslr_offset, &d->symbols);
}

static struct ps_error *ps_debuginfo_make_symbols(struct ps_debuginfo *d)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;

	if (d->vmlinux)
		return ps_elf_symbols_create(d->vmlinux, k->kaslr_offset,
					     &d->symbols);
	if (d->system_map)
		return ps_kallsyms_from_system_map(d->system_map, k->kaslr_offset,
						   &d->symbols);
	if (d->kallsyms_image)
		return ps_debuginfo_image_symbols(d);
	if (k->live)
		return ps_kallsyms_from_file(ps_live_kallsyms, &d->symbols);
	if (k->vmcoreinfo)
		return ps_kallsyms_from_dump(k->mem, k->vmcoreinfo, &d->symbols);
	return ps_error_create(PS_ERR_NO_SYMBOL, "no symbol table available");
}

static struct ps_error *ps_debuginfo_make_types(struct ps_debuginfo *d)
{
	const struct ps_debuginfo_kernel *k = &d->kernel;

	if (d->vmlinux)
		return ps_dwarf_types_create(d->vmlinux, &d->types);
	if (d->image)
		return ps_btf_from_image(d, &d->types);
	if (k->live)
		return ps_btf_types_from_file(ps_live_btf, &d->types);
	if (k->vmcoreinfo)
		return ps_btf_from_dump(d, &d->types);
	return ps_error_create(PS_ERR_NO_TYPE, "no type information available");
}

struct ps_error *ps_debuginfo_symbols(struct ps_debuginfo *d,
				      struct ps_symbols **ret)
{
	struct ps_error *err;

	if (!d->symbols.ops) {
		err = ps_debuginfo_make_symbols(d);
		if (err)
			return err;
	}
	*ret = &d->symbols;
	return NULL;
}

struct ps_error *ps_debuginfo_types(struct ps_debuginfo *d,
				    struct ps_types **ret)
{
	struct ps_error *err;

	if (!d->types.ops) {
		err = ps_debuginfo_make_types(d);
		if (err)
			return err;
	}
	*ret = &d->types;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                         */
/* ------------------------------------------------------------------ */

/*
 * The vmlinux of @p k's build from a debuginfod server, or NULL (then BTF
 * is tried, and its failure says what debuginfod said).
 */
static char *ps_fetch_vmlinux(const struct ps_debuginfo_kernel *k,
			      const struct ps_open_args *args)
{
	char *path = NULL;
	struct ps_error *err;

	if (args->progress)
		args->progress("fetching the vmlinux from debuginfod", args->progress_arg);
	err = ps_debuginfod_find(k->build_id, &path);
	if (args->progress)
		args->progress(NULL, args->progress_arg);
	ps_error_destroy(err);
	return path;
}

/*
 * The dump's own kallsyms and BTF were there but could not be read or
 * made no sense: that is what to say, not that debug info is missing.
 */
static bool ps_debuginfo_dump_damaged(const struct ps_error *err)
{
	return ps_error_is(err, PS_ERR_FAULT) || ps_error_is(err, PS_ERR_CORRUPT);
}

struct ps_error *ps_debuginfo_open(struct ps_debuginfo *d,
				   const struct ps_debuginfo_kernel *kernel,
				   const struct ps_open_args *args)
{
	char *found;
	struct ps_error *err;

	memset(d, 0, sizeof(*d));
	d->kernel = *kernel;
	if (args->vmlinux && ps_bzimage_file_is(args->vmlinux))
		return ps_use_vmlinuz(d, args->vmlinux, args->system_map);
	if (args->system_map && args->vmlinux)
		return ps_error_create(PS_ERR_USAGE,
				       "--system-map goes with BTF: -k %s has symbols of its own",
				       args->vmlinux);
	if (args->system_map)
		return ps_use_system_map(d, args->system_map);
	if (args->btf)
		return ps_use_btf(d);
	if (args->vmlinux)
		return ps_use_vmlinux(d, args->vmlinux);
	found = ps_find_vmlinux(kernel);
	if (!found && ps_debuginfod_configured() && *kernel->build_id)
		found = ps_fetch_vmlinux(kernel, args);
	if (found) {
		err = ps_use_vmlinux(d, found);
		free(found);
		return err;
	}
	err = ps_use_btf(d);
	if (err && ps_debuginfo_dump_damaged(err))
		return ps_error_prefix(err, "%s: damaged dump: cannot read its own symbols and types",
				       kernel->dump_path);
	return err ? ps_vmlinux_not_found(kernel, err) : NULL;
}

void ps_debuginfo_init_with(struct ps_debuginfo *d, struct ps_types types,
			    struct ps_symbols symbols)
{
	memset(d, 0, sizeof(*d));
	d->types = types;
	d->symbols = symbols;
}

void ps_debuginfo_deinit(struct ps_debuginfo *d)
{
	if (d->types.ops)
		d->types.ops->destroy(d->types.priv);
	if (d->symbols.ops)
		d->symbols.ops->destroy(d->symbols.priv);
	ps_elf_file_destroy(d->vmlinux);
	ps_elf_file_destroy(d->image);
	free(d->system_map);
	free(d->source);
	memset(d, 0, sizeof(*d));
}
