// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "dump/elf_view.h"

struct ps_elf_load {
	uint64_t phys, file_off, file_len;	/* the part the file holds */
	uint64_t mem_len;			/* p_memsz: the rest reads as zeros */
};

struct ps_elf_view {
	int fd;
	uint64_t file_size;
	size_t nr_loads;
	struct ps_elf_load *loads;
	unsigned char *buf;	/* the last range read */
	size_t buf_len;
};

/* All @len bytes, or false: the file ends first, or cannot be read. */
static bool ps_pread_all(int fd, uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return true;
}

/* PN_XNUM defers the count to section header 0, as the ELF spec says. */
static bool ps_view_phnum(int fd, const Elf64_Ehdr *eh, uint64_t *ret)
{
	Elf64_Shdr s0;

	*ret = eh->e_phnum;
	if (eh->e_phnum != PN_XNUM)
		return true;
	if (!eh->e_shoff || !ps_pread_all(fd, eh->e_shoff, &s0, sizeof(s0)))
		return false;
	*ret = s0.sh_info;
	return true;
}

/* Keep a PT_LOAD's file-backed part when it lies inside the file. */
static void ps_view_add_load(struct ps_elf_view *v, const Elf64_Phdr *ph)
{
	uint64_t end = ph->p_offset + ph->p_filesz;

	if (ph->p_type != PT_LOAD || end < ph->p_offset || end > v->file_size)
		return;
	v->loads[v->nr_loads++] = (struct ps_elf_load){
		.phys = ph->p_paddr, .file_off = ph->p_offset,
		.file_len = ph->p_filesz, .mem_len = ph->p_memsz };
}

static struct ps_error *ps_view_read_loads(struct ps_elf_view *v)
{
	Elf64_Ehdr eh;
	uint64_t phnum;
	_cleanup_free_ Elf64_Phdr *ph = NULL;

	if (!ps_pread_all(v->fd, 0, &eh, sizeof(eh)) ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || !ps_view_phnum(v->fd, &eh, &phnum) ||
	    phnum > v->file_size / sizeof(Elf64_Phdr))
		return ps_error_create(PS_ERR_BAD_INPUT, "unreadable ELF program headers");
	ph = calloc(phnum ? phnum : 1, sizeof(*ph));
	v->loads = calloc(phnum ? phnum : 1, sizeof(*v->loads));
	if (!ph || !v->loads)
		return ps_error_nomem();
	if (!ps_pread_all(v->fd, eh.e_phoff, ph, phnum * sizeof(*ph)))
		return ps_error_create(PS_ERR_BAD_INPUT, "unreadable ELF program headers");
	for (uint64_t i = 0; i < phnum; i++)
		ps_view_add_load(v, &ph[i]);
	return NULL;
}

/*
 * /proc/kcore reads as an ELF core too, but its loads are made up on
 * every read and only libkdumpfile knows them: it is the file that
 * cannot be mapped, a vmcore can.
 */
static bool ps_view_can_map(const struct ps_elf_view *v)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	if (!v->nr_loads || page <= 0)
		return false;
	p = mmap(NULL, 1, PROT_READ, MAP_SHARED,
		 v->fd, (off_t)(v->loads[0].file_off & ~((uint64_t)page - 1)));
	if (p == MAP_FAILED)
		return false;
	munmap(p, 1);
	return true;
}

struct ps_error *ps_elf_view_open(int fd, uint64_t size,
				  struct ps_elf_view **ret)
{
	struct ps_elf_view *v = calloc(1, sizeof(*v));
	struct ps_error *err;

	if (!v)
		return ps_error_nomem();
	/* Its own descriptor: the reader may swap its own for a fresh one. */
	v->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (v->fd < 0) {
		free(v);
		return ps_error_create(PS_ERR_OS, "duplicating the dump's descriptor: %s",
				       strerror(errno));
	}
	v->file_size = size;
	err = ps_view_read_loads(v);
	if (err)
		goto fail;
	if (!ps_view_can_map(v)) {
		err = ps_error_create(PS_ERR_UNSUPPORTED, "the file cannot be mapped");
		goto fail;
	}
	*ret = v;
	return NULL;
fail:
	ps_elf_view_destroy(v);
	return err;
}

static const struct ps_elf_load *ps_view_find(const struct ps_elf_view *v,
					      uint64_t phys, size_t len)
{
	for (size_t i = 0; i < v->nr_loads; i++) {
		const struct ps_elf_load *l = &v->loads[i];

		if (phys >= l->phys && phys - l->phys <= l->file_len &&
		    len <= l->file_len - (phys - l->phys))
			return l;
	}
	return NULL;
}

/* The buffer grows to the largest range asked for: a chunk of the walk. */
static bool ps_view_reserve(struct ps_elf_view *v, size_t len)
{
	unsigned char *buf;

	if (len <= v->buf_len)
		return true;
	buf = realloc(v->buf, len);
	if (!buf)
		return false;
	v->buf = buf;
	v->buf_len = len;
	return true;
}

struct ps_error *ps_elf_view_get(struct ps_elf_view *v, uint64_t phys,
				 size_t len, const void **ret)
{
	const struct ps_elf_load *l = ps_view_find(v, phys, len);

	*ret = NULL;
	if (!l)
		return NULL;
	if (!ps_view_reserve(v, len))
		return ps_error_nomem();
	/* Cut short since it was opened: libkdumpfile's read will say so. */
	if (!ps_pread_all(v->fd, l->file_off + (phys - l->phys), v->buf, len))
		return NULL;
	*ret = v->buf;
	return NULL;
}

/* The PT_LOAD whose zero-filled part (p_filesz to p_memsz) holds @phys. */
static const struct ps_elf_load *ps_view_tail(const struct ps_elf_view *v,
					      uint64_t phys)
{
	for (size_t i = 0; i < v->nr_loads; i++) {
		const struct ps_elf_load *l = &v->loads[i];

		if (phys >= l->phys && phys - l->phys >= l->file_len &&
		    phys - l->phys < l->mem_len)
			return l;
	}
	return NULL;
}

struct ps_error *ps_elf_view_explain(const struct ps_elf_view *v, uint64_t phys,
				     struct ps_error *err)
{
	const struct ps_elf_load *l = err ? ps_view_tail(v, phys) : NULL;
	struct ps_error *more;
	char note[128];

	if (!l)
		return err;
	snprintf(note, sizeof(note),
		 "(the dump's PT_LOAD at 0x%llx holds only %llu of %llu bytes)",
		 (unsigned long long)l->phys, (unsigned long long)l->file_len,
		 (unsigned long long)l->mem_len);
	more = err->has_addr
		       ? ps_error_at(err->code, err->addr, "%s %s", err->message, note)
		       : ps_error_create(err->code, "%s %s", err->message, note);
	ps_error_destroy(err);
	return more;
}

void ps_elf_view_destroy(struct ps_elf_view *v)
{
	if (!v)
		return;
	close(v->fd);
	free(v->buf);
	free(v->loads);
	free(v);
}
