#!/usr/bin/env python3
"""Fault tests on a patched copy of the real 6.12 dump: one folio's
deferred-list pointer and one buddy free-list pointer are overwritten in
the copy (build/tests/), the way a lost list_del race leaves them, and
pagescope must name exactly the patched node.

The pointer's place in the ELF file is found without pagescope: kernel
virtual address -> physical through the dump's own page tables
(init_top_pgt, phys_base and pgtable_l5_enabled from VMCOREINFO) ->
file offset through the ELF program headers."""
import json
import os
import re
import shutil
import struct
import sys

import common
from common import Tap

KERNEL = '6.12'
START_KERNEL_MAP = 0xffffffff80000000	# x86_64 ABI: the kernel image mapping
PTE_ADDR = 0x000ffffffffff000
PTE_PRESENT, PTE_LARGE = 1, 1 << 7


class Vmcore:
    """An ELF vmcore: physical reads through PT_LOAD, virtual through the
    kernel's page tables."""

    def __init__(self, path):
        self.f = open(path, 'rb')
        hdr = self.f.read(64)
        phoff, = struct.unpack_from('<Q', hdr, 32)
        phentsize, phnum = struct.unpack_from('<HH', hdr, 54)
        self.loads, self.notes = [], b''
        for i in range(phnum):
            self.f.seek(phoff + i * phentsize)
            p_type, _, off, _, paddr, filesz = struct.unpack('<IIQQQQ', self.f.read(40))
            if p_type == 1:
                self.loads.append((paddr, filesz, off))
            elif p_type == 4:
                pos = self.f.tell()
                self.f.seek(off)
                self.notes = self.f.read(filesz)
                self.f.seek(pos)
        text = self.notes.decode('latin-1')
        self.vi = dict(re.findall(r'([A-Z_]+\([^)]*\)|[A-Z]+)=([^\n]*)', text))
        self.phys_base = int(self.vi['NUMBER(phys_base)'])
        self.l5 = int(self.vi.get('NUMBER(pgtable_l5_enabled)', '0')) == 1
        self.pgd = int(self.vi['SYMBOL(init_top_pgt)'], 16) - START_KERNEL_MAP + self.phys_base

    def offset(self, paddr):
        for start, size, off in self.loads:
            if start <= paddr < start + size:
                return off + paddr - start
        raise ValueError('physical %#x not in the dump' % paddr)

    def read_phys(self, paddr, n):
        self.f.seek(self.offset(paddr))
        return self.f.read(n)

    def virt_to_phys(self, vaddr):
        table = self.pgd
        shifts = (48, 39, 30, 21, 12) if self.l5 else (39, 30, 21, 12)
        for level, shift in enumerate(shifts):
            entry, = struct.unpack('<Q', self.read_phys(table + 8 * ((vaddr >> shift) & 511), 8))
            if not entry & PTE_PRESENT:
                raise ValueError('%#x not mapped' % vaddr)
            last = shift == 12 or (shift in (21, 30) and entry & PTE_LARGE)
            if last:
                base = entry & PTE_ADDR & ~((1 << shift) - 1)
                return base + (vaddr & ((1 << shift) - 1))
            table = entry & PTE_ADDR
        raise ValueError('no mapping for %#x' % vaddr)

    def file_offset(self, vaddr):
        return self.offset(self.virt_to_phys(vaddr))

    def read_u64(self, vaddr):
        self.f.seek(self.file_offset(vaddr))
        return struct.unpack('<Q', self.f.read(8))[0]


def hexint(s):
    return int(s, 16)


def layout(kernel):
    return common.layout_items(common.run_json(['layout'] + common.on(kernel)))


def zone_index(kernel, nid, name):
    """The zone's index in its node (enum zone_type), from the summary."""
    s = common.run_json(['summary'] + common.on(kernel))
    node = [n for n in s['memory']['nodes'] if n['nid'] == nid][0]
    return [z['name'] for z in node['zones']].index(name)


def pick_free_list(kernel, items, split):
    """A free list of node 1's Normal zone with at least 4 blocks: its head.
    The pgdat is found from its deferred split queue's address."""
    node_q = [q for q in split['queues'] if q['kind'] == 'node' and q['nid'] == 1][0]
    pgdat = hexint(node_q['addr']) - items['member struct pglist_data.deferred_split_queue']['value']
    zone = (pgdat + items['member struct pglist_data.node_zones']['value'] +
            zone_index(kernel, 1, 'Normal') * items['size struct zone']['value'])
    fa = items['member struct zone.free_area']['value']
    fa_size = items['size struct free_area']['value']
    fl = items['member struct free_area.free_list']
    fl_elem = fl['size'] // fl['nr_elems']
    for order in range(items['member struct zone.free_area']['nr_elems']):
        for mt in range(fl['nr_elems']):
            head = zone + fa + order * fa_size + fl['value'] + mt * fl_elem
            d = common.run_json(['list', '%#x' % head] + common.on(kernel))
            if d['intact'] and d['count'] >= 4:
                return head, [hexint(e['node']) for e in d['entries']]
    raise RuntimeError('no free list with 4 blocks')


def patch(path, vm, vaddr, value):
    off = vm.file_offset(vaddr)
    with open(path, 'r+b') as f:
        f.seek(off)
        f.write(struct.pack('<Q', value))


def main():
    t = Tap()
    src = common.vmcore(KERNEL, 'elf')
    vm = Vmcore(src)
    vmemmap = int(vm.vi['SYMBOL(vmemmap)'], 16)
    items = layout(KERNEL)
    split = common.run_json(['split'] + common.on(KERNEL))
    q = [q for q in split['queues'] if q.get('memcg') == '/pagescope'][0]
    dnodes = [hexint(f['node']) for f in q['folios']]
    fhead, fnodes = pick_free_list(KERNEL, items, split)

    # Our page-table walk reads what pagescope reads, or the test is void.
    t.eq(vm.read_u64(dnodes[1]), dnodes[2], 'the deferred list as read through the page tables')
    t.eq(vm.read_u64(fnodes[1]), fnodes[2], 'the free list as read through the page tables')

    copy = os.path.join(common.SCRATCH, 'vmcore-patched.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    os.chmod(copy, 0o600)
    try:
        # A lost list_del race: entry 1's next skips entry 2.
        patch(copy, vm, dnodes[1], dnodes[3])
        patch(copy, vm, fnodes[1], fnodes[3])
        args = ['-k', common.vmlinux(KERNEL), copy]
        check_split(t, args, q, dnodes, vmemmap, items)
        check_free(t, args, fhead, fnodes, vmemmap, items)
        check_check(t, args, dnodes, fnodes)
        check_diff(t, args)
    finally:
        os.unlink(copy)
    return t.done()


def check_split(t, args, q, nodes, vmemmap, items):
    status, out, err = common.run(['split'] + args + ['-j'])
    t.eq(status, 3, 'patched split: exit status 3')
    d = json.loads(out)
    pq = [x for x in d['queues'] if x.get('memcg') == '/pagescope'][0]
    f = pq.get('fault', {})
    t.eq(f.get('kind'), 'prev_next', 'patched split: prev->next skips a folio')
    t.eq(hexint(f.get('prev', '0')), nodes[1], 'patched split: names the patched node')
    t.eq(hexint(f.get('node', '0')), nodes[2], 'patched split: names the skipped node')
    t.eq(hexint(f.get('found', '0')), nodes[3], 'patched split: names the pointer found')
    t.eq(f.get('index'), 2, 'patched split: at entry 2')
    page = items['size struct page']['value']
    link = items['member struct folio._deferred_list']['value']
    t.eq(f.get('lies_in', {}).get('folio_pfn'), (nodes[2] - link - vmemmap) // page,
         'patched split: the skipped node is that folio\'s deferred list')
    others = [x['name'] for x in d['queues'] if x is not pq and x['broken']]
    t.eq(others, [], 'patched split: the other queues are intact')


def check_free(t, args, head, nodes, vmemmap, items):
    status, out, err = common.run(['list', '%#x' % head] + args + ['-j'])
    t.eq(status, 3, 'patched free list: exit status 3')
    f = json.loads(out).get('fault', {})
    t.eq(f.get('kind'), 'prev_next', 'patched free list: prev->next skips a block')
    t.eq(hexint(f.get('prev', '0')), nodes[1], 'patched free list: names the patched node')
    t.eq(hexint(f.get('node', '0')), nodes[2], 'patched free list: names the skipped block')
    page = items['size struct page']['value']
    buddy = items['member struct page.buddy_list']['value']
    lies_in = f.get('lies_in', {})
    want = ('struct_page', (nodes[2] - buddy - vmemmap) // page)
    t.eq((lies_in.get('kind'), lies_in.get('pfn')), want,
         'patched free list: the skipped node is that free page\'s struct page')
    # free reports the same list broken, in the same words as list.
    status, out, err = common.run(['free'] + args + ['-j'])
    rows = [(z['nid'], z['zone'], b) for z in json.loads(out)['zones'] for b in z['broken_lists']]
    ff = rows[0][2].get('fault', {}) if rows else {}
    t.ok(status == 3 and len(rows) == 1 and rows[0][:2] == (1, 'Normal') and
         ff.get('kind') == 'prev_next' and hexint(ff.get('node', '0')) == nodes[2] and
         (ff.get('lies_in', {}).get('kind'), ff.get('lies_in', {}).get('pfn')) == want,
         'patched free list: free -j names the list and its fault as list does', rows)


def check_diff(t, args):
    """The dump before the patch, the copy after: the rows that broke."""
    status, out, err = common.run(['diff', '--check', common.vmcore(KERNEL, 'elf')] + args + ['-j'])
    t.ok(status == 3, 'diff --check, the dump against its patched copy: exit status 3', err)
    d = json.loads(out)
    broke = sorted(c['key'] for c in d['changes'] if c['section'] == 'counter' and
                   c.get('verdict_before') == 'ok' and c.get('verdict_after') == 'FAIL')
    t.ok('split_queue_len memcg /pagescope' in broke and d['checks_broke'] == len(broke),
         'diff: the split queue\'s check row broke, and is counted', broke)


def check_check(t, args, dnodes, fnodes):
    status, out, err = common.run(['check'] + args + ['-j'])
    t.eq(status, 3, 'patched check: exit status 3')
    rows = json.loads(out)['rows']
    failed = {r['counter']: r['why'] for r in rows if r['verdict'] == 'FAIL'}
    split = [w for c, w in failed.items() if c == 'split_queue_len memcg /pagescope']
    t.ok(split and '%#x' % dnodes[2] in split[0] and '%#x' % dnodes[1] in split[0],
         'patched check: the split queue row names the nodes', failed)
    free = [w for c, w in failed.items() if c.startswith('NR_FREE_PAGES node 1 Normal')]
    t.ok(free and '%#x' % fnodes[1] in free[0] and '%#x' % fnodes[2] in free[0],
         'patched check: the zone\'s free pages row names the nodes', failed)
    nr_free = [c for c in failed if c.startswith('free_area[].nr_free node 1 Normal')]
    t.eq(len(nr_free), 1, 'patched check: the zone\'s nr_free row fails too')
    # The total counts blocks up to the break only: it fails, saying why.
    expected = {'split_queue_len memcg /pagescope', 'NR_FREE_PAGES node 1 Normal',
                'free_area[].nr_free node 1 Normal', 'NR_FREE_PAGES total (vm_zone_stat)'}
    t.eq(set(failed), expected, 'patched check: nothing else fails')
    t.ok('a free list is broken' in failed.get('NR_FREE_PAGES total (vm_zone_stat)', ''),
         'patched check: the total says a free list is broken')
    pm = [r for r in rows if r['counter'] == 'nr_anon_partially_mapped']
    t.ok(pm and pm[0]['verdict'] == 'n/a' and 'broken' in pm[0]['why'],
         'patched check: partially mapped counts not compared past a broken queue', pm)


if __name__ == '__main__':
    sys.exit(main())
