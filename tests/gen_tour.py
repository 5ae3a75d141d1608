#!/usr/bin/env python3
"""Regenerate the command output in docs/tour.md from the 6.12 test dump.

    PS_DUMPS=DIR [PS_BIN=build/pagescope] python3 tests/gen_tour.py [-o FILE]

Every `$ pagescope ...` block is run again and its lines replaced by the
new output: each run of lines the tour shows (runs are cut at `...`) is
found again by its first line, exactly or with its numbers changed, and
ends at the line that matches its old last line the same way (so a figure
of `--explain` that gained a line keeps all of them). The prose around the
blocks is kept as it is: read the diff (git diff docs/tour.md) for numbers
it quotes. A run whose first line is gone stops the script with its name,
and nothing is written. tests/dump/test_tour.py checks the result.
"""
import argparse
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dump'))
import common  # noqa: E402
import test_tour  # noqa: E402

NUMBER = re.compile(r'0x[0-9a-f]+|[0-9a-f]*[0-9][0-9a-f]*|-?\d+(\.\d+)?')


def shape(line):
    """@line with every number a '#' and runs of spaces one: what stays
    when the dump changes."""
    return re.sub(r'\s+', ' ', NUMBER.sub('#', line)).strip()


def find(lines, start, line):
    """The index of @line in @lines from @start: the same text first,
    else the same shape; None if neither. Compared as test_tour.py does
    (cached or fresh layout alike)."""
    line = test_tour.mask(line, '$D')
    for same in (lambda a: a == line, lambda a: shape(a) == shape(line)):
        for i in range(start, len(lines)):
            if same(test_tour.mask(lines[i], '$D')):
                return i
    return None


def new_run(lines, at, run, what):
    """(the lines that replace @run, the index after them)."""
    first = find(lines, at, run[0])
    if first is None:
        sys.exit('gen_tour: %s: no line like %r any more' % (what, run[0]))
    last = first + len(run) - 1
    if len(run) > 1:
        end = find(lines, first + 1, run[-1])
        last = end if end is not None else min(last, len(lines) - 1)
    return lines[first:last + 1], last + 1


def new_block(argv, expected, d):
    args = [a.replace('$D', d) for a in argv]
    status, out, err = common.run(args)
    what = 'pagescope ' + ' '.join(argv)
    if status not in (0, 3):
        sys.exit('gen_tour: %s: exit %d: %s' % (what, status, err.strip()))
    lines = [l.replace(d, '$D').rstrip() for l in out.splitlines()]
    result, at = (['...'] if expected and expected[0] == '...' else []), 0
    for run in test_tour.runs(expected):
        if result and result[-1] != '...':
            result.append('...')
        got, at = new_run(lines, at, run, what)
        result += got
    # a block that ended in "..." still does
    if expected and expected[-1] == '...':
        result.append('...')
    return result


def regenerate(text, d):
    out, block, argv = [], None, None
    for line in text.splitlines():
        if block is not None and line.startswith('```'):
            out += new_block(argv, block, d)
            block = None
        if block is not None:
            block.append(line)
            continue
        out.append(line)
        if line.startswith('$ pagescope '):
            argv = shlex.split(line[len('$ pagescope '):])
            block = []
    return '\n'.join(out) + '\n'


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('-o', '--output', default=test_tour.TOUR, help='where to write (docs/tour.md)')
    opts = p.parse_args()
    d = common.dump_dir(test_tour.KERNEL)
    # The tour shows a layout read from the cache, as on every run but the first.
    common.run(['-k', common.vmlinux(test_tour.KERNEL), 'summary', common.vmcore(test_tour.KERNEL, 'elf')])
    with open(test_tour.TOUR) as f:
        text = regenerate(f.read(), d)
    with open(opts.output, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
