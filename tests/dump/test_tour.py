#!/usr/bin/env python3
"""docs/tour.md shows pagescope's output on the 6.12 test dump: every
`$ pagescope ...` block is run again and must still print the lines shown,
each run of them together and in order (`...` marks lines left out), so
the tour cannot go stale silently. Masked: the dump's directory (`$D` in
the tour) and whether the layout came from DWARF or from a cache of it."""
import os
import re
import shlex
import sys

import common
from common import Tap

TOUR = os.path.join(common.TOP, 'docs', 'tour.md')
KERNEL = '6.12'


def blocks():
    """[(argv, [expected lines])] of the tour's `$ pagescope` blocks."""
    out, cur = [], None
    for line in open(TOUR).read().splitlines():
        if line.startswith('```'):
            cur = None
            continue
        if line.startswith('$ pagescope '):
            cur = (shlex.split(line[len('$ pagescope '):]), [])
            out.append(cur)
        elif cur is not None:
            cur[1].append(line)
    return out


def mask(line, d):
    line = line.replace(d, '$D').rstrip()
    return re.sub(r'\bcache of (DWARF|BTF)\b', r'\1', line)


def runs(expected):
    """The expected lines cut at each `...`: runs that must be contiguous."""
    cut, cur = [], []
    for line in expected:
        if line == '...':
            cut.append(cur)
            cur = []
        else:
            cur.append(line)
    return [r for r in cut + [cur] if r]


def holds(lines, expected):
    """None if the runs of @expected are in @lines in order, else the first
    run that is not."""
    at = 0
    for run in runs(expected):
        for i in range(at, len(lines) - len(run) + 1):
            if lines[i:i + len(run)] == run:
                at = i + len(run)
                break
        else:
            return run
    return None


def main():
    t = Tap()
    d = common.dump_dir(KERNEL)
    found = blocks()
    t.ok(len(found) >= 10, 'docs/tour.md has its command blocks (%d)' % len(found))
    for argv, expected in found:
        args = [a.replace('$D', d) for a in argv]
        status, out, err = common.run(args)
        name = 'tour: pagescope %s' % ' '.join(argv)
        t.ok(status in (0, 3), name + ' runs', err)
        lines = [mask(l, d) for l in out.splitlines()]
        want = [mask(l, d) for l in expected]
        t.ok(sum(len(r) for r in runs(want)) > 0, name + ': the tour shows its output')
        bad = holds(lines, want)
        t.ok(bad is None, name + ': prints the %d lines the tour shows' %
             sum(len(r) for r in runs(want)), bad)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
