#!/usr/bin/env python3
"""pagescope inside crash against the standalone tool, on one dump.

    bench_crash.py [DUMP-DIR-NAME [FORMAT]]     (default: bench elf)

Prints, per command, the standalone tool's wall time (whole process, best
of 3) and the time of the same command inside one crash session (between
two shell escapes, second run), their ratio, and once per session the
layout resolution through crash's gdb, and whether the worst ratio meets
the target: inside crash, a walk within LIMIT (1.5x) of the standalone
tool. A measurement, not a test: it exits 0 either way."""
import re
import subprocess
import sys
import time

import crashsession
from crashsession import common, Session

COMMANDS = ['frag -j', 'summary -j', 'free -j', 'check -j']
LIMIT = 1.5


def standalone_time(kernel, fmt, command):
    best = None
    for _ in range(3):
        start = time.monotonic()
        status, _, err = common.run(command.split() + common.on(kernel, fmt))
        took = time.monotonic() - start
        if status not in (0, 3):
            raise RuntimeError('pagescope %s: %s' % (command, err))
        best = took if best is None else min(best, took)
    return best


def crash_times(kernel, fmt):
    """{step: seconds} from one session with `!date` between commands."""
    s = Session(kernel, fmt)
    steps = ['extend', 'layout']
    s.raw('!date +%s.%N')
    s.raw('extend %s' % crashsession.EXT)
    s.raw('!date +%s.%N')
    s.raw('pagescope layout -j > /dev/null')
    for command in COMMANDS:
        for run in ('first', 'second'):
            s.raw('!date +%s.%N')
            s.raw('pagescope %s > /dev/null' % command)
            steps.append((command, run))
    s.raw('!date +%s.%N')
    start = time.monotonic()
    s.run()
    total = time.monotonic() - start
    stamps = [float(x) for x in re.findall(r'^(\d{9,}\.\d+)$', s.output, re.M)]
    s.cleanup()
    if len(stamps) != len(steps) + 1:
        raise RuntimeError('crash session output:\n' + s.output[-2000:])
    return dict(zip(steps, (b - a for a, b in zip(stamps, stamps[1:])))), total


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else 'bench'
    fmt = sys.argv[2] if len(sys.argv) > 2 else 'elf'
    kernel = name
    times, total = crash_times(kernel, fmt)
    print('dump %s (%s); crash session %.1f s in all' % (name, fmt, total))
    print('layout through crash\'s gdb (first command of a session): %.2f s' % times['layout'])
    print('%-14s %12s %12s %7s' % ('command', 'standalone', 'in crash', 'ratio'))
    worst = 0.0
    for command in COMMANDS:
        alone = standalone_time(kernel, fmt, command)
        inside = times[(command, 'second')]
        ratio = inside / alone
        worst = max(worst, ratio)
        print('%-14s %11.3fs %11.3fs %6.2fx' % (command, alone, inside, ratio))
    print('worst ratio %.2fx: target (%.1fx) %s' %
          (worst, LIMIT, 'met' if worst <= LIMIT else 'missed'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
