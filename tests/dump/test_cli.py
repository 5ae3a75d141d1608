#!/usr/bin/env python3
"""The tool around the answers: help per subcommand within 80 columns,
a misspelt subcommand named with the nearest one, exit statuses."""
import json
import os
import pty
import re
import subprocess
import sys
import tempfile

import common
from common import Tap

K = '6.12'


def fits(text):
    return [l for l in text.splitlines() if len(l) > 80]


def subcommand_names():
    _, out, _ = common.run(['help'])
    block = out.split('subcommands:\n')[1].split('\n\n')[0]
    return [l.split()[0] for l in block.splitlines() if re.match(r'  \S', l)]


def test_help(t):
    status, out, err = common.run(['--help'])
    t.ok(status == 0 and not err and not fits(out), 'usage: exit 0, within 80 columns',
         '\n'.join(fits(out)) or err)
    names = subcommand_names()
    t.ok(len(names) >= 16 and 'summary' in names and 'check' in names,
         'usage lists the subcommands one line each', names)
    for name in names:
        s1, page, e1 = common.run(['help', name])
        s2, same, e2 = common.run([name, '--help'])
        examples = page.split('examples:\n')[-1].splitlines()
        t.ok(s1 == 0 and s2 == 0 and page == same and not e1 + e2,
             '%s: "help %s" and "%s --help" print the same page' % (name, name, name),
             e1 + e2)
        t.ok(page.startswith('usage: pagescope %s ' % name) and not fits(page)
             and 'options:' in page and len(examples) == 2
             and all(l.startswith('  pagescope %s' % name) for l in examples),
             '%s: synopsis, options, two examples, within 80 columns' % name,
             page)
    s, _, e = common.run(['help', 'page'] + [common.vmcore(K, 'elf')])
    t.ok(s == 2 and 'too many arguments' in e, 'help SUB takes nothing more', e)


def test_typos(t):
    for typo, want in (('summry', 'summary'), ('pgae', 'page'), ('chekc', 'check')):
        s, out, e = common.run([typo] + common.on(K))
        t.ok(s == 2 and not out and 'did you mean %s?' % want in e.splitlines()[0],
             '%s DUMP: exit 2, "did you mean %s?"' % (typo, want), e)
    s, _, e = common.run(['help', 'fre'])
    t.ok(s == 2 and 'did you mean free?' in e, 'help fre: did you mean free?', e)
    s, _, e = common.run(['frobnicate', common.vmcore(K, 'elf')])
    t.ok(s == 2 and 'frobnicate: neither a subcommand nor a file' in e and
         'did you mean' not in e, 'frobnicate: no suggestion when nothing is near', e)


def test_version(t):
    want = subprocess.run([os.path.join(common.TOP, 'scripts', 'version.sh')],
                          capture_output=True, text=True).stdout.strip()
    s1, v1, _ = common.run(['--version'])
    s2, v2, _ = common.run(['version'])
    t.ok(s1 == 0 and s2 == 0 and v1 == v2 == 'pagescope %s\n' % want and
         re.match(r'\d+\.\d+\.\d+', want),
         '--version and version print the version scripts/version.sh gives', (v1, v2, want))
    with open(os.path.join(common.TOP, 'NEWS')) as f:
        release = open(os.path.join(common.TOP, 'VERSION')).read().strip()
        t.ok(re.search(r'^pagescope %s\b' % re.escape(release), f.read(), re.M),
             'NEWS has an entry for the release in VERSION (%s)' % release)


def test_exit_status(t):
    """0 ok, 1 cannot read, 2 usage, 3 a check found a problem."""
    cases = [
        (['check'] + common.on(K), 0, 'check on a sound dump'),
        (['summary'] + common.on(K)[:2] + ['/nonexistent/vmcore'], 1, 'a missing dump'),
        (['summary', '-k', common.vmcore(K, 'elf'), common.vmcore(K, 'elf')], 1,
         'a vmcore as the vmlinux'),
        (['page'] + common.on(K), 2, 'a missing argument'),
        (['summary', '--bogus'] + common.on(K), 2, 'an unknown option'),
        (['check'] + common.on('6.12-fault'), 3, 'check on the fault dump'),
    ]
    for args, want, what in cases:
        status, out, err = common.run(args)
        t.ok(status == want, '%s: exit status %d' % (what, want),
             'status %d\n%s' % (status, err[-500:]))


# One command line per subcommand that prints a JSON document.
JSON_CASES = [['summary'], ['page', '0x1000'], ['pages', '0x1000+4'],
              ['blocks', '0x40000+0x400'], ['frag'], ['free'], ['map'],
              ['sym', 'init_task'], ['layout'], ['list', 'super_blocks'], ['lru'],
              ['split'], ['check']]


def test_json_header(t):
    _, version, _ = common.run(['--version'])
    for args in JSON_CASES:
        status, out, err = common.run(args + ['-j'] + common.on(K))
        try:
            doc = json.loads(out)
        except ValueError:
            doc = {}
        keys = list(doc)[:2]
        t.ok(status == 0 and keys == ['format_version', 'pagescope_version'] and
             doc['format_version'] == 2 and
             'pagescope %s\n' % doc['pagescope_version'] == version,
             '%s -j: format_version and pagescope_version first' % args[0],
             'status %d, keys %s\n%s' % (status, list(doc)[:4], err[-300:]))


def peak_rss(args):
    """(status, bytes of stdout, its last bytes, stderr, peak RSS in bytes)."""
    env = common.env()
    # Under ASan freed memory waits in a quarantine: count what is live.
    if 'ASAN_OPTIONS' in env:
        env['ASAN_OPTIONS'] += ':quarantine_size_mb=0'
    p = subprocess.Popen([common.BIN] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    size, rows, tail = 0, 0, b''
    for line in p.stdout:
        size += len(line)
        rows += line.startswith(b'    {')
        tail = (tail + line)[-64:]
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = status
    return status, size, rows, tail, err, usage.ru_maxrss << 10


def test_pages_streamed(t):
    """pages -j over every page is written as the walk goes: it needs no
    more memory than the text form, whatever the size of its output."""
    status, size, rows, tail, err, rss = peak_rss(['pages', '-j'] + common.on(K))
    _, _, _, _, _, text_rss = peak_rss(['pages'] + common.on(K))
    summary = common.run_json(['summary'] + common.on(K))
    t.ok(status == 0 and rows == summary['pages']['total'] and tail.endswith(b'  ]\n}\n'),
         'pages -j: a row per struct page (%d), a whole document' % rows, err[-300:])
    t.ok(rss < text_rss + (8 << 20),
         'pages -j: peak memory %d MiB for %d MiB of JSON, text form %d MiB'
         % (rss >> 20, size >> 20, text_rss >> 20))


def on_terminal(args, cache):
    """Run with stdout and stderr on one pseudo-terminal: all it shows."""
    master, slave = pty.openpty()
    env = dict(common.env(), XDG_CACHE_HOME=cache, TERM='xterm')
    p = subprocess.Popen([common.BIN] + args, stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=slave, env=env)
    os.close(slave)
    data = b''
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return p.wait(), data.decode('latin-1')


PROGRESS = re.compile(r'\rpagescope: [^\r\n]*\.\.\.\x1b\[K')


def test_progress(t):
    """Progress only on a terminal, each line erased before anything else
    is written; never in a pipe."""
    with tempfile.TemporaryDirectory() as cache:
        status, shown = on_terminal(['lru'] + common.on(K), cache)
        lines = PROGRESS.findall(shown)
        rest = PROGRESS.sub('', shown)
        t.ok(status == 0 and len(lines) >= 2 and 'global variables' in ''.join(lines),
             'lru on a terminal, cold caches: progress for the layout and the globals',
             repr(shown[:400]))
        t.ok(all(shown[m.end():m.end() + 4] == '\r\x1b[K' for m in PROGRESS.finditer(shown))
             and 'pagescope:' not in rest,
             'each progress line is erased before the next output', repr(shown[:600]))
    with tempfile.TemporaryDirectory() as cache:
        status, out, err = common.run(['lru'] + common.on(K),
                                      extra_env={'XDG_CACHE_HOME': cache})
        t.ok(status == 0 and not err and 'pagescope:' not in out,
             'lru into a pipe, cold caches: no progress at all', err[-300:])


def test_check_identities(t):
    """check -j rows name their node, zone, order and memcg as fields."""
    for kernel in common.KERNELS:
        doc = common.run_json(['check'] + common.on(kernel))
        zones = common.zoneinfo(kernel)
        free = [r for r in doc['rows'] if r['counter'].startswith('NR_FREE_PAGES node')]
        t.ok(free and all(zones[(r['nid'], r['zone'])]['free'] == r['kernel'] for r in free),
             '%s: NR_FREE_PAGES rows: nid and zone fields, their value as /proc/zoneinfo says'
             % kernel, free)
        memcg = [r for r in doc['rows'] if 'memcg' in r]
        if common.layout_has(kernel, 'symbol deferred_split_lru'):
            t.eq(memcg, [], '%s: memcg queue rows: n/a on this kernel: the split queues are '
                 'one list_lru (deferred_split_lru), checked with lru' % kernel)
        else:
            t.ok(memcg and all(r['counter'].endswith(' ' + r['memcg']) and 'nid' not in r
                               for r in memcg),
                 '%s: memcg queue rows carry the cgroup path (%d)' % (kernel, len(memcg)), memcg)
        orders = [r for r in doc['rows'] if 'order' in r]
        if not common.feature(kernel, 'thp-partially-mapped'):
            t.eq(orders, [], '%s: rows about one order: n/a on this kernel: no mTHP '
                 'partially-mapped counters' % kernel)
        else:
            t.ok(orders and all(r['counter'].endswith('order %d' % r['order']) for r in orders),
                 '%s: rows about one order say which (%d)' % (kernel, len(orders)), orders)


def main():
    t = Tap()
    test_help(t)
    test_typos(t)
    test_version(t)
    test_exit_status(t)
    test_json_header(t)
    test_pages_streamed(t)
    test_progress(t)
    test_check_identities(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
