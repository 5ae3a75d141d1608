// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory through crash's readmem(). Walkers ask for big chunks (a section
 * of struct pages at a time); readmem() serves each in one call, page by
 * page internally. Only when a read fails do we go page by page ourselves,
 * to say exactly where and why.
 */
#include <crash/defs.h>
#include <pthread.h>

#include "crash.h"
#include "crash_bulk.h"
#include "target/target.h"

struct ps_crash_mem {
	char *vmcoreinfo;	/* the kernel's own copy; NULL if none */
	bool vmcoreinfo_read;
	struct ps_crash_bulk *bulk;	/* NULL: readmem() reads all */
	bool owns_bulk;			/* clones share their parent's */
};

/*
 * crash's readmem(), kvtop() and their caches are not thread-safe: one
 * thread at a time goes into crash, at each entry point below. Walker
 * threads still decode in parallel, and decoding, not copying out of
 * crash, is most of a walk.
 */
static pthread_mutex_t ps_crash_lock = PTHREAD_MUTEX_INITIALIZER;

static bool ps_crash_readmem(enum ps_addr_space space, uint64_t addr,
			     void *buf, size_t len)
{
	return readmem(addr, space == PS_PHYS ? PHYSADDR : KVADDR, buf,
		       (long)len, "pagescope", RETURN_ON_ERROR | QUIET);
}

/* ------------------------------------------------------------------ */
/* Why a read failed: the one place crash's failures become ps_errors */
/* ------------------------------------------------------------------ */

static int ps_crash_memory_fd(void)
{
	if (REMOTE_MEMSRC())
		return pc->sockfd;
	return ACTIVE() ? pc->mfd : pc->dfd;
}

/*
 * readmem() says only that it failed. Ask crash's translation and its
 * dump reader directly, for the one page that failed.
 */
static struct ps_error *ps_crash_fault(enum ps_addr_space space, uint64_t addr)
{
	physaddr_t paddr = addr;
	unsigned long long a = (unsigned long long)addr;
	char byte;
	int rc;

	if (space == PS_KVADDR &&
	    (!IS_KVADDR(addr) || !kvtop(CURRENT_CONTEXT(), addr, &paddr, 0)))
		return ps_error_at(PS_ERR_FAULT, addr,
				   "0x%llx: not a mapped kernel address", a);
	rc = READMEM(ps_crash_memory_fd(), &byte, 1,
		     space == PS_KVADDR ? addr : 0, paddr);
	if (rc == PAGE_EXCLUDED)
		return ps_error_at(PS_ERR_EXCLUDED, addr,
				   "0x%llx: page excluded from the dump (physical 0x%llx)",
				   a, (unsigned long long)paddr);
	if (rc == PAGE_INCOMPLETE)
		return ps_error_at(PS_ERR_FAULT, addr,
				   "0x%llx: page missing from an incomplete dump (physical 0x%llx)",
				   a, (unsigned long long)paddr);
	return ps_error_at(PS_ERR_FAULT, addr,
			   "0x%llx: not in the dump (physical 0x%llx)", a,
			   (unsigned long long)paddr);
}

/* Re-read page by page up to the first page that fails. */
static struct ps_error *ps_crash_read_slowly(enum ps_addr_space space,
					     uint64_t addr, char *buf,
					     size_t len, size_t *done_ret)
{
	size_t done = 0;

	while (done < len) {
		size_t n = PAGESIZE() - PAGEOFFSET(addr + done);

		if (n > len - done)
			n = len - done;
		if (!ps_crash_readmem(space, addr + done, buf + done, n))
			break;
		done += n;
	}
	*done_ret = done;
	return done == len ? NULL : ps_crash_fault(space, addr + done);
}

static struct ps_error *ps_crash_read(void *priv, enum ps_addr_space space,
				      uint64_t addr, void *buf, size_t len,
				      size_t *done_ret)
{
	const struct ps_crash_mem *m = priv;
	char *b = buf;
	struct ps_error *err = NULL;
	size_t done = 0, rest;

	pthread_mutex_lock(&ps_crash_lock);
	if (space == PS_KVADDR)
		done = ps_crash_bulk_read(m->bulk, addr, b, len);
	if (done == len ||
	    ps_crash_readmem(space, addr + done, b + done, len - done)) {
		*done_ret = len;
	} else {
		err = ps_crash_read_slowly(space, addr + done, b + done,
					   len - done, &rest);
		*done_ret = done + rest;
	}
	pthread_mutex_unlock(&ps_crash_lock);
	return err;
}

/* ------------------------------------------------------------------ */
/* VMCOREINFO                                                         */
/* ------------------------------------------------------------------ */

/*
 * crash hands out VMCOREINFO one key at a time; pagescope wants the whole
 * text. The kernel keeps it in memory, as crash itself reads it on live
 * systems: vmcoreinfo_data points to it (v4.15+) or is it (before).
 */
static bool ps_crash_vmcoreinfo_at(uint64_t addr, size_t size, char **ret)
{
	static const char first[] = "OSRELEASE=";
	char *text = malloc(size + 1);

	if (!text)
		return false;
	if (!ps_crash_readmem(PS_KVADDR, addr, text, size) ||
	    strncmp(text, first, strlen(first))) {
		free(text);
		return false;
	}
	text[size] = '\0';
	*ret = text;
	return true;
}

static char *ps_crash_read_vmcoreinfo(void)
{
	struct syment *data = symbol_search("vmcoreinfo_data");
	struct syment *size_sym = symbol_search("vmcoreinfo_size");
	uint64_t size, ptr;
	char *text = NULL;

	if (!data || !size_sym ||
	    !ps_crash_readmem(PS_KVADDR, size_sym->value, &size, sizeof(size)) ||
	    size == 0 || size > (1u << 20))
		return NULL;
	if (ps_crash_readmem(PS_KVADDR, data->value, &ptr, sizeof(ptr)) &&
	    ps_crash_vmcoreinfo_at(ptr, size, &text))
		return text;
	if (ps_crash_vmcoreinfo_at(data->value, size, &text))
		return text;
	return NULL;
}

static const char *ps_crash_vmcoreinfo(void *priv)
{
	struct ps_crash_mem *m = priv;

	if (!m->vmcoreinfo_read) {
		pthread_mutex_lock(&ps_crash_lock);
		m->vmcoreinfo = ps_crash_read_vmcoreinfo();
		pthread_mutex_unlock(&ps_crash_lock);
		m->vmcoreinfo_read = true;
	}
	return m->vmcoreinfo;
}

/* ------------------------------------------------------------------ */
/* Translation and geometry                                           */
/* ------------------------------------------------------------------ */

/*
 * Without its verbose flag, crash's kvtop() computes kernel-image and
 * direct-map addresses arithmetically, and so calls an address past the
 * kernel image mapped. Verbose, it walks the page tables; what it prints
 * goes nowhere.
 */
static bool ps_crash_kvtop_walk(uint64_t vaddr, physaddr_t *paddr)
{
	FILE *saved = fp;
	int ok;

	fp = pc->nullfp;
	ok = kvtop(CURRENT_CONTEXT(), vaddr, paddr, 1);
	fp = saved;
	return ok;
}

static struct ps_error *ps_crash_virt_to_phys(void *priv, uint64_t vaddr,
					      uint64_t *ret)
{
	physaddr_t paddr;

	bool ok;

	(void)priv;
	pthread_mutex_lock(&ps_crash_lock);
	ok = IS_KVADDR(vaddr) && ps_crash_kvtop_walk(vaddr, &paddr);
	pthread_mutex_unlock(&ps_crash_lock);
	if (!ok)
		return ps_error_at(PS_ERR_FAULT, vaddr,
				   "0x%llx: not a mapped kernel address",
				   (unsigned long long)vaddr);
	*ret = paddr;
	return NULL;
}

static struct ps_error *ps_crash_paging(void *priv, struct ps_paging *ret)
{
	(void)priv;
#ifdef X86_64
	/* crash's x86_64 page-table constants; 5-level paging adds a P4D above. */
	*ret = (struct ps_paging){
		.page_shift = machdep->pageshift,
		.pmd_shift = PMD_SHIFT,
		.pud_shift = PUD_SHIFT,
	};
	return NULL;
#else
	(void)ret;
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "crash: only x86_64 dumps are supported");
#endif
}

static void ps_crash_mem_destroy(void *priv)
{
	struct ps_crash_mem *m = priv;

	if (!m)
		return;
	free(m->vmcoreinfo);
	if (m->owns_bulk)
		ps_crash_bulk_destroy(m->bulk);
	free(m);
}

static struct ps_error *ps_crash_clone(void *priv, struct ps_mem *ret);

/* Clones for walker threads: their reads take turns going into crash. */
static const struct ps_mem_ops ps_crash_mem_ops = {
	.name = "crash",
	.read = ps_crash_read,
	.clone = ps_crash_clone,
	.vmcoreinfo = ps_crash_vmcoreinfo,
	.virt_to_phys = ps_crash_virt_to_phys,
	.paging = ps_crash_paging,
	.destroy = ps_crash_mem_destroy,
};

/*
 * `crash --minimal` skips x86_64_init(POST_GDB), where kernel page-table
 * translation is set up: without it, kvtop() takes every kernel address
 * for a direct-map one, and a vmemmap (struct page) read returns other
 * memory. Do what translation needs: the kernel's top page table, read
 * into crash's cache of it (crash reads it only at start-up), and the
 * start of vmalloc space that tells kvtop() to walk it. --minimal is how
 * crash 8.0.2 reads kernels newer than it knows without damaging its
 * own heap (docs/crash.md).
 */
static void ps_crash_finish_minimal_mode(void)
{
#ifdef X86_64
	if (!(pc->flags & MINIMAL_MODE) || vt->vmalloc_start ||
	    !machdep->init_kernel_pgd)
		return;
	if (!vt->kernel_pgd[0])
		machdep->init_kernel_pgd();
	if (!vt->kernel_pgd[0] ||
	    !readmem(vt->kernel_pgd[0], KVADDR, machdep->pgd, PAGESIZE(),
		     "pgd page", RETURN_ON_ERROR | QUIET))
		return;
	machdep->last_pgd_read = vt->kernel_pgd[0];
	vt->vmalloc_start = VMALLOC_START;
#endif
}

static struct ps_error *ps_crash_clone(void *priv, struct ps_mem *ret)
{
	const struct ps_crash_mem *parent = priv;
	struct ps_crash_mem *m = calloc(1, sizeof(*m));

	if (!m)
		return ps_error_nomem();
	m->bulk = parent->bulk;
	ret->ops = &ps_crash_mem_ops;
	ret->priv = m;
	return NULL;
}

struct ps_error *ps_crash_mem_create(struct ps_mem *ret)
{
	struct ps_crash_mem *m = calloc(1, sizeof(*m));

	if (!m)
		return ps_error_nomem();
	ps_crash_finish_minimal_mode();
	m->bulk = ps_crash_bulk_create();
	m->owns_bulk = true;
	ret->ops = &ps_crash_mem_ops;
	ret->priv = m;
	return NULL;
}
