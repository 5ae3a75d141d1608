#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses, made at run time from the test
dumps in PS_DUMPS (no kernel bytes are kept in the tree).

    python3 tests/fuzz/seeds.py OUTDIR BUILDDIR
writes OUTDIR/<harness>/seed-*."""
import os
import re
import struct
import subprocess
import sys
import zlib

DUMPS = os.environ.get('PS_DUMPS', '')
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
PS_BIN = os.environ.get('PS_BIN', os.path.join(TOP, 'build', 'pagescope'))


def snapshot_record_types():
    """enum ps_snapshot_record_type, from the header the reader uses."""
    with open(os.path.join(TOP, 'lib', 'snapshot', 'format.h')) as f:
        body = re.search(r'enum ps_snapshot_record_type \{(.*?)\};', f.read(), re.S).group(1)
    names, value = {}, 0
    for m in re.finditer(r'^\s*(PS_SNAP_\w+)(?:\s*=\s*(\d+))?', body, re.M):
        value = int(m.group(2)) if m.group(2) else value + 1
        names[m.group(1)] = value
    return names


_TYPES = snapshot_record_types()
SNAP_MEMMAP, SNAP_EXTENTS, SNAP_INDEX = (_TYPES['PS_SNAP_MEMMAP'], _TYPES['PS_SNAP_EXTENTS'],
                                         _TYPES['PS_SNAP_INDEX'])


def elf_notes(path):
    with open(path, 'rb') as f:
        h = f.read(64)
        phoff, = struct.unpack_from('<Q', h, 32)
        phnum, = struct.unpack_from('<H', h, 56)
        f.seek(phoff)
        phdrs = [struct.unpack('<IIQQQQQQ', f.read(56)) for _ in range(phnum)]
        note = [p for p in phdrs if p[0] == 4][0]
        f.seek(note[2])
        return f.read(note[5])


def vmcoreinfo(notes):
    m = re.search(rb'VMCOREINFO\0+(OSRELEASE=[^\0]*)', notes)
    return m.group(1) if m else b''


def small_elf(notes, data_len=1 << 16):
    """An ELF core with the real notes and one small PT_LOAD."""
    phoff = 64
    note_off = phoff + 2 * 56
    load_off = note_off + len(notes)
    ehdr = b'\x7fELF\x02\x01\x01' + b'\0' * 9 + struct.pack(
        '<HHIQQQIHHHHHH', 4, 62, 1, 0, phoff, 0, 0, 64, 56, 2, 64, 0, 0)
    ph = struct.pack('<IIQQQQQQ', 4, 0, note_off, 0, 0, len(notes), len(notes), 0)
    ph += struct.pack('<IIQQQQQQ', 1, 7, load_off, 0xffff888000000000, 0,
                      data_len, data_len, 4096)
    return ehdr + ph + notes + bytes(range(256)) * (data_len // 256)


def small_kdump(notes, pages=4):
    """A kdump file: header, sub-header, the real notes, two bitmap blocks,
    @pages uncompressed pages."""
    bs = 4096
    hdr = bytearray(bs)
    hdr[0:8] = b'KDUMP   '
    struct.pack_into('<i', hdr, 8, 6)
    hdr[12 + 130:12 + 136] = b'x86_64'
    struct.pack_into('<IiiIIIIIIi', hdr, 424, 0, bs, 2, 2, 64, 0, 0, 0, 0, 1)
    note_off = 2 * bs
    sub_fields = struct.pack('<QiiQQQQQQQQQQQ', 0, 1, 0, 0, 0, 0, 0, note_off,
                             len(notes), 0, 0, 0, 0, 64)
    # sub_hdr_size 2 blocks: the second holds the notes (padded)
    body = bytes(hdr) + bytes(sub_fields) + b'\0' * (bs - len(sub_fields))
    body += notes[:bs] + b'\0' * (bs - min(len(notes), bs))
    bitmap = bytearray(2 * bs)
    for i in range(pages):
        bitmap[i // 8] |= 1 << (i % 8)
        bitmap[bs + i // 8] |= 1 << (i % 8)
    body += bytes(bitmap)
    data_off = len(body) + 24 * pages
    descs = b''.join(struct.pack('<QIIQ', data_off + i * bs, bs, 0, 0) for i in range(pages))
    return body + descs + bytes(range(256)) * (pages * bs // 256)


def bzimage(payload, size):
    """A boot header (setup_sects 1, protocol 2.15) in front of @payload,
    then the uncompressed @size as the kernel build appends it."""
    img = bytearray(1024 + 0x40)
    img[0x1f1] = 1
    img[0x202:0x206] = b'HdrS'
    struct.pack_into('<HII', img, 0x206, 0x20f, 0, 0)
    struct.pack_into('<II', img, 0x248, 0x40, len(payload) + 4)
    return bytes(img) + payload + struct.pack('<I', size)


def lz4_literals(data):
    """One LZ4 legacy frame whose one block is all literals."""
    n, ext = len(data), b''
    if n >= 15:
        rest = n - 15
        ext = b'\xff' * (rest // 255) + bytes([rest % 255])
    block = bytes([min(n, 15) << 4]) + ext + data
    return struct.pack('<II', 0x184c2102, len(block)) + block


def bzimage_seeds(outdir, elf):
    import gzip
    write(outdir, 'bzimage', 'gzip', bzimage(gzip.compress(elf), len(elf)))
    write(outdir, 'bzimage', 'lz4', bzimage(lz4_literals(elf), len(elf)))


def kallsyms_image_seed(nr=300):
    """kallsyms tables in the order before v6.4 as a kernel's .rodata holds
    them (8-byte aligned at 0xffffffff82000000): offsets, base, count,
    names, markers, token table, token index. Token i is the character i."""
    out = bytearray(b'\xa5' * 64)
    pad = lambda: out.extend(bytes(-len(out) % 8))
    pad()
    out += b''.join(struct.pack('<I', 16 * i) for i in range(nr))
    pad()
    out += struct.pack('<Q', 0xffffffff81000000)
    out += struct.pack('<I', nr)
    pad()
    names, markers = len(out), []
    for i in range(nr):
        if i % 256 == 0:
            markers.append(len(out) - names)
        name = b'T_stext' if i == 0 else b'Tsym%d' % i
        out += bytes([len(name)]) + name
    pad()
    out += b''.join(struct.pack('<I', m) for m in markers)
    pad()
    table, index = len(out), []
    for i in range(256):
        index.append(len(out) - table)
        out += bytes([i or ord('z'), 0])
    pad()
    out += b''.join(struct.pack('<H', x) for x in index)
    return bytes(out)


def fake_ptr(off):
    """A pointer the fake target's fake_fill() turns into FAKE_BASE + off."""
    return struct.pack('<Q', (1 << 56) | (off >> 3))


def put(img, off, data):
    img[off:off + len(data)] = data


def modsyms_seed():
    """The modules list of tests/unit/test_modsyms.c as fuzz_modsyms lays
    it out: the head at 0, two struct modules (list @8, name @24,
    kallsyms @96), their mod_kallsyms, Elf64_Syms and string tables."""
    img = bytearray(0x600)
    mods = [(0x100, b'alpha', [(b'fn_a', 1, 0xffffffffc0001000, 0x40), (b'printk', 0, 0, 0)]),
            (0x300, b'beta', [(b'fn_c', 1, 0xffffffffc0010000, 0x100), (b'data', 3, 0xffffffffc0012000, 0x18)])]
    put(img, 0, fake_ptr(0x108) + fake_ptr(0x308))
    put(img, 0x108, fake_ptr(0x308) + fake_ptr(0))
    put(img, 0x308, fake_ptr(0) + fake_ptr(0x108))
    for mod, name, syms in mods:
        ks, tab, strtab = mod + 0x70, mod + 0x90, mod + 0x140
        put(img, mod + 24, name + b'\0')
        put(img, mod + 96, fake_ptr(ks))
        put(img, ks, fake_ptr(tab) + struct.pack('<I', len(syms)) + b'\0' * 4 + fake_ptr(strtab))
        pos = 1
        for i, (sym, shndx, value, size) in enumerate(syms):
            put(img, tab + 24 * i, struct.pack('<IHHQQ', pos, 0, shndx, value, size))
            put(img, strtab + pos, sym + b'\0')
            pos += len(sym) + 1
    return bytes(img)


def mapping_kinds():
    """enum ps_mapping_kind, from the header the harness uses."""
    with open(os.path.join(TOP, 'lib', 'walk', 'page.h')) as f:
        body = re.search(r'enum ps_mapping_kind \{(.*?)\};', f.read(), re.S).group(1)
    return {m: i for i, m in enumerate(re.findall(r'^\s*(PS_MAPPING_\w+)', body, re.M))}


def owners_seed(kind, mapping_off, mapping_low):
    """fuzz_owners' memory: a kmem_cache at 0, an anon_vma at 0x100 whose
    chain leads to a task, an address_space at 0x200 whose inode has a
    dentry and a super_block. The first 8 bytes are the struct page."""
    img = bytearray(0xe00)
    img[0:8] = bytes([5, 1, kind, 0, 1, 0, mapping_off >> 8, mapping_low])
    put(img, 96, fake_ptr(0x80))
    put(img, 0x80, b'dentry\0')
    put(img, 0x100 + 80 + 8, fake_ptr(0xa20))      # rb_root_cached.rb_leftmost
    put(img, 0xa00, fake_ptr(0xb00))               # anon_vma_chain.vma
    put(img, 0xb00 + 16, fake_ptr(0xc00))          # vm_mm
    put(img, 0xc00 + 64, fake_ptr(0xd00))          # mm->owner
    put(img, 0xd00 + 100, struct.pack('<I', 1234))
    put(img, 0xd00 + 200, b'bash\0')
    put(img, 0x200, fake_ptr(0x400))               # host
    put(img, 0x400 + 40, fake_ptr(0x700))          # i_sb
    put(img, 0x400 + 64, struct.pack('<Q', 42))
    put(img, 0x400 + 304, fake_ptr(0x8b0))         # i_dentry.first: d_alias
    put(img, 0x700 + 32, b'vda1\0')
    put(img, 0x800 + 24, fake_ptr(0x800))          # d_parent: a root
    put(img, 0x800 + 32 + 8, fake_ptr(0x900))      # d_name.name
    put(img, 0x900, b'file.txt\0')
    return bytes(img)


def pgtable_seed(levels):
    """A tree for fuzz_pgtable: byte 0 picks the levels, then 4 KiB pages
    from pfn 0, each table one level down: table entries (present, rw,
    user, accessed, dirty: 0x67), a 1 GiB and a 2 MiB leaf (0xe7), one
    entry past the pages and one back to the top."""
    pages = [bytearray(4096) for _ in range(levels)]
    for lvl in range(levels - 1):
        struct.pack_into('<Q', pages[lvl], 0, ((lvl + 1) << 12) | 0x67)
    struct.pack_into('<Q', pages[levels - 3], 8, 0x40000000 | 0xe7)
    struct.pack_into('<Q', pages[levels - 2], 8, 0x200000 | 0xe7)
    struct.pack_into('<Q', pages[levels - 2], 16, (40 << 12) | 0x67)
    struct.pack_into('<Q', pages[levels - 2], 24, 0x67)
    struct.pack_into('<Q', pages[levels - 1], 0, (7 << 12) | 0x67)
    return bytes([1 if levels == 5 else 0]) + b''.join(pages)


def write(outdir, harness, name, data):
    d = os.path.join(outdir, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'seed-' + name), 'wb') as f:
        f.write(data)


def btf_seed(builddir):
    obj = os.path.join(builddir, 'seed_types.o')
    btf = os.path.join(builddir, 'seed_types.btf')
    subprocess.run(['gcc', '-g', '-c', os.path.join(HERE, 'seed_types.c'), '-o', obj], check=True)
    subprocess.run(['pahole', '-J', obj], check=True, capture_output=True)
    subprocess.run(['objcopy', '--dump-section', '.BTF=' + btf, obj], check=True)
    with open(btf, 'rb') as f:
        return f.read()


def dwarf_seed(builddir):
    """seed_types.c linked (an object file's DWARF needs its relocations,
    which a vmlinux has applied), only its debug sections kept."""
    so = os.path.join(builddir, 'seed_types.so')
    dbg = os.path.join(builddir, 'seed_types.debug')
    subprocess.run(['gcc', '-g', '-shared', '-nostdlib', os.path.join(HERE, 'seed_types.c'),
                    '-o', so], check=True)
    subprocess.run(['objcopy', '--only-keep-debug', so, dbg], check=True)
    with open(dbg, 'rb') as f:
        return f.read()


def snapshot_seed(builddir, kernel):
    """A real snapshot cut below the fuzzer's input size: every record but
    the memory read outside the memory map (emptied) and all but the
    smallest memory map section, with a new index and trailer. One
    section decompresses to megabytes: each more halved the executions."""
    full = os.path.join(builddir, 'seed-%s.pss' % kernel)
    d = os.path.join(DUMPS, kernel)
    subprocess.run([PS_BIN, 'save', '-o', full, '-k', os.path.join(d, 'vmlinux'),
                    os.path.join(d, 'vmcore.elf')], check=True, capture_output=True)
    data = open(full, 'rb').read()
    index_off = struct.unpack('<Q', data[-16:-8])[0]
    kind, flags, raw, stored, _, _ = struct.unpack(HEADER, data[index_off:index_off + HEADER_LEN])
    index = data[index_off + HEADER_LEN:index_off + HEADER_LEN + stored]
    if flags & 1:
        index = zstandard_decompress(index)
    entries = [struct.unpack('<IIQQQ', index[i:i + 32]) for i in range(0, len(index), 32)]
    memmaps = sorted((e for e in entries if e[0] == SNAP_MEMMAP), key=lambda e: record_len(data, e[4]))
    keep = [e for e in entries if e[0] not in (SNAP_MEMMAP, SNAP_EXTENTS)] + memmaps[:1]
    out, new_index = bytearray(data[:data.index(b'\n') + 1]), b''
    for kind, _, key, key_len, off in keep:
        new_index += struct.pack('<IIQQQ', kind, 0, key, key_len, len(out))
        out += data[off:off + record_len(data, off)]
    new_index += struct.pack('<IIQQQ', SNAP_EXTENTS, 0, 0, 0, len(out))
    out += stored_record(SNAP_EXTENTS, struct.pack('<Q', 0))
    index_off = len(out)
    out += stored_record(SNAP_INDEX, new_index)
    return bytes(out + struct.pack('<Q', index_off) + b'PSSNAPIX')


# struct ps_snapshot_record_header: type, flags, raw and stored length, CRC-32.
HEADER, HEADER_LEN = '<IIQQII', 32


def stored_record(kind, payload):
    """A record stored as it is (flags 0), its CRC as the reader checks it."""
    head = struct.pack(HEADER, kind, 0, len(payload), len(payload), 0, 0)
    crc = zlib.crc32(payload, zlib.crc32(head))
    return struct.pack(HEADER, kind, 0, len(payload), len(payload), crc, 0) + payload


def record_len(data, off):
    return HEADER_LEN + struct.unpack('<Q', data[off + 16:off + 24])[0]


def zstandard_decompress(blob):
    return subprocess.run(['zstd', '-d', '-c'], input=blob, check=True,
                          capture_output=True).stdout


def main():
    outdir, builddir = sys.argv[1], sys.argv[2]
    os.makedirs(builddir, exist_ok=True)
    for kernel in ('6.1', '6.12', '5.10', '7.2'):
        elf = os.path.join(DUMPS, kernel, 'vmcore.elf')
        if not os.path.exists(elf):
            continue
        notes = elf_notes(elf)
        write(outdir, 'vmcoreinfo', kernel, vmcoreinfo(notes))
        write(outdir, 'dump_check', kernel + '-elf', small_elf(notes))
        write(outdir, 'dump_check', kernel + '-kdump', small_kdump(notes))
        smap = os.path.join(DUMPS, kernel, 'System.map')
        if os.path.exists(smap):
            with open(smap, 'rb') as f:
                # Under the fuzzer's 64 KiB input: longer seeds are cut anyway.
                write(outdir, 'kallsyms', kernel, b'\x01' + b''.join(f.readlines()[:1400]))
    for i, args in enumerate([[b'summary', b'-j'], [b'pages', b'-5-10'],
                              [b'page', b'0x1000', b'-k', b'vmlinux', b'vmcore'],
                              [b'list', b'--type', b'struct page', b'--member', b'lru', b'jiffies'],
                              [b'map', b'--by', b'free', b'--png', b'x.png'],
                              [b'free', b'--format=buddyinfo'], [b'-i', b'0.5']]):
        write(outdir, 'cli', str(i), b'\0'.join(args))
    ring = b''.join(struct.pack('<QQ', (1 << 56) | (((i + 1) % 3) * 2),
                                (1 << 56) | (((i + 2) % 3) * 2)) for i in range(3))
    write(outdir, 'list', 'ring', ring)
    write(outdir, 'list', 'empty', struct.pack('<QQ', 1 << 56, 1 << 56))
    write(outdir, 'page', 'zero-612', b'\x01' + b'\0' * 256)
    write(outdir, 'page', 'blank-61', b'\x00' + (b'\0' * 48 + b'\xff' * 4 + b'\0' * 12) * 4)
    write(outdir, 'modsyms', 'two-modules', modsyms_seed())
    kinds = mapping_kinds()
    write(outdir, 'owners', 'anon', owners_seed(kinds['PS_MAPPING_ANON'], 0x100, 1))
    write(outdir, 'owners', 'file', owners_seed(kinds['PS_MAPPING_FILE'], 0x200, 0))
    write(outdir, 'btf', 'seed-types', btf_seed(builddir))
    write(outdir, 'dwarf', 'seed-types', dwarf_seed(builddir))
    # An ELF64 header and nothing else: what follows is the fuzzer's.
    bzimage_seeds(outdir, b'\x7fELF\x02\x01\x01' + bytes(57))
    write(outdir, 'snapshot', '6.12', snapshot_seed(builddir, '6.12'))
    write(outdir, 'kallsyms_image', 'before-v6.4', kallsyms_image_seed())
    write(outdir, 'pgtable', '4-level', pgtable_seed(4))
    write(outdir, 'pgtable', '5-level', pgtable_seed(5))


if __name__ == '__main__':
    main()
