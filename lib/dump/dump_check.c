// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dump headers checked with pread(2) before libkdumpfile maps them. What
 * libkdumpfile 0.5.1 reads at open, and so what is checked here:
 * ELF: the file header, the program and section header tables (section 0
 * for PN_XNUM), the section name table, every PT_NOTE; kdump: the header,
 * the sub-header, both bitmaps, the notes, and the page descriptors the
 * bitmap promises.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "dump/dump_check.h"
#include "dump/vmcoreinfo.h"

/* Limits far above any real dump, far below what fails an allocation. */
enum {
	PS_MAX_PHDRS = 1 << 20,		/* makedumpfile -E: one per run of pages */
	PS_MAX_SHDRS = 1 << 16,
	PS_MAX_NOTES = 64 << 20,	/* per-cpu notes of 8192 cpus: ~8 MiB */
	PS_MAX_STRTAB = 1 << 20,
	PS_PHYS_BITS = 52,		/* x86_64's largest MAX_PHYSMEM_BITS */
};

struct ps_dfile {
	const char *path;
	int fd;				/* -1: read from buf */
	const unsigned char *buf;
	uint64_t size;
};

static unsigned long long ps_ull(uint64_t v)
{
	return (unsigned long long)v;
}

/* @p off + @p len, or UINT64_MAX when it wraps. */
static uint64_t ps_end(uint64_t off, uint64_t len)
{
	return off + len < off ? UINT64_MAX : off + len;
}

static struct ps_error *ps_df_truncated(const struct ps_dfile *f,
					const char *what, uint64_t end)
{
	return ps_error_create(PS_ERR_BAD_INPUT,
			       "%s: truncated inside %s: it ends at byte %llu but the file has %llu bytes",
			       f->path, what, ps_ull(end), ps_ull(f->size));
}

/* Read @p len bytes at @p off; past the end of the file is "truncated". */
static struct ps_error *ps_df_read(const struct ps_dfile *f, uint64_t off,
				   void *out, size_t len, const char *what)
{
	size_t done = 0;

	if (ps_end(off, len) > f->size)
		return ps_df_truncated(f, what, ps_end(off, len));
	if (f->fd < 0) {
		memcpy(out, f->buf + off, len);
		return NULL;
	}
	while (done < len) {
		ssize_t n = pread(f->fd, (char *)out + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ps_error_os("%s: reading %s", f->path, what);
		if (n == 0)
			return ps_df_truncated(f, what, ps_end(off, len));
		done += (size_t)n;
	}
	return NULL;
}

static struct ps_error *ps_df_read_alloc(const struct ps_dfile *f,
					 uint64_t off, uint64_t len,
					 const char *what, void **ret)
{
	void *p;
	struct ps_error *err;

	if (ps_end(off, len) > f->size)
		return ps_df_truncated(f, what, ps_end(off, len));
	p = malloc(len ? len : 1);
	if (!p)
		return ps_error_nomem();
	err = ps_df_read(f, off, p, len, what);
	if (err) {
		free(p);
		return err;
	}
	*ret = p;
	return NULL;
}

static struct ps_error *ps_df_damaged(const struct ps_dfile *f,
				      const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static struct ps_error *ps_df_damaged(const struct ps_dfile *f,
				      const char *fmt, ...)
{
	struct ps_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = ps_error_vcreate(PS_ERR_CORRUPT, fmt, ap);
	va_end(ap);
	return ps_error_prefix(err, "%s: damaged dump", f->path);
}

/* ------------------------------------------------------------------ */
/* Notes (ELF PT_NOTE, kdump's note area)                             */
/* ------------------------------------------------------------------ */

static uint64_t ps_align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

static bool ps_note_is(const char *name, uint32_t namesz, const char *want)
{
	size_t n = strlen(want);

	/* The name's size counts its NUL; some writers leave it out. */
	return (namesz == n + 1 || namesz == n) && !memcmp(name, want, n) &&
	       (namesz == n || !name[n]);
}

static struct ps_error *ps_notes_walk(const struct ps_dfile *f,
				      const unsigned char *p, uint64_t size,
				      const char *what)
{
	uint64_t at = 0;

	/* Trailing bytes too few for a note header are padding. */
	while (size - at >= 12) {
		uint32_t namesz, descsz;
		uint64_t name, desc, next;

		memcpy(&namesz, p + at, 4);
		memcpy(&descsz, p + at + 4, 4);
		name = at + 12;
		desc = name + ps_align4(namesz);
		next = desc + ps_align4(descsz);
		if (next > size)
			return ps_df_damaged(f, "a note in %s at byte %llu says it is %llu bytes long, past the end of the %llu bytes of notes",
					     what, ps_ull(at), ps_ull(next - at),
					     ps_ull(size));
		if (ps_note_is((const char *)p + name, namesz, "VMCOREINFO")) {
			struct ps_error *err = ps_vmcoreinfo_check_text(
				(const char *)p + desc, descsz);

			if (err)
				return ps_error_prefix(err, "%s", f->path);
		}
		at = next;
	}
	return NULL;
}

static struct ps_error *ps_notes_check(const struct ps_dfile *f, uint64_t off,
				       uint64_t size, const char *what)
{
	_cleanup_free_ void *p = NULL;
	struct ps_error *err;

	if (size > PS_MAX_NOTES)
		return ps_df_damaged(f, "%s of %llu bytes is impossible (at most %u)",
				     what, ps_ull(size), PS_MAX_NOTES);
	err = ps_df_read_alloc(f, off, size, what, &p);
	if (err)
		return err;
	return ps_notes_walk(f, p, size, what);
}

/* ------------------------------------------------------------------ */
/* ELF                                                                */
/* ------------------------------------------------------------------ */

static const char *ps_elf_type_name(unsigned type)
{
	switch (type) {
	case ET_REL:
		return "an object file";
	case ET_EXEC:
		return "an executable";
	case ET_DYN:
		return "a shared library or PIE executable";
	default:
		return "an ELF file of unknown type";
	}
}

static struct ps_error *ps_elf_check_ident(const struct ps_dfile *f,
					   const unsigned char *id)
{
	uint16_t machine, type;

	memcpy(&type, id + 16, 2);
	memcpy(&machine, id + 18, 2);
	if (id[EI_DATA] != ELFDATA2LSB)
		return ps_df_damaged(f, "ELF header EI_DATA=%u is impossible (x86_64 dumps are little-endian, 1)",
				     id[EI_DATA]);
	if (machine == EM_X86_64 && id[EI_CLASS] != ELFCLASS64)
		return ps_df_damaged(f, "ELF header EI_CLASS=%u is impossible (an x86_64 dump is 64-bit ELF, class 2)",
				     id[EI_CLASS]);
	if (machine != EM_X86_64)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a readable vmcore: an ELF file for machine %u, not x86_64 (%u)",
				       f->path, machine, EM_X86_64);
	if (type != ET_CORE)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a readable vmcore: %s (ELF type %u), not a core dump (type %u)",
				       f->path, ps_elf_type_name(type), type,
				       ET_CORE);
	return NULL;
}

struct ps_elf_counts {
	uint64_t phnum, shnum;
};

/* PN_XNUM and a zero e_shnum defer to section 0, as libkdumpfile reads. */
static struct ps_error *ps_elf_counts(const struct ps_dfile *f,
				      const Elf64_Ehdr *eh,
				      struct ps_elf_counts *c)
{
	Elf64_Shdr s0;
	struct ps_error *err;

	c->phnum = eh->e_phnum;
	c->shnum = eh->e_shnum;
	if (!eh->e_shoff || (c->shnum && c->phnum != PN_XNUM))
		return NULL;
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return ps_df_damaged(f, "ELF header e_shentsize=%u is impossible (an ELF64 section header is %zu bytes)",
				     eh->e_shentsize, sizeof(Elf64_Shdr));
	err = ps_df_read(f, eh->e_shoff, &s0, sizeof(s0), "section header 0");
	if (err)
		return err;
	if (!c->shnum)
		c->shnum = s0.sh_size;
	if (c->shnum && c->phnum == PN_XNUM)
		c->phnum = s0.sh_info;
	return NULL;
}

static struct ps_error *ps_elf_check_tables(const struct ps_dfile *f,
					    const Elf64_Ehdr *eh,
					    const struct ps_elf_counts *c)
{
	if (c->phnum && eh->e_phentsize != sizeof(Elf64_Phdr))
		return ps_df_damaged(f, "ELF header e_phentsize=%u is impossible (an ELF64 program header is %zu bytes)",
				     eh->e_phentsize, sizeof(Elf64_Phdr));
	if (c->phnum > PS_MAX_PHDRS)
		return ps_df_damaged(f, "%llu program headers are impossible (at most %u)",
				     ps_ull(c->phnum), PS_MAX_PHDRS);
	if (ps_end(eh->e_phoff, c->phnum * sizeof(Elf64_Phdr)) > f->size)
		return ps_df_truncated(f, "its program headers",
				       ps_end(eh->e_phoff, c->phnum * sizeof(Elf64_Phdr)));
	/* libkdumpfile reads e_shnum headers even at e_shoff 0. */
	if (!c->shnum)
		return NULL;
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return ps_df_damaged(f, "ELF header e_shentsize=%u is impossible (an ELF64 section header is %zu bytes)",
				     eh->e_shentsize, sizeof(Elf64_Shdr));
	if (c->shnum > PS_MAX_SHDRS)
		return ps_df_damaged(f, "%llu section headers are impossible (at most %u)",
				     ps_ull(c->shnum), PS_MAX_SHDRS);
	if (ps_end(eh->e_shoff, c->shnum * sizeof(Elf64_Shdr)) > f->size)
		return ps_df_truncated(f, "its section headers",
				       ps_end(eh->e_shoff, c->shnum * sizeof(Elf64_Shdr)));
	if (!eh->e_phoff && c->phnum)
		return ps_df_damaged(f, "ELF header e_phoff=0 is impossible with %llu program headers",
				     ps_ull(c->phnum));
	return NULL;
}

struct ps_elf_scan {
	uint64_t nr_loads;
	uint64_t load_end;	/* where the file data of all PT_LOADs ends */
};

static struct ps_error *ps_elf_check_load(const struct ps_dfile *f,
					  const Elf64_Phdr *ph, uint64_t i,
					  struct ps_elf_scan *s)
{
	uint64_t end = ps_end(ph->p_offset, ph->p_filesz);

	if (ph->p_filesz > ph->p_memsz)
		return ps_df_damaged(f, "program header %llu p_filesz=%#llx is impossible (more than its p_memsz=%#llx)",
				     ps_ull(i), ps_ull(ph->p_filesz),
				     ps_ull(ph->p_memsz));
	/* /proc/kcore says "no physical address" with all ones. */
	if (ph->p_paddr != UINT64_MAX &&
	    ps_end(ph->p_paddr, ph->p_memsz) > (1ULL << PS_PHYS_BITS))
		return ps_df_damaged(f, "program header %llu p_paddr=%#llx p_memsz=%#llx is impossible (past x86_64's %u-bit physical address space)",
				     ps_ull(i), ps_ull(ph->p_paddr),
				     ps_ull(ph->p_memsz), PS_PHYS_BITS);
	s->nr_loads++;
	if (end > s->load_end)
		s->load_end = end;
	return NULL;
}

static struct ps_error *ps_elf_check_phdr(const struct ps_dfile *f,
					  const Elf64_Phdr *ph, uint64_t i,
					  struct ps_elf_scan *s)
{
	char what[64];

	if (ph->p_type == PT_LOAD)
		return ps_elf_check_load(f, ph, i, s);
	if (ph->p_type != PT_NOTE)
		return NULL;
	snprintf(what, sizeof(what), "the notes of program header %llu",
		 ps_ull(i));
	return ps_notes_check(f, ph->p_offset, ph->p_filesz, what);
}

static struct ps_error *ps_elf_check_phdrs(const struct ps_dfile *f,
					   const Elf64_Ehdr *eh, uint64_t phnum)
{
	struct ps_elf_scan s = { 0 };
	struct ps_error *err;

	for (uint64_t i = 0; i < phnum; i++) {
		Elf64_Phdr ph;

		err = ps_df_read(f, eh->e_phoff + i * sizeof(ph), &ph,
				 sizeof(ph), "its program headers");
		if (err)
			return err;
		err = ps_elf_check_phdr(f, &ph, i, &s);
		if (err)
			return err;
	}
	if (!s.nr_loads)
		return ps_df_damaged(f, "none of its %llu program headers is a memory segment (PT_LOAD)",
				     ps_ull(phnum));
	if (s.load_end > f->size)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: truncated: its segments end at byte %llu but the file has %llu bytes",
				       f->path, ps_ull(s.load_end),
				       ps_ull(f->size));
	return NULL;
}

/* Xen's domain dumps (xc_core) have sections libkdumpfile maps and sizes. */
static struct ps_error *ps_elf_check_names(const struct ps_dfile *f,
					   const Elf64_Shdr *strtab)
{
	_cleanup_free_ char *names = NULL;
	struct ps_error *err;

	if (strtab->sh_size > PS_MAX_STRTAB)
		return ps_df_damaged(f, "a section name table of %llu bytes is impossible (at most %u)",
				     ps_ull(strtab->sh_size), PS_MAX_STRTAB);
	err = ps_df_read_alloc(f, strtab->sh_offset, strtab->sh_size,
			       "its section names", (void **)&names);
	if (err)
		return err;
	names[strtab->sh_size - 1] = '\0';
	for (uint64_t at = 0; at < strtab->sh_size; at += strlen(names + at) + 1) {
		if (!strncmp(names + at, ".xen", 4) ||
		    !strcmp(names + at, ".note.Xen"))
			return ps_error_create(PS_ERR_BAD_INPUT,
					       "%s: not a readable vmcore: a Xen domain dump (xc_core), not a Linux kernel's",
					       f->path);
	}
	return NULL;
}

static struct ps_error *ps_elf_check_sections(const struct ps_dfile *f,
					      const Elf64_Ehdr *eh,
					      uint64_t shnum)
{
	Elf64_Shdr sh, strtab = { 0 };
	struct ps_error *err;

	for (uint64_t i = 1; i < shnum; i++) {
		err = ps_df_read(f, eh->e_shoff + i * sizeof(sh), &sh,
				 sizeof(sh), "its section headers");
		if (err)
			return err;
		if (sh.sh_type != SHT_NOBITS &&
		    ps_end(sh.sh_offset, sh.sh_size) > f->size)
			return ps_df_truncated(f, i == eh->e_shstrndx
							  ? "its section names"
							  : "a section",
					       ps_end(sh.sh_offset, sh.sh_size));
		if (i == eh->e_shstrndx)
			strtab = sh;
	}
	return strtab.sh_size ? ps_elf_check_names(f, &strtab) : NULL;
}

static struct ps_error *ps_elf_check(const struct ps_dfile *f,
				     struct ps_dump_shape *shape)
{
	Elf64_Ehdr eh;
	struct ps_elf_counts c;
	struct ps_error *err;

	shape->format = PS_DUMP_ELF;
	err = ps_df_read(f, 0, &eh, 20, "its ELF header");
	if (err)
		return err;
	err = ps_elf_check_ident(f, eh.e_ident);
	if (err)
		return err;
	err = ps_df_read(f, 0, &eh, sizeof(eh), "its ELF header");
	if (err)
		return err;
	err = ps_elf_counts(f, &eh, &c);
	if (err)
		return err;
	err = ps_elf_check_tables(f, &eh, &c);
	if (err)
		return err;
	err = ps_elf_check_sections(f, &eh, c.shnum);
	if (err)
		return err;
	return ps_elf_check_phdrs(f, &eh, c.phnum);
}

/* ------------------------------------------------------------------ */
/* kdump-compressed                                                   */
/* ------------------------------------------------------------------ */

/* struct disk_dump_header and kdump_sub_header as makedumpfile writes them. */
enum {
	PS_KH_VERSION = 8, PS_KH_TV_USEC = 416, PS_KH_STATUS = 424,
	PS_KH_BLOCK_SIZE = 428, PS_KH_SUB_HDR_SIZE = 432,
	PS_KH_BITMAP_BLOCKS = 436, PS_KH_MAX_MAPNR = 440, PS_KH_SIZE = 464,
	PS_KS_PHYS_BASE = 0, PS_KS_SPLIT = 12, PS_KS_START_PFN = 16,
	PS_KS_END_PFN = 24, PS_KS_OFFSET_VMCOREINFO = 32,
	PS_KS_SIZE_VMCOREINFO = 40, PS_KS_OFFSET_NOTE = 48,
	PS_KS_SIZE_NOTE = 56, PS_KS_START_PFN_64 = 80, PS_KS_END_PFN_64 = 88,
	PS_KS_MAX_MAPNR_64 = 96, PS_KS_SIZE = 104,
	PS_PAGE_DESC_SIZE = 24,	/* struct page_desc */
};

struct ps_kdump_hdr {
	int32_t version;
	uint32_t block_size, sub_hdr_size, bitmap_blocks, max_mapnr;
	unsigned char sub[PS_KS_SIZE];
	uint64_t bitmap_off, bitmap_len;	/* the one libkdumpfile uses */
	uint64_t start_pfn, end_pfn;		/* of this file (split dumps) */
};

static uint32_t ps_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t ps_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * libkdumpfile tries the 32-bit layout first; a 64-bit header whose
 * timestamp and status fields pass as a 32-bit one would be misread.
 */
static bool ps_kdump_reads_as_32bit(const unsigned char *h)
{
	uint64_t bs = ps_le32(h + PS_KH_TV_USEC);
	uint64_t bitmap = ps_le32(h + PS_KH_STATUS);
	uint64_t mapnr = ps_le32(h + PS_KH_BLOCK_SIZE);

	return bs >= 4096 && bs <= (1u << 18) && 8 * bitmap * bs >= mapnr;
}

static struct ps_error *ps_kdump_check_main(const struct ps_dfile *f,
					    const unsigned char *h,
					    struct ps_kdump_hdr *k)
{
	k->version = (int32_t)ps_le32(h + PS_KH_VERSION);
	k->block_size = ps_le32(h + PS_KH_BLOCK_SIZE);
	k->sub_hdr_size = ps_le32(h + PS_KH_SUB_HDR_SIZE);
	k->bitmap_blocks = ps_le32(h + PS_KH_BITMAP_BLOCKS);
	k->max_mapnr = ps_le32(h + PS_KH_MAX_MAPNR);
	if (k->version < 1)
		return ps_df_damaged(f, "kdump header header_version=%d is impossible (1 or later has the sub-header)",
				     k->version);
	if (k->block_size < 4096 || k->block_size > 65536 ||
	    (k->block_size & (k->block_size - 1)))
		return ps_df_damaged(f, "kdump header block_size=%u is impossible (a page size is a power of two from 4 KiB to 64 KiB)",
				     k->block_size);
	if ((uint64_t)k->sub_hdr_size * k->block_size < PS_KS_SIZE)
		return ps_df_damaged(f, "kdump header sub_hdr_size=%u is impossible (the sub-header needs %u bytes)",
				     k->sub_hdr_size, PS_KS_SIZE);
	if (!k->bitmap_blocks ||
	    8ULL * k->bitmap_blocks * k->block_size < k->max_mapnr)
		return ps_df_damaged(f, "kdump header bitmap_blocks=%u is impossible (too small for max_mapnr=%u pages)",
				     k->bitmap_blocks, k->max_mapnr);
	if (ps_kdump_reads_as_32bit(h))
		return ps_df_damaged(f, "kdump header timestamp and status fields are impossible (they read as a 32-bit header)");
	if ((1ULL + k->sub_hdr_size) * k->block_size > f->size)
		return ps_df_truncated(f, "its sub-header",
				       (1ULL + k->sub_hdr_size) * k->block_size);
	if ((1ULL + k->sub_hdr_size + k->bitmap_blocks) * k->block_size > f->size)
		return ps_df_truncated(f, "its page bitmaps",
				       (1ULL + k->sub_hdr_size + k->bitmap_blocks) *
					       k->block_size);
	return NULL;
}

static struct ps_error *ps_kdump_check_pfns(const struct ps_dfile *f,
					    struct ps_kdump_hdr *k)
{
	const unsigned char *s = k->sub;
	uint64_t max_pfn = k->max_mapnr;
	uint64_t max_phys_pfns = 1ULL << (PS_PHYS_BITS - 12);

	if (k->version >= 6)
		max_pfn = ps_le64(s + PS_KS_MAX_MAPNR_64);
	if (max_pfn > max_phys_pfns)
		return ps_df_damaged(f, "kdump sub-header max_mapnr_64=%llu is impossible (more pages than a %u-bit physical address space holds)",
				     ps_ull(max_pfn), PS_PHYS_BITS);
	k->start_pfn = 0;
	k->end_pfn = UINT64_MAX;
	if (k->version >= 2 && ps_le32(s + PS_KS_SPLIT)) {
		k->start_pfn = ps_le64(s + (k->version >= 6 ? PS_KS_START_PFN_64
							    : PS_KS_START_PFN));
		k->end_pfn = ps_le64(s + (k->version >= 6 ? PS_KS_END_PFN_64
							  : PS_KS_END_PFN));
		if (k->start_pfn > k->end_pfn || k->end_pfn > max_phys_pfns)
			return ps_df_damaged(f, "kdump sub-header start_pfn=%llu end_pfn=%llu is impossible (not a range of page frames)",
					     ps_ull(k->start_pfn), ps_ull(k->end_pfn));
	}
	/* read_bitmap(): a dump of fewer pages uses the bitmaps' second half. */
	k->bitmap_off = (1ULL + k->sub_hdr_size) * k->block_size;
	k->bitmap_len = (uint64_t)k->bitmap_blocks * k->block_size;
	if (max_pfn <= k->bitmap_len * 8 / 2) {
		k->bitmap_len = (uint64_t)(k->bitmap_blocks / 2) * k->block_size;
		k->bitmap_off += k->bitmap_len;
	}
	return NULL;
}

static struct ps_error *ps_kdump_check_extent(const struct ps_dfile *f,
					      uint64_t off, uint64_t size,
					      uint64_t limit, const char *field,
					      const char *what)
{
	if (size > limit)
		return ps_df_damaged(f, "kdump sub-header %s=%llu is impossible (at most %llu bytes)",
				     field, ps_ull(size), ps_ull(limit));
	if (ps_end(off, size) > f->size)
		return ps_df_truncated(f, what, ps_end(off, size));
	return NULL;
}

static struct ps_error *ps_kdump_check_notes(const struct ps_dfile *f,
					     const struct ps_kdump_hdr *k)
{
	const unsigned char *s = k->sub;
	uint64_t off, size;
	_cleanup_free_ char *text = NULL;
	struct ps_error *err;

	if (k->version >= 4) {
		off = ps_le64(s + PS_KS_OFFSET_NOTE);
		size = ps_le64(s + PS_KS_SIZE_NOTE);
		if (!size)
			return NULL;
		err = ps_kdump_check_extent(f, off, size, PS_MAX_NOTES,
					    "size_note", "its notes");
		return err ? err : ps_notes_check(f, off, size, "its notes");
	}
	if (k->version < 3)
		return NULL;
	off = ps_le64(s + PS_KS_OFFSET_VMCOREINFO);
	size = ps_le64(s + PS_KS_SIZE_VMCOREINFO);
	err = ps_kdump_check_extent(f, off, size, 1 << 20,
				    "size_vmcoreinfo", "its VMCOREINFO");
	if (err || !size)
		return err;
	err = ps_df_read_alloc(f, off, size, "its VMCOREINFO", (void **)&text);
	if (err)
		return err;
	return ps_error_prefix(ps_vmcoreinfo_check_text(text, size), "%s", f->path);
}

static unsigned ps_popcount8(unsigned char c)
{
	return (unsigned)__builtin_popcount(c);
}

/* Pages the bitmap says the file holds, each with a page descriptor. */
static struct ps_error *ps_kdump_count_pages(const struct ps_dfile *f,
					     const struct ps_kdump_hdr *k,
					     uint64_t *ret)
{
	unsigned char chunk[1 << 14];
	uint64_t last = k->bitmap_len;
	struct ps_error *err;

	*ret = 0;
	for (uint64_t at = 0; at < last; at += sizeof(chunk)) {
		size_t n = last - at < sizeof(chunk) ? (size_t)(last - at)
						     : sizeof(chunk);

		err = ps_df_read(f, k->bitmap_off + at, chunk, n,
				 "its page bitmaps");
		if (err)
			return err;
		for (size_t i = 0; i < n; i++)
			*ret += ps_popcount8(chunk[i]);
	}
	return NULL;
}

static struct ps_error *ps_kdump_check_descs(const struct ps_dfile *f,
					     const struct ps_kdump_hdr *k)
{
	uint64_t pages, descs = (1ULL + k->sub_hdr_size + k->bitmap_blocks) *
				k->block_size;
	unsigned char last[PS_PAGE_DESC_SIZE];
	uint64_t end;
	struct ps_error *err;

	/* One file of a split dump: its bitmap range is not byte-aligned. */
	if (k->start_pfn || k->end_pfn != UINT64_MAX)
		return NULL;
	err = ps_kdump_count_pages(f, k, &pages);
	if (err || !pages)
		return err;
	end = descs + pages * PS_PAGE_DESC_SIZE;
	if (end > f->size)
		return ps_df_truncated(f, "its page descriptors", end);
	err = ps_df_read(f, end - PS_PAGE_DESC_SIZE, last, sizeof(last),
			 "its page descriptors");
	if (err)
		return err;
	/* Pages are written in order: the last one's data ends the file. */
	end = ps_end(ps_le64(last), ps_le32(last + 8));
	if (end > f->size)
		return ps_df_truncated(f, "its page data", end);
	return NULL;
}

static struct ps_error *ps_kdump_check(const struct ps_dfile *f,
				       struct ps_dump_shape *shape)
{
	unsigned char h[PS_KH_SIZE];
	struct ps_kdump_hdr k = { 0 };
	struct ps_error *err;

	shape->format = PS_DUMP_KDUMP;
	err = ps_df_read(f, 0, h, sizeof(h), "its kdump header");
	if (err)
		return err;
	err = ps_kdump_check_main(f, h, &k);
	if (err)
		return err;
	err = ps_df_read(f, k.block_size, k.sub, sizeof(k.sub),
			 "its kdump sub-header");
	if (err)
		return err;
	err = ps_kdump_check_pfns(f, &k);
	if (err)
		return err;
	err = ps_kdump_check_notes(f, &k);
	if (err)
		return err;
	return ps_kdump_check_descs(f, &k);
}

/* ------------------------------------------------------------------ */

static struct ps_error *ps_dump_check(const struct ps_dfile *f,
				      struct ps_dump_shape *ret)
{
	unsigned char magic[12] = { 0 };
	size_t n = f->size < sizeof(magic) ? (size_t)f->size : sizeof(magic);
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!f->size)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: empty file, not a dump", f->path);
	err = ps_df_read(f, 0, magic, n, "its header");
	if (err)
		return err;
	if (n >= SELFMAG && !memcmp(magic, ELFMAG, SELFMAG))
		return ps_elf_check(f, ret);
	if (n >= 8 && (!memcmp(magic, "KDUMP   ", 8) ||
		       !memcmp(magic, "DISKDUMP", 8)))
		return ps_kdump_check(f, ret);
	if (n >= 12 && !memcmp(magic, "makedumpfile", 12))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a readable vmcore: a flattened makedumpfile dump; convert it with makedumpfile -R first",
				       f->path);
	return ps_error_create(PS_ERR_BAD_INPUT,
			       "%s: not a readable vmcore: neither an ELF core file nor kdump-compressed",
			       f->path);
}

struct ps_error *ps_dump_check_fd(const char *path, int fd, uint64_t size,
				  struct ps_dump_shape *ret)
{
	const struct ps_dfile f = { .path = path, .fd = fd, .size = size };

	return ps_dump_check(&f, ret);
}

struct ps_error *ps_dump_check_buf(const char *path, const void *buf,
				   size_t len, struct ps_dump_shape *ret)
{
	const struct ps_dfile f = { .path = path, .fd = -1, .buf = buf,
				    .size = len };

	return ps_dump_check(&f, ret);
}
