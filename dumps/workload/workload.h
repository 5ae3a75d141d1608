/* pagescope-workload: puts a guest kernel into a known memory state. */
#ifndef PAGESCOPE_WORKLOAD_H
#define PAGESCOPE_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PAGE_SIZE = 4096, PMD_SIZE = 2 << 20 };

/* util.c */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *map_anon(size_t len);
void *map_anon_aligned(size_t len, size_t align);
void touch_pages(void *addr, size_t len);
int write_file(const char *path, const char *text);
void cgroup_enter(const char *cgroup);
void interleave_all_nodes(void);
void run_on_cpu0(void);
void *xcalloc(size_t n, size_t size);
unsigned long parse_ulong(const char *s, const char *what);

/*
 * Run @setup in a child that keeps its memory for ever afterwards (it
 * pauses); return @setup's result once the child reports it.
 */
int hold(int (*setup)(void *arg), void *arg);

/* pagemap.c */
struct pm_page {
	bool present;
	bool exclusive; /* pagemap bit 56: page exclusively mapped */
	uint64_t pfn;
};
int pagemap_lookup(const void *addr, struct pm_page *ret);
int kpageflags_read(uint64_t pfn, uint64_t *flags_ret);
bool is_large_folio_head(const void *addr, size_t folio_size, uint64_t *pfn_ret);

enum kpf_bit { /* include/uapi/linux/kernel-page-flags.h */
	KPF_COMPOUND_HEAD = 15,
	KPF_HWPOISON = 19,
	KPF_THP = 22,
};

/* record.c: truth/workload-pfns.txt, "KIND PFN" lines */
void record_open(const char *path);
void record_set_prefix(const char *prefix);
void record_pfn(const char *kind, uint64_t pfn);
void record_sample(const char *kind, void *addr, size_t len, bool want_exclusive);
void record_close(void);

/* subcommands */
int cmd_anon(int argc, char **argv);
int cmd_thp(int argc, char **argv);
int cmd_mthp(int argc, char **argv);
int cmd_frag(int argc, char **argv);
int cmd_hwpoison(int argc, char **argv);
int cmd_pagecache(int argc, char **argv);
int cmd_shmem(int argc, char **argv);
int cmd_fs_read(int argc, char **argv);
int cmd_fs_stat(int argc, char **argv);
int cmd_capture(int argc, char **argv);

#endif
