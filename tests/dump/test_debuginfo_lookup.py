#!/usr/bin/env python3
"""Finding a dump's vmlinux without -k: by build ID under the debug
directory (/usr/lib/debug/.build-id/NN/REST.debug, where Debian, Fedora
and RHEL link it), then by release; else the dump's own BTF. The debug
directory is moved with PAGESCOPE_DEBUG_DIR, as gdb's debug-file-directory."""
import json
import os
import sys
import tempfile

import common
from common import Tap

K = '6.12'


def summary(debug_dir, cache):
    status, out, err = common.run(['summary', '-j', common.vmcore(K, 'elf')],
                                  extra_env={'PAGESCOPE_DEBUG_DIR': debug_dir,
                                             'XDG_CACHE_HOME': cache})
    return status, (json.loads(out)['kernel'] if status == 0 else {}), err


def main():
    t = Tap()
    kernel = common.run_json(['summary'] + common.on(K))['kernel']
    build_id, release = kernel['build_id'], kernel['release']
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, 'cache')
        by_id = os.path.join(tmp, 'a', '.build-id', build_id[:2], build_id[2:] + '.debug')
        os.makedirs(os.path.dirname(by_id))
        os.symlink(common.vmlinux(K), by_id)
        status, k, err = summary(os.path.join(tmp, 'a'), cache)
        t.ok(status == 0 and k.get('vmlinux') == by_id and 'DWARF' in k.get('layout_source', ''),
             'found by build ID: %s' % by_id, (k, err))
        by_release = os.path.join(tmp, 'b', 'boot', 'vmlinux-' + release)
        os.makedirs(os.path.dirname(by_release))
        os.symlink(common.vmlinux(K), by_release)
        status, k, err = summary(os.path.join(tmp, 'b'), cache)
        t.ok(status == 0 and k.get('vmlinux') == by_release,
             'found by release: DEBUG_DIR/boot/vmlinux-RELEASE', (k, err))
        status, k, err = summary(os.path.join(tmp, 'none'), cache)
        t.ok(status == 0 and 'vmlinux' not in k and k.get('layout_source') == 'BTF',
             'no vmlinux anywhere: the dump\'s own BTF', (k, err))
        wrong = os.path.join(tmp, 'c', '.build-id', build_id[:2], build_id[2:] + '.debug')
        os.makedirs(os.path.dirname(wrong))
        os.symlink(common.vmlinux('6.1'), wrong)
        status, k, err = summary(os.path.join(tmp, 'c'), cache)
        t.ok(status == 1 and 'does not match' in err and len(err.strip().splitlines()) == 1,
             'another build\'s vmlinux at the build-ID path is refused, in one line', err)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
