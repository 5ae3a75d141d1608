#!/usr/bin/env python3
"""Without a vmlinux on the machine, pagescope asks the debuginfod servers
DEBUGINFOD_URLS names for the dump's build ID: a real debuginfod started
here on 127.0.0.1 serves the 6.12 test vmlinux; a build it does not have
falls back to the dump's own BTF."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import common
from common import Tap

INDEX_TIMEOUT = 600	# a 340 MB vmlinux; not a timing assertion


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def indexed(url):
    """The server has scanned the one file it serves."""
    try:
        text = urllib.request.urlopen(url + '/metrics', timeout=5).read().decode()
    except OSError:
        return False
    return 'found_debuginfo_total{source="files"} 1' in text


def summary(kernel, tmp, url):
    env = {'DEBUGINFOD_URLS': url, 'DEBUGINFOD_CACHE_PATH': os.path.join(tmp, 'client'),
           'PAGESCOPE_DEBUG_DIR': os.path.join(tmp, 'nothing'),
           'XDG_CACHE_HOME': os.path.join(tmp, 'xdg')}
    status, out, err = common.run(['summary', '-j', common.vmcore(kernel, 'elf')],
                                  extra_env=env)
    return status, (json.loads(out)['kernel'] if status == 0 else {}), err


def main():
    t = Tap()
    if not shutil.which('debuginfod'):
        t.ok(False, 'debuginfod is installed (.ci/packages)')
        return t.done()
    tmp = tempfile.mkdtemp(prefix='pagescope-debuginfod-')
    srv = os.path.join(tmp, 'srv')
    os.makedirs(srv)
    os.symlink(os.path.realpath(common.vmlinux('6.12')), os.path.join(srv, 'vmlinux'))
    port = free_port()
    url = 'http://127.0.0.1:%d' % port
    server = subprocess.Popen(['debuginfod', '-p', str(port), '-d', os.path.join(tmp, 'db'),
                               '-F', '-L', srv], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + INDEX_TIMEOUT
        while not indexed(url) and time.time() < deadline and server.poll() is None:
            time.sleep(1)
        if not t.ok(indexed(url), 'debuginfod on %s indexed the 6.12 vmlinux' % url):
            return t.done()
        status, k, err = summary('6.12', tmp, url)
        t.ok(status == 0 and k.get('vmlinux', '').startswith(os.path.join(tmp, 'client')) and
             'DWARF' in k.get('layout_source', ''),
             '6.12 without a local vmlinux: fetched from debuginfod, its DWARF used', (k, err))
        status, k, err = summary('6.1', tmp, url)
        t.ok(status == 0 and k.get('layout_source') == 'BTF',
             '6.1, which the server lacks: the dump\'s own BTF', (k, err))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
