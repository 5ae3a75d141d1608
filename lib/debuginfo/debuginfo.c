// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "debuginfo/btf_types.h"
#include "debuginfo/debuginfo.h"
#include "debuginfo/dwarf_types.h"
#include "debuginfo/kallsyms.h"
#include "target/target.h"

static const char ps_live_btf[] = "/sys/kernel/btf/vmlinux";
static const char ps_live_kallsyms[] = "/proc/kallsyms";

/* ------------------------------------------------------------------ */
/* A vmlinux                                                          */
/* ------------------------------------------------------------------ */

static const char *const ps_vmlinux_places[] = {
	"/usr/lib/debug/boot/vmlinux-%s",
	"/usr/lib/debug/lib/modules/%s/vmlinux",
	"/boot/vmlinux-%s",
	"/lib/modules/%s/build/vmlinux",
};

enum { PS_NR_PLACES = sizeof(ps_vmlinux_places) / sizeof(ps_vmlinux_places[0]) };

static struct ps_error *ps_vmlinux_not_found(const char *release,
					     struct ps_error *btf_err)
{
	char looked[1024] = "";
	size_t used = 0;
	struct ps_error *err;

	for (size_t i = 0; i < PS_NR_PLACES && used < sizeof(looked); i++) {
		char path[256];

		snprintf(path, sizeof(path), ps_vmlinux_places[i], release);
		used += (size_t)snprintf(looked + used, sizeof(looked) - used,
					 "%s%s", i ? ", " : "", path);
	}
	err = ps_error_create(PS_ERR_BAD_INPUT,
			      "no vmlinux with debug info for kernel %s (looked in %s) and no usable BTF (%s): install linux-image-%s-dbg (Debian) or kernel-debuginfo-%s (Fedora), or give one with -k",
			      release, looked, btf_err->message, release, release);
	ps_error_destroy(btf_err);
	return err;
}

static char *ps_find_vmlinux(const char *release)
{
	for (size_t i = 0; i < PS_NR_PLACES; i++) {
		char *path;

		if (asprintf(&path, ps_vmlinux_places[i], release) < 0)
			return NULL;
		if (!access(path, R_OK))
			return path;
		free(path);
	}
	return NULL;
}

/* Refuse a vmlinux of another build: its types would be silently wrong. */
static struct ps_error *ps_check_vmlinux(struct ps_target *t)
{
	const char *path = ps_elf_file_path(t->vmlinux);
	const char *id = ps_elf_file_build_id(t->vmlinux);
	const char *release = ps_elf_file_release(t->vmlinux);

	if (*t->build_id && *id && strncmp(id, t->build_id, strlen(id)))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s does not match %s: build ID %s, but the dump's kernel has %s",
				       path, t->dump_path, id, t->build_id);
	if (release && strcmp(release, t->release))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s does not match %s: kernel %s, but the dump is of %s",
				       path, t->dump_path, release, t->release);
	return NULL;
}

static struct ps_error *ps_use_vmlinux(struct ps_target *t, const char *path)
{
	struct ps_error *err = ps_elf_file_open(path, &t->vmlinux);

	if (!err)
		err = ps_check_vmlinux(t);
	if (!err && !(t->debuginfo = strdup(path)))
		err = ps_error_nomem();
	return err;
}

/* ------------------------------------------------------------------ */
/* BTF and kallsyms                                                   */
/* ------------------------------------------------------------------ */

/* /proc/kcore is the running kernel's; its BTF is in sysfs. */
static bool ps_is_running_kernel(const struct ps_target *t)
{
	struct utsname u;

	return t->live && !uname(&u) && !strcmp(u.release, t->release);
}

static struct ps_error *ps_use_btf(struct ps_target *t)
{
	struct ps_symbols *symbols;
	struct ps_types *types;
	struct ps_error *err;

	t->use_btf = true;
	t->debuginfo = strdup(t->live ? "BTF of the running kernel (/sys/kernel/btf/vmlinux, /proc/kallsyms)"
				      : "BTF and kallsyms read from the dump");
	if (!t->debuginfo)
		return ps_error_nomem();
	if (t->live && !ps_is_running_kernel(t))
		return ps_error_create(PS_ERR_MISMATCH,
				       "%s is not of the running kernel", t->dump_path);
	/* Open both now, so a missing one is said at open, not later. */
	err = ps_target_symbols(t, &symbols);
	if (!err)
		err = ps_target_types(t, &types);
	return err;
}

/* The kernel image's .BTF section, between __start_BTF and __stop_BTF. */
static struct ps_error *ps_btf_from_dump(struct ps_target *t,
					 struct ps_types *ret)
{
	struct ps_symbols *symbols;
	uint64_t start, stop;
	void *data;
	struct ps_error *err = ps_target_symbols(t, &symbols);

	if (!err)
		err = symbols->ops->lookup(symbols->priv, "__start_BTF", &start);
	if (!err)
		err = symbols->ops->lookup(symbols->priv, "__stop_BTF", &stop);
	if (!err && (stop <= start || stop - start > (256u << 20)))
		err = ps_error_create(PS_ERR_CORRUPT, "__start_BTF..__stop_BTF is no BTF section");
	if (err)
		return ps_error_prefix(err, "BTF in the dump");
	data = malloc(stop - start);
	if (!data)
		return ps_error_nomem();
	err = ps_target_read(t, PS_KVADDR, start, data, stop - start);
	if (!err)
		err = ps_btf_types_from_memory(data, stop - start, "BTF in the dump", ret);
	free(data);
	return err;
}

/* ------------------------------------------------------------------ */
/* On demand                                                          */
/* ------------------------------------------------------------------ */

struct ps_error *ps_target_symbols(struct ps_target *t,
				   struct ps_symbols **ret)
{
	struct ps_error *err = NULL;

	if (!t->symbols.ops) {
		if (t->vmlinux)
			err = ps_elf_symbols_create(t->vmlinux, t->kaslr_offset,
						    &t->symbols);
		else if (t->live)
			err = ps_kallsyms_from_file(ps_live_kallsyms, &t->symbols);
		else if (t->vmcoreinfo)
			err = ps_kallsyms_from_dump(&t->mem, t->vmcoreinfo,
						    &t->symbols);
		else
			err = ps_error_create(PS_ERR_NO_SYMBOL,
					      "no symbol table available");
		if (err)
			return err;
	}
	*ret = &t->symbols;
	return NULL;
}

struct ps_error *ps_target_types(struct ps_target *t, struct ps_types **ret)
{
	struct ps_error *err = NULL;

	if (!t->types.ops) {
		if (t->vmlinux)
			err = ps_dwarf_types_create(t->vmlinux, &t->types);
		else if (t->live)
			err = ps_btf_types_from_file(ps_live_btf, &t->types);
		else if (t->vmcoreinfo)
			err = ps_btf_from_dump(t, &t->types);
		else
			err = ps_error_create(PS_ERR_NO_TYPE,
					      "no type information available");
		if (err)
			return err;
	}
	*ret = &t->types;
	return NULL;
}

struct ps_error *ps_debuginfo_open(struct ps_target *t,
				   const struct ps_open_args *args)
{
	char *found;
	struct ps_error *err;

	t->live = !strcmp(t->dump_path, "/proc/kcore");
	if (args->btf)
		return ps_use_btf(t);
	if (args->vmlinux)
		return ps_use_vmlinux(t, args->vmlinux);
	found = ps_find_vmlinux(t->release);
	if (found) {
		err = ps_use_vmlinux(t, found);
		free(found);
		return err;
	}
	err = ps_use_btf(t);
	return err ? ps_vmlinux_not_found(t->release, err) : NULL;
}
