#!/usr/bin/env python3
"""Memory is bounded by pageblocks, not by pages: the peak resident set of
each subcommand (pages and pages -j excepted: they stream) on every test
dump and format stays within

    FIXED + PER_PAGEBLOCK * pageblocks

where pageblocks counts the pageblocks that have a memory map (1024 on the
2 GiB test guests). Each dump a subcommand opens brings its own FIXED
(diff opens two). The peak is what the kernel says of each child: a fresh
interpreter runs one pagescope and reads getrusage(RUSAGE_CHILDREN).

FIXED, 64 MiB: what one open dump costs whatever its size: the vmlinux
symbol index (21 MB for Debian's 6.12), libkdumpfile's contexts and caches
(one per thread), the layout, the program. Measured at 15-60 MB.

PER_PAGEBLOCK, 512 bytes: the largest per-pageblock holder is now map
--png, whose image has 2 x 24 pixels of 4 bytes per pageblock (about 200
bytes with the rows' labels); the map itself holds a byte per pageblock,
the gigablocks a few bytes. blocks summarizes a window of 16384 pageblocks
at a time (about 9 MiB with their owners, part of FIXED), where it held
about 1.2 KB per pageblock before it streamed its rows (2 KiB were
allowed) and 350 bytes before it walked in windows. On a 256 GiB machine
(131072 pageblocks) the bound is 64 MiB + 64 MiB.

The layout cache is warm: the first open of a kernel reads its DWARF
(250-360 MB of the vmlinux mapped), a cost of the kernel, not of the dump.
save runs every read-only subcommand and keeps the kernel memory they read
(other_bytes of its JSON, 3 MB on the test dumps) and one section's struct
pages until it has written them: its bound adds both. It also records what
page --explain needs, struct slab's bit fields among them, which no layout
item holds: found by name in .debug_info, whose size it may add as list does.
list SYM checks that SYM is a list_head: finding a global variable by name
reads the vmlinux's .debug_info (139-237 MiB on the test kernels), mapped
and so resident; that run may add the section's size, a cost of the
kernel's debug info that no machine size changes.

Each kernel's ELF dump runs every subcommand; the kdump and filtered
readers are the same code whatever the kernel, and run on 6.12 (and the
fault dump): PS_BOUND_FORMATS_ON=all runs them on every kernel (about 9
minutes on 2 cores instead of 3).

Under AddressSanitizer the shadow memory and the quarantine are the
sanitizer's, not pagescope's: make asan-check does not run this test, and
run by hand on such a binary each run must end without a sanitizer
report, the bound reported as a TAP SKIP.
"""
import json
import os
import subprocess
import sys
import tempfile

import common
from common import Tap

FIXED = 64 << 20
PER_PAGEBLOCK = 512
FORMATS = ('elf', 'kdump', 'filtered')
# Every dump as ELF; the other formats, whose readers are the same code on
# every kernel, on one (PS_BOUND_FORMATS_ON=all for every kernel).
ALL_FORMATS_ON = os.environ.get('PS_BOUND_FORMATS_ON', '6.12').split(',')


def formats(kernel):
    base = kernel.replace('-fault', '')
    if 'all' in ALL_FORMATS_ON or base in ALL_FORMATS_ON:
        return FORMATS
    return ('elf',)

# The child's peak, from a fresh interpreter that runs only it.
MEASURE = r'''
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
'''


def peak_rss(args):
    """(exit status, peak RSS in bytes, stderr) of one pagescope run."""
    p = subprocess.run([sys.executable, '-c', MEASURE, common.BIN] + args,
                       capture_output=True, text=True, timeout=600,
                       env=common.env())
    status, rss = p.stdout.split()
    return int(status), int(rss), p.stderr


def commands(kernel, fmt, tmp):
    """Every subcommand but pages, as (args, dumps it opens)."""
    core = common.vmcore(kernel, fmt)
    snap = os.path.join(tmp, 'snap.pss')
    png = os.path.join(tmp, 'map.png')
    cmds = [['summary'], ['page', '0x1000'], ['blocks'], ['frag'], ['free'],
            ['free', '--format=pagetypeinfo'], ['sym', 'jiffies'],
            ['layout'], ['list', 'super_blocks'], ['lru'], ['split'], ['check']]
    out = [(c + j, 1) for c in cmds for j in ([], ['-j'])]
    out += [(['map', '--by', 'movability'], 1), (['map', '--png', png], 1),
            (['save', '-o', snap], 1), (['diff', core], 2),
            (['diff', core, '--check', '-j'], 2)]
    return out


def debug_info_size(kernel):
    """The size of the vmlinux's .debug_info section."""
    out = subprocess.run(['readelf', '-S', '-W', common.vmlinux(kernel)],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.replace('[ ', '[').split()
        if len(f) > 6 and f[1] == '.debug_info':
            return int(f[5], 16)
    raise RuntimeError('%s: no .debug_info' % common.vmlinux(kernel))


def save_holds(base, tmp):
    """What save keeps until it writes: the kernel memory it recorded
    while the subcommands ran (other_bytes), and one section's struct
    pages while it compresses them."""
    out = os.path.join(tmp, 'holds.pss')
    j = common.run_json(['save', '-o', out] + base)
    return j['other_bytes'] + j['memmap_bytes'] // max(j['memmap_sections'], 1)


def pageblocks(kernel):
    s = common.run_json(['summary'] + common.on(kernel))
    return s['pages']['total'] >> s['memory']['pageblock_order']


def sanitized():
    """Whether the binary under test is built with AddressSanitizer."""
    with open(common.BIN, 'rb') as f:
        return b'__asan_init' in f.read()


def check_dump(t, kernel, fmt, blocks, tmp, asan):
    base = ['-k', common.vmlinux(kernel), common.vmcore(kernel, fmt)]
    for args, dumps in commands(kernel, fmt, tmp):
        bound = dumps * (FIXED + PER_PAGEBLOCK * blocks)
        if args[0] == 'list':
            bound += debug_info_size(kernel)
        if args[0] == 'save':
            bound += save_holds(base, tmp) + debug_info_size(kernel)
        status, rss, err = peak_rss(args + base)
        name = '%s %s: %s: peak RSS %.1f MiB <= %.1f MiB' % (
            kernel, fmt, ' '.join(args), rss / 2**20, bound / 2**20)
        report = 'Sanitizer' in err or 'runtime error' in err
        if asan:
            name += ' # SKIP the bound: AddressSanitizer\'s memory is not ours'
        # check, free and diff --check say 3 when something does not hold.
        t.ok(status in (0, 3) and not report and (asan or rss <= bound), name,
             'status %d: %s' % (status, err.strip()[:500]))


def main():
    t = Tap()
    asan = sanitized()
    with tempfile.TemporaryDirectory() as tmp:
        for kernel in common.KERNELS + ('6.12-fault',):
            blocks = pageblocks(kernel)	# also warms the layout cache
            t.ok(blocks > 0, '%s: %d pageblocks with a memory map' % (kernel, blocks))
            for fmt in formats(kernel):
                if not os.path.exists(common.vmcore(kernel, fmt)) and \
                   kernel == '6.12-fault' and fmt == 'filtered':
                    continue	# dumps/ makes no filtered copy of the fault dump
                check_dump(t, kernel, fmt, blocks, tmp, asan)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
