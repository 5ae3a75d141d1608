#!/usr/bin/env python3
"""Every walk that runs on every core answers the same as on one core:
each subcommand that walks the memory map, text and JSON, on every test
dump and format, with PAGESCOPE_THREADS=1 and with more threads than the
dump has gigablocks, byte for byte (stdout, stderr and exit status)."""
import os
import sys

import common
from common import Tap

FORMATS = ('elf', 'kdump', 'filtered')
COMMANDS = (['summary'], ['frag'], ['free'], ['check'], ['blocks'],
            ['blocks', '0x3fe00-0x40400'],	# across a gigablock edge
            ['map', '--by', 'migratetype'], ['map', '--by', 'movability'],
            ['map', '--by', 'free'])
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
            # check says 1 when a counter disagrees: it still answers.
            answered = one[0] == 0 or (cmd == ['check'] and one[0] == 1 and one[1])
            t.ok(one == many and answered,
                 '%s %s: %s on 1 and %s threads, same answer' %
                 (kernel, fmt, ' '.join(cmd + j), MANY),
                 'status %d / %d\n%s' % (one[0], many[0], many[2] or one[2]))


def main():
    t = Tap()
    for kernel in common.KERNELS + ('6.12-fault',):
        # With one gigablock the walk would have one part: nothing compared.
        n = gigablocks(kernel)
        t.ok(n >= 2, '%s: %d gigablocks, so the walk runs in parts' % (kernel, n))
        for fmt in FORMATS:
            if fmt == 'filtered' and kernel == '6.12-fault':
                continue	# dumps/ makes no filtered copy of the fault dump
            check_dump(t, kernel, fmt)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
