// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bulk reads of an ELF dump inside crash. readmem() goes page by page:
 * one kvtop() and one lseek()+read() for every 4 KiB, which made a
 * struct page walk inside crash half again as slow as the standalone
 * tool. crash's own ELF reader, read_netdump(), reads any length within
 * one PT_LOAD segment but does not check that the length stays inside
 * it: so we translate with crash's kvtop() as readmem() does, join pages
 * that are physically contiguous, cut the runs at segment ends (from the
 * dump's program headers), and hand each run to crash's reader. Anything
 * else (kdump-compressed, live, Xen, flattened dumps) stays with readmem().
 */
#include <crash/defs.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include "crash_bulk.h"

/*
 * read_kdump() moves reads of kexec's backup region (the first 640 KiB
 * on x86) elsewhere in a QEMU dump of a kdump kernel: leave low memory
 * to readmem().
 */
static const uint64_t ps_bulk_low_limit = 1ULL << 20;

struct ps_crash_segment {
	uint64_t start, end;	/* physical, file-backed part only */
};

struct ps_crash_bulk {
	size_t nr;
	struct ps_crash_segment seg[];
};

/* ------------------------------------------------------------------ */
/* The dump's segments                                                */
/* ------------------------------------------------------------------ */

static bool ps_bulk_applies(void)
{
	return pc->dumpfile && !ACTIVE() && !REMOTE_MEMSRC() &&
	       !XEN_CORE_DUMPFILE() && !FLAT_FORMAT() &&
	       !dumpfile_is_split() &&
	       (pc->readmem == read_kdump || pc->readmem == read_netdump);
}

static struct ps_crash_bulk *ps_bulk_from_elf(Elf *elf)
{
	struct ps_crash_bulk *b;
	GElf_Ehdr ehdr;
	GElf_Phdr phdr;
	size_t nr;

	if (!gelf_getehdr(elf, &ehdr) || ehdr.e_type != ET_CORE ||
	    elf_getphdrnum(elf, &nr) || nr == 0)
		return NULL;
	b = calloc(1, sizeof(*b) + nr * sizeof(b->seg[0]));
	if (!b)
		return NULL;
	for (size_t i = 0; i < nr; i++) {
		if (!gelf_getphdr(elf, (int)i, &phdr) ||
		    phdr.p_type != PT_LOAD || !phdr.p_filesz)
			continue;
		b->seg[b->nr++] = (struct ps_crash_segment){
			.start = phdr.p_paddr,
			.end = phdr.p_paddr + phdr.p_filesz,
		};
	}
	return b;
}

struct ps_crash_bulk *ps_crash_bulk_create(void)
{
	struct ps_crash_bulk *b = NULL;
	Elf *elf;
	int fd;

	if (!ps_bulk_applies() || elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	fd = open(pc->dumpfile, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF)
		b = ps_bulk_from_elf(elf);
	elf_end(elf);
	close(fd);
	return b;
}

void ps_crash_bulk_destroy(struct ps_crash_bulk *b)
{
	free(b);
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

static const struct ps_crash_segment *
ps_bulk_segment(const struct ps_crash_bulk *b, uint64_t paddr)
{
	for (size_t i = 0; i < b->nr; i++)
		if (paddr >= b->seg[i].start && paddr < b->seg[i].end)
			return &b->seg[i];
	return NULL;
}

/* How far the memory at @vaddr (physical @paddr) runs on contiguously. */
static size_t ps_bulk_run(const struct ps_crash_segment *s, uint64_t vaddr,
			  uint64_t paddr, size_t len)
{
	size_t run = PAGESIZE() - PAGEOFFSET(paddr);
	physaddr_t next;

	while (run < len && paddr + run < s->end &&
	       kvtop(CURRENT_CONTEXT(), vaddr + run, &next, 0) &&
	       next == paddr + run)
		run += PAGESIZE();
	if (run > len)
		run = len;
	if (paddr + run > s->end)
		run = s->end - paddr;
	return run;
}

size_t ps_crash_bulk_read(const struct ps_crash_bulk *b, uint64_t vaddr,
			  char *buf, size_t len)
{
	size_t done = 0;

	if (!b || !IS_KVADDR(vaddr))
		return 0;
	while (done < len) {
		const struct ps_crash_segment *s;
		physaddr_t paddr;
		size_t run;

		if (!kvtop(CURRENT_CONTEXT(), vaddr + done, &paddr, 0) ||
		    paddr < ps_bulk_low_limit ||
		    !(s = ps_bulk_segment(b, paddr)))
			break;
		run = ps_bulk_run(s, vaddr + done, paddr, len - done);
		if (run > INT_MAX)
			run = INT_MAX & ~(PAGESIZE() - 1);
		pc->curcmd_flags |= MEMTYPE_KVADDR;
		if (READMEM(pc->dfd, buf + done, (int)run, vaddr + done,
			    paddr) != (int)run)
			break;
		done += run;
	}
	return done;
}
