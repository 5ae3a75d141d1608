#!/usr/bin/python3
"""make bench: the viewer on the big dumps. For each dump given, the time
from launch to the first screen, to the whole map, and each key's redraw,
from the viewer's own record (PAGESCOPE_UI_TRACE), keys as in
tests/ui/test_owner_map.py. A measurement, no assertion.

Usage: viewer_times.py DUMPDIR/VMCORE ...   (vmlinux beside each vmcore)
"""
import os
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'tests', 'ui'))
sys.path.insert(0, os.path.join(TOP, 'tests', 'dump'))
import test_owner_map as om  # noqa: E402
from common import Tap  # noqa: E402
from tmux import Viewer  # noqa: E402

PAGESCOPE = os.path.join(TOP, 'build', 'pagescope')
# A bound on waiting for each screen; a 256 GiB map takes its time.
TIMEOUT = 600


def measure(t, vmcore):
    vmlinux = os.path.join(os.path.dirname(vmcore), 'vmlinux')
    fd, trace = tempfile.mkstemp(prefix='psui-trace-')
    os.close(fd)
    launched = time.monotonic()
    v = Viewer([PAGESCOPE, '-k', vmlinux, vmcore], om.SIZE[0], om.SIZE[1],
               env={'PAGESCOPE_UI_TRACE': trace}, timeout=TIMEOUT)
    try:
        om.first_screen(v)
        v.keys('4', '2', '3', '1')
        v.wait('one band = one gigablock')
        v.keys('l', 'j', 'Enter', 'l', 'BSpace', 'm', 'Tab', 'BTab', 'M')
        v.wait('one band = one gigablock')
    finally:
        v.close()
    name = '/'.join(vmcore.split('/')[-2:])
    om.report_times(t, name, launched, om.read_trace(trace))
    os.unlink(trace)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    t = Tap()
    for vmcore in sys.argv[1:]:
        measure(t, vmcore)
    t.done()
    return 0


if __name__ == '__main__':
    sys.exit(main())
