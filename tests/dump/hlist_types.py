#!/usr/bin/python3
"""Read by drgn, from the vmlinux's DWARF alone, the offsets an hlist walk
of init_struct_pid's PGID and SID chains and of shmem_fs_type's super
blocks needs, as JSON. Run with /usr/bin/python3 (drgn is a Debian
package of the system Python); test_hlist.py walks the dump with them."""
import json
import sys

import drgn


def main():
    prog = drgn.Program(drgn.host_platform)
    prog.load_debug_info([sys.argv[1]])
    out = {
        'hlist_head.first': drgn.offsetof(prog.type('struct hlist_head'), 'first'),
        'hlist_node.next': drgn.offsetof(prog.type('struct hlist_node'), 'next'),
        'hlist_node.pprev': drgn.offsetof(prog.type('struct hlist_node'), 'pprev'),
        'file_system_type.fs_supers':
            drgn.offsetof(prog.type('struct file_system_type'), 'fs_supers'),
        'super_block.s_instances':
            drgn.offsetof(prog.type('struct super_block'), 's_instances'),
    }
    for name in ('PIDTYPE_PGID', 'PIDTYPE_SID'):
        value = prog.constant(name).value_()
        out['pid.tasks[%s]' % name] = drgn.offsetof(prog.type('struct pid'),
                                                    'tasks[%d]' % value)
        out['task_struct.pid_links[%s]' % name] = drgn.offsetof(
            prog.type('struct task_struct'), 'pid_links[%d]' % value)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
