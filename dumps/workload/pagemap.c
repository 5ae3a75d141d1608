/* Where our pages are: /proc/self/pagemap and /proc/kpageflags. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

enum {
	PM_PFN_BITS = 55,
	PM_EXCLUSIVE = 56,
	PM_PRESENT = 63,
};

static int open_once(int *fd, const char *path)
{
	if (*fd < 0)
		*fd = open(path, O_RDONLY);
	if (*fd < 0)
		die("open %s: %s", path, strerror(errno));
	return *fd;
}

static int read_u64_at(int fd, uint64_t index, uint64_t *ret)
{
	ssize_t n = pread(fd, ret, sizeof(*ret), (off_t)(index * sizeof(*ret)));

	return n == sizeof(*ret) ? 0 : -1;
}

int pagemap_lookup(const void *addr, struct pm_page *ret)
{
	static int fd = -1;
	uint64_t e;

	if (read_u64_at(open_once(&fd, "/proc/self/pagemap"),
			(uintptr_t)addr / PAGE_SIZE, &e))
		return -1;
	ret->present = e >> PM_PRESENT & 1;
	ret->exclusive = e >> PM_EXCLUSIVE & 1;
	ret->pfn = e & ((1ULL << PM_PFN_BITS) - 1);
	return 0;
}

int kpageflags_read(uint64_t pfn, uint64_t *flags_ret)
{
	static int fd = -1;

	return read_u64_at(open_once(&fd, "/proc/kpageflags"), pfn, flags_ret);
}

/*
 * True if @addr starts a large folio of @folio_size bytes: naturally
 * aligned head PFN flagged compound head + THP, and every page of the
 * range mapped to the following PFNs.
 */
bool is_large_folio_head(const void *addr, size_t folio_size, uint64_t *pfn_ret)
{
	size_t nr = folio_size / PAGE_SIZE;
	struct pm_page head, page;
	uint64_t flags;

	if (pagemap_lookup(addr, &head) || !head.present || head.pfn % nr)
		return false;
	if (kpageflags_read(head.pfn, &flags) ||
	    !(flags >> KPF_COMPOUND_HEAD & 1) || !(flags >> KPF_THP & 1))
		return false;
	for (size_t i = 1; i < nr; i++) {
		if (pagemap_lookup((const char *)addr + i * PAGE_SIZE, &page) ||
		    !page.present || page.pfn != head.pfn + i)
			return false;
	}
	*pfn_ret = head.pfn;
	return true;
}
