#!/usr/bin/python3
"""The work of `pagescope frag`, written as a careful drgn user would:
struct pages read in bulk, a whole memory section per read, decoded from
the buffer; pages per flag and per gigablock; then the buddy free lists
walked with drgn's list helpers. Prints its phases' times for make bench.

Usage: drgn_frag.py VMLINUX VMCORE (a QEMU ELF dump with VMCOREINFO, or a
kdump-compressed one, read through drgn's libkdumpfile support)
"""
import struct
import sys
import time

from drgn import Program, offsetof
from drgn.helpers.linux.list import list_for_each_entry

# x86_64's kernel image mapping, which QEMU's physical-only ELF lacks.
START_KERNEL_MAP = 0xffffffff80000000


def parse_vmcoreinfo(text):
    return dict(l.split('=', 1) for l in text.split('\n') if '=' in l)


# struct disk_dump_header: block_size follows signature, header_version,
# new_utsname and timeval; struct kdump_sub_header starts one block in,
# offset_vmcoreinfo and size_vmcoreinfo its 6th and 7th fields.
KDUMP_BLOCK_SIZE_OFFSET = 428
KDUMP_SUB_HEADER = '<QiiQQQQ'


def kdump_vmcoreinfo(f):
    f.seek(KDUMP_BLOCK_SIZE_OFFSET)
    block_size, = struct.unpack('<i', f.read(4))
    f.seek(block_size)
    sub = struct.unpack(KDUMP_SUB_HEADER, f.read(struct.calcsize(KDUMP_SUB_HEADER)))
    f.seek(sub[5])
    return parse_vmcoreinfo(f.read(sub[6]).decode(errors='replace'))


def is_kdump(path):
    with open(path, 'rb') as f:
        return f.read(8) == b'KDUMP   '


def vmcoreinfo(path):
    """The VMCOREINFO of a kdump file or the note of an ELF core, as a dict."""
    with open(path, 'rb') as f:
        if f.read(8) == b'KDUMP   ':
            return kdump_vmcoreinfo(f)
        f.seek(0)
        hdr = f.read(64)
        phoff, = struct.unpack_from('<Q', hdr, 32)
        phentsize, phnum = struct.unpack_from('<HH', hdr, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        for i in range(phnum):
            p_type, _, p_offset, _, _, p_filesz = struct.unpack_from('<IIQQQQ', ph, i * phentsize)
            if p_type != 4:
                continue
            f.seek(p_offset)
            data, pos = f.read(p_filesz), 0
            while pos + 12 <= len(data):
                namesz, descsz, _ = struct.unpack_from('<III', data, pos)
                pos += 12
                name = data[pos:pos + namesz].rstrip(b'\0')
                pos += (namesz + 3) & ~3
                desc = data[pos:pos + descsz]
                pos += (descsz + 3) & ~3
                if name == b'VMCOREINFO':
                    return parse_vmcoreinfo(desc.decode())
    raise SystemExit('no VMCOREINFO in ' + path)


def open_program(vmlinux, vmcore):
    vi = vmcoreinfo(vmcore)
    prog = Program()
    prog.set_core_dump(vmcore)
    if is_kdump(vmcore):  # libkdumpfile maps the kernel itself
        prog.load_debug_info([vmlinux])
        return prog, vi
    phys_base = int(vi['NUMBER(phys_base)'])

    def read_kernel(address, count, offset, physical):
        return prog.read(address - START_KERNEL_MAP + phys_base, count, True)

    prog.add_memory_segment(START_KERNEL_MAP, int(vi['NUMBER(KERNEL_IMAGE_SIZE)']),
                            read_kernel, False)
    prog.load_debug_info([vmlinux])
    return prog, vi


def sections(prog, vi):
    """(section number, address of its first struct page) of present sections."""
    page_size = prog.type('struct page').size
    shift = int(vi['NUMBER(SECTION_SIZE_BITS)']) - 12
    roots = int(vi['LENGTH(mem_section)'])
    per_root = 4096 // prog.type('struct mem_section').size
    last_bit = prog['SECTION_MAP_LAST_BIT'].value_()
    present = 1 << prog['SECTION_MARKED_PRESENT_BIT'].value_()
    mem_section = prog['mem_section']
    for r in range(roots):
        root = mem_section[r]
        if not root.value_():
            continue
        for i in range(per_root):
            raw = root[i].section_mem_map.value_()
            if raw & present:
                nr = r * per_root + i
                coded = raw & ~((1 << last_bit) - 1)
                yield nr, (coded + (nr << shift) * page_size) & (2**64 - 1), 1 << shift


def walk_pages(prog, vi):
    """Pages per flag bit, and free and in-use pages per gigablock."""
    page_size = prog.type('struct page').size
    words = page_size // 8
    flags_w = offsetof(prog.type('struct page'), 'flags') // 8
    type_w = offsetof(prog.type('struct page'), 'page_type') // 8
    private_w = offsetof(prog.type('struct page'), 'private') // 8
    buddy = prog['PGTY_buddy'].value_() << 24
    per_flag = [0] * 64
    gigablocks = {}
    for nr, memmap, count in sections(prog, vi):
        data = prog.read(memmap, count * page_size)
        u64 = memoryview(data).cast('Q')
        flags = u64[flags_w::words]
        first_pfn = nr * count
        free_until = 0
        gb = gigablocks.setdefault(first_pfn >> 18, [0, 0])
        for i, f in enumerate(flags):
            while f:
                low = f & -f
                per_flag[low.bit_length() - 1] += 1
                f ^= low
            word = u64[i * words + type_w]
            if (word & 0xffffffff) >> 24 == buddy >> 24:
                free_until = i + (1 << u64[i * words + private_w])
            if i < free_until:
                gb[0] += 1
            else:
                gb[1] += 1
    return per_flag, gigablocks


def walk_free_lists(prog):
    blocks = 0
    nr_online = prog['nr_online_nodes'].value_()
    for nid in range(nr_online):
        pgdat = prog['node_data'][nid]
        for zone in pgdat.node_zones:
            if not zone.present_pages:
                continue
            for area in zone.free_area:
                for free_list in area.free_list:
                    for _ in list_for_each_entry('struct page', free_list.address_of_(),
                                                 'buddy_list'):
                        blocks += 1
    return blocks


def main():
    t0 = time.time()
    prog, vi = open_program(sys.argv[1], sys.argv[2])
    t1 = time.time()
    per_flag, gigablocks = walk_pages(prog, vi)
    t2 = time.time()
    blocks = walk_free_lists(prog)
    t3 = time.time()
    pages = sum(a + b for a, b in gigablocks.values())
    print('open %.4f' % (t1 - t0))
    print('walk %.4f %d %.0f' % (t2 - t1, pages, pages / (t2 - t1)))
    print('free-lists %.4f %d' % (t3 - t2, blocks))
    print('gigablocks %d free %d' % (len(gigablocks), sum(a for a, _ in gigablocks.values())))


if __name__ == '__main__':
    main()
