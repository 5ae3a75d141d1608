// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dump/elf_file.h"

struct ps_elf_file {
	char *path;
	int fd;
	Elf *elf;
	size_t nr_sections;
	struct ps_elf_section *sections;
	const struct ps_elf_section *symtab;
	const struct ps_elf_section *strtab;
	char build_id[2 * 64 + 1];
	char *release;
	void *image;	/* owned, when opened from memory */
};

static struct ps_error *ps_elf_error(const struct ps_elf_file *f,
				     const char *what)
{
	return ps_error_create(PS_ERR_BAD_INPUT, "%s: %s: %s", f->path, what,
			       elf_errmsg(-1));
}

static struct ps_error *ps_elf_load_section(struct ps_elf_file *f,
					    Elf_Scn *scn, size_t shstrndx,
					    struct ps_elf_section *s)
{
	GElf_Shdr shdr;
	Elf_Data *data;

	if (!gelf_getshdr(scn, &shdr))
		return ps_elf_error(f, "bad section header");
	s->name = elf_strptr(f->elf, shstrndx, shdr.sh_name);
	if (!s->name)
		s->name = "";
	if ((shdr.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0)
		return ps_elf_error(f, "cannot decompress a section");
	if ((shdr.sh_flags & SHF_COMPRESSED) && !gelf_getshdr(scn, &shdr))
		return ps_elf_error(f, "bad section header");
	s->type = shdr.sh_type;
	s->flags = shdr.sh_flags;
	s->addr = shdr.sh_addr;
	s->size = shdr.sh_size;
	s->link = shdr.sh_link;
	s->info = shdr.sh_info;
	s->entsize = shdr.sh_entsize;
	if (shdr.sh_type == SHT_NOBITS || !shdr.sh_size)
		return NULL;
	data = elf_rawdata(scn, NULL);
	if (!data || data->d_size < shdr.sh_size)
		return ps_elf_error(f, "section data lies outside the file");
	s->data = data->d_buf;
	return NULL;
}

static struct ps_error *ps_elf_load_sections(struct ps_elf_file *f)
{
	size_t shstrndx;
	struct ps_error *err;

	if (elf_getshdrnum(f->elf, &f->nr_sections) ||
	    elf_getshdrstrndx(f->elf, &shstrndx))
		return ps_elf_error(f, "no section headers");
	f->sections = calloc(f->nr_sections ? f->nr_sections : 1,
			     sizeof(*f->sections));
	if (!f->sections)
		return ps_error_nomem();
	for (size_t i = 1; i < f->nr_sections; i++) {
		err = ps_elf_load_section(f, elf_getscn(f->elf, i), shstrndx,
					  &f->sections[i]);
		if (err)
			return err;
	}
	f->sections[0].name = "";
	return NULL;
}

static void ps_elf_hex(char *out, size_t outlen, const unsigned char *in,
		       size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len && 2 * i + 2 < outlen; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * i] = '\0';
}

static void ps_elf_find_build_id(struct ps_elf_file *f)
{
	for (size_t i = 1; i < f->nr_sections; i++) {
		const struct ps_elf_section *s = &f->sections[i];
		Elf_Data data = {
			.d_buf = (void *)s->data,
			.d_size = s->size,
			.d_type = ELF_T_NHDR,
			.d_version = EV_CURRENT,
		};
		GElf_Nhdr nhdr;
		size_t off = 0, name_off, desc_off;

		if (s->type != SHT_NOTE || !s->data)
			continue;
		while ((off = gelf_getnote(&data, off, &nhdr, &name_off,
					   &desc_off)) > 0) {
			const char *name = (const char *)s->data + name_off;

			if (nhdr.n_type == NT_GNU_BUILD_ID &&
			    nhdr.n_namesz == 4 && !memcmp(name, "GNU", 4)) {
				ps_elf_hex(f->build_id, sizeof(f->build_id),
					   (const unsigned char *)s->data +
						   desc_off,
					   nhdr.n_descsz);
				return;
			}
		}
	}
}

/*
 * A string table ends in NUL (the ELF spec): one that does not would let
 * every name run on to its end, and indexing them all take minutes.
 */
static bool ps_elf_strtab_ok(const struct ps_elf_section *s)
{
	return s->data && s->size && !((const char *)s->data)[s->size - 1];
}

static void ps_elf_find_symtab(struct ps_elf_file *f)
{
	for (size_t i = 1; i < f->nr_sections; i++) {
		const struct ps_elf_section *s = &f->sections[i];

		if (s->type == SHT_SYMTAB && s->data &&
		    s->link < f->nr_sections &&
		    ps_elf_strtab_ok(&f->sections[s->link])) {
			f->symtab = s;
			f->strtab = &f->sections[s->link];
			return;
		}
	}
}

static void ps_elf_find_release(struct ps_elf_file *f);

/* Without blocking on a FIFO, and only a regular file: it is mapped. */
static struct ps_error *ps_elf_open_regular(const char *path, int *fd_ret)
{
	struct stat st;

	*fd_ret = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (*fd_ret < 0)
		return ps_error_os("%s", path);
	if (fstat(*fd_ret, &st))
		return ps_error_os("%s", path);
	if (!S_ISREG(st.st_mode))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a regular file, not a vmlinux",
				       path);
	return NULL;
}

/* The checks and indexes common to a file and an image in memory. */
static struct ps_error *ps_elf_file_load(struct ps_elf_file *f)
{
	const char *path = f->path;
	struct ps_error *err;

	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF)
		return ps_error_create(PS_ERR_BAD_INPUT, "%s: not an ELF file",
				       path);
	if (gelf_getclass(f->elf) != ELFCLASS64)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a 64-bit ELF file", path);
	err = ps_elf_load_sections(f);
	if (err)
		return err;
	ps_elf_find_build_id(f);
	ps_elf_find_symtab(f);
	ps_elf_find_release(f);
	return NULL;
}

struct ps_error *ps_elf_file_open_memory(const char *name, void *image,
					 size_t len, struct ps_elf_file **ret)
{
	struct ps_elf_file *f;
	struct ps_error *err;

	elf_version(EV_CURRENT);
	f = calloc(1, sizeof(*f));
	if (!f) {
		free(image);
		return ps_error_nomem();
	}
	f->fd = -1;
	f->image = image;
	f->path = strdup(name);
	if (!f->path) {
		ps_elf_file_destroy(f);
		return ps_error_nomem();
	}
	f->elf = elf_memory(image, len);
	err = ps_elf_file_load(f);
	if (err) {
		ps_elf_file_destroy(f);
		return err;
	}
	*ret = f;
	return NULL;
}

struct ps_error *ps_elf_file_open(const char *path, struct ps_elf_file **ret)
{
	struct ps_elf_file *f;
	struct ps_error *err;

	elf_version(EV_CURRENT);
	f = calloc(1, sizeof(*f));
	if (!f)
		return ps_error_nomem();
	f->fd = -1;
	f->path = strdup(path);
	if (!f->path) {
		err = ps_error_nomem();
		goto out;
	}
	err = ps_elf_open_regular(path, &f->fd);
	if (err)
		goto out;
	f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL);
	err = ps_elf_file_load(f);
	if (err)
		goto out;
	*ret = f;
	return NULL;
out:
	ps_elf_file_destroy(f);
	return err;
}

void ps_elf_file_destroy(struct ps_elf_file *f)
{
	if (!f)
		return;
	free(f->release);
	free(f->sections);
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
	free(f->image);
	free(f->path);
	free(f);
}

const char *ps_elf_file_path(const struct ps_elf_file *f)
{
	return f->path;
}

size_t ps_elf_file_section_count(const struct ps_elf_file *f)
{
	return f->nr_sections;
}

const struct ps_elf_section *ps_elf_file_section(const struct ps_elf_file *f,
						 size_t index)
{
	return index < f->nr_sections ? &f->sections[index] : NULL;
}

const char *ps_elf_file_build_id(const struct ps_elf_file *f)
{
	return f->build_id;
}

size_t ps_elf_file_symbol_count(const struct ps_elf_file *f)
{
	return f->symtab ? f->symtab->size / sizeof(Elf64_Sym) : 0;
}

void ps_elf_file_symbol(const struct ps_elf_file *f, size_t index,
			struct ps_elf_symbol *ret)
{
	const char *strings = f->strtab->data;
	Elf64_Sym sym;

	/* A damaged section header may leave the table unaligned. */
	memcpy(&sym, (const Elf64_Sym *)f->symtab->data + index, sizeof(sym));
	/* KSYM_NAME_LEN is 512: a longer name is damage, and unbounded work. */
	ret->name = sym.st_name < f->strtab->size &&
			    memchr(strings + sym.st_name, '\0',
				   f->strtab->size - sym.st_name < 512
					   ? f->strtab->size - sym.st_name
					   : 512)
		    ? strings + sym.st_name
		    : "";
	ret->value = sym.st_value;
	ret->size = sym.st_size;
	ret->type = ELF64_ST_TYPE(sym.st_info);
	ret->bind = ELF64_ST_BIND(sym.st_info);
}

/* Read the string at kernel address @p addr from the file's sections. */
static const char *ps_elf_string_at(const struct ps_elf_file *f, uint64_t addr)
{
	for (size_t i = 1; i < f->nr_sections; i++) {
		const struct ps_elf_section *s = &f->sections[i];

		if (!s->data || !s->addr || addr < s->addr ||
		    addr >= s->addr + s->size)
			continue;
		if (!memchr((const char *)s->data + (addr - s->addr), '\0',
			    s->size - (addr - s->addr)))
			return NULL;
		return (const char *)s->data + (addr - s->addr);
	}
	return NULL;
}

/* The release is the first word after "Linux version " in linux_banner. */
static void ps_elf_find_release(struct ps_elf_file *f)
{
	static const char prefix[] = "Linux version ";
	struct ps_elf_symbol sym;
	size_t n = ps_elf_file_symbol_count(f);
	const char *banner = NULL;

	for (size_t i = 0; i < n && !banner; i++) {
		ps_elf_file_symbol(f, i, &sym);
		if (!strcmp(sym.name, "linux_banner"))
			banner = ps_elf_string_at(f, sym.value);
	}
	if (!banner || strncmp(banner, prefix, sizeof(prefix) - 1))
		return;
	banner += sizeof(prefix) - 1;
	f->release = strndup(banner, strcspn(banner, " \n"));
}

const char *ps_elf_file_release(const struct ps_elf_file *f)
{
	return f->release;
}
