// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Not kernel code: a few structures shaped like the kernel's, compiled
 * with -g: turned into BTF by pahole as the BTF harness's seed, linked
 * with its debug sections kept as the DWARF harness's (a real kernel's
 * type information is megabytes, too large to fuzz).
 */
struct list_head {
	struct list_head *next, *prev;
};

struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		struct list_head buddy_list;
	};
	void *mapping;
	unsigned long index;
	unsigned long private;
	union {
		int _mapcount;
		unsigned int page_type;
	};
	int _refcount;
	unsigned long memcg_data;
};

struct free_area {
	struct list_head free_list[6];
	unsigned long nr_free;
};

struct zone {
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	const char *name;
	struct free_area free_area[11];
	long vm_stat[12];
};

struct pglist_data {
	struct zone node_zones[5];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
};

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, __MAX_NR_ZONES };
enum migratetype { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE,
		   MIGRATE_PCPTYPES, MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
		   MIGRATE_ISOLATE, MIGRATE_TYPES };

struct pglist_data node_data_0;
struct page page_0;
enum zone_type zone_type_0;
enum migratetype migratetype_0;
