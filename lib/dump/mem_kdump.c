// SPDX-License-Identifier: GPL-2.0-or-later
/* Memory through libkdumpfile: vmcores of every format it knows, /proc/kcore. */
#include <fcntl.h>
#include <libkdumpfile/kdumpfile.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dump/dump_check.h"
#include "dump/elf_view.h"
#include "dump/kdump_view.h"
#include "dump/fault_guard.h"
#include "dump/mem_kdump.h"

struct ps_kdump_mem {
	kdump_ctx_t *ctx;
	int fd;
	char *path;
	char *vmcoreinfo;
	bool filtered_format;	/* a format that can leave pages out */
	bool guard_held;	/* holds the SIGBUS guard (fault_guard.h) */
	bool unreadable;	/* faulted, and could not be opened afresh */
	struct ps_elf_view *view;	/* an ELF file's memory in place */
	struct ps_kdump_view *kview;	/* a kdump file's runs decompressed */
	struct ps_kdump_view *rview;	/* the same file, for small reads */
	struct ps_page_cache *cache;	/* what rview decompressed last */
	uint64_t page_size;	/* of the dumped machine, for the views */
	uint64_t file_size;	/* when opened, the headers checked against it */
};

/*
 * Small reads of a kdump file's pages (a field, a struct) come back to
 * the same pages: a direct-mapped cache of them, decompressed once.
 */
enum { PS_PAGE_CACHE_SLOTS = 64 };
struct ps_page_cache {
	uint64_t pfn[PS_PAGE_CACHE_SLOTS];	/* pfn + 1; 0: empty */
	unsigned char *data;			/* slots x page size */
};

/*
 * A file cut while it is read: libkdumpfile then blames the bytes it
 * found there ("Wrong page size: 0", "unknown compression method") or
 * the translation that needed them. Whatever failed, the cut is the cause.
 */
static struct ps_error *ps_kdump_cut_short(const struct ps_kdump_mem *m)
{
	struct stat st;

	if (m->fd < 0 || fstat(m->fd, &st) || (uint64_t)st.st_size >= m->file_size)
		return NULL;
	return ps_error_create(PS_ERR_BAD_INPUT,
			       "damaged dump: %s was cut short while being read (now %llu bytes, %llu when its headers were checked)",
			       m->path, (unsigned long long)st.st_size,
			       (unsigned long long)m->file_size);
}

/* The one place a kdump_status becomes a ps_error. */
static struct ps_error *ps_kdump_error(struct ps_kdump_mem *m,
				       kdump_status status, uint64_t addr,
				       bool has_addr)
{
	enum ps_error_code code = PS_ERR_BAD_INPUT;
	const char *why = kdump_get_err(m->ctx);
	struct ps_error *cut = ps_kdump_cut_short(m);

	if (cut)
		return cut;
	switch (status) {
	case KDUMP_ERR_NODATA:
		code = m->filtered_format ? PS_ERR_EXCLUDED : PS_ERR_FAULT;
		break;
	case KDUMP_ERR_ADDRXLAT:
		code = PS_ERR_FAULT;
		break;
	case KDUMP_ERR_EOF:
		why = "the dump file is truncated";
		break;
	default:
		break;
	}
	if (has_addr)
		return ps_error_at(code, addr, "%s: 0x%llx: %s", m->path,
				   (unsigned long long)addr,
				   why ? why : kdump_strerror(status));
	return ps_error_create(code, "%s: %s", m->path,
			       why ? why : kdump_strerror(status));
}

static struct ps_error *ps_kdump_forget(void *priv);

/*
 * libkdumpfile 0.5.1 (Debian 12) can hand out a page-cache entry without
 * a buffer when it reuses a ghost entry (fixed upstream by e63dab4, "cache:
 * Get data buffer before adjusting ghost partition size"): the read then
 * fails, e.g. "Decompresion failed: error -2". A page filtered out or an
 * address not mapped fails for good; anything else is read once more
 * through a fresh context, whose cache is empty, before it is believed.
 */
static bool ps_kdump_worth_again(kdump_status status)
{
	return status != KDUMP_OK && status != KDUMP_ERR_NODATA &&
	       status != KDUMP_ERR_ADDRXLAT && status != KDUMP_ERR_EOF;
}

/* One read, a SIGBUS on the mapping contained (*faulted_ret). */
static kdump_status ps_kdump_read_once(struct ps_kdump_mem *m, enum ps_addr_space space,
				       uint64_t addr, void *buf, size_t *n,
				       bool *faulted_ret)
{
	kdump_status status;

	ps_fault_guard_begin();
	status = kdump_read(m->ctx, space == PS_PHYS ? KDUMP_KPHYSADDR : KDUMP_KVADDR,
			    addr, buf, n);
	*faulted_ret = ps_fault_guard_end();
	return status;
}

/*
 * The file changed under its mapping (cut short) or the disk failed: what
 * was read there is not the dump. The mapping now holds zeros, so start
 * afresh with a new context, and fail this read.
 */
static struct ps_error *ps_kdump_bus_error(struct ps_kdump_mem *m,
					   uint64_t addr, size_t len)
{
	struct ps_error *err = ps_kdump_cut_short(m);

	if (err) {
		m->unreadable = true;
		return err;
	}
	err = ps_kdump_forget(m);
	/* A context that faulted may hold zeros where the file had data. */
	m->unreadable |= err != NULL;
	ps_error_destroy(err);
	return ps_error_at(PS_ERR_FAULT, addr,
			   "%s: 0x%llx-0x%llx: the dump file could not be read there (an I/O error, or the file was cut short while pagescope read it)",
			   m->path, (unsigned long long)addr,
			   (unsigned long long)(addr + len));
}

static bool ps_kdump_phys_run(struct ps_kdump_mem *m, enum ps_addr_space space,
			      uint64_t addr, size_t len, uint64_t *ret);

/* The page at physical @phys (page-aligned), from the cache or rview. */
static const unsigned char *ps_kdump_cached_page(struct ps_kdump_mem *m, uint64_t phys)
{
	uint64_t pfn = phys / m->page_size;
	size_t slot = pfn % PS_PAGE_CACHE_SLOTS;
	unsigned char *data = m->cache->data + slot * m->page_size;
	const void *p = NULL;
	struct ps_error *err;

	if (m->cache->pfn[slot] == pfn + 1)
		return data;
	err = ps_kdump_view_get(m->rview, phys, m->page_size, &p);
	if (err || !p) {
		ps_error_destroy(err);
		return NULL;
	}
	memcpy(data, p, m->page_size);
	m->cache->pfn[slot] = pfn + 1;
	return data;
}

/*
 * libkdumpfile 0.5.1 decompresses lzo pages into the buffer-less cache
 * entry described at ps_kdump_worth_again(): on a 256 GiB lzo dump that
 * was a SIGSEGV inside liblzo2. Pages our own reader knows are read
 * there, page by page; false sends the read to libkdumpfile, which
 * names what is missing (a filtered page, an unmapped address).
 */
static bool ps_kdump_read_own(struct ps_kdump_mem *m, enum ps_addr_space space,
			      uint64_t addr, void *buf, size_t len)
{
	for (size_t done = 0; m->rview && done < len;) {
		uint64_t a = addr + done, phys;
		size_t in_page = m->page_size - (a & (m->page_size - 1));
		size_t n = len - done < in_page ? len - done : in_page;
		const unsigned char *page;

		if (!ps_kdump_phys_run(m, space, a, n, &phys))
			return false;
		page = ps_kdump_cached_page(m, phys & ~(m->page_size - 1));
		if (!page)
			return false;
		memcpy((char *)buf + done, page + (phys & (m->page_size - 1)), n);
		done += n;
	}
	return m->rview != NULL;
}

/* A failed read, and why when it fell past the file's part of a PT_LOAD. */
static struct ps_error *ps_kdump_read_error(struct ps_kdump_mem *m,
					    enum ps_addr_space space,
					    uint64_t addr, kdump_status status)
{
	struct ps_error *err = ps_kdump_error(m, status, addr, true);
	uint64_t phys;

	if (!m->view || !ps_kdump_phys_run(m, space, addr, 1, &phys))
		return err;
	return ps_elf_view_explain(m->view, phys, err);
}

static struct ps_error *ps_kdump_read(void *priv, enum ps_addr_space space,
				      uint64_t addr, void *buf, size_t len,
				      size_t *done_ret)
{
	struct ps_kdump_mem *m = priv;
	size_t n = len;
	kdump_status status;
	bool faulted;
	struct ps_error *err;

	*done_ret = 0;
	err = m->unreadable ? ps_kdump_cut_short(m) : NULL;
	if (err)
		return err;
	if (m->unreadable)
		return ps_error_at(PS_ERR_FAULT, addr,
				   "%s: the dump file can no longer be read",
				   m->path);
	if (ps_kdump_read_own(m, space, addr, buf, len)) {
		*done_ret = len;
		return NULL;
	}
	status = ps_kdump_read_once(m, space, addr, buf, &n, &faulted);
	if (!faulted && ps_kdump_worth_again(status)) {
		err = ps_kdump_forget(m);
		if (!err) {
			n = len;
			status = ps_kdump_read_once(m, space, addr, buf, &n,
						    &faulted);
		}
		ps_error_destroy(err);
	}
	if (faulted)
		return ps_kdump_bus_error(m, addr, len);
	if (status == KDUMP_OK) {
		*done_ret = len;
		return NULL;
	}
	*done_ret = n < len ? n : 0;
	return ps_kdump_read_error(m, space, addr + *done_ret, status);
}

static const char *ps_kdump_vmcoreinfo(void *priv)
{
	struct ps_kdump_mem *m = priv;

	return m->vmcoreinfo;
}

/*
 * The kernel page-table format libaddrxlat uses to translate addresses:
 * its field widths give the page, PMD and PUD sizes.
 */
static struct ps_error *ps_kdump_paging(void *priv, struct ps_paging *ret)
{
	struct ps_kdump_mem *m = priv;
	addrxlat_ctx_t *axctx = NULL;
	addrxlat_sys_t *axsys = NULL;
	const addrxlat_meth_t *meth;
	const addrxlat_paging_form_t *pf;
	struct ps_error *err = NULL;
	kdump_status status;

	ps_fault_guard_begin();
	status = kdump_get_addrxlat(m->ctx, &axctx, &axsys);
	if (ps_fault_guard_end()) {
		if (status == KDUMP_OK) {
			addrxlat_sys_decref(axsys);
			addrxlat_ctx_decref(axctx);
		}
		return ps_kdump_bus_error(m, 0, 0);
	}
	if (status != KDUMP_OK)
		return ps_kdump_error(m, KDUMP_ERR_ADDRXLAT, 0, false);
	meth = addrxlat_sys_get_meth(axsys, ADDRXLAT_SYS_METH_PGT);
	pf = meth && meth->kind == ADDRXLAT_PGT ? &meth->param.pgt.pf : NULL;
	if (!pf || pf->nfields < 4)
		err = ps_error_create(PS_ERR_UNSUPPORTED,
				      "%s: no kernel page-table format known",
				      m->path);
	else
		*ret = (struct ps_paging){
			.page_shift = pf->fieldsz[0],
			.pmd_shift = pf->fieldsz[0] + pf->fieldsz[1],
			.pud_shift = pf->fieldsz[0] + pf->fieldsz[1] +
				     pf->fieldsz[2],
		};
	addrxlat_sys_decref(axsys);
	addrxlat_ctx_decref(axctx);
	return err;
}

static struct ps_error *ps_kdump_virt_to_phys(void *priv, uint64_t vaddr,
					      uint64_t *ret)
{
	struct ps_kdump_mem *m = priv;
	addrxlat_ctx_t *axctx = NULL;
	addrxlat_sys_t *axsys = NULL;
	addrxlat_fulladdr_t addr = { .addr = vaddr, .as = ADDRXLAT_KVADDR };
	addrxlat_status status = ADDRXLAT_ERR_NODATA;
	bool faulted;

	ps_fault_guard_begin();
	if (kdump_get_addrxlat(m->ctx, &axctx, &axsys) == KDUMP_OK) {
		status = addrxlat_fulladdr_conv(&addr, ADDRXLAT_KPHYSADDR,
						axctx, axsys);
		addrxlat_sys_decref(axsys);
		addrxlat_ctx_decref(axctx);
	}
	faulted = ps_fault_guard_end();
	if (faulted)
		return ps_kdump_bus_error(m, vaddr, 1);
	if (status != ADDRXLAT_OK)
		return ps_error_at(PS_ERR_FAULT, vaddr,
				   "0x%llx: not a mapped kernel address",
				   (unsigned long long)vaddr);
	*ret = addr.addr;
	return NULL;
}

/* Whether [@addr, @addr + @len) is one physical run, and where it starts. */
static bool ps_kdump_phys_run(struct ps_kdump_mem *m, enum ps_addr_space space,
			      uint64_t addr, size_t len, uint64_t *ret)
{
	uint64_t first = addr & ~(m->page_size - 1), phys = 0;
	addrxlat_ctx_t *axctx = NULL;
	addrxlat_sys_t *axsys = NULL;
	bool ok = true;

	*ret = addr;
	if (space == PS_PHYS)
		return true;
	ps_fault_guard_begin();
	ok = kdump_get_addrxlat(m->ctx, &axctx, &axsys) == KDUMP_OK;
	for (uint64_t va = first; ok && va < addr + len; va += m->page_size) {
		addrxlat_fulladdr_t a = { .addr = va, .as = ADDRXLAT_KVADDR };

		ok = addrxlat_fulladdr_conv(&a, ADDRXLAT_KPHYSADDR, axctx,
					    axsys) == ADDRXLAT_OK;
		if (va == first)
			phys = a.addr;
		ok = ok && a.addr == phys + (va - first);
	}
	if (axsys)
		addrxlat_sys_decref(axsys);
	if (axctx)
		addrxlat_ctx_decref(axctx);
	*ret = phys + (addr - first);
	return !ps_fault_guard_end() && ok;
}

static struct ps_error *ps_kdump_view(void *priv, enum ps_addr_space space,
				      uint64_t addr, size_t len,
				      const void **ret)
{
	struct ps_kdump_mem *m = priv;
	uint64_t phys;

	*ret = NULL;
	if ((!m->view && !m->kview) || m->unreadable || !len ||
	    !ps_kdump_phys_run(m, space, addr, len, &phys))
		return NULL;
	if (m->kview)
		return ps_kdump_view_get(m->kview, phys, len, ret);
	return ps_elf_view_get(m->view, phys, len, ret);
}

/* Both views copy what they show into their own buffers: nothing can fault. */
static struct ps_error *ps_kdump_view_end(void *priv)
{
	(void)priv;
	return NULL;
}

static struct ps_error *ps_kdump_clone(void *priv, struct ps_mem *ret);

static void ps_kdump_destroy(void *priv)
{
	struct ps_kdump_mem *m = priv;

	if (!m)
		return;
	free(m->vmcoreinfo);
	ps_elf_view_destroy(m->view);
	ps_kdump_view_destroy(m->kview);
	ps_kdump_view_destroy(m->rview);
	if (m->cache)
		free(m->cache->data);
	free(m->cache);
	if (m->ctx)
		kdump_free(m->ctx);
	if (m->fd >= 0)
		close(m->fd);
	if (m->guard_held)
		ps_fault_guard_release();
	free(m->path);
	free(m);
}

static struct ps_error *ps_kdump_open(const char *path, bool check,
				      const struct ps_kdump_mem *parent,
				      struct ps_mem *ret);

/*
 * libkdumpfile keeps file data and page tables it has read: on
 * /proc/kcore they go stale. A fresh context reads afresh; the VMCOREINFO
 * text handed out stays valid, and the views, each on a descriptor of its
 * own, read on (what they handed out too).
 */
static struct ps_error *ps_kdump_forget(void *priv)
{
	struct ps_kdump_mem *m = priv;
	struct ps_kdump_mem *fresh;
	struct ps_mem mem;
	struct ps_error *err = ps_kdump_open(m->path, false, m, &mem);
	kdump_ctx_t *ctx;
	int fd;

	if (err)
		return err;
	fresh = mem.priv;
	ctx = m->ctx;
	fd = m->fd;
	m->ctx = fresh->ctx;
	m->fd = fresh->fd;
	fresh->ctx = ctx;
	fresh->fd = fd;
	ps_kdump_destroy(fresh);
	return NULL;
}

static const struct ps_mem_ops ps_kdump_mem_ops = {
	.name = "libkdumpfile",
	.read = ps_kdump_read,
	.vmcoreinfo = ps_kdump_vmcoreinfo,
	.virt_to_phys = ps_kdump_virt_to_phys,
	.view = ps_kdump_view,
	.view_end = ps_kdump_view_end,
	.clone = ps_kdump_clone,
	.forget = ps_kdump_forget,
	.paging = ps_kdump_paging,
	.destroy = ps_kdump_destroy,
};

/*
 * QEMU's kdump header fills only utsname.machine: libkdumpfile needs the
 * OS type and architecture said explicitly (x86_64 is all we read).
 * libkdumpfile reads the file with read(2), not through mappings of it:
 * each context kept 4 MiB windows of the file mapped, which stayed
 * resident (26 MB more for check on a 2 GiB ELF dump), for no speed.
 */
static kdump_status ps_kdump_setup(kdump_ctx_t *ctx)
{
	kdump_status status;

	kdump_attr_t policy = { .type = KDUMP_NUMBER,
				.val.number = KDUMP_MMAP_NEVER };

	status = kdump_set_string_attr(ctx, KDUMP_ATTR_OSTYPE, "linux");
	if (status == KDUMP_OK)
		status = kdump_set_string_attr(ctx, KDUMP_ATTR_ARCH_NAME,
					       "x86_64");
	if (status == KDUMP_OK)
		status = kdump_set_attr(ctx, KDUMP_ATTR_FILE_MMAP_POLICY, &policy);
	return status;
}

static void ps_kdump_load_vmcoreinfo(struct ps_kdump_mem *m)
{
	char *raw = NULL;

	if (kdump_vmcoreinfo_raw(m->ctx, &raw) == KDUMP_OK && raw)
		m->vmcoreinfo = raw;
}

static void ps_kdump_detect_format(struct ps_kdump_mem *m)
{
	const char *format = NULL;

	if (kdump_get_string_attr(m->ctx, KDUMP_ATTR_FILE_FORMAT, &format) ==
	    KDUMP_OK && format)
		m->filtered_format = strcmp(format, "elf") != 0;
}

static const char *ps_kdump_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/*
 * Opened without blocking (a FIFO with no writer would block open()
 * forever), then only a regular file is read: libkdumpfile maps it and
 * reads it at random places. Its headers are checked before libkdumpfile
 * sees them (dump_check.h).
 */
static struct ps_error *ps_kdump_open_file(const char *path, int *fd_ret,
					   struct ps_dump_shape *shape,
					   uint64_t *size_ret)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return ps_error_os("%s", path);
	*fd_ret = fd;
	if (fstat(fd, &st))
		return ps_error_os("%s", path);
	if (!S_ISREG(st.st_mode))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: %s, not a dump file", path,
				       ps_kdump_file_kind(st.st_mode));
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
		return ps_error_os("%s", path);
	*size_ret = (uint64_t)st.st_size;
	return ps_dump_check_fd(path, fd, (uint64_t)st.st_size, shape);
}

/*
 * An ELF read that is not a whole page of one PT_LOAD (p_filesz <
 * p_memsz, a segment not page-aligned, a read across two segments) goes
 * through libkdumpfile's page cache, which 0.5.1 only allocates when the page size changes after the
 * format is known: with "arch.name" set before the open it never does,
 * and the read dereferences NULL. Setting the cache size anew allocates
 * it.
 */
static kdump_status ps_kdump_alloc_cache(kdump_ctx_t *ctx)
{
	kdump_attr_t attr = { .type = KDUMP_NUMBER };
	kdump_num_t size;
	kdump_status status = kdump_get_number_attr(ctx, "cache.size", &size);

	if (status != KDUMP_OK)
		return status;
	attr.val.number = size + 1;
	status = kdump_set_attr(ctx, "cache.size", &attr);
	if (status != KDUMP_OK)
		return status;
	attr.val.number = size;
	return kdump_set_attr(ctx, "cache.size", &attr);
}

/* The highest page frame the file says it holds, by bisection. */
static bool ps_kdump_last_pfn(kdump_bmp_t *bmp, uint64_t *ret)
{
	kdump_addr_t lo = 0, hi = 1ULL << 52, idx;

	/* Invariant: some bit at or above lo is set; none at or above hi. */
	idx = 0;
	if (kdump_bmp_find_set(bmp, &idx) != KDUMP_OK)
		return false;
	while (hi - lo > 1) {
		kdump_addr_t mid = lo + (hi - lo) / 2;

		idx = mid;
		if (kdump_bmp_find_set(bmp, &idx) == KDUMP_OK)
			lo = idx;
		else
			hi = mid;
	}
	*ret = lo;
	return true;
}

/*
 * A truncated file still opens; its last pages are missing. Read the
 * last page the headers promise, so that a cut file fails here with one
 * clear line rather than later with a page-table error.
 */
static struct ps_error *ps_kdump_check_complete(struct ps_kdump_mem *m)
{
	kdump_attr_t attr;
	uint64_t pfn;
	unsigned char byte;
	size_t n = 1;
	kdump_status status;

	if (!m->filtered_format)
		return NULL;
	if (kdump_get_attr(m->ctx, KDUMP_ATTR_FILE_PAGEMAP, &attr) != KDUMP_OK ||
	    attr.type != KDUMP_BITMAP ||
	    !ps_kdump_last_pfn(attr.val.bitmap, &pfn))
		return NULL;
	ps_fault_guard_begin();
	status = kdump_read(m->ctx, KDUMP_KPHYSADDR, (pfn + 1) * 4096 - 1,
			    &byte, &n);
	if (ps_fault_guard_end())
		return ps_kdump_bus_error(m, (pfn + 1) * 4096 - 1, 1);
	if (status == KDUMP_OK || status == KDUMP_ERR_NODATA)
		return NULL;
	return ps_error_create(PS_ERR_BAD_INPUT,
			       "%s: truncated or damaged: the last page it should hold (pfn %#llx) cannot be read: %s",
			       m->path, (unsigned long long)pfn,
			       kdump_get_err(m->ctx));
}

/*
 * A reader for another thread. libkdumpfile's clones share the address
 * translation, which two threads cannot use at once (kdump_read crashes
 * in addrxlat_op), and an unshared one is not set up: open anew. Only
 * the run reader's page bitmap, read-only, is shared.
 */
static struct ps_error *ps_kdump_clone(void *priv, struct ps_mem *ret)
{
	struct ps_kdump_mem *m = priv;

	return ps_kdump_open(m->path, false, m, ret);
}

struct ps_error *ps_kdump_mem_open(const char *path, struct ps_mem *ret)
{
	return ps_kdump_open(path, true, NULL, ret);
}

static struct ps_error *ps_kdump_open_ctx(struct ps_kdump_mem *m,
					  const struct ps_dump_shape *shape)
{
	kdump_status status;
	bool faulted;

	ps_fault_guard_begin();
	status = ps_kdump_setup(m->ctx);
	if (status == KDUMP_OK)
		status = kdump_open_fd(m->ctx, m->fd);
	if (status == KDUMP_OK && shape->format == PS_DUMP_ELF)
		status = ps_kdump_alloc_cache(m->ctx);
	faulted = ps_fault_guard_end();
	if (faulted)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: the dump file could not be read (an I/O error, or it was cut short while pagescope opened it)",
				       m->path);
	if (status != KDUMP_OK)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: not a readable vmcore: %s", m->path,
				       kdump_get_err(m->ctx));
	return NULL;
}

/* The reader and cache of small reads (ps_kdump_read_own()). */
static struct ps_error *ps_kdump_open_rview(struct ps_kdump_mem *m, uint64_t size)
{
	m->cache = calloc(1, sizeof(*m->cache));
	if (!m->cache)
		return ps_error_nomem();
	m->cache->data = malloc(PS_PAGE_CACHE_SLOTS * m->page_size);
	if (!m->cache->data)
		return ps_error_nomem();
	return ps_kdump_view_share(m->kview, m->fd, size, &m->rview);
}

/* A kdump file's view; a clone's shares its parent's page bitmap. */
static struct ps_error *ps_kdump_open_kview(struct ps_kdump_mem *m,
					    const struct ps_kdump_mem *parent,
					    uint64_t size)
{
	struct ps_error *err;

	if (parent && parent->kview) {
		err = ps_kdump_view_share(parent->kview, m->fd, size, &m->kview);
		if (!err)
			return NULL;
		ps_error_destroy(err);
	}
	return ps_kdump_view_open(m->fd, size, &m->kview);
}

/*
 * An ELF file's memory can be read in place (elf_view.h), a kdump file's
 * decompressed a run at a time (kdump_view.h). Without them, every read
 * goes through libkdumpfile as before: nothing is lost.
 */
static void ps_kdump_open_view(struct ps_kdump_mem *m,
			       const struct ps_kdump_mem *parent,
			       const struct ps_dump_shape *shape, uint64_t size)
{
	struct ps_paging paging;
	struct ps_error *err = ps_kdump_paging(m, &paging);

	if (err) {
		ps_error_destroy(err);
		return;
	}
	m->page_size = 1ULL << paging.page_shift;
	if (shape->format == PS_DUMP_ELF) {
		err = ps_elf_view_open(m->fd, size, &m->view);
	} else {
		err = ps_kdump_open_kview(m, parent, size);
		if (!err)
			err = ps_kdump_open_rview(m, size);
	}
	ps_error_destroy(err);
}

static struct ps_error *ps_kdump_open(const char *path, bool check,
				      const struct ps_kdump_mem *parent,
				      struct ps_mem *ret)
{
	struct ps_kdump_mem *m = calloc(1, sizeof(*m));
	struct ps_dump_shape shape;
	uint64_t size = 0;
	struct ps_error *err;

	if (!m)
		return ps_error_nomem();
	m->fd = -1;
	m->path = strdup(path);
	m->ctx = kdump_new();
	if (!m->path || !m->ctx) {
		err = ps_error_nomem();
		goto fail;
	}
	err = ps_kdump_open_file(path, &m->fd, &shape, &size);
	if (err)
		goto fail;
	m->file_size = size;
	err = ps_fault_guard_hold();
	if (err)
		goto fail;
	m->guard_held = true;
	err = ps_kdump_open_ctx(m, &shape);
	if (err)
		goto fail;
	ps_kdump_detect_format(m);
	ps_kdump_load_vmcoreinfo(m);
	err = check ? ps_kdump_check_complete(m) : NULL;
	if (err)
		goto fail;
	ps_kdump_open_view(m, parent, &shape, size);
	ret->ops = &ps_kdump_mem_ops;
	ret->priv = m;
	return NULL;
fail:
	ps_kdump_destroy(m);
	return err;
}
