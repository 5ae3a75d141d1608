#!/usr/bin/env python3
"""A kernel outside the tests' set: trixie-backports' 7.3 (dumps/kernels.conf),
newer than every kernel the layout code was written against. Nothing in
lib/ names it: it is read by feature, from its own type info. It is held to
its guest's own reports by the same checks as the others: test_foundation
(summary against zoneinfo, buddyinfo and pagetypeinfo, every page's flags
against kpageflags, what it lacks against its config), test_lists (lru,
split and check against the guest's counters) and test_btf (BTF against
DWARF, and /boot alone). Their lines are passed on, numbered as one suite."""
import os
import re
import subprocess
import sys

import common

SUITES = ('test_foundation.py', 'test_lists.py', 'test_btf.py')


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PS_KERNELS=','.join(common.OUTSIDE_KERNELS))
    n = failed = 0
    for suite in SUITES:
        run = subprocess.run([sys.executable, os.path.join(here, suite)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        checks = 0
        for line in run.stdout.splitlines():
            m = re.match(r'^(ok|not ok) \d+ - (.*)$', line)
            if m:
                n += 1
                checks += 1
                failed += m.group(1) == 'not ok'
                print('%s %d - %s: %s' % (m.group(1), n, suite[:-3], m.group(2)))
            elif line.startswith('#'):
                print(line)
        # A suite that died or checked nothing is a failure, not a pass.
        if run.returncode not in (0, 1) or not checks:
            n += 1
            failed += 1
            print('not ok %d - %s ran on %s (status %d, %d checks)' %
                  (n, suite, ','.join(common.OUTSIDE_KERNELS), run.returncode, checks))
            print('\n'.join('# ' + l for l in run.stdout.splitlines()[-20:]))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
