#!/usr/bin/env python3
"""Every walk that runs on every core answers the same as on one core:
each subcommand that walks the memory map, text and JSON, on every test
dump and format, with PAGESCOPE_THREADS=1 and with more threads than the
dump has gigablocks, byte for byte (stdout, stderr and exit status); and
blocks, which walks a window of pageblocks at a time, the same in windows
of any size."""
import os
import shutil
import struct
import sys
import tempfile

import common
from common import Tap
from test_lists_patch import Vmcore, layout

FORMATS = ('elf', 'kdump', 'filtered')
# Every kernel as ELF; each thread's own kdump reader (compressed runs,
# filtered pages) on 6.12 and its fault dump: PS_PARALLEL_FORMATS_ON=all
# runs every format on every kernel.
ALL_FORMATS_ON = os.environ.get('PS_PARALLEL_FORMATS_ON', '6.12').split(',')


def formats(kernel):
    base = kernel.replace('-fault', '')
    if 'all' in ALL_FORMATS_ON or base in ALL_FORMATS_ON:
        return FORMATS
    return ('elf',)
COMMANDS = (['summary'], ['frag'], ['free'], ['check'], ['blocks'],
            ['blocks', '0x3fe00-0x100400'],	# across the parts' edge
            ['map', '--by', 'migratetype'], ['map', '--by', 'movability'],
            ['map', '--by', 'free'], ['owners'], ['owners', '--by', 'block'],
            ['owners', '0x3fe00-0x100400'], ['map', '--by', 'owner'],
            # pages: units of 8192 pfns from the range's start, so these
            # cut folios and the parts' edge; --owner walks everything.
            ['pages', '0x3e100-0x42100'], ['pages', '--owner', 'slab'])
MANY = '8'


def gigablocks(kernel):
    """Gigablocks holding memory: the parallel walk cuts on their edges."""
    return len(common.run_json(['frag'] + common.on(kernel))['gigablocks'])


def check_dump(t, kernel, fmt):
    base = ['-k', common.vmlinux(kernel), common.vmcore(kernel, fmt)]
    for cmd in COMMANDS:
        for j in ([], ['-j']):
            args = cmd + j + base
            one = common.run(args, extra_env={'PAGESCOPE_THREADS': '1'})
            many = common.run(args, extra_env={'PAGESCOPE_THREADS': MANY})
            # check says 3 when a counter disagrees: it still answers.
            answered = one[0] == 0 or (cmd == ['check'] and one[0] == 3 and one[1])
            t.ok(one == many and answered,
                 '%s %s: %s on 1 and %s threads, same answer' %
                 (kernel, fmt, ' '.join(cmd + j), MANY),
                 'status %d / %d\n%s' % (one[0], many[0], many[2] or one[2]))


def check_blocks_windows(t, kernel):
    """blocks prints a window of pageblocks at a time: windows of 1 and 3
    pageblocks answer byte for byte as the default window, which holds
    every pageblock of these dumps in one."""
    base = ['-k', common.vmlinux(kernel), common.vmcore(kernel, 'elf')]
    for cmd in (['blocks'], ['blocks', '0x3fe00-0x100400']):
        for j in ([], ['-j']):
            args = cmd + j + base
            whole = common.run(args)
            for w in ('1', '3'):
                part = common.run(args, extra_env={'PAGESCOPE_BLOCKS_WINDOW': w})
                t.ok(whole == part and whole[0] == 0 and whole[1],
                     '%s: %s in windows of %s pageblocks, same answer' %
                     (kernel, ' '.join(cmd + j), w),
                     'status %d / %d\n%s' % (whole[0], part[0], part[2] or whole[2]))


def check_save(t, kernel, tmp):
    """save reads the lruvec of every folio on a multi-gen LRU list on
    every core: snapshots saved on 1 and on 8 threads answer page (whose
    mglru line reads them) and blocks alike."""
    base = ['-k', common.vmlinux(kernel), common.vmcore(kernel, 'elf')]
    snaps = {}
    for n in ('1', MANY):
        snaps[n] = os.path.join(tmp, 'save-%s.pss' % n)
        status, _, err = common.run(['save', '-o', snaps[n]] + base,
                                    extra_env={'PAGESCOPE_THREADS': n})
        t.ok(status == 0, '%s: save on %s threads' % (kernel, n), err)
    pfns = []
    for part in ('0x0-0x40000', '0x100000-0x140000'):	# one in each part
        lru = common.run_json(['pages', '--flags', 'lru', part] +
                              common.on(kernel))['pages']
        pfns += [p['pfn'] for p in lru[::max(len(lru) // 8, 1)]]
    t.ok(len(pfns) >= 8, '%s: %d LRU folios to read from the snapshots' %
         (kernel, len(pfns)))
    for args in [['blocks', '-j']] + [['page', '%#x' % p] for p in pfns]:
        one = common.run(args + [snaps['1']])
        many = common.run(args + [snaps[MANY]])
        mglru = ' (mglru line)' if 'max_seq' in one[1] else ''
        t.ok(one == many and one[0] == 0,
             '%s: %s%s from snapshots saved on 1 and %s threads, same answer' %
             (kernel, ' '.join(args), mglru, MANY), 'status %d / %d\n%s' %
             (one[0], many[0], many[2] or one[2]))


def page(kernel, pfn, core=None):
    return common.run_json(['page', '%#x' % pfn, '-k', common.vmlinux(kernel),
                           core or common.vmcore(kernel, 'elf')])


def plain_page(kernel, first):
    """An allocated order-0 page at or after @first."""
    for pfn in range(first, first + 4096):
        p = page(kernel, pfn)
        if p['type'] == 'none' and not p['free'] and p['refcount'] > 0 and \
           not p['compound_head'] and not p['compound_tail']:
            return p
    raise RuntimeError('no allocated page after %#x' % first)


def buddy_head(kernel, first):
    """A free block's head at or after @first, from the pageblocks."""
    rows = common.run_json(['blocks', '%#x-%#x' % (first, first + (1 << 18))] +
                           common.on(kernel))['blocks']
    for b in rows:
        for pfn in (b['pfn'], b['pfn'] & ~1023):
            if b['by_class']['free'] == b['present'] and page(kernel, pfn)['type'] == 'buddy':
                return page(kernel, pfn)
    raise RuntimeError('no free pageblock after %#x' % first)


def check_anomalies_in_order(t, kernel='6.12'):
    """free's cross-check notes what each part finds; in pfn order, as one
    thread would: two pages made PageBuddy (the page_type word of a real
    free head) and left off every list, one in each part."""
    src = common.vmcore(kernel, 'elf')
    vm = Vmcore(src)
    off = layout(kernel)['member struct page.page_type']['value']
    head = buddy_head(kernel, 0x100000)
    vm.f.seek(vm.file_offset(int(head['struct_page'], 16) + off))
    page_type = vm.f.read(4)
    victims = [plain_page(kernel, 0x1000), plain_page(kernel, 0x100000)]
    copy = os.path.join(common.SCRATCH, 'vmcore-buddy.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    try:
        with open(copy, 'r+b') as f:
            for v in victims:
                f.seek(vm.file_offset(int(v['struct_page'], 16) + off))
                f.write(page_type)
        args = ['free', '-j', '-k', common.vmlinux(kernel), copy]
        one = common.run(args, extra_env={'PAGESCOPE_THREADS': '1'})
        many = common.run(args, extra_env={'PAGESCOPE_THREADS': MANY})
    finally:
        os.unlink(copy)
    t.eq(many, one, '%s patched: free -j on 1 and %s threads, same answer' % (kernel, MANY))
    cc = common.json.loads(one[1])['cross_check'] if one[1] else {}
    first = [int(str(a['pfn']), 0) for a in cc.get('first', [])]
    t.eq(first, [v['pfn'] for v in victims],
         '%s patched: both pages, one per part, noted in pfn order' % kernel)


def main():
    t = Tap()
    check_anomalies_in_order(t)
    for kernel in common.KERNELS + ('6.12-fault',):
        # With one gigablock the walk would have one part: nothing compared.
        n = gigablocks(kernel)
        t.ok(n >= 2, '%s: %d gigablocks, so the walk runs in parts' % (kernel, n))
        check_blocks_windows(t, kernel)
        with tempfile.TemporaryDirectory() as tmp:
            check_save(t, kernel, tmp)
        for fmt in formats(kernel):
            if fmt == 'filtered' and kernel == '6.12-fault':
                continue	# dumps/ makes no filtered copy of the fault dump
            check_dump(t, kernel, fmt)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
