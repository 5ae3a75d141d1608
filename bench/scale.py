#!/usr/bin/python3
"""make bench: how time and memory grow with the machine.

For each bench dump size (2, 16, 64, 256 GiB of RAM; the 6.12 kernel) and
each format present (ELF, QEMU's kdump-zlib, makedumpfile -d 31 with zlib
and with lzo), runs pagescope's frag, summary, check and pages, crash's
kmem -f and kmem -p, and the drgn script of bench/drgn_frag.py, each as
one process; records wall time, CPU time and peak RSS (wait4). Writes
scaling.tsv, scaling.md (the table, the cost per GiB and a projection to
1 and 32 TiB) and scaling.png (gnuplot) to OUTDIR. Beside it, limits.md:
on each dump the memory map read and walked on every core (walkbench's
-par phases, CPU time in all) against the one-core limit, the
compressor alone on the same pages (kdumpbench) or, for an ELF, memcpy
of 64 bytes a struct page. A measurement, no assertion.

Usage: scale.py DUMPS OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# PS_BIN: a copy, so that a rebuild during the hour of the bench breaks nothing.
PAGESCOPE = os.environ.get('PS_BIN', os.path.join(TOP, 'build', 'pagescope'))
DRGN_FRAG = os.path.join(TOP, 'bench', 'drgn_frag.py')
WALKBENCH = os.path.join(TOP, 'build', 'walkbench')
KDUMPBENCH = os.path.join(TOP, 'build', 'kdumpbench')

SIZES = [(2, '6.12'), (16, 'bench'), (64, 'big-64g'), (256, 'big-256g')]
FORMATS = [('elf', 'vmcore.elf'), ('kdump-zlib', 'vmcore.kdump'),
           ('filtered-zlib', 'vmcore.filtered'), ('filtered-lzo', 'vmcore.filtered-lzo')]
COMMANDS = ['frag', 'summary', 'check', 'pages']
CRASH_COMMANDS = ['kmem -f', 'kmem -p']
# One run each, the layout cache warmed first: a run of a 256 GiB dump
# takes long enough that noise matters less than the hour it would add.
REPEAT = 1
# drgn walks struct pages in Python, minutes at 256 GiB: the ELF and the
# filtered zlib dump, what users have, not every compression.
DRGN_FORMATS = ('elf', 'filtered-zlib')


def measured(cmd, env=None, ok=(0,)):
    """(wall, cpu, rss_mib, stdout) of one run. GNU time runs it: a child
    of this Python process would inherit its RSS peak through exec."""
    with tempfile.NamedTemporaryFile('r') as usage, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        p = subprocess.run(['/usr/bin/time', '-f', '%e %U %S %M', '-o', usage.name] + cmd,
                           stdout=out, stderr=err, env=env)
        out.seek(0)
        err.seek(0)
        text = out.read(1 << 20).decode(errors='replace')
        if p.returncode not in ok:
            said = (err.read().decode(errors='replace') + text).strip().splitlines()
            raise RuntimeError('%s: status %d: %s' % (os.path.basename(cmd[0]), p.returncode,
                                                      said[-1] if said else ''))
        wall, user, system, rss = usage.read().split()[-4:]
        return float(wall), float(user) + float(system), int(rss) / 1024, text


def best(cmd, env=None, ok=(0,)):
    runs = [measured(cmd, env, ok) for _ in range(REPEAT)]
    return min(runs, key=lambda r: r[0])


def pagescope_rows(gib, fmt, vmlinux, vmcore, cache):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    # check reads the most type info (the layout, then the globals): warm
    # both caches, which a first run of a kernel would otherwise pay for.
    measured([PAGESCOPE, 'check', '-k', vmlinux, vmcore], env, (0, 3))
    rows = []
    for command in COMMANDS:
        # check exits 3 when a relation does not hold: still an answer
        wall, cpu, rss, _ = best([PAGESCOPE, command, '-k', vmlinux, vmcore], env, (0, 3))
        rows.append((gib, fmt, 'pagescope', command, wall, cpu, rss))
    return rows


def kaslr_offset(vmlinux, vmcore, cache):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = measured([PAGESCOPE, 'summary', '-j', '-k', vmlinux, vmcore], env)[3]
    return json.loads(out)['kernel']['kaslr_offset']


def crash_rows(gib, fmt, vmlinux, vmcore, cache):
    """One crash session: each command timed between shell escapes; the
    session's peak RSS is the largest of its commands'."""
    if not shutil.which('crash'):
        return []
    script = ['!date +STAMP%s.%N']
    for command in CRASH_COMMANDS:
        script += [command + ' > /dev/null', '!date +STAMP%s.%N']
    with tempfile.NamedTemporaryFile('w', suffix='.crash') as f:
        f.write('\n'.join(script + ['exit']) + '\n')
        f.flush()
        # crash 8.0.2 needs these on 6.12 (../shared/DUMP-FACTS.md).
        wall, cpu, rss, out = measured(['crash', '-s', '--no_modules',
                                        '--kaslr=' + kaslr_offset(vmlinux, vmcore, cache),
                                        vmlinux, vmcore, '-i', f.name])
    stamps = [float(l[5:]) for l in out.splitlines() if l.startswith('STAMP')]
    if len(stamps) != len(CRASH_COMMANDS) + 1:
        said = [l for l in out.splitlines() if l.startswith('crash:')] or ['no answer']
        raise RuntimeError(said[-1])
    rows = []
    for i, command in enumerate(CRASH_COMMANDS):
        rows.append((gib, fmt, 'crash', command, stamps[i + 1] - stamps[i], None, rss))
    rows.append((gib, fmt, 'crash', 'session, end to end', wall, cpu, rss))
    return rows


def drgn_rows(gib, fmt, vmlinux, vmcore):
    wall, cpu, rss, _ = measured(['/usr/bin/python3', DRGN_FRAG, vmlinux, vmcore])
    return [(gib, fmt, 'drgn', 'frag work (bench/drgn_frag.py)', wall, cpu, rss)]


def lzo_copy(vmcore_kdump, scratch):
    """A filtered lzo dump where the bench dump has none (the test dumps)."""
    out = os.path.join(scratch, 'vmcore.filtered-lzo')
    subprocess.run(['makedumpfile', '-l', '-d', '31', vmcore_kdump, out],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return out


def dump_rows(gib, directory, scratch, cache):
    vmlinux = os.path.join(directory, 'vmlinux')
    rows = []
    for fmt, name in FORMATS:
        vmcore = os.path.join(directory, name)
        if fmt == 'filtered-lzo' and not os.path.exists(vmcore):
            kdump = os.path.join(directory, 'vmcore.kdump')
            if not os.path.exists(kdump):
                continue
            vmcore = lzo_copy(kdump, scratch)
        if not os.path.exists(vmcore):
            continue
        print('# %d GiB %s' % (gib, fmt), file=sys.stderr, flush=True)
        rows += pagescope_rows(gib, fmt, vmlinux, vmcore, cache)
        peer_rows(gib, fmt, 'walkbench', limit_row, vmlinux, vmcore)
        rows += peer_rows(gib, fmt, 'crash', crash_rows, vmlinux, vmcore, cache)
        if fmt in DRGN_FORMATS:
            rows += peer_rows(gib, fmt, 'drgn', drgn_rows, vmlinux, vmcore)
    return rows


UNREADABLE = []	# (GiB, format, tool, why): a peer that could not read a dump
LIMITS = []	# (GiB, format, limit, its seconds, reads CPU s, walk CPU s, walk wall s)


def bench_lines(cmd):
    """walkbench or kdumpbench: {phase: [fields]}."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        raise RuntimeError('%s: %s' % (os.path.basename(cmd[0]), p.stderr.strip()[-200:]))
    return {l.split()[0]: l.split()[1:] for l in p.stdout.splitlines() if l.strip()}


# walkbench runs on each dump, the best of each phase kept: the first run
# also brings the file into the page cache.
LIMIT_REPEAT = 3


def best_lines(cmd):
    runs = [bench_lines(cmd) for _ in range(LIMIT_REPEAT)]
    return {phase: min((r[phase] for r in runs), key=lambda f: float(f[0]))
            for phase in runs[0]}


def limit_row(gib, fmt, vmlinux, vmcore):
    """The reads and the walk on every core against the one-core limit,
    over the same struct pages."""
    w = best_lines([WALKBENCH, vmlinux, vmcore])
    pages = int(w['read-par-cpu'][1])
    if fmt == 'elf':
        what, limit = 'memcpy, 64 bytes a struct page', pages / float(w['memcpy'][2])
    else:
        k = bench_lines([KDUMPBENCH, vmlinux, vmcore])
        what, limit = '%s alone' % k['decompress-cpu'][3], float(k['decompress-cpu'][0])
    LIMITS.append((gib, fmt, what, limit, float(w['read-par-cpu'][0]),
                   float(w['walk-par-cpu'][0]), float(w['walk-par'][0])))


def limits_markdown():
    lines = ['| GiB | format | the limit, 1 core | its s | reads, CPU s | x limit '
             '| walk, CPU s | x limit | walk, wall s |',
             '|----:|--------|------|----:|----:|----:|----:|----:|----:|']
    for gib, fmt, what, limit, reads, walk, wall in LIMITS:
        lines.append('| %d | %s | %s | %.3f | %.3f | %.2f | %.3f | %.2f | %.3f |' % (
            gib, fmt, what, limit, reads, reads / limit, walk, walk / limit, wall))
    return '\n'.join(lines) + '\n'


def peer_rows(gib, fmt, tool, fn, *args):
    try:
        return fn(gib, fmt, *args)
    except RuntimeError as e:
        why = str(e).strip().splitlines()[-1][:160]
        UNREADABLE.append((gib, fmt, tool, why))
        print('# %s cannot read it: %s' % (tool, why), file=sys.stderr)
        return []


def per_gib(rows, tool, task, fmt, column):
    """Cost per GiB from the two largest sizes measured, and the value
    projected linearly from the largest to 1 TiB and 32 TiB."""
    points = sorted((r[0], r[column]) for r in rows
                    if r[1:4] == (fmt, tool, task) and r[column] is not None)
    if len(points) < 2:
        return None
    (g0, v0), (g1, v1) = points[-2:]
    slope = (v1 - v0) / (g1 - g0)
    if slope < 0:
        return None	# noise larger than the growth: nothing to project
    return slope, v1 + slope * (1024 - g1), v1 + slope * (32768 - g1)


def fmt_num(value, digits=2):
    return '-' if value is None else '%.*f' % (digits, value)


def markdown(rows):
    lines = ['| GiB | format | tool | task | wall s | CPU s | peak RSS MiB |',
             '|----:|--------|------|------|-------:|------:|-------------:|']
    for gib, fmt, tool, task, wall, cpu, rss in rows:
        lines.append('| %d | %s | %s | %s | %s | %s | %s |' % (
            gib, fmt, tool, task, fmt_num(wall), fmt_num(cpu), fmt_num(rss, 0)))
    lines += ['', '| format | tool | task | wall s per GiB | at 1 TiB | at 32 TiB '
              '| RSS MiB per GiB | at 1 TiB | at 32 TiB |',
              '|--------|------|------|----:|----:|----:|----:|----:|----:|']
    for key in sorted({r[1:4] for r in rows}):
        fmt, tool, task = key
        t = per_gib(rows, tool, task, fmt, 4)
        m = per_gib(rows, tool, task, fmt, 6)
        if t and m:
            lines.append('| %s | %s | %s | %.3f | %.0f | %.0f | %.2f | %.0f | %.0f |' % (
                fmt, tool, task, t[0], t[1], t[2], m[0], m[1], m[2]))
    if UNREADABLE:
        lines += ['', 'Not measured, the tool could not read the dump:', '']
        lines += ['- %d GiB %s, %s: %s' % u for u in UNREADABLE]
    return '\n'.join(lines) + '\n'


def series(rows, fmt, tool, task, column):
    return [(r[0], r[column]) for r in rows
            if r[1:4] == (fmt, tool, task) and r[column] is not None]


PLOTTED = [('pagescope', c) for c in COMMANDS] + \
    [('crash', c) for c in CRASH_COMMANDS] + [('drgn', 'frag work (bench/drgn_frag.py)')]


def plot(rows, outdir, fmt='filtered-zlib'):
    """Wall time and peak RSS against RAM, log-log, one line per task."""
    gp = shutil.which('gnuplot')
    if not gp:
        print('# no gnuplot (make bench-deps): no scaling.png', file=sys.stderr)
        return
    data, plots = [], {4: [], 6: []}
    for tool, task in PLOTTED:
        for column in (4, 6):
            points = series(rows, fmt, tool, task, column)
            if not points:
                continue
            plots[column].append("'-' using 1:2 with linespoints title '%s %s'" % (
                tool, task.split(' (')[0]))
            data.append((column, '\n'.join('%d %f' % p for p in points) + '\ne'))
    if not plots[4]:
        return
    script = ['set terminal png size 1100,500', "set output '%s'" % os.path.join(outdir, 'scaling.png'),
              'set multiplot layout 1,2 title "pagescope, crash and drgn on %s dumps of 6.12"' % fmt,
              'set logscale xy', 'set key top left font ",8"', 'set xlabel "guest RAM, GiB"',
              'set xtics (2, 16, 64, 256)', 'set grid']
    for column, label in ((4, 'wall seconds'), (6, 'peak RSS, MiB')):
        script += ['set ylabel "%s"' % label, 'plot ' + ', '.join(plots[column])]
        script += [d for c, d in data if c == column]
    script.append('unset multiplot')
    subprocess.run([gp], input='\n'.join(script) + '\n', text=True, check=True)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    dumps, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix='pagescope-scale-')
    rows = []
    try:
        for gib, name in SIZES:
            directory = os.path.join(dumps, name)
            if os.path.isdir(directory):
                rows += dump_rows(gib, directory, scratch, scratch)
    finally:
        shutil.rmtree(scratch)
    with open(os.path.join(outdir, 'scaling.tsv'), 'w') as f:
        for r in rows:
            f.write('\t'.join(fmt_num(v) if isinstance(v, float) or v is None else str(v)
                              for v in r) + '\n')
    table = markdown(rows)
    with open(os.path.join(outdir, 'scaling.md'), 'w') as f:
        f.write(table)
    plot(rows, outdir)
    print(table)
    limits = limits_markdown()
    with open(os.path.join(outdir, 'limits.md'), 'w') as f:
        f.write(limits)
    print('The memory map on every core against the one-core limit (CPU time in all):\n')
    print(limits)


if __name__ == '__main__':
    main()
