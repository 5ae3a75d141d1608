#!/usr/bin/env python3
"""The tool around the answers: help per subcommand within 80 columns,
a misspelt subcommand named with the nearest one, exit statuses."""
import os
import re
import subprocess
import sys

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


def main():
    t = Tap()
    test_help(t)
    test_typos(t)
    test_version(t)
    test_exit_status(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
