// SPDX-License-Identifier: GPL-2.0
/*
 * pagescope-faultmod: known broken kernel lists for pagescope's fault tests.
 *
 * On load it builds five lists of struct fm_node (a magic, then the
 * list_head): four corrupted the ways CONFIG_DEBUG_LIST reports, one
 * intact. It also owns a memcg-aware list_lru; writes to
 * /sys/kernel/debug/pagescope_faultmod/lru fill and corrupt it:
 *
 *   add NID COUNT   add COUNT items allocated on node NID, charged to the
 *                   writer's memory cgroup (so they land on its list)
 *   corrupt         bump nr_items of the last memcg list added to by 3
 *   report          print every list_lru list: address, nr_items, length
 *
 * It also plants owners whose pages a test can name: PLANT_SLABS slabs of
 * the pagescope_faultmod_item cache and a PLANT_VMALLOC_PAGES-page vmalloc
 * area allocated by fm_plant_vmalloc(), with the pfns of both.
 *
 * Every address a test needs is printed as "pagescope-faultmod: NAME VALUE
 * [key=value ...]"; dumps/guest/init collects them into truth/faultmod.txt.
 * The module is never unloaded: the dump is taken with it in place.
 */
#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/list_lru.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define FM_MAGIC 0x70616765736f6f70ULL	/* fm_node and fm_item start with it */
#define FM_OUT "pagescope-faultmod: "

struct fm_node {
	u64 magic;
	struct list_head list;
	u32 index;	/* position when the list was built */
};

struct fm_list {
	const char *name;
	struct list_head *head;
	int count;
	void (*corrupt)(struct fm_list *l);
	struct fm_node **nodes;
};

static LIST_HEAD(prev_next_head);
static LIST_HEAD(poison_head);
static LIST_HEAD(cycle_head);
static LIST_HEAD(null_next_head);
static LIST_HEAD(good_head);

static void out_ptr(const char *list, const char *what, const void *p)
{
	pr_info(FM_OUT "%s.%s 0x%lx\n", list, what, (unsigned long)p);
}

/* -- the broken lists ------------------------------------------------------ */

/* prev->next of node 2 (node 1's next) skips it and points at node 3. */
static void corrupt_prev_next(struct fm_list *l)
{
	struct fm_node *n1 = l->nodes[1], *n2 = l->nodes[2], *n3 = l->nodes[3];

	n1->list.next = &n3->list;
	pr_info(FM_OUT "%s.bad_node 2\n", l->name);
	out_ptr(l->name, "bad_field", &n1->list.next);
	out_ptr(l->name, "expected", &n2->list);
	out_ptr(l->name, "found", &n3->list);
}

/* Node 2 is list_del()ed (poisoned) but node 1 still points at it. */
static void corrupt_poison(struct fm_list *l)
{
	struct fm_node *n1 = l->nodes[1], *n2 = l->nodes[2];

	list_del(&n2->list);
	n1->list.next = &n2->list;
	pr_info(FM_OUT "%s.bad_node 2\n", l->name);
	out_ptr(l->name, "bad_field", &n1->list.next);
	out_ptr(l->name, "poison_next", n2->list.next);
	out_ptr(l->name, "poison_prev", n2->list.prev);
}

/* The 4th node (index 3) points back to the 2nd (index 1). */
static void corrupt_cycle(struct fm_list *l)
{
	struct fm_node *n1 = l->nodes[1], *n3 = l->nodes[3];

	n3->list.next = &n1->list;
	pr_info(FM_OUT "%s.bad_node 3\n", l->name);
	out_ptr(l->name, "bad_field", &n3->list.next);
	out_ptr(l->name, "expected", &l->nodes[4]->list);
	out_ptr(l->name, "found", &n1->list);
}

/* Node 3's next is NULL. */
static void corrupt_null_next(struct fm_list *l)
{
	struct fm_node *n3 = l->nodes[3];

	n3->list.next = NULL;
	pr_info(FM_OUT "%s.bad_node 3\n", l->name);
	out_ptr(l->name, "bad_field", &n3->list.next);
	out_ptr(l->name, "expected", &l->nodes[4]->list);
	out_ptr(l->name, "found", NULL);
}

static struct fm_list lists[] = {
	{ "prev_next", &prev_next_head, 5, corrupt_prev_next },
	{ "poison", &poison_head, 5, corrupt_poison },
	{ "cycle", &cycle_head, 6, corrupt_cycle },
	{ "null_next", &null_next_head, 5, corrupt_null_next },
	{ "good", &good_head, 7, NULL },
};

static int build_list(struct fm_list *l)
{
	char what[16];

	l->nodes = kcalloc(l->count, sizeof(*l->nodes), GFP_KERNEL);
	if (!l->nodes)
		return -ENOMEM;
	out_ptr(l->name, "head", l->head);
	pr_info(FM_OUT "%s.count %d\n", l->name, l->count);
	for (int i = 0; i < l->count; i++) {
		struct fm_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

		if (!n)
			return -ENOMEM;
		n->magic = FM_MAGIC;
		n->index = i;
		list_add_tail(&n->list, l->head);
		l->nodes[i] = n;
		snprintf(what, sizeof(what), "node%d", i);
		out_ptr(l->name, what, &n->list);
	}
	if (l->corrupt)
		l->corrupt(l);
	return 0;
}

/* -- the list_lru -------------------------------------------------------- */

struct fm_item {
	u64 magic;
	struct list_head lru;
	int nid;
};

/* Which memcg a kmemcg_id stands for, to name its lists in the report. */
struct fm_memcg {
	int kmemcg_id;
	unsigned long ino;
};

static struct list_lru fm_lru;
static struct shrinker *fm_shrinker;
static struct kmem_cache *fm_item_cache;
static const char fm_item_cache_name[] = "pagescope_faultmod_item";
static struct fm_memcg fm_memcgs[8];
static int fm_nr_memcgs;
static int fm_last_kmemcg_id = -1;
static struct dentry *fm_debugfs;

/* Items stay where they are: nothing may reclaim them before the dump. */
static unsigned long fm_count(struct shrinker *s, struct shrink_control *sc)
{
	return 0;
}

static unsigned long fm_scan(struct shrinker *s, struct shrink_control *sc)
{
	return SHRINK_STOP;
}

static void note_memcg(int kmemcg_id, unsigned long ino)
{
	for (int i = 0; i < fm_nr_memcgs; i++)
		if (fm_memcgs[i].kmemcg_id == kmemcg_id)
			return;
	if (fm_nr_memcgs < ARRAY_SIZE(fm_memcgs))
		fm_memcgs[fm_nr_memcgs++] = (struct fm_memcg){ kmemcg_id, ino };
}

static unsigned long memcg_ino(int kmemcg_id)
{
	for (int i = 0; i < fm_nr_memcgs; i++)
		if (fm_memcgs[i].kmemcg_id == kmemcg_id)
			return fm_memcgs[i].ino;
	return 0;
}

/* The writer's memcg: the one its allocations are charged to. */
static void current_memcg(int *kmemcg_id, unsigned long *ino)
{
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(current->mm);

	*kmemcg_id = memcg_kmem_id(memcg);
	*ino = memcg ? cgroup_ino(memcg->css.cgroup) : 0;
	if (memcg)
		css_put(&memcg->css);
}

static int lru_add(int nid, int count)
{
	int kmemcg_id;
	unsigned long ino;
	struct fm_item *item;

	if (nid < 0 || nid >= nr_node_ids || !node_online(nid) || count < 0)
		return -EINVAL;
	/* kmem_cache_alloc_lru() gives the writer's memcg its lists in fm_lru. */
	item = kmem_cache_alloc_lru(fm_item_cache, &fm_lru, GFP_KERNEL);
	if (!item)
		return -ENOMEM;
	kmem_cache_free(fm_item_cache, item);
	current_memcg(&kmemcg_id, &ino);
	note_memcg(kmemcg_id, ino);
	if (kmemcg_id >= 0)
		fm_last_kmemcg_id = kmemcg_id;
	for (int i = 0; i < count; i++) {
		item = kmem_cache_alloc_node(fm_item_cache, GFP_KERNEL, nid);
		if (!item)
			return -ENOMEM;
		item->magic = FM_MAGIC;
		item->nid = nid;
		INIT_LIST_HEAD(&item->lru);
		list_lru_add_obj(&fm_lru, &item->lru);
	}
	pr_info(FM_OUT "lru.add nid=%d ino=%lu kmemcg_id=%d count=%d\n", nid, ino,
		kmemcg_id, count);
	return 0;
}

static struct list_lru_one *lru_list(int nid, int kmemcg_id)
{
	struct list_lru_memcg *mlru;

	if (kmemcg_id < 0)
		return &fm_lru.node[nid].lru;
	mlru = xa_load(&fm_lru.xa, kmemcg_id);
	return mlru ? &mlru->node[nid] : NULL;
}

/* The lie: nr_items of one memcg list grows by 3, its list does not. */
static int lru_corrupt(void)
{
	int nid = nr_node_ids > 1 ? 1 : 0;
	struct list_lru_one *l = lru_list(nid, fm_last_kmemcg_id);

	if (fm_last_kmemcg_id < 0 || !l)
		return -ENOENT;
	spin_lock(&fm_lru.node[nid].lock);
	l->nr_items += 3;
	spin_unlock(&fm_lru.node[nid].lock);
	pr_info(FM_OUT "lru.corrupt.n%d.memcg%lu 0x%lx nr_items=%ld len=%zu\n", nid,
		memcg_ino(fm_last_kmemcg_id), (unsigned long)l, l->nr_items,
		list_count_nodes(&l->list));
	return 0;
}

static void report_list(int nid, int kmemcg_id)
{
	struct list_lru_one *l = lru_list(nid, kmemcg_id);
	char name[32];

	if (!l)
		return;
	if (kmemcg_id < 0)
		snprintf(name, sizeof(name), "lru.list.n%d.root", nid);
	else
		snprintf(name, sizeof(name), "lru.list.n%d.memcg%lu", nid, memcg_ino(kmemcg_id));
	pr_info(FM_OUT "%s 0x%lx nr_items=%ld len=%zu kmemcg_id=%d\n", name,
		(unsigned long)l, l->nr_items, list_count_nodes(&l->list), kmemcg_id);
}

static void lru_report(void)
{
	int nid;

	out_ptr("lru", "struct", &fm_lru);
	out_ptr("lru", "node", fm_lru.node);
	pr_info(FM_OUT "lru.memcg_aware %d\n", fm_lru.memcg_aware);
	for_each_online_node(nid) {
		spin_lock(&fm_lru.node[nid].lock);
		pr_info(FM_OUT "lru.node.n%d 0x%lx nr_items=%ld\n", nid,
			(unsigned long)&fm_lru.node[nid], fm_lru.node[nid].nr_items);
		for (int i = 0; i < fm_nr_memcgs; i++)
			report_list(nid, fm_memcgs[i].kmemcg_id);
		spin_unlock(&fm_lru.node[nid].lock);
	}
}

static ssize_t lru_write(struct file *file, const char __user *ubuf, size_t len,
			 loff_t *pos)
{
	char buf[64];
	int nid, count, err = -EINVAL;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "add %d %d", &nid, &count) == 2) {
		err = lru_add(nid, count);
	} else if (sysfs_streq(buf, "corrupt")) {
		err = lru_corrupt();
	} else if (sysfs_streq(buf, "report")) {
		lru_report();
		err = 0;
	}
	return err ? err : len;
}

static const struct file_operations lru_fops = {
	.owner = THIS_MODULE,
	.write = lru_write,
};

static int lru_init(void)
{
	int err;

	fm_shrinker = shrinker_alloc(SHRINKER_MEMCG_AWARE | SHRINKER_NUMA_AWARE,
				     "pagescope-faultmod");
	if (!fm_shrinker)
		return -ENOMEM;
	fm_shrinker->count_objects = fm_count;
	fm_shrinker->scan_objects = fm_scan;
	err = list_lru_init_memcg(&fm_lru, fm_shrinker);
	if (err)
		return err;
	shrinker_register(fm_shrinker);
	/* Unmerged: its slabs must carry its own name, for the owner tests. */
	fm_item_cache = kmem_cache_create(fm_item_cache_name, sizeof(struct fm_item),
					  0, SLAB_ACCOUNT | SLAB_NO_MERGE, NULL);
	if (!fm_item_cache)
		return -ENOMEM;
	fm_debugfs = debugfs_create_dir("pagescope_faultmod", NULL);
	debugfs_create_file("lru", 0200, fm_debugfs, NULL, &lru_fops);
	return 0;
}

/* -- planted owners ------------------------------------------------------ */

enum { PLANT_SLABS = 3, PLANT_MAX_OBJECTS = 4096, PLANT_VMALLOC_PAGES = 16 };

static void **plant_objects;
static void *plant_vmalloc_area;

static bool seen_folio(struct folio **seen, int n, struct folio *folio)
{
	for (int i = 0; i < n; i++)
		if (seen[i] == folio)
			return true;
	return false;
}

/*
 * Objects of fm_item_cache until PLANT_SLABS slabs hold some, each slab's
 * pfn printed once. They are never freed, and never on fm_lru.
 */
static int plant_slabs(void)
{
	struct folio *seen[PLANT_SLABS + 1];
	int n = 0;

	plant_objects = kcalloc(PLANT_MAX_OBJECTS, sizeof(*plant_objects), GFP_KERNEL);
	if (!plant_objects)
		return -ENOMEM;
	for (int i = 0; i < PLANT_MAX_OBJECTS && n < PLANT_SLABS; i++) {
		struct folio *folio;

		plant_objects[i] = kmem_cache_zalloc(fm_item_cache, GFP_KERNEL);
		if (!plant_objects[i])
			return -ENOMEM;
		folio = virt_to_folio(plant_objects[i]);
		if (seen_folio(seen, n, folio))
			continue;
		seen[n++] = folio;
		pr_info(FM_OUT "plant.slab.pfn 0x%lx order=%u cache=%s\n", folio_pfn(folio),
			folio_order(folio), fm_item_cache_name);
	}
	return n == PLANT_SLABS ? 0 : -ENOSPC;
}

/*
 * The vmalloc area's caller is the return address into this function: it
 * must stay a function of its own (noinline) and not tail-call vmalloc().
 */
static noinline void *fm_plant_vmalloc(void)
{
	void *area = vmalloc(PLANT_VMALLOC_PAGES * PAGE_SIZE);

	if (area)
		memset(area, 0x5a, PLANT_VMALLOC_PAGES * PAGE_SIZE);
	pr_info(FM_OUT "plant.vmalloc.func %pS\n", fm_plant_vmalloc);
	return area;
}

static int plant_vmalloc(void)
{
	plant_vmalloc_area = fm_plant_vmalloc();
	if (!plant_vmalloc_area)
		return -ENOMEM;
	pr_info(FM_OUT "plant.vmalloc.addr 0x%lx pages=%d\n",
		(unsigned long)plant_vmalloc_area, PLANT_VMALLOC_PAGES);
	for (int i = 0; i < PLANT_VMALLOC_PAGES; i++)
		pr_info(FM_OUT "plant.vmalloc.pfn 0x%lx index=%d\n",
			vmalloc_to_pfn(plant_vmalloc_area + i * PAGE_SIZE), i);
	return 0;
}

static int __init faultmod_init(void)
{
	int err;

	pr_info(FM_OUT "node.magic 0x%llx\n", FM_MAGIC);
	pr_info(FM_OUT "node.size %zu\n", sizeof(struct fm_node));
	pr_info(FM_OUT "node.list_offset %zu\n", offsetof(struct fm_node, list));
	pr_info(FM_OUT "item.size %zu\n", sizeof(struct fm_item));
	pr_info(FM_OUT "item.lru_offset %zu\n", offsetof(struct fm_item, lru));
	for (int i = 0; i < ARRAY_SIZE(lists); i++) {
		err = build_list(&lists[i]);
		if (err)
			return err;
	}
	err = lru_init();
	if (err)
		return err;
	err = plant_slabs();
	if (err)
		return err;
	return plant_vmalloc();
}
module_init(faultmod_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Known broken lists and a list_lru for pagescope's fault dumps");
