#!/usr/bin/env python3
"""pages: the columns kmem -p users look for, checked against what the
guest and VMCOREINFO say (struct page address from SYMBOL(vmemmap) and
SIZE(page), mapcount from /proc/kpagecount), and the page-types filters
(--flags, --type, --order) against /proc/kpageflags; the owner column
and --owner against /proc/meminfo and /proc/slabinfo."""
import array
import json
import re
import sys

import common
import kpf
from common import Tap
from test_lists_patch import Vmcore

K = '6.12'   # the kernel under test; main() takes each in turn
RANGE = '0x10000+0x8000'


def rows(args, kernel=None):
    kernel = kernel or K
    status, out, err = common.run(['pages'] + args + ['-j'] + common.on(kernel))
    if status:
        raise RuntimeError('pages %s: %s' % (' '.join(args), err))
    return json.loads(out)['pages']


def memmap_base(vm):
    """Where the memory map starts: VMCOREINFO's SYMBOL(vmemmap), or before
    the kernel gave it there (6.1, 5.10), the vmemmap_base variable read
    out of the dump at its System.map address moved by KERNELOFFSET."""
    if 'SYMBOL(vmemmap)' in vm.vi:
        return int(vm.vi['SYMBOL(vmemmap)'], 16)
    with open(common.os.path.join(common.dump_dir(K), 'System.map')) as f:
        addr = next(int(l.split()[0], 16) for l in f if l.split()[2] == 'vmemmap_base')
    return vm.read_u64(addr + int(vm.vi['KERNELOFFSET'], 16))


def test_columns(t):
    vm = Vmcore(common.vmcore(K, 'elf'))
    vmemmap = memmap_base(vm)
    size = int(vm.vi['SIZE(page)'])
    counts = array.array('Q')
    with open(common.truth_path(K, 'kpagecount'), 'rb') as f:
        counts.frombytes(f.read())
    got = rows([RANGE])
    t.ok(len(got) == 0x8000 and
         all(int(r['struct_page'], 16) == vmemmap + r['pfn'] * size for r in got) and
         all(int(r['phys'], 16) == r['pfn'] << 12 for r in got),
         'pages %s: struct page = vmemmap + pfn * SIZE(page), physical = pfn << 12' % RANGE)
    single = [r for r in got if r['order'] == 0 and r['type'] == 'none' and
              r['mapping_kind'] in ('anon', 'file')]
    wrong = [r['pfn'] for r in single if r['mapcount'] != counts[r['pfn']]]
    t.ok(len(single) > 1000 and len(wrong) <= len(single) // 1000,
         'mapcount = /proc/kpagecount for %d mapped order-0 pages' % len(single),
         'differ: %s' % [hex(p) for p in wrong[:10]])
    t.ok(all(r['refcount'] >= r['mapcount'] for r in single),
         'refcount >= mapcount on every mapped page')
    status, out, _ = common.run(['pages', '0x10000+4'] + common.on(K))
    head = out.splitlines()[0].split()
    t.ok(head[:10] == ['pfn', 'struct', 'page', 'physical', 'flags', 'type', 'or', 'cnt',
                       'map', 'mapping'], 'pages text: the kmem -p columns', out[:300])


def test_filters(t):
    flags = kpf.load(common.truth_path(K, 'kpageflags'))
    if common.layout_has(K, 'enum pageflags.PG_hwpoison'):
        poisoned = [r['pfn'] for r in rows(['--flags', 'hwpoison'])]
        t.eq(set(poisoned), common.hwpoison_pfns(K), 'pages --flags hwpoison: the poisoned pfns')
    else:
        status, _, err = common.run(['pages', '--flags', 'hwpoison'] + common.on(K))
        t.ok(status == 2 and 'has no PG_hwpoison' in err,
             'pages --flags hwpoison: n/a on this kernel (no CONFIG_MEMORY_FAILURE): '
             'it says the kernel lacks the flag', err)
    # Before v6.11 PG_table is a #define: its bit is derived (walk/page.c).
    table = {r['pfn'] for r in rows(['--type', 'table'])}
    want = {pfn for pfn, v in enumerate(flags) if kpf.bit(v, 'PGTABLE')}
    t.ok(table == want and want,
         'pages --type table: exactly the KPF_PGTABLE pages of /proc/kpageflags (%d)' % len(want),
         'only ours %s, only kpageflags %s' % (sorted(table - want)[:8], sorted(want - table)[:8]))
    slab = rows(['--type', 'slab'])
    want = sum(1 for v in flags if kpf.bit(v, 'SLAB'))
    t.ok(abs(len(slab) - want) <= want // 100,
         'pages --type slab: %d pages, kpageflags says %d (capture churn 1%%)' % (len(slab), want))
    thp = rows(['--order', '9', '--type', 'anon'])
    t.ok(thp and all(r['order'] == 9 and r['mapping_kind'] == 'anon' for r in thp) and
         len(thp) % 512 == 0, 'pages --order 9 --type anon: whole anonymous THPs (%d pages)'
         % len(thp))
    lru = rows([RANGE, '--flags', 'lru,~active'])
    bad = [r['pfn'] for r in lru if not kpf.bit(flags[r['pfn']], 'LRU') or
           kpf.bit(flags[r['pfn']], 'ACTIVE')]
    t.ok(lru and len(bad) <= len(lru) // 100,
         'pages --flags lru,~active: inactive LRU pages per kpageflags (%d)' % len(lru), bad[:10])
    for args, words in ((['--flags', 'nosuchflag'], 'no such page flag'),
                        (['--type', 'nosuchtype'], 'neither a page type'),
                        (['--order', 'x'], 'a folio order')):
        status, out, err = common.run(['pages'] + args + common.on(K))
        t.ok(status == 2 and not out and words in err,
             'pages %s: a usage error, exit 2' % ' '.join(args), err)


def meminfo_pages(name):
    for line in common.truth_text(K, 'meminfo').splitlines():
        m = re.match(r'(\S+):\s+(\d+) kB', line)
        if m and m.group(1) == name:
            return int(m.group(2)) // 4
    raise KeyError(name)


def test_owner(t):
    """--owner KIND|NAME keeps the pages of an owner kind or name; the
    counts are the kernel's own."""
    got = rows(['--owner', 'percpu'])
    t.eq(len(got), meminfo_pages('Percpu'), 'pages --owner percpu: Percpu of /proc/meminfo')
    t.ok(all(r['owner_kind'] == 'percpu' and r['movability'] == 'unmovable' for r in got),
         'pages --owner percpu: every row owned by percpu')
    # A page-table walk also names tables that are not PageTable pages (on
    # 5.10, memcg-charged PGDs and PUDs): PageTables counts the typed ones.
    got = rows(['--owner', 'page_table'])
    t.eq(len([r for r in got if r['type'] == 'table']), meminfo_pages('PageTables'),
         'pages --owner page_table: PageTables')
    # slabinfo's slabs x pages per slab, plus at most KFENCE's pool (255).
    info = [l.split() for l in common.truth_text(K, 'slabinfo').splitlines()[2:]]
    want = next(int(f[14]) * int(f[5]) for f in info if f[0] == 'kmalloc-96')
    got = rows(['--owner', 'kmalloc-96'])
    t.ok(want <= len(got) <= want + 255 and
         all(r['type'] == 'slab' and r['owner'] == 'kmalloc-96' for r in got),
         'pages --owner kmalloc-96: %d slab pages, slabinfo says %d (+ KFENCE)' % (len(got), want))
    both = rows(['--owner', 'slab', '--flags', 'head'])
    t.ok(both and all(r['owner_kind'] == 'slab' and 'H' in r['state'] for r in both),
         'pages --owner with --flags: both filters apply')
    t.eq(rows(['--owner', 'no such owner']), [], 'pages --owner NAME nothing has: no rows')
    status, out, _ = common.run(['pages', '0x10000+4'] + common.on(K))
    lines = out.splitlines()
    t.ok(lines[0].split()[-1] == 'owner' and
         all(re.search(r'  [a-z_]+:\S', l) for l in lines[1:]),
         'pages text: the owner column, KIND:NAME', out[:400])
    j = rows([RANGE])
    t.ok(all(r['owner_kind'] and r['owner'] and r['movability'] for r in j),
         'pages -j: every row names its owner')


def kpf_order(flags, head):
    """The folio order /proc/kpageflags gives: its head and the tails after."""
    n = 1
    while (head + n < len(flags) and kpf.bit(flags[head + n], 'COMPOUND_TAIL') and
           not kpf.bit(flags[head + n], 'COMPOUND_HEAD')):
        n += 1
    return n.bit_length() - 1


def test_folio_edges(t):
    """A head among the last two pages of a walk's chunk (PS_PAGE_CHUNK,
    2048) or of the range asked for has its order and state from page[1]
    and page[2] past that edge, as a head anywhere else."""
    for k in common.KERNELS:
        flags = kpf.load(common.truth_path(k, 'kpageflags'))
        heads = [r for r in rows(['--flags', 'head'], k)
                 if kpf.bit(flags[r['pfn']], 'COMPOUND_HEAD')]
        bad = [(hex(r['pfn']), r['order']) for r in heads
               if r['order'] != kpf_order(flags, r['pfn'])]
        t.ok(heads and len(bad) <= len(heads) // 100,
             '%s: pages: the order of %d folio heads is kpageflags\' (capture churn 1%%)'
             % (k, len(heads)), bad[:10])
        edge = [(hex(r['pfn']), r['order']) for r in heads if r['pfn'] % 2048 >= 2046]
        t.ok(not [e for e in edge if e in bad],
             '%s: pages: heads at a chunk\'s end %s have kpageflags\' order' % (k, edge), bad)
        # Small folios, and a PMD-mapped THP whose M and X come from page[1].
        large = ([r for r in heads if r['order'] >= 1][:2] +
                 [r for r in heads if 'M' in r['state']][:1])
        for r in large:
            for n in (1, 2):
                got = rows(['%#x+%d' % (r['pfn'], n)], k)[0]
                t.ok(got['order'] == kpf_order(flags, r['pfn']) and got['state'] == r['state'],
                     '%s: pages %#x+%d: the head\'s order %d, state %s at the range\'s end'
                     % (k, r['pfn'], n, kpf_order(flags, r['pfn']), r['state']),
                     (got['order'], got['state']))
        t.ok(len(large) >= 2, '%s: large folios to end a range on' % k)


def test_stale_anon_exclusive(t):
    """X only where PG_anon_exclusive means something: a page mapped by a
    page table, or a PMD-mapped folio's head. On a page of its own that no
    page table maps (an unmapped hwpoison page, a THP subpage unmapped
    after a split) the bit is left over: x, as `page` says "stale"."""
    got = rows([])
    upper = [r for r in got if 'X' in r['state'] and r['order'] == 0 and
             'T' not in r['state'] and r['mapcount'] <= 0]
    t.eq([hex(r['pfn']) for r in upper[:10]], [],
         'pages: no X on an unmapped page of its own')
    lower = [r for r in got if 'x' in r['state']]
    t.ok(all(r['mapcount'] <= 0 and 'M' not in r['state'] for r in lower),
         'pages: every x is on a page no page table maps (%d pages)' % len(lower))
    for pfn in sorted(common.hwpoison_pfns(K))[:4]:
        r = rows([hex(pfn)])[0]
        status, out, _ = common.run(['page', hex(pfn)] + common.on(K))
        stale = 'bit set, but stale' in out
        t.ok(('x' in r['state']) == stale and 'X' not in r['state'],
             'pages %#x: state %s agrees with page (%s)'
             % (pfn, r['state'], 'stale' if stale else 'no stale bit'))


def test_typed_words(t):
    """A slab or a page table keeps other fields where page->mapping and
    page->index are (slab_list, freelist; pt_list, pt_mm): pages leaves
    those columns empty instead of passing them off as a mapping."""
    typed = [r for r in rows(['--type', 'slab']) + rows(['--type', 'table'])]
    t.ok(typed and all('mapping' not in r and 'index' not in r for r in typed),
         'pages -j: no mapping or index on %d slab and page-table pages' % len(typed))
    pfn = typed[0]['pfn']
    status, out, _ = common.run(['pages', hex(pfn)] + common.on(K))
    cols = out.splitlines()[-1].split()
    t.eq(cols[8:10], ['-', '-'], 'pages %#x (%s): mapping and index -' % (pfn, typed[0]['type']))


def test_tail_index(t):
    """A tail keeps no index: page[1] holds the folio's page count there
    (the '512' issue 18 found). pages gives the folio's index plus the
    tail's place in it, as page does."""
    got = rows(['--order', '9'])
    heads = {r['pfn']: r for r in got if 'H' in r['state'] and 'index' in r}
    tails = [r for r in got if 'T' in r['state'] and 'index' in r and
             r['pfn'] & ~511 in heads]
    wrong = [hex(r['pfn']) for r in tails
             if r['index'] != heads[r['pfn'] & ~511]['index'] + (r['pfn'] & 511)]
    t.ok(len(tails) > 500 and not wrong,
         'pages: %d tails of order-9 folios: index = head index + n' % len(tails), wrong[:5])
    r = tails[0]
    status, out, _ = common.run(['page', '-j', hex(r['pfn'])] + common.on(K))
    t.eq(json.loads(out)['index'], r['index'], 'pages and page agree on tail %#x\'s index' % r['pfn'])


def main():
    global K
    t = Tap()
    for K in common.KERNELS:
        kt = common.KernelTap(t, K)
        test_columns(kt)
        test_filters(kt)
        test_owner(kt)
        test_stale_anon_exclusive(kt)
        test_typed_words(kt)
        test_tail_index(kt)
    test_folio_edges(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
