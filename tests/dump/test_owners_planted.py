#!/usr/bin/env python3
"""Owners the fault module planted, named exactly (truth/faultmod.txt,
dumps/README.md "The fault dump"): every page of the slabs of its cache
pagescope_faultmod_item is slab / that cache; every page of the vmalloc
area fm_plant_vmalloc() allocated is vmalloc / "fm_plant_vmalloc
[faultmod]", the caller /proc/vmallocinfo names, without its +off/size.

Module symbols: the module's static data the truth publishes (its list
heads, its list_lru) are named from the dump's own module symbol tables,
by address and back, with DWARF and with BTF."""
import os
import re
import sys

import common
from common import Tap

KERNEL = '6.12-fault'
MODULE = 'faultmod'
CACHE = 'pagescope_faultmod_item'
# truth name -> the module's static variable at that address
STATICS = {'prev_next.head': 'prev_next_head', 'poison.head': 'poison_head',
           'cycle.head': 'cycle_head', 'null_next.head': 'null_next_head',
           'good.head': 'good_head', 'lru.struct': 'fm_lru'}


def faultmod_lines():
    """[(name, [words])] of faultmod.txt, in order."""
    out = []
    for line in common.truth_text(KERNEL, 'faultmod.txt').splitlines():
        if line.strip():
            name, _, rest = line.partition(' ')
            out.append((name, rest.split()))
    return out


def kv(words):
    return dict(w.split('=', 1) for w in words if '=' in w)


# ----------------------------------------------------------------------
# Module symbols
# ----------------------------------------------------------------------

def check_module_statics(t, lines, tag, on):
    addrs = {n: int(w[0], 16) for n, w in lines if n in STATICS}
    t.eq(sorted(addrs), sorted(STATICS), '%s: the truth publishes the module\'s statics' % tag)
    bad = []
    for name, addr in sorted(addrs.items()):
        j = common.run_json(['sym', '%#x' % addr] + on)
        got = (j.get('symbol'), j.get('module'), j.get('offset'), j.get('from'))
        if got != (STATICS[name], MODULE, 0, 'module'):
            bad.append('%s %#x: %r' % (name, addr, got))
        back = common.run_json(['sym', STATICS[name]] + on)
        if int(back['address'], 16) != addr or back.get('module') != MODULE:
            bad.append('%s: sym %s gives %r' % (name, STATICS[name], back))
    t.ok(not bad, '%s: %d module statics named "NAME [faultmod]" by address and back'
         % (tag, len(addrs)), '\n'.join(bad))
    status, out, err = common.run(['sym', '%#x' % (addrs['good.head'] + 8)] + on)
    t.eq((status, out.strip()), (0, '%#x = good_head+0x8 [%s]' % (addrs['good.head'] + 8, MODULE)),
         '%s: sym text names an offset into a module symbol' % tag)


def check_not_a_symbol(t):
    """An address in no symbol of the image or a module: no name invented."""
    status, out, err = common.run(['sym', '0xffff888000001000'] + common.on(KERNEL))
    t.ok(status != 0 and err.count('\n') == 1 and 'no symbol at 0xffff888000001000' in err,
         'sym: a direct-map address has no symbol, in one line', err or out)


# ----------------------------------------------------------------------
# Planted owners
# ----------------------------------------------------------------------

def page_owners(pfn, count, fmt='elf'):
    """[(pfn, owner_kind, owner)] of `pages PFN+COUNT`."""
    j = common.run_json(['pages', '%#x+%d' % (pfn, count)] + common.on(KERNEL, fmt))
    return [(p['pfn'], p['owner_kind'], p['owner']) for p in j['pages']]


def check_slabs(t, lines):
    slabs = [(int(w[0], 16), kv(w)) for n, w in lines if n == 'plant.slab.pfn']
    t.ok(len(slabs) >= 2, 'faultmod planted at least 2 slabs (%d)' % len(slabs))
    bad, pages = [], 0
    for pfn, v in slabs:
        n = 1 << int(v['order'])
        got = page_owners(pfn, n)
        pages += len(got)
        bad += ['pfn %#x: %s %s' % (p, k, o) for p, k, o in got
                if (k, o) != ('slab', v['cache'])]
        if len(got) != n:
            bad.append('pfn %#x: %d pages listed, %d in the slab' % (pfn, len(got), n))
    caches = sorted({v['cache'] for _, v in slabs})
    t.ok(slabs and not bad, '%d pages of %d planted slabs: slab %s'
         % (pages, len(slabs), ', '.join(caches)), '\n'.join(bad))
    t.eq(caches, [CACHE], 'the planted slabs are of the module\'s cache')
    check_slabinfo(t)


def check_slabinfo(t):
    """All the cache's pages, as /proc/slabinfo counts them (num_slabs *
    pagesperslab): its planted slabs and the list_lru's items."""
    want = None
    for line in common.truth_text(KERNEL, 'slabinfo').splitlines()[2:]:
        f = line.split()
        if f[0] == CACHE:
            want = int(f[14]) * int(f[5])
    j = common.run_json(['owners', '--by', 'cache'] + common.on(KERNEL))
    got = sum(x['pages'] for x in j['owners'] if x['owner'] == CACHE)
    t.ok(want is not None and got == want,
         'owners --by cache: %s holds %s pages, slabinfo %s' % (CACHE, got, want))


def vmallocinfo_caller(lines):
    """The caller of the planted area as /proc/vmallocinfo names it, without
    +off/size: 'fm_plant_vmalloc [faultmod]'; and its pages=."""
    words = next(w for n, w in lines if n == 'plant.vmallocinfo')
    i = next(i for i, w in enumerate(words) if w.startswith('fm_plant_vmalloc'))
    name = re.sub(r'\+0x[0-9a-f]+/0x[0-9a-f]+$', '', words[i])
    if i + 1 < len(words) and words[i + 1].startswith('['):
        name += ' ' + words[i + 1]
    return name, int(kv(words)['pages'])


def check_vmalloc(t, lines):
    want, nr = vmallocinfo_caller(lines)
    t.eq(want, 'fm_plant_vmalloc [%s]' % MODULE,
         'vmallocinfo names the planted area\'s caller in the module')
    pfns = [int(w[0], 16) for n, w in lines if n == 'plant.vmalloc.pfn']
    t.eq(len(pfns), nr, 'the truth lists every page of the planted area (pages=%d)' % nr)
    for fmt in ('elf', 'kdump'):
        bad = []
        for pfn in pfns:
            got = page_owners(pfn, 1, fmt)
            if [(k, o) for _, k, o in got] != [('vmalloc', want)]:
                bad.append('pfn %#x: %r' % (pfn, got))
        t.ok(pfns and not bad, '%s: %d pages of the planted vmalloc area: vmalloc %s'
             % (fmt, len(pfns), want), '\n'.join(bad))
    j = common.run_json(['owners', '--by', 'caller'] + common.on(KERNEL))
    rows = [x for x in j['owners'] if x['owner'] == want]
    t.eq([(x['owner_kind'], x['pages']) for x in rows], [('vmalloc', nr)],
         'owners --by caller: %s holds exactly its %d pages' % (want, nr))
    page = common.run_json(['page', 'pfn:%d' % pfns[0]] + common.btf_on(KERNEL))
    t.eq((page['owner_kind'], page['owner']), ('vmalloc', want),
         'page (BTF and kallsyms): the planted area named alike')


def main():
    t = Tap()
    if not os.path.exists(common.truth_path(KERNEL, 'faultmod.txt')):
        t.ok(False, 'the fault dump exists', common.dump_dir(KERNEL))
        return t.done()
    lines = faultmod_lines()
    check_module_statics(t, lines, 'DWARF', common.on(KERNEL))
    check_module_statics(t, lines, 'BTF', common.btf_on(KERNEL))
    check_module_statics(t, lines, 'kdump', common.on(KERNEL, 'kdump'))
    check_not_a_symbol(t)
    names = {n for n, _ in lines}
    if not {'plant.slab.pfn', 'plant.vmalloc.pfn', 'plant.vmallocinfo'} <= names:
        print('# planted owners: not in this dump\'s truth (rebuilt dump needed)')
        t.ok(False, 'the truth holds the planted owners (plant.* lines)')
        return t.done()
    check_slabs(t, lines)
    check_vmalloc(t, lines)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
