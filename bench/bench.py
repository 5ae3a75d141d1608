#!/usr/bin/python3
"""make bench: pagescope, drgn and crash on the same dump, side by side.

For each tool, end to end (process start to answer) and, where the tool
can say, the walk alone; wall time, pages per second, and the ratios to
pagescope. No assertion: the numbers are for reading.

Usage: bench.py DUMPDIR   (DUMPDIR holds vmcore.elf and vmlinux)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGESCOPE = os.path.join(TOP, 'build', 'pagescope')
WALKBENCH = os.path.join(TOP, 'build', 'walkbench')
KDUMPBENCH = os.path.join(TOP, 'build', 'kdumpbench')
DRGN_FRAG = os.path.join(TOP, 'bench', 'drgn_frag.py')


def timed(cmd, env=None, stdout=subprocess.PIPE):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                       env=env)
    elapsed = time.monotonic() - t0
    if p.returncode:
        raise RuntimeError('%s: status %d: %s' % (cmd[0], p.returncode, p.stderr[-500:]))
    return elapsed, p.stdout


def pagescope_env(cache, threads=None):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    if threads:
        env['PAGESCOPE_THREADS'] = str(threads)
    return env


REPEAT = 5	# the best of several runs: other work on the machine only adds


def best(cmd, env):
    return min(timed(cmd, env)[0] for _ in range(REPEAT))


def bench_walk(vmlinux, vmcore, cache, rows, what=''):
    """The walk alone (open excluded), per thread count."""
    for threads in sorted({1, os.cpu_count() or 1}):
        results = {}
        for _ in range(REPEAT):
            _, out = timed([WALKBENCH, vmlinux, vmcore], pagescope_env(cache, threads))
            for line in out.splitlines():
                phase, secs, n, _ = line.split()
                if phase not in results or float(secs) < results[phase][0]:
                    results[phase] = (float(secs), int(n))
        for phase, (secs, n) in results.items():
            task = walk_task(phase, what, threads)
            if task:
                rows.append(('pagescope', task, secs, n))


def walk_task(phase, what, threads):
    """A walkbench phase's row: the -par phases on every thread (on one
    thread they are the plain phases again), memcpy once per count."""
    par = '-par' in phase
    if par and threads == 1:
        return None
    if phase == 'memcpy':
        return None if threads > 1 else 'memcpy bandwidth, 1 thread, as 64-byte struct pages'
    if phase == 'memcpy-par':
        return 'memcpy bandwidth, %d threads, as 64-byte struct pages' % threads
    if not par and threads > 1 and not phase.startswith('walk+count'):
        return None
    return 'walk alone%s (%s), %d thread(s)' % (what, phase, threads)


def bench_kdump(vmlinux, vmcore, rows):
    """A kdump-compressed copy beside the ELF: its walk per thread count
    and the compressor's own speed on the same pages (kdumpbench)."""
    if not os.path.exists(vmcore):
        return
    cache = tempfile.mkdtemp(prefix='pagescope-bench-')
    try:
        bench_walk(vmlinux, vmcore, cache, rows, ' kdump')
        best = {}
        for _ in range(REPEAT):
            _, out = timed([KDUMPBENCH, vmlinux, vmcore])
            lines = {l.split()[0]: l.split()[1:] for l in out.splitlines()}
            pages = int(lines['memmap'][0])
            for phase in ('decompress', 'decompress-cpu'):
                secs, method = float(lines[phase][0]), lines[phase][3]
                best[phase] = min(best.get(phase, secs), secs)
        for phase, secs in best.items():
            rows.append((method, '%s the memory map, 1 core (the limit)' % phase,
                         secs, pages))
    finally:
        shutil.rmtree(cache)


def bench_pagescope(vmlinux, vmcore, rows):
    cache = tempfile.mkdtemp(prefix='pagescope-bench-')
    try:
        args = [PAGESCOPE, 'frag', '-j', '-k', vmlinux, vmcore]
        cold, out = timed(args, pagescope_env(cache))
        pages = json.loads(out)['total']['present']
        rows.append(('pagescope', 'frag, end to end, layout cache cold', cold, pages))
        rows.append(('pagescope', 'frag, end to end, layout cache warm',
                     best(args, pagescope_env(cache)), pages))
        for threads in sorted({1, os.cpu_count() or 1}):
            rows.append(('pagescope', 'frag, end to end, %d thread(s)' % threads,
                         best(args, pagescope_env(cache, threads)), pages))
        bench_walk(vmlinux, vmcore, cache, rows)
    finally:
        shutil.rmtree(cache)
    return pages


def bench_drgn(vmlinux, vmcore, rows):
    total, out = timed(['/usr/bin/python3', DRGN_FRAG, vmlinux, vmcore])
    phases = {l.split()[0]: l.split()[1:] for l in out.splitlines()}
    pages = int(phases['walk'][1])
    rows.append(('drgn', 'frag work, end to end (bulk reads per section)', total, pages))
    rows.append(('drgn', 'walk alone', float(phases['walk'][0]), pages))


def kaslr_offset(vmlinux, vmcore):
    _, out = timed([PAGESCOPE, 'summary', '-j', '-k', vmlinux, vmcore])
    return json.loads(out)['kernel']['kaslr_offset']


def crash(vmlinux, vmcore, kaslr, command):
    """End to end, and the command alone, timed from inside the session
    with crash's shell escape (start-up varies by tens of seconds)."""
    script = ['!date +STAMP%s.%N', command + ' > /dev/null', '!date +STAMP%s.%N', 'exit']
    with tempfile.NamedTemporaryFile('w', suffix='.crash') as f:
        f.write('\n'.join(script) + '\n')
        f.flush()
        # crash 8.0.2 needs these on 6.12 (../shared/DUMP-FACTS.md).
        total, out = timed(['crash', '-s', '--no_modules', '--kaslr=' + kaslr,
                            vmlinux, vmcore, '-i', f.name])
    stamps = [float(l[5:]) for l in out.splitlines() if l.startswith('STAMP')]
    return total, stamps[1] - stamps[0]


def bench_crash(vmlinux, vmcore, pages, rows):
    if not shutil.which('crash'):
        return
    kaslr = kaslr_offset(vmlinux, vmcore)
    for command in ('kmem -p', 'kmem -f'):
        total, alone = crash(vmlinux, vmcore, kaslr, command)
        rows.append(('crash', '%s, end to end' % command, total, pages))
        rows.append(('crash', '%s, without start-up' % command, alone, pages))


def print_table(rows):
    ref = next(r[2] for r in rows if r[1] == 'frag, end to end, layout cache warm')
    print('%-10s %-50s %10s %14s %10s' % ('tool', 'task', 'seconds', 'pages/s', 'x slower'))
    for tool, task, secs, pages in rows:
        rate = '%.0f' % (pages / secs) if pages else '-'
        ratio = '%.1f' % (secs / ref) if 'end to end' in task else ''
        print('%-10s %-50s %10.3f %14s %10s' % (tool, task, secs, rate, ratio))
    print('\n"x slower" compares end-to-end times with pagescope frag (layout cache warm).')


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    vmlinux = os.path.join(sys.argv[1], 'vmlinux')
    vmcore = os.path.join(sys.argv[1], 'vmcore.elf')
    rows = []
    pages = bench_pagescope(vmlinux, vmcore, rows)
    bench_kdump(vmlinux, os.path.join(sys.argv[1], 'vmcore.kdump'), rows)
    bench_drgn(vmlinux, vmcore, rows)
    bench_crash(vmlinux, vmcore, pages, rows)
    print_table(rows)


if __name__ == '__main__':
    main()
