#!/usr/bin/env python3
"""owners and page's owner line against what the guest's kernel reported.

Every page is accounted for (free + owned + unknown = present); slab pages
per cache match /proc/slabinfo; page tables, kernel stacks, vmalloc and free
pages match /proc/meminfo, modules /proc/modules; the workload's pfns are named after their task,
file and poison. The count of pages no structure claims is reported and
bounded.
"""
import json
import os
import re
import sys

import common
from test_pgtables import UNTYPED

PAGE_KB = 4
WORKLOAD_COMM = 'pagescope-workl'	# TASK_COMM_LEN cuts pagescope-workload
# Every SAMPLE-th pfn of each workload kind is checked with `page`.
SAMPLE = 16


def meminfo_pages(kernel):
    out = {}
    for line in common.truth_text(kernel, 'meminfo').splitlines():
        m = re.match(r'(\S+):\s+(\d+) kB', line)
        if m:
            out[m.group(1)] = int(m.group(2)) // PAGE_KB
    return out


def slabinfo_pages(kernel):
    """{cache: pages} from num_slabs * pagesperslab."""
    out = {}
    for line in common.truth_text(kernel, 'slabinfo').splitlines()[2:]:
        f = line.split()
        out[f[0]] = int(f[14]) * int(f[5])
    return out


def workload_pfns(kernel):
    kinds = {}
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        kind, pfn = line.split()
        kinds.setdefault(kind, []).append(int(pfn, 0))
    return kinds


def check_accounting(t, kernel, o):
    t.eq(sum(o['by_kind'].values()), o['present'],
         '%s: every page has one owner kind (free + owned + unknown = present)' % kernel)
    t.eq(sum(o['by_movability'].values()), o['present'],
         '%s: every page has one movability' % kernel)
    t.eq(o['by_kind']['unreadable'], 0, '%s: the ELF dump holds every struct page' % kernel)


def check_meminfo(t, kernel, o, owners):
    mi = meminfo_pages(kernel)
    k = o['by_kind']
    t.eq(k['free'], mi['MemFree'], '%s: buddy pages = MemFree (NR_FREE_PAGES)' % kernel)
    # Idle tasks (pid 0, one per CPU after the first) are on no task list:
    # their stacks are the vmalloc area allocated by fork_idle().
    idle = sum(x['pages'] for x in owners
               if x['owner_kind'] == 'vmalloc' and x['owner'] == 'fork_idle')
    t.eq(k['kernel_stack'] + idle, mi['KernelStack'],
         '%s: task stacks + idle tasks\' stacks = KernelStack' % kernel)
    if k['page_table']:
        # Tables that are no PageTable page are named apart (test_pgtables.py
        # holds each level).
        tables = sum(x['pages'] for x in owners if x['owner_kind'] == 'page_table'
                     and not x['owner'].endswith(UNTYPED))
        t.eq(tables, mi['PageTables'], '%s: page tables = PageTables' % kernel)
    else:
        # Before v6.11 PG_table was a #define: no debug info names the type.
        typed = sum(x['pages'] for x in owners if x['owner'].startswith('page_type '))
        t.ok(typed >= mi['PageTables'],
             '%s: untyped-by-debug-info pages (%d) hold PageTables (%d)'
             % (kernel, typed, mi['PageTables']))
    t.eq(k['vmalloc'] + k['kernel_stack'] + k['module'], mi['VmallocUsed'],
         '%s: vmalloc + stacks + modules = VmallocUsed (nr_vmalloc_pages)' % kernel)
    # Percpu is pcpu_nr_populated x pcpu_nr_units; we map each populated
    # page of each possible CPU's unit: equal while every unit has a CPU.
    t.eq(k['percpu'], mi['Percpu'],
         '%s: per-cpu chunk pages (first chunk + populated) = Percpu' % kernel)
    t.eq(k['hwpoison'], mi.get('HardwareCorrupted', 0),
         '%s: hwpoison pages = HardwareCorrupted' % kernel)
    # kmalloc() beyond the largest cache is accounted as slab but, before
    # PGTY_large_kmalloc, is an untyped folio no structure points to; KFENCE
    # object pages are typed slab but not accounted (check_slab_caches).
    folios = sum(x['pages'] for x in owners if x['owner_kind'] == 'unknown'
                 and x['owner'].startswith('folio of order '))
    slab = k['slab'] - kfence_excess(kernel, owners) + k['large_kmalloc'] + folios
    t.eq(slab, mi['Slab'], '%s: slab pages - KFENCE + large kmallocs (typed, or untyped'
         ' folios: %d) = Slab' % (kernel, folios))


def check_modules(t, kernel, owners):
    """/proc/modules' size is the sum of the module's memory regions
    (mod->mem[] from v6.4, core_layout + init_layout before), each a whole
    number of pages: the module owner holds exactly that many."""
    got = {x['owner']: x['pages'] for x in owners if x['owner_kind'] == 'module'}
    want = {}
    for line in common.truth_text(kernel, 'modules').splitlines():
        name, size = line.split()[:2]
        want[name] = int(size) // (PAGE_KB * 1024)
    t.ok(want, '%s: the guest had modules loaded' % kernel)
    t.eq(got, want, '%s: module owners\' pages = /proc/modules sizes' % kernel)


def slab_pages(kernel, owners):
    """(slabinfo's pages per cache, ours)."""
    want = {c: n for c, n in slabinfo_pages(kernel).items() if n}
    got = {x['owner']: x['pages'] for x in owners if x['owner_kind'] == 'slab'}
    return want, got


def kfence_excess(kernel, owners):
    want, got = slab_pages(kernel, owners)
    return sum(got.get(c, 0) - n for c, n in want.items())


def check_slab_caches(t, kernel, owners):
    want, got = slab_pages(kernel, owners)
    # KFENCE (CONFIG_KFENCE, on in Debian) gives each object of its pool a
    # page typed slab, naming the object's cache, that slabinfo does not
    # count: a cache may hold more pages here, by at most the pool's
    # CONFIG_KFENCE_NUM_OBJECTS (255 in Debian's configs).
    bad = {c: (got.get(c), n) for c, n in want.items() if (got.get(c) or 0) < n}
    t.ok(not bad, '%s: pages of each of %d slab caches >= slabinfo slabs x pages per slab'
         % (kernel, len(want)), '\n'.join('%s: got %s want %s' % (c, g, w)
                                         for c, (g, w) in sorted(bad.items())))
    excess = kfence_excess(kernel, owners)
    print('# %s: %d slab pages beyond slabinfo (KFENCE objects)' % (kernel, excess))
    t.ok(0 <= excess <= 255, '%s: slab pages beyond slabinfo (%d) within the KFENCE pool'
         % (kernel, excess))
    extra = set(got) - set(want)
    t.ok(not extra, '%s: no slab owner slabinfo does not list' % kernel, sorted(extra))


def profile(kernel):
    """The workload sizes the guest ran with (dumps/guest/profiles/NAME)."""
    name = common.truth_text(kernel, 'profile').strip()
    out = {}
    with open(os.path.join(common.TOP, 'dumps', 'guest', 'profiles', name)) as f:
        for line in f:
            m = re.match(r'(\w+)=(\S+)', line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def check_pipes(t, kernel, owners):
    # dumps/workload/frag.c: every even group keeps PIPES pipes of 16 pages.
    p = profile(kernel)
    want = (int(p['FRAG_GROUPS']) + 1) // 2 * int(p['FRAG_PIPES']) * 16
    got = [x for x in owners if x['owner_kind'] == 'pipe'
           and re.fullmatch(r'pid \d+ ' + WORKLOAD_COMM, x['owner'])]
    t.ok(len(got) == 1 and got[0]['pages'] == want,
         '%s: the frag holder\'s pipe buffers: %d pages in one process' % (kernel, want), got)


def check_bdev(t, kernel, owners):
    """The disk /data is on (its super block's s_id) also owns the block
    device's own page cache (the ext2 metadata), named from its gendisk."""
    dev = next(x['owner'].split(':')[0] for x in owners
               if x['owner_kind'] == 'file' and x['owner'].endswith(':/data'))
    t.ok(any(x['owner'] == 'bdev:' + dev for x in owners if x['owner_kind'] == 'file'),
         '%s: the block device under /data, %s, owns its page cache as bdev:%s'
         % (kernel, dev, dev))


def check_page_pool(t, kernel, o):
    """page_pool pages are told by their pool, not by PP_SIGNATURE: with no
    network driver loaded in the guest, none may be found among the pages
    whose lru words hold other things."""
    drivers = [l.split()[0] for l in common.truth_text(kernel, 'modules').splitlines() if l]
    net = [d for d in drivers if d in ('virtio_net', 'e1000', 'e1000e')]
    if net:
        t.ok(o['by_kind']['page_pool'] > 0, '%s: %s loaded: its page_pool pages found'
             % (kernel, net))
    else:
        t.eq(o['by_kind']['page_pool'], 0,
             '%s: no network driver loaded: no page_pool pages' % kernel)
    want = 'virtio_balloon' in drivers
    t.eq(o['by_kind']['balloon'] > 0, want, '%s: balloon pages %s (virtio_balloon %s)'
         % (kernel, 'found' if want else 'none', 'loaded' if want else 'not loaded'))


def system_ram(kernel):
    """[(start_pfn, end_pfn)] of /proc/iomem's System RAM."""
    out = []
    for line in common.truth_text(kernel, 'iomem').splitlines():
        m = re.match(r'([0-9a-f]+)-([0-9a-f]+) : System RAM', line)
        if m:
            out.append((int(m.group(1), 16) >> 12, (int(m.group(2), 16) + 1) >> 12))
    return out


def check_memblock(t, kernel, o, owners):
    """Reserved pages split by memblock.reserved, which x86 keeps valid
    while its array is the static one: what memblock did not reserve is
    firmware's, outside the System RAM of /proc/iomem."""
    names = {x['owner']: x['pages'] for x in owners if x['owner_kind'] == 'reserved'}
    t.eq(sorted(names), ['memblock', 'not memblock-reserved: firmware, holes'],
         '%s: reserved pages named by memblock.reserved' % kernel)
    rows = common.run_json(['pages', '--owner', 'not memblock-reserved: firmware, holes']
                           + common.on(kernel))['pages']
    ram = system_ram(kernel)
    bad = [r['pfn'] for r in rows if any(a <= r['pfn'] < b for a, b in ram)]
    t.ok(rows and not bad, '%s: the %d reserved pages memblock did not reserve are outside'
         ' System RAM' % (kernel, len(rows)), [hex(p) for p in bad[:10]])


def check_damaged_percpu(t, kernel='6.12'):
    """Garbage in the per-cpu allocator's globals costs the percpu names,
    in one note, not the run: pcpu_unit_pages far beyond memory, then a
    slot count no kernel has."""
    import shutil
    import struct
    from test_lists_patch import Vmcore
    src = common.vmcore(kernel, 'elf')
    copy = os.path.join(common.TOP, 'build', 'tests', 'vmcore-percpu.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    for sym, words in (('pcpu_unit_pages', 'pcpu_unit_pages'),
                       ('pcpu_nr_slots', 'pcpu_nr_slots')):
        shutil.copyfile(src, copy)
        addr = int(common.run_json(['sym', sym] + common.on(kernel))['address'], 16)
        vm = Vmcore(copy)
        off = vm.file_offset(addr)
        vm.f.close()
        with open(copy, 'r+b') as f:
            f.seek(off)
            f.write(struct.pack('<i', 0x7fffffff))
        status, out, err = common.run(['owners', '-j', '-k', common.vmlinux(kernel), copy])
        j = json.loads(out) if status == 0 else {}
        notes = [n for n in j.get('notes', []) if n.startswith('per-cpu chunks not read')]
        t.ok(status == 0 and j['by_kind']['percpu'] == 0 and len(notes) == 1 and
             words in notes[0], '%s: a damaged %s: no percpu owners, one note' % (kernel, sym),
             (status, err, j.get('notes')))
    os.unlink(copy)


def check_unknown(t, kernel, o):
    share = o['unknown'] / o['present']
    print('# %s: %d pages (%.2f%%) with no owner structure found' %
          (kernel, o['unknown'], 100 * share))
    # What is left: alloc_pages() callers that keep no structure we read
    # (large kmallocs, page tables before PGTY_table, early allocations).
    # Bounded, so that losing a kind shows.
    t.ok(share < 0.01, '%s: unknown pages under 1%% of memory' % kernel)


def page_owner(kernel, pfn):
    j = common.run_json(['page', 'pfn:%d' % pfn] + common.on(kernel))
    return j['owner_kind'], j['owner']


def file_owner_ok(owner, path):
    dev, _, p = owner.partition(':')
    return dev != '' and p == path


EXPECT = {
    'anon': lambda k, o: k == 'anon' and re.fullmatch(r'pid \d+ ' + WORKLOAD_COMM, o),
    'file-mapped': lambda k, o: k == 'file' and file_owner_ok(o, '/data'),
    'shmem': lambda k, o: k == 'file' and o == 'rootfs:/tmp/shmem-file',
    'hwpoison': lambda k, o: k == 'hwpoison',
    # MADV_SOFT_OFFLINE migrates the data away and poisons the old pfn.
    'hwpoison-soft': lambda k, o: k == 'hwpoison',
}


def expect_for(kind):
    kind = kind[len('memcg-'):] if kind.startswith('memcg-') else kind
    if kind.startswith(('anon', 'thp', 'mthp')):
        return EXPECT['anon']
    return EXPECT.get(kind)


def check_workload(t, kernel):
    for kind, pfns in sorted(workload_pfns(kernel).items()):
        want = expect_for(kind)
        if want is None:
            t.ok(False, '%s: workload kind %s has an expected owner' % (kernel, kind))
            continue
        sample = pfns if kind.startswith('hwpoison') else pfns[::SAMPLE]
        bad = []
        for pfn in sample:
            k, o = page_owner(kernel, pfn)
            if not want(k, o):
                bad.append('pfn %d: %s %s' % (pfn, k, o))
        t.ok(not bad, '%s: %d %s pfns named exactly' % (kernel, len(sample), kind),
             '\n'.join(bad))


def check_by(t, kernel):
    j = common.run_json(['owners', '--by', 'cache'] + common.on(kernel))
    t.ok(j['owners'] and all(x['owner_kind'] == 'slab' for x in j['owners']),
         '%s: --by cache ranks slab caches only' % kernel)
    j = common.run_json(['owners', '--by', 'task'] + common.on(kernel))
    t.ok(any(re.fullmatch(r'pid \d+ ' + WORKLOAD_COMM, x['owner']) for x in j['owners']),
         '%s: --by task names the workload\'s processes' % kernel)
    status, _, err = common.run(['owners', '--by', 'colour'] + common.on(kernel))
    t.ok(status != 0 and err.count('\n') == 1 and '--by colour' in err,
         '%s: a bad --by is one line and a failure' % kernel, err)


def check_frag(t, kernel):
    f = common.run_json(['frag'] + common.on(kernel))
    gbs = f['gigablocks']
    bad = [g['index'] for g in gbs
           if sum(g['owners']['by_movability'].values()) != g['present']]
    t.ok(gbs and not bad, '%s: frag: each gigablock\'s owners add up to its pages' % kernel, bad)
    bad = [g['index'] for g in gbs if g['tainted'] and not g['owners']['pinned']]
    t.ok(any(g['tainted'] for g in gbs) and not bad,
         '%s: frag names the pinned owners of every tainted gigablock' % kernel, bad)
    bad = [g['index'] for g in gbs
           if g['owners']['by_movability']['unmovable'] + g['owners']['by_movability']['reclaimable']
           < g['by_class']['unmovable']]
    t.ok(not bad, '%s: frag: pinned owners cover the unmovable pages of each gigablock' % kernel, bad)


def rows_of(doc, command):
    """The rows of a range command: the document, or its array under the
    command's name where the JSON document is an object."""
    return doc[command] if isinstance(doc, dict) else doc


def check_blocks(t, kernel):
    """owners --by block: each pageblock's owners, its pages as blocks counts them."""
    rows = rows_of(common.run_json(['blocks', '0x1000+0x4000'] + common.on(kernel)), 'blocks')
    j = common.run_json(['owners', '0x1000+0x4000', '--by', 'block'] + common.on(kernel))
    got = {b['pfn']: sum(b['by_movability'].values()) for b in j['blocks']}
    bad = [r['pfn'] for r in rows if got.get(r['pfn']) != r['present']]
    t.ok(rows and not bad and len(got) == len(rows),
         '%s: owners --by block: each pageblock\'s owners add up to its pages' % kernel, bad)
    free = {r['pfn']: r['by_class']['free'] for r in rows}
    bad = [b['pfn'] for b in j['blocks'] if b['by_movability']['free'] < free[b['pfn']]]
    t.ok(not bad, '%s: owners --by block: free pages include the buddy pages of blocks'
         % kernel, bad)


def zone_spans(kernel):
    """[(nid, zone, start_pfn, spanned)] from /proc/zoneinfo."""
    out, cur = [], None
    for line in common.truth_text(kernel, 'zoneinfo').splitlines():
        m = re.match(r'Node (\d+), zone\s+(\S+)', line)
        if m:
            cur = [int(m.group(1)), m.group(2), None, 0]
            out.append(cur)
        m = re.match(r'\s+spanned\s+(\d+)', line)
        if m and cur:
            cur[3] = int(m.group(1))
        m = re.match(r'\s+start_pfn:\s+(\d+)', line)
        if m and cur:
            cur[2] = int(m.group(1))
    return out


def check_zones(t, kernel, o):
    """Per zone, plus the memory map outside every zone, = the machine."""
    total, edge = 0, 0
    spans = sorted((z[2], z[2] + z[3]) for z in zone_spans(kernel) if z[3])
    for nid, zone, start, spanned in zone_spans(kernel):
        j = common.run_json(['owners', '%d:%s' % (nid, zone)] + common.on(kernel))
        t.ok(j['present'] <= spanned, '%s: owners %d:%s: at most its %d spanned pages'
             % (kernel, nid, zone, spanned))
        total += j['present']
    for start, end in spans + [(1 << 40, 1 << 40)]:
        if start > edge:
            total += common.run_json(['owners', '%d-%d' % (edge, start)]
                                     + common.on(kernel))['present']
        edge = max(edge, end)
    t.eq(total, o['present'], '%s: owners per zone and between zones add up to the machine'
         % kernel)
    for arg in ('NoSuchZone', '0x100-0x10'):
        status, out, err = common.run(['owners', arg] + common.on(kernel))
        t.ok(status != 0 and not out and err.count('\n') == 1 and arg in err,
             '%s: owners %s: one line and a failure' % (kernel, arg), err)


def check_providers(t, kernel, o):
    for what, args in (('the kdump file', common.on(kernel, 'kdump')),
                       ('BTF and kallsyms', ['--btf', common.vmcore(kernel, 'elf')])):
        status, _, err = common.run(['summary'] + args)
        if status:
            # No kallsyms in the dump (before v6.0): every command says so.
            got = common.run(['owners'] + args)
            t.ok(got[0] == status and got[2] == err.replace('summary', 'owners'),
                 '%s: owners from %s fails as summary does: %s' % (kernel, what, err.strip()),
                 got[2])
            continue
        j = common.run_json(['owners'] + args)
        t.eq((j['by_kind'], j['owners']), (o['by_kind'], o['owners']),
             '%s: owners read from %s are the same' % (kernel, what))


def check_slab_page(t, kernel):
    """A slab page of `pages` is named after a cache slabinfo lists."""
    caches = set(slabinfo_pages(kernel))
    rows = rows_of(common.run_json(['pages', '0x1000+0x8000'] + common.on(kernel)), 'pages')
    pfn = next(r['pfn'] for r in rows if r['type'] == 'slab')
    k, o = page_owner(kernel, pfn)
    t.ok(k == 'slab' and o in caches, '%s: page %d: slab of cache %s' % (kernel, pfn, o))


def main():
    t = common.Tap()
    for kernel in common.KERNELS:
        o = common.run_json(['owners'] + common.on(kernel))
        owners = o['owners']
        check_accounting(t, kernel, o)
        check_meminfo(t, kernel, o, owners)
        check_slab_caches(t, kernel, owners)
        check_modules(t, kernel, owners)
        check_pipes(t, kernel, owners)
        check_bdev(t, kernel, owners)
        check_page_pool(t, kernel, o)
        check_memblock(t, kernel, o, owners)
        check_unknown(t, kernel, o)
        check_workload(t, kernel)
        check_by(t, kernel)
        check_frag(t, kernel)
        check_blocks(t, kernel)
        check_zones(t, kernel, o)
        check_providers(t, kernel, o)
        check_slab_page(t, kernel)
    if '6.12' in common.KERNELS:
        check_damaged_percpu(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
