#!/usr/bin/env python3
"""Bad input: one clear line on stderr, exit status 1 (2 for usage), never
a crash, a hang or a sanitizer report."""
import os
import shutil
import sys

import common
from common import Tap

SCRATCH = os.path.join(common.SCRATCH, 'bad')


def expect_fail(t, args, status, words, name):
    code, out, err = common.run(args, timeout=60)
    lines = [l for l in err.splitlines() if l.strip()]
    sanitizer = 'Sanitizer' in err or 'runtime error' in err
    if status == 2:
        lines = lines[:1]	# the usage text follows the one line
    t.ok(code == status and len(lines) == 1 and words in err and not sanitizer,
         name, 'status %d, stderr:\n%s' % (code, err))


def cut(src, dst, size):
    with open(src, 'rb') as f, open(dst, 'wb') as g:
        g.write(f.read(size))


def main():
    t = Tap()
    os.makedirs(SCRATCH, exist_ok=True)
    k12, k61 = '6.12', '6.1'
    text = os.path.join(SCRATCH, 'notes.txt')
    with open(text, 'w') as f:
        f.write('this is not a vmcore\n' * 100)
    trunc_elf = os.path.join(SCRATCH, 'truncated.elf')
    trunc_kdump = os.path.join(SCRATCH, 'truncated.kdump')
    cut(common.vmcore(k12, 'elf'), trunc_elf, 64 << 20)
    cut(common.vmcore(k12, 'kdump'), trunc_kdump,
        os.path.getsize(common.vmcore(k12, 'kdump')) // 2)

    expect_fail(t, ['summary', '-k', common.vmlinux(k61), common.vmcore(k12, 'elf')],
                1, 'does not match', "the other kernel's vmlinux is refused")
    expect_fail(t, ['summary', '-k', common.vmlinux(k12), common.vmcore(k61, 'kdump')],
                1, 'does not match', "the other kernel's vmlinux is refused (kdump)")
    expect_fail(t, ['summary', '-k', common.vmlinux(k12), trunc_elf], 1,
                'truncated', 'a truncated ELF dump is named as such')
    expect_fail(t, ['summary', '-k', common.vmlinux(k12), trunc_kdump], 1,
                'truncated', 'a truncated kdump-compressed dump is named as such')
    expect_fail(t, ['summary', '-k', common.vmlinux(k12), text], 1,
                'not a readable vmcore', 'a text file is not a dump')
    expect_fail(t, ['summary', '-k', common.vmlinux(k12), SCRATCH + '/missing'], 1,
                'No such file', 'a missing dump')
    expect_fail(t, ['summary', '-k', text, common.vmcore(k12, 'elf')], 1,
                'not an ELF file', 'a vmlinux that is not ELF')
    expect_fail(t, ['summary', '-k', SCRATCH + '/none', common.vmcore(k12, 'elf')], 1,
                'No such file', 'a missing vmlinux')
    # The layout cache of this build is warm now: -k still reads the file.
    code, _, _ = common.run(['layout'] + common.on(k12))
    t.ok(code == 0, 'the layout cache of %s is warm' % k12)
    expect_fail(t, ['summary', '-k', common.vmcore(k12, 'elf'), common.vmcore(k12, 'elf')], 1,
                'no DWARF debug info', 'a vmcore given as the vmlinux is refused, cache warm')
    expect_fail(t, ['page', '0x7fffffffff'] + common.on(k12), 1,
                'has no struct page', 'a pfn beyond memory')
    expect_fail(t, ['page'] + common.on(k12), 2, 'missing argument',
                'page without an address is a usage error')
    expect_fail(t, ['summary', '--frobnicate'] + common.on(k12), 2, 'bad argument --frobnicate',
                'an unknown option is a usage error')

    smap = os.path.join(common.dump_dir(k61), 'System.map')
    expect_fail(t, ['summary', '--system-map', smap, common.vmcore(k12, 'elf')], 1,
                "is not this kernel's System.map", "the other kernel's System.map is refused")
    expect_fail(t, ['summary', '--system-map', text, common.vmcore(k12, 'elf')], 1,
                'not a System.map', 'a System.map that is not one')
    expect_fail(t, ['summary', '--system-map', smap] + common.on(k61), 1,
                '--system-map goes with BTF', '--system-map with a vmlinux of its own symbols is refused')
    vmlinuz = os.path.join(common.dump_dir(k61), 'vmlinuz')
    expect_fail(t, ['summary', '-k', vmlinuz, common.vmcore(k12, 'elf')], 1,
                'does not match', "the other kernel's vmlinuz is refused")
    alone = os.path.join(SCRATCH, 'vmlinuz')
    for k in common.KERNELS:
        shutil.copy(os.path.join(common.dump_dir(k), 'vmlinuz'), alone)
        if common.vmcoreinfo_has(k, 'SYMBOL(kallsyms_num_syms)'):
            code, out, err = common.run(['summary', '-k', alone, common.vmcore(k, 'elf')])
            t.ok(code == 0 and "symbols from the dump's kallsyms" in out,
                 "%s: a vmlinuz alone: the dump's kallsyms give the symbols" % k, err)
        else:
            # Before v6.0: the kallsyms tables inside the image itself.
            code, out, err = common.run(['summary', '-k', alone, common.vmcore(k, 'elf')])
            t.ok(code == 0 and 'symbols from its own kallsyms tables' in out,
                 '%s: a vmlinuz alone, no kallsyms in VMCOREINFO: the image\'s own '
                 'kallsyms tables give the symbols' % k, err)
            expect_fail(t, ['summary', common.vmcore(k, 'elf')], 1, '-k /boot/vmlinuz-',
                        '%s: no debug info, no kallsyms in VMCOREINFO: names /boot\'s vmlinuz' % k)
    cut(os.path.join(common.dump_dir(k12), 'vmlinuz'), alone, 1 << 20)
    expect_fail(t, ['summary', '-k', alone, '--system-map', smap, common.vmcore(k12, 'elf')], 1,
                'lies outside', 'a truncated vmlinuz is named as such')

    code, out, err = common.run(['summary', '-j'] + common.on(k12, 'filtered'))
    t.ok(code == 0 and not err, 'a makedumpfile -d 31 dump still has every struct page', err)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
