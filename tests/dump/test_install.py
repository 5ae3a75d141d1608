#!/usr/bin/env python3
"""make install and make uninstall under a DESTDIR, as a Debian package
build does: the tool, its man pages, its documents and bash completion
land under PREFIX and all go away again; the installed tool runs; the
completion offers subcommands and options from the tool's own help."""
import os
import subprocess
import sys
import tempfile

import common
from common import Tap

PREFIX = '/usr'
WANT = ['bin/pagescope', 'share/man/man1/pagescope.1',
        'share/bash-completion/completions/pagescope', 'share/doc/pagescope/README.md',
        'share/doc/pagescope/NEWS', 'share/doc/pagescope/json.md']


def make(target, dest):
    return subprocess.run(['make', '--no-print-directory', '-C', common.TOP, target,
                           'DESTDIR=' + dest, 'PREFIX=' + PREFIX],
                          capture_output=True, text=True)


def complete(root, words):
    """COMPREPLY for the command line @words (the last one being completed)."""
    script = ('. %s; COMP_WORDS=(%s); COMP_CWORD=%d; _pagescope; echo "${COMPREPLY[@]}"'
              % (root + PREFIX + '/share/bash-completion/completions/pagescope',
                 ' '.join("'%s'" % w for w in words), len(words) - 1))
    env = dict(os.environ, PATH=root + PREFIX + '/bin:' + os.environ['PATH'])
    return subprocess.run(['bash', '-c', script], capture_output=True, text=True,
                          env=env).stdout.split()


def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, fs in os.walk(root) for f in fs)


def main():
    t = Tap()
    with tempfile.TemporaryDirectory() as root:
        p = make('install', root)
        got = files(root)
        prefixed = [os.path.join(PREFIX.lstrip('/'), w) for w in WANT]
        t.ok(p.returncode == 0 and all(w in got for w in prefixed),
             'make install DESTDIR PREFIX=/usr: the tool, man page, docs, completion',
             p.stderr[-500:] + '\n'.join(got))
        docs = sorted(f for f in os.listdir(os.path.join(common.TOP, 'docs')) if f.endswith('.md'))
        t.ok(all('usr/share/doc/pagescope/' + d in got for d in docs),
             'every document the man page points at is installed', docs)
        run = subprocess.run([root + PREFIX + '/bin/pagescope', '--version'],
                             capture_output=True, text=True)
        _, want, _ = common.run(['--version'])
        t.ok(run.returncode == 0 and run.stdout == want,
             'the installed pagescope runs: %s' % run.stdout.strip(), run.stderr)
        man = subprocess.run(['groff', '-man', '-ww', '-z',
                              root + PREFIX + '/share/man/man1/pagescope.1'],
                             capture_output=True, text=True)
        t.ok(man.returncode == 0 and not man.stderr.strip(),
             'the installed man page formats without a warning', man.stderr)
        t.eq(complete(root, ['pagescope', 'summ']), ['summary'],
             'completion: a subcommand from the tool\'s help')
        t.ok('--flags' in complete(root, ['pagescope', 'pages', '--fl']),
             'completion: an option of the subcommand typed')
        t.eq(complete(root, ['pagescope', 'map', '--by', 'mo']), ['movability'],
             'completion: the values of --by')
        p = make('uninstall', root)
        t.ok(p.returncode == 0 and files(root) == [],
             'make uninstall removes every file install put there', files(root))
    # ldd -u: the direct dependencies no symbol of the binary comes from.
    unused = subprocess.run(['ldd', '-u', os.path.join(common.TOP, 'build', 'pagescope')],
                            capture_output=True, text=True)
    t.ok(unused.returncode == 0 and 'Unused' not in unused.stdout,
         'pagescope is not linked with libraries it does not use', unused.stdout)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
