#!/usr/bin/env python3
"""No debuginfo needed: with --btf (BTF and kallsyms read out of the dump)
every command answers exactly as with the vmlinux's DWARF, on both kernels."""
import sys

import common
from common import Tap

# pahole writes a multi-dimensional array as one flat array: BTF keeps
# the total length only (mthp_stat.stats[orders][items] on 6.12).
BTF_FLATTENS = {'member struct mthp_stat.stats'}

# Where each side says it took its types from; everything else must agree.
SOURCE_KEYS = ('debuginfo', 'vmlinux', 'layout_source', 'source', 'from')


def strip_sources(obj):
    if isinstance(obj, dict):
        return {k: strip_sources(v) for k, v in obj.items() if k not in SOURCE_KEYS}
    if isinstance(obj, list):
        return [strip_sources(v) for v in obj]
    return obj


def commands(kernel):
    pfn = str(min(common.hwpoison_pfns(kernel) or {0x1000}))
    cmds = [['summary'], ['frag'], ['free'], ['blocks', '0x100000+0x4000'],
            ['pages', '0x100000+0x800'], ['page', pfn], ['map', '--by', 'movability'],
            ['sym', 'node_data'], ['sym', 'mem_section'],
            ['lru'], ['split'], ['check']]
    return cmds


def check_layout(t, kernel):
    dwarf = common.layout_items(common.run_json(['layout', '--no-cache'] + common.on(kernel)))
    btf = common.layout_items(common.run_json(['layout', '--btf', common.vmcore(kernel, 'elf')]))
    differ = sorted(k for k in dwarf if dwarf[k] != btf.get(k) and k not in BTF_FLATTENS
                    and not k.startswith('variable '))
    t.eq(differ, [], '%s: every layout item from BTF equals DWARF\'s' % kernel)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        check_layout(t, kernel)
        for cmd in commands(kernel):
            with_dwarf = common.run(cmd + ['-j'] + common.on(kernel))
            with_btf = common.run(cmd + ['-j', '--btf', common.vmcore(kernel, 'elf')])
            same = (with_dwarf[0] == with_btf[0] and
                    strip_sources(common.json.loads(with_dwarf[1] or 'null')) ==
                    strip_sources(common.json.loads(with_btf[1] or 'null')))
            t.ok(same, '%s: %s: same answer from BTF as from DWARF' % (kernel, ' '.join(cmd)),
                 'status %d/%d\n%s\n%s' % (with_dwarf[0], with_btf[0], with_dwarf[2], with_btf[2]))
        summary = common.run_json(['summary', '--btf', common.vmcore(kernel, 'elf')])
        t.ok('BTF' in summary['kernel']['debuginfo'] and
             summary['kernel']['layout_source'] == 'BTF',
             '%s: summary says the types came from BTF in the dump' % kernel,
             summary['kernel'])
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
