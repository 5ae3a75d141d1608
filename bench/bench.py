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


def bench_pagescope(vmlinux, vmcore, rows):
    cache = tempfile.mkdtemp(prefix='pagescope-bench-')
    try:
        args = [PAGESCOPE, 'frag', '-j', '-k', vmlinux, vmcore]
        cold, out = timed(args, pagescope_env(cache))
        pages = json.loads(out)['total']['present']
        warm = min(timed(args, pagescope_env(cache))[0] for _ in range(3))
        rows.append(('pagescope', 'frag, end to end, layout cache cold', cold, pages))
        rows.append(('pagescope', 'frag, end to end, layout cache warm', warm, pages))
        cpus = os.cpu_count() or 1
        for threads in sorted({1, cpus}):
            t, _ = timed(args, pagescope_env(cache, threads))
            rows.append(('pagescope', 'frag, end to end, %d thread(s)' % threads, t, pages))
        for _ in range(2):	# the first run warms the page cache
            _, out = timed([WALKBENCH, vmlinux, vmcore], pagescope_env(cache))
        for line in out.splitlines():
            phase, secs, n, _ = line.split()
            rows.append(('pagescope', 'walk alone (%s), 1 thread' % phase,
                         float(secs), int(n)))
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


def crash(vmlinux, vmcore, kaslr, commands):
    with tempfile.NamedTemporaryFile('w', suffix='.crash') as f:
        f.write('\n'.join(commands + ['exit']) + '\n')
        f.flush()
        # crash 8.0.2 needs these on 6.12 (../shared/DUMP-FACTS.md).
        return timed(['crash', '-s', '--no_modules', '--kaslr=' + kaslr,
                      vmlinux, vmcore, '-i', f.name],
                     stdout=subprocess.DEVNULL)[0]


def bench_crash(vmlinux, vmcore, pages, rows):
    if not shutil.which('crash'):
        return
    kaslr = kaslr_offset(vmlinux, vmcore)
    start = crash(vmlinux, vmcore, kaslr, [])
    kmem_p = crash(vmlinux, vmcore, kaslr, ['kmem -p > /dev/null'])
    kmem_f = crash(vmlinux, vmcore, kaslr, ['kmem -f'])
    rows.append(('crash', 'start-up alone (loading vmlinux)', start, 0))
    rows.append(('crash', 'kmem -p, end to end', kmem_p, pages))
    rows.append(('crash', 'kmem -p, without start-up', max(kmem_p - start, 1e-3), pages))
    rows.append(('crash', 'kmem -f, end to end', kmem_f, pages))
    rows.append(('crash', 'kmem -f, without start-up', max(kmem_f - start, 1e-3), pages))


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
    bench_drgn(vmlinux, vmcore, rows)
    bench_crash(vmlinux, vmcore, pages, rows)
    print_table(rows)


if __name__ == '__main__':
    main()
