#!/usr/bin/env python3
"""The foundation against the guests' own truth, on every kernel and both
dump formats: free pages, per-cpu lists, hwpoison pfns, flags and
PG_anon_exclusive per pfn against /proc/kpageflags, the layout, and what
summary says the kernel lacks against its config."""
import json
import sys

import common
import kpf
from common import Tap

# Pages the capture itself changes: after /proc/kpageflags and zoneinfo
# are read, the guest still reads other truth files (allocating slab,
# page cache and per-cpu list pages) before the host stops it. A per-cpu
# list refill or drain moves at most pcp->batch (63 here) pages at once.
CAPTURE_CHURN = 64


def check_summary(t, kernel, fmt):
    s = common.run_json(['summary'] + common.on(kernel, fmt))
    tag = '%s %s' % (kernel, fmt)
    t.eq(s['kernel']['release'], common.truth_text(kernel, 'uname-r').strip(),
         '%s: release from VMCOREINFO' % tag)
    t.eq(set(s['pages']['hwpoison_pfns']), common.hwpoison_pfns(kernel),
         '%s: PG_hwpoison pfns are exactly the poisoned ones' % tag)
    zi = common.zoneinfo(kernel)
    total_free = 0
    for node in s['memory']['nodes']:
        for z in node['zones']:
            truth = zi.get((node['nid'], z['name']))
            if not z['present'] or truth is None:
                continue
            ztag = '%s: node %d %s' % (tag, node['nid'], z['name'])
            total_free += z['free_walked']
            t.eq(z['free_walked'], truth['free'],
                 ztag + ': free pages in buddy blocks = zoneinfo pages free')
            t.eq(z['nr_free_pages'], z['free_walked'],
                 ztag + ': NR_FREE_PAGES = free pages walked')
            t.eq(z['pcp_walked'], z['pcp_count'],
                 ztag + ': pages on per-cpu lists = pcp->count')
            t.ok(abs(z['pcp_count'] - sum(truth['pcp'].values())) <= CAPTURE_CHURN,
                 ztag + ': pcp pages within one batch of zoneinfo pagesets',
                 'dump %d, zoneinfo %d' % (z['pcp_count'], sum(truth['pcp'].values())))
    t.eq(total_free, common.vmstat(kernel)['nr_free_pages'],
         '%s: free pages = vmstat nr_free_pages' % tag)
    # Before v5.17 the section flags are #defines: the map is found by its
    # alignment, and which bit says online cannot be told.
    t.eq(s['memory'].get('section_online_known', True),
         common.layout_has(kernel, 'enum SECTION_IS_ONLINE_BIT'),
         '%s: summary says whether it knows the sections\' online state' % tag)
    return s


def compare_pfns(kernel, pages):
    """Mismatches per check between pagescope and kpageflags."""
    raw = kpf.load(common.truth_path(kernel, 'kpageflags'))
    # Since v6.9 kpageflags reports the folio's flags on every page
    # (fs/proc/page.c): the truth itself says which it holds.
    folio_level = kpf.folio_level(raw)
    eff = kpf.effective(raw, folio_level)
    bad, first = {}, {}

    def miss(name, pfn):
        bad[name] = bad.get(name, 0) + 1
        first.setdefault(name, pfn)

    for pfn, (flags, typ, order, mapping, state, names) in pages.items():
        v, r, tail = eff[pfn], raw[pfn], 'T' in state
        for k, n in kpf.HEAD_FLAGS.items():
            if kpf.bit(v, k) != (n in names or any(a in names for a in SAME_BIT.get(n, ()))):
                miss(n, pfn)
        for k, n in kpf.PAGE_FLAGS.items():
            if not (folio_level and tail) and kpf.bit(r, k) != (n in names):
                miss(n, pfn)
        pairs = {
            'buddy': (kpf.bit(r, 'BUDDY'), 'F' in state),
            'slab': (kpf.bit(r, 'SLAB'), typ == 'slab'),
            'compound head': (kpf.bit(r, 'COMPOUND_HEAD'), 'H' in state),
            'compound tail': (kpf.bit(r, 'COMPOUND_TAIL'), tail),
            'hwpoison': (kpf.bit(r, 'HWPOISON'), 'P' in state),
            'hugetlb': (kpf.bit(r, 'HUGE'), typ == 'hugetlb'),
            'offline': (kpf.bit(r, 'OFFLINE'), typ == 'offline'),
        }
        # Typed pages (slab, page tables) reuse the mapping word; 6.12's
        # kpageflags still tests its low bit, so compare untyped pages only.
        if typ in ('none', 'hugetlb'):
            pairs['anon'] = (kpf.bit(r, 'ANON'), mapping in ('anon', 'ksm'))
        # Without enum pagetype PG_table is a #define: its bit is derived.
        pairs['page table'] = (kpf.bit(r, 'PGTABLE'), typ == 'table')
        # 6.12's kpageflags sets KPF_KSM on every anon page (a kernel bug:
        # it tests mapping & PAGE_MAPPING_KSM, which includes ANON).
        if not folio_level:
            pairs['ksm'] = (kpf.bit(r, 'KSM'), mapping == 'ksm')
        # PG_anon_exclusive is KPF bit 34 (PG_mappedtodisk / PG_owner_2).
        if mapping == 'anon' and not tail:
            pairs['anon-exclusive'] = (kpf.bit(r, 'OWNER_2'), 'X' in state)
        for n, (a, b) in pairs.items():
            if bool(a) != bool(b):
                miss(n, pfn)
    return bad, first


# One bit, named per page by what it means there: KPF_RECLAIM reports
# PG_reclaim's bit, which page calls PG_readahead on a page under readahead.
SAME_BIT = {'reclaim': ('readahead',)}


def check_pfns(t, kernel):
    pages = common.pages(kernel)
    t.eq(len(pages), 1 << 19, '%s: every pfn of the 2 GiB guest walked' % kernel)
    bad, first = compare_pfns(kernel, pages)
    total = sum(bad.values())
    t.ok(total <= CAPTURE_CHURN,
         '%s: flags, types and anon-exclusive per pfn = kpageflags (within capture churn)' % kernel,
         '\n'.join('%s: %d pages, first pfn %#x' % (n, c, first[n])
                   for n, c in sorted(bad.items())))
    ae = sum(1 for p in pages.values() if 'X' in p[4])
    if common.layout_has(kernel, 'enum pageflags.PG_anon_exclusive'):
        t.ok(ae > 1000, '%s: the workload\'s anon-exclusive pages are seen' % kernel, ae)
    else:
        t.eq(ae, 0, '%s: n/a on this kernel: PG_anon_exclusive absent (v5.19+), '
             'no page marked anon-exclusive' % kernel)


def check_memcg_data(t, kernel):
    """A page's memcg word (memcg_data, before v5.11 mem_cgroup) names the
    memcg /proc/kpagecgroup gives: one value per cgroup, on a few anon and
    THP pages of each kind the workload made, in and out of its cgroup."""
    cgroup = kpf.load(common.truth_path(kernel, 'kpagecgroup'))
    picked = {}
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        kind, pfn = line.split()[:2]
        if ('anon' in kind or 'thp' in kind) and len(picked.setdefault(kind, [])) < 4:
            picked[kind].append(int(pfn, 0))
    # With a per-node obj_cgroup (mem_cgroup_per_node.objcg, 7.x), an LRU
    # folio's memcg_data names its memcg's objcg of the folio's node.
    members = common.run_json(['type', 'mem_cgroup_per_node'] + common.on(kernel))['members']
    per_node = any(m['name'] == 'objcg' for m in members)
    by_ino = {}
    for pfn in sum(picked.values(), []):
        page = common.run_json(['page', hex(pfn)] + common.on(kernel))
        key = (cgroup[pfn], page['nid']) if per_node else cgroup[pfn]
        by_ino.setdefault(key, set()).add(int(page['memcg_data'], 16))
    words = [w for ws in by_ino.values() for w in ws]
    t.ok(len(by_ino) >= 2 and all(len(ws) == 1 for ws in by_ino.values()) and
         0 not in words and len(set(words)) == len(words),
         '%s: memcg_data of workload pages: one memcg per kpagecgroup inode, and back' % kernel,
         {ino: [hex(w) for w in ws] for ino, ws in by_ino.items()})


def check_layout(t, kernel):
    args = ['layout', '--no-cache'] + common.on(kernel)
    hinted = common.run_json(args)
    common.os.environ['PAGESCOPE_FULL_SCAN'] = '1'
    try:
        # Every unit of 7.2's 410 MB of DWARF: 12 s, but minutes under ASan.
        full = common.run_json(args, timeout=1200)
    finally:
        del common.os.environ['PAGESCOPE_FULL_SCAN']
    t.eq(hinted['items'], full['items'],
         '%s: layout from the hinted units = layout from all debug info' % kernel)
    cold = common.run_json(['summary', '--no-cache'] + common.on(kernel))
    common.run_json(['summary'] + common.on(kernel))
    warm = common.run_json(['summary'] + common.on(kernel))
    t.eq(warm['kernel']['layout_source'], 'cache of DWARF',
         '%s: the second open takes the layout from the cache' % kernel)
    t.eq(warm['pages'], cold['pages'], '%s: cached layout, same answers' % kernel)


# Features that follow one kernel option, and the option: the kernel's
# config says whether the feature is there to lack.
FEATURE_CONFIGS = (('hwpoison', 'CONFIG_MEMORY_FAILURE'),
                   ('unaccepted_memory', 'CONFIG_UNACCEPTED_MEMORY'),
                   # page->mem_cgroup before v5.11, memcg_data since
                   ('memcg_pages', 'CONFIG_MEMCG'),
                   # memcg_shrinker_map before v5.13, shrinker_info since
                   ('shrinker_bits', 'CONFIG_MEMCG'))
# What every kernel since 5.10 has: never lacking on a test kernel.
FEATURES_EVERYWHERE = ('page_decode', 'compound', 'page_index', 'folio_order',
                       'page_types', 'pageblocks', 'list_lru', 'deferred_split')


def kernel_config(kernel):
    path = common.os.path.join(common.DUMPS, 'kernels', kernel, 'config')
    with open(path) as f:
        return {line.split('=')[0] for line in f if line.startswith('CONFIG_') and
                line.rstrip().split('=', 1)[1] in ('y', 'm')}


def check_lacks(t, kernel):
    """summary's "lacks" names items the layout really lacks, and lacks
    what the kernel's own config left out."""
    s = common.run_json(['summary'] + common.on(kernel))
    items = {k for k, v in common.layout_items(common.run_json(['layout'] +
                                                              common.on(kernel))).items()
             if v['present']}
    lacks = {x['feature']: x for x in s['lacks']}
    named = [alt for x in s['lacks'] for need in x['missing'].split(', ')
             for alt in need.split(' or ')]
    t.ok(named and not (set(named) & items) if lacks else named == [],
         '%s: every item summary says is missing is absent from the layout' % kernel,
         sorted(set(named) & items))
    config = kernel_config(kernel)
    for feature, option in FEATURE_CONFIGS:
        t.eq(feature in lacks, option not in config,
             '%s: %s lacking exactly when %s is off' % (kernel, feature, option))
    t.eq(sorted(set(FEATURES_EVERYWHERE) & set(lacks)), [],
         '%s: no kernel since 5.10 lacks the core features' % kernel)
    status, out, err = common.run(['summary'] + common.on(kernel))
    text = out[out.find('\nlacks'):]
    t.ok(status == 0 and all(x['description'] + ':' in text for x in lacks.values()) and
         (lacks or 'lacks        nothing' in text),
         '%s: the text summary lists the same lacks' % kernel, text)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        summaries = [check_summary(t, kernel, fmt) for fmt in common.FORMATS]
        t.eq(summaries[1]['pages'], summaries[0]['pages'],
             '%s: kdump-compressed and ELF dumps give the same pages' % kernel)
        check_pfns(t, kernel)
        check_memcg_data(t, kernel)
        check_layout(t, kernel)
        check_lacks(t, kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
