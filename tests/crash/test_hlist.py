#!/usr/bin/env python3
"""pagescope's hlist walk against crash's own on the same dump: crash
prints init_struct_pid.tasks[PIDTYPE_PGID].first and follows
hlist_node.next from there to NULL (`list -o hlist_node.next ADDR`, its
singly-linked form); pagescope, standalone and inside crash, must give
the same nodes in the same order. Needs crash's full start-up, which
crash 8.0.2 has on kernels before v6.2 (crashsession.py): 6.1 and 5.10."""
import json
import re
import sys

import crashsession
from crashsession import common, Session
from common import Tap

HEAD = 'init_struct_pid.tasks[PIDTYPE_PGID]'
# A run narrowed to other kernels (the sanitizer pass: 6.12) still walks
# 6.1's: a suite that checks nothing would pass without testing.
KERNELS = [k for k in common.kernels_of(('6.1', '5.10'))] or ['6.1']


def check(t, kernel):
    status, out, err = common.run(['list', HEAD, '-j'] + common.on(kernel))
    mine = [int(e['node'], 16) for e in json.loads(out)['entries']] if status == 0 else []
    t.ok(status == 0 and len(mine) > 10, '%s: pagescope walks %s' % (kernel, HEAD), err)
    if not mine:
        return
    s = Session(kernel, 'elf')
    first = s.add('p/x %s.first' % HEAD)
    walk = s.add('list -o hlist_node.next %#x' % mine[0])
    s.raw('extend %s' % crashsession.EXT)
    inside = s.add('pagescope list %s -j' % HEAD)
    s.run()
    crashsession.check_session(t, s, '%s crash' % kernel)
    m = re.search(r'=\s*(0x[0-9a-f]+)', s.read(first) or '')
    t.ok(m and int(m.group(1), 16) == mine[0],
         '%s: crash reads the head\'s first as pagescope\'s entry 0' % kernel, s.read(first))
    theirs = [int(w, 16) for w in re.findall(r'^\s*([0-9a-f]{16})\s*$', s.read(walk) or '', re.M)]
    t.ok(theirs == mine,
         '%s: crash\'s walk of hlist_node.next gives pagescope\'s %d nodes, in order'
         % (kernel, len(mine)), '%s\n%s' % ((s.read(walk) or '')[:400], mine[:3]))
    try:
        got = [int(e['node'], 16) for e in json.loads(s.read(inside) or '')['entries']]
    except (ValueError, KeyError):
        got = None
    t.ok(got == mine, '%s: inside crash, pagescope list %s gives the same nodes' % (kernel, HEAD),
         (s.read(inside) or '')[:400])
    s.cleanup()


def main():
    t = Tap()
    if not crashsession.have_crash():
        t.ok(False, 'crash and %s are available' % crashsession.EXT)
        return t.done()
    for kernel in KERNELS:
        check(t, kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
