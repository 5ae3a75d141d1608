#!/usr/bin/env python3
"""Every compression makedumpfile writes here answers as the zlib dump
does: the 6.12 kdump-compressed dump (zlib, as QEMU writes it) is
recompressed by makedumpfile with lzo (-l, every page kept), and each walk
of the memory map must give the same answers on both. Debian 12's
makedumpfile 1.7.2 has no snappy or zstd (makedumpfile -v)."""
import os
import subprocess
import sys

import common
from common import Tap

SCRATCH = os.path.join(common.SCRATCH, 'compressions')
COMMANDS = (['frag'], ['free'], ['check'], ['blocks'], ['map', '--by', 'movability'])


def recompress(src, flag, name):
    out = os.path.join(SCRATCH, name)
    if os.path.exists(out):
        os.unlink(out)
    p = subprocess.run(['makedumpfile', flag, '-d', '0', src, out],
                       capture_output=True, text=True, timeout=600)
    return out if p.returncode == 0 else None, p.stdout + p.stderr


def main():
    t = Tap()
    os.makedirs(SCRATCH, exist_ok=True)
    kernel = '6.12'
    zlib = common.vmcore(kernel, 'kdump')
    lzo, log = recompress(zlib, '-l', 'vmcore.lzo')
    if not t.ok(lzo is not None, 'makedumpfile -l recompresses the 6.12 dump', log):
        return t.done()
    for cmd in COMMANDS:
        for j in ([], ['-j']):
            a = common.run(cmd + j + ['-k', common.vmlinux(kernel), zlib])
            b = common.run(cmd + j + ['-k', common.vmlinux(kernel), lzo])
            t.ok(a == b and a[0] in (0, 1) and a[1],
                 '%s: %s on lzo = on zlib' % (kernel, ' '.join(cmd + j)),
                 'status %d / %d\n%s' % (a[0], b[0], b[2] or a[2]))
    s_zlib = common.run_json(['summary'] + ['-k', common.vmlinux(kernel), zlib])
    s_lzo = common.run_json(['summary'] + ['-k', common.vmlinux(kernel), lzo])
    t.eq(s_lzo['pages'], s_zlib['pages'], '%s: summary pages on lzo = on zlib' % kernel)
    os.unlink(lzo)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
