#!/usr/bin/env python3
"""The Debian packages: dpkg-buildpackage on a copy of the tree builds
pagescope and pagescope-crash (running the unit tests); each holds what it
should; the tool unpacked from the package runs on a test dump. .ci/deb-check
installs them for real on the CI machine."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import common
from common import Tap

K = '6.12'
WANT = {
    'pagescope': ['./usr/bin/pagescope', './usr/share/man/man1/pagescope.1.gz',
                  './usr/share/doc/pagescope/json.md.gz',
                  './usr/share/bash-completion/completions/pagescope'],
    'pagescope-crash': ['./usr/lib/crash/extensions/pagescope.so',
                        './usr/share/man/man1/pagescope-crash.1.gz'],
}


def copy_tree(dst):
    """The files of the tree as they are (committed or not), no build output."""
    files = subprocess.run(['git', '-C', common.TOP, 'ls-files', '-co', '--exclude-standard',
                            '-z'], capture_output=True, check=True).stdout.split(b'\0')
    for f in filter(None, files):
        f = f.decode()
        src = os.path.join(common.TOP, f)
        if os.path.isfile(src) and not os.path.islink(src):
            os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
            shutil.copy2(src, os.path.join(dst, f))


def main():
    t = Tap()
    with tempfile.TemporaryDirectory(prefix='pagescope-deb-') as tmp:
        src = os.path.join(tmp, 'pagescope')
        copy_tree(src)
        p = subprocess.run(['dpkg-buildpackage', '-us', '-uc', '-b', '-j2'], cwd=src,
                           capture_output=True, text=True)
        debs = {f.split('_')[0]: os.path.join(tmp, f) for f in os.listdir(tmp)
                if f.endswith('_amd64.deb') and '-dbgsym' not in f}
        if not t.ok(p.returncode == 0 and set(debs) == set(WANT),
                    'dpkg-buildpackage builds pagescope and pagescope-crash',
                    (p.stdout + p.stderr)[-1500:]):
            return t.done()
        t.ok('unit/test_help' in p.stdout and ' 0 failed' in p.stdout and
             ' 1 failed' not in p.stdout, 'the package build ran the unit tests')
        for name, want in WANT.items():
            listing = subprocess.run(['dpkg-deb', '-c', debs[name]], capture_output=True,
                                     text=True).stdout
            have = {line.split()[-1] for line in listing.splitlines()}
            t.ok(all(w in have for w in want), '%s: %s' % (name, ', '.join(want)),
                 listing)
        root = os.path.join(tmp, 'root')
        subprocess.run(['dpkg-deb', '-x', debs['pagescope'], root], check=True)
        tool = os.path.join(root, 'usr', 'bin', 'pagescope')
        status, version = subprocess.run([tool, '--version'], capture_output=True,
                                         text=True).returncode, None
        out = subprocess.run([tool, 'summary', '-j'] + common.on(K), capture_output=True,
                             text=True, env=common.env())
        t.ok(out.returncode == 0 and json.loads(out.stdout)['kernel']['release'],
             'the packaged pagescope reads the %s dump' % K, out.stderr)
        deps = subprocess.run(['dpkg-deb', '-f', debs['pagescope-crash'], 'Depends'],
                              capture_output=True, text=True).stdout
        t.ok(status == 0 and 'crash' in deps.split(', ')[0],
             'pagescope --version runs; pagescope-crash depends on crash', deps)
        keep(debs)
    return t.done()


def keep(debs):
    """Leave the packages in build/deb/ for .ci/deb-check, which installs
    them instead of building them a second time."""
    out = os.path.join(common.TOP, 'build', 'deb')
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for path in debs.values():
        shutil.copy2(path, out)


if __name__ == '__main__':
    sys.exit(main())
