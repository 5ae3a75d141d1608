#!/usr/bin/env python3
"""Page tables named by mm and level (walk/owners_pgtable.c).

(a) every PageTable page is reached by a walk (the tree of each mm, and
    the PTE tables deposited for THPs); no damage on a sound dump;
(b) where crash 8.0.2 reads the tasks (5.10), the table pfns crash's `vtop -c PID ADDR` walks through for the
    workload's anonymous addresses carry the workload's name and the
    level crash names;
(b') on every kernel, 5-level ones too, a peer walk in Python over the
    dump's bytes: the workload's anonymous pfn (from the guest's truth) is
    mapped at its address by one of the PTE tables pagescope names after
    the workload, that table by one of its PMD tables, and so up the levels
    pagescope names;
(c) the tables of the levels the kernel accounts, plus the unreached, are
    meminfo's PageTables.
"""
import os
import re
import sys

import common

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'crash'))
import crashsession  # noqa: E402
import struct  # noqa: E402

from test_lists_patch import Vmcore  # noqa: E402

PAGE_KB = 4
SAMPLES = 3

# Which levels are PageTable pages, i.e. counted in NR_PAGETABLE: each
# level once it has a constructor (pagetable_pte_ctor/pmd_ctor always;
# pagetable_pud_ctor on 6.12 here; p4d and pgd ctors on 7.2 here, once
# every level got one).
# 5.10's memcg-charged PGD and PUD pages carry PG_kmemcg, a page_type bit
# the debug info does not name: the walk names them, NR_PAGETABLE does not
# count them.
ACCOUNTED = {
    '5.10': ('PTE', 'PMD'),
    '6.1': ('PTE', 'PMD'),
    '6.12': ('PTE', 'PMD', 'PUD'),
    '7.2': ('PTE', 'PMD', 'PUD', 'P4D', 'PGD'),
    '7.3': ('PTE', 'PMD', 'PUD', 'P4D', 'PGD'),
}
# A PMD-mapped THP keeps a PTE table deposited for its split
# (pgtable_trans_huge_deposit()), outside the tree: at most one per THP the
# workload made. With those found, a sound dump quiesced for its dump
# leaves no PageTable page unreached (no table being freed, no mm exiting).


def meminfo_pages(kernel, key):
    m = re.search(r'^%s:\s+(\d+) kB' % key, common.truth_text(kernel, 'meminfo'), re.M)
    return int(m.group(1)) // PAGE_KB


def workload_thps(kernel):
    n = 0
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        kind = line.split()[0]
        if kind.endswith('thp-head') or kind.endswith('thp-partial-head'):
            n += 1
    return n


# A table the walk reached that is no PageTable page is named apart.
UNTYPED = ' (not counted in PageTables)'


def level_of(name):
    m = re.match(r'(.*): (PGD|P4D|PUD|PMD|PTE)(%s)?$' % re.escape(UNTYPED), name)
    return (m.group(1), m.group(2)) if m else (None, None)


def check_reached(t, kernel, o):
    g = o['page_tables']
    t.ok(g is not None, '%s: the page-table walk ran' % kernel)
    if g is None:
        return
    t.eq(g['damaged'], 0, '%s: no damaged page-table entry on a sound dump' % kernel)
    t.eq(g['levels'], 4 if kernel == '5.10' else 5,
         '%s: paging levels as VMCOREINFO pgtable_l5_enabled says' % kernel)
    thps = workload_thps(kernel)
    t.ok(0 < g['deposited'] <= thps,
         '%s: %d PTE tables deposited for THPs, at most one per THP (%d)'
         % (kernel, g['deposited'], thps))
    t.eq(g['unreached'], 0, '%s: every PageTable page reached by a walk' % kernel)


def check_accounted(t, kernel, o):
    typed, untyped = {}, {}
    for x in o['owners']:
        _, level = level_of(x['owner'])
        if x['owner_kind'] != 'page_table' or not level:
            continue
        into = untyped if x['owner'].endswith(UNTYPED) else typed
        into[level] = into.get(level, 0) + x['pages']
    want = meminfo_pages(kernel, 'PageTables')
    t.eq(sum(typed.values()) + o['page_tables']['unreached'], want,
         '%s: PageTable pages reached + unreached = PageTables (by level: %s; other tables'
         ' reached: %s)' % (kernel, typed, untyped))
    t.eq(sorted(typed), sorted(ACCOUNTED[kernel]),
         '%s: the levels whose tables are PageTable pages: %s' % (kernel, ACCOUNTED[kernel]))


def vtop_tables(text):
    """{level: table pfn} from crash's vtop: "PMD: 266e9858 => 266ed067"."""
    out = {}
    for lv, addr in re.findall(r'^\s+(PGD|P4D|PUD|PMD|PTE): ([0-9a-f]+) =>', text, re.M):
        out[lv] = int(addr, 16) >> 12
    return out


def anon_samples(kernel):
    """(pid, virtual address) of some of the workload's anonymous pages."""
    out = []
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        kind, pfn = line.split()
        if kind != 'anon-exclusive':
            continue
        j = common.run_json(['page', 'pfn:%d' % int(pfn, 0)] + common.on(kernel))
        m = re.match(r'pid (\d+) ', j['owner'])
        if j['owner_kind'] == 'anon' and m:
            out.append((int(m.group(1)), j['index'] << 12, int(pfn, 0)))
        if len(out) == SAMPLES:
            break
    return out


# Intel SDM vol. 3A, 4.5: Present is bit 0, the address bits 51:12.
PRESENT, ADDR = 1, 0x000ffffffffff000
SHIFTS = {'PTE': 12, 'PMD': 21, 'PUD': 30, 'P4D': 39}


def entry_at(vm, table_pfn, index):
    e, = struct.unpack('<Q', vm.read_phys((table_pfn << 12) + 8 * index, 8))
    return (e & ADDR) >> 12 if e & PRESENT else None


def check_tree(t, kernel, samples, owner_of):
    """Up from the page: the table of each level that maps the one below."""
    vm = Vmcore(common.vmcore(kernel, 'elf'))
    shifts = dict(SHIFTS, PGD=48 if vm.l5 else 39)
    order = ['PTE', 'PMD', 'PUD'] + (['P4D'] if vm.l5 else []) + ['PGD']
    for pid, addr, pfn in samples:
        mine = {}
        for table, name in owner_of.items():
            who, lv = level_of(name or '')
            if who and who.split(' ')[:2] == ['pid', str(pid)]:
                mine.setdefault(lv, []).append(table)
        below, checked = pfn, []
        for lv in order:
            if lv not in mine:
                break
            idx = (addr >> shifts[lv]) & 511
            hit = [tb for tb in mine[lv] if entry_at(vm, tb, idx) == below]
            t.eq(len(hit), 1, '%s: pid %d %#x: one of its %s tables maps %#x at entry %d'
                 % (kernel, pid, addr, lv, below, idx))
            if not hit:
                break
            below = hit[0]
            checked.append(lv)
        t.eq(checked, order,
             '%s: pid %d %#x: the walk checked up through %s' % (kernel, pid, addr, checked))


def check_vtop(t, kernel, samples, owner_of):
    if crashsession.newer_than_crash(kernel):
        t.ok(True, '# %s: crash 8.0.2 runs --minimal here, without vtop -c: the peer check'
             ' runs on the kernels it reads fully (5.10)' % kernel)
        return
    s = crashsession.Session(kernel)
    outs = [s.add('vtop -c %d %#x' % (pid, addr)) for pid, addr, _ in samples]
    s.run()
    for (pid, addr, _), path in zip(samples, outs):
        text = s.read(path)
        if 'invalid task or pid value' in text:
            # crash 8.0.2 does not find 6.1's tasks ("not found in PID hash").
            t.ok(True, '# %s: crash cannot find pid %d on this kernel: no peer' % (kernel, pid))
            continue
        tables = vtop_tables(text)
        t.ok('PTE' in tables, '%s: crash walked pid %d %#x' % (kernel, pid, addr), tables)
        for lv, pfn in tables.items():
            got = level_of(owner_of.get(pfn) or '')
            t.eq((got[0] or '').split(' ')[:2], ['pid', str(pid)],
                 '%s: %#x\'s %s table %#x is pid %d\'s' % (kernel, addr, lv, pfn, pid))
            t.eq(got[1], lv, '%s: %#x\'s table %#x is a %s, as crash says' % (kernel, addr, pfn, lv))
    s.cleanup()


def main():
    t = common.Tap()
    for kernel in common.KERNELS:
        o = common.run_json(['owners'] + common.on(kernel))
        check_reached(t, kernel, o)
        check_accounted(t, kernel, o)
        samples = anon_samples(kernel)
        t.eq(len(samples), SAMPLES, '%s: the workload\'s anonymous pages named after it'
             % kernel)
        rows = common.run_json(['pages', '--owner', 'page_table'] + common.on(kernel))
        owner_of = {r['pfn']: r.get('owner') for r in rows['pages']}
        check_tree(t, kernel, samples, owner_of)
        check_vtop(t, kernel, samples, owner_of)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
