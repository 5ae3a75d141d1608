#!/usr/bin/env python3
"""The kernel's own allocation records of a page (`page`'s page_owner and
alloc_tag): absent, and said why, on Debian's kernels (their configs have
CONFIG_PAGE_OWNER and CONFIG_MEM_ALLOC_PROFILING off); on the 6.12-owner
dump (make owner-dumps: Debian's 6.12 source built with both, booted with
page_owner=on) held to what the guest's kernel wrote before the dump:

- page_owner's record of each page fm_plant_vmalloc() allocated
  (truth/page_owner.txt, read from /sys/kernel/debug/page_owner): order,
  pid, and the allocating stack frame by frame, which holds
  fm_plant_vmalloc [faultmod];
- the code tag of those pages: faultmod.c at the line /proc/allocinfo
  (truth/allocinfo) names for func:fm_plant_vmalloc;
- owners --by tag against /proc/allocinfo (check_tag_counts() says the
  bound and why).

Its kernel is built on demand, not by `make dumps` (make owner-dumps: an
hour); once it is in the cache, `make dumps` makes its dump. Without the
kernel its checks are one TAP SKIP that says so; with the kernel built
and no dump they fail."""
import os
import re
import sys

import common
from common import Tap

OWNER = '6.12-owner'


def config_lacks(kernel, option):
    path = os.path.join(common.DUMPS, 'kernels', kernel.split('-')[0], 'config')
    with open(path) as f:
        text = f.read()
    return not re.search(r'^CONFIG_%s=y' % option, text, re.M)


def check_absent(t, kernel):
    j = common.run_json(['page', '0x1000'] + common.on(kernel))
    for key, option in (('page_owner', 'PAGE_OWNER'), ('alloc_tag', 'MEM_ALLOC_PROFILING')):
        if not config_lacks(kernel, option):
            t.ok(False, '%s: config has CONFIG_%s, not a dump of this test' % (kernel, option))
            continue
        t.eq((j.get(key, 'missing'), j.get(key + '_note')),
             (None, 'n/a: kernel built without CONFIG_%s' % option),
             '%s: page %s is null, n/a without CONFIG_%s' % (kernel, key, option))


def check_no_tags(t, kernel):
    status, out, err = common.run(['owners', '--by', 'tag'] + common.on(kernel))
    t.eq((status, out, err.strip()),
         (1, '', 'pagescope owners: n/a: kernel built without CONFIG_MEM_ALLOC_PROFILING'),
         '%s: owners --by tag: one line saying why not, status 1' % kernel)


def allocinfo():
    """{(file, line, function): bytes} of truth/allocinfo."""
    out = {}
    for line in common.truth_text(OWNER, 'allocinfo').splitlines():
        m = re.match(r'\s*(\d+)\s+\d+\s+(\S+):(\d+)\s.*func:(\S+)', line)
        if m:
            out[(m.group(2), int(m.group(3)), m.group(4))] = int(m.group(1))
    return out


# The paths a user process's memory comes through: anonymous faults, tmpfs
# files, their slabs and page tables.
PROCESS_TAGS = {'folio_prealloc', 'alloc_anon_folio', 'shmem_alloc_folio',
                'alloc_slab_page', 'pte_alloc_one', '__pte_alloc', 'pmd_alloc_one'}


def capture_buffer():
    """The bytes dumps/workload/capture.c faults in and locks for its
    archive before reading: 3 * 8 * max_pfn + 32 MiB, max_pfn from the
    guest's /proc/iomem as it reads it."""
    top = 0
    for line in common.truth_text(OWNER, 'iomem').splitlines():
        m = re.match(r'\s*([0-9a-f]+)-([0-9a-f]+) : System RAM$', line)
        if m:
            top = max(top, int(m.group(2), 16) + 1)
    return 3 * 8 * (top // 4096) + (32 << 20)


def check_tag_counts(t):
    """owners --by tag against /proc/allocinfo. allocinfo's bytes of a tag
    are its live page allocations plus whatever else was allocated under
    it (slab objects, the page arrays of vmalloc): so pages * 4096 is at
    most its bytes, for every tag. The planted vmalloc area's tag holds its
    16 pages exactly (its bytes add the 128-byte page array, allocated
    under the same tag, below a page).
    One mechanism moves tags after allocinfo is read (dumps/guest/
    owner-capture reads it just before the capture): the capture process
    faults in and locks its archive buffer (capture_buffer()), anonymous
    memory, before it reads the truth, and holds it while the host dumps
    the guest. So the tags above allocinfo are a process's paths
    (PROCESS_TAGS), and their excess is that buffer plus 1 MiB for the
    capture's slabs, page tables and tmpfs writes (on 2026-12-07: 65396736
    bytes over, the buffer 65011712)."""
    j = common.run_json(['owners', '--by', 'tag'] + common.on(OWNER))
    info = allocinfo()
    rows = {(r['file'], r['line'], r['function']): r for r in j['tags']}
    t.ok(j['orders_known'] and len(rows) >= 50,
         '%s: owners --by tag: %d tags, orders from page_owner' % (OWNER, len(rows)))
    missing = sorted(k for k in rows if k not in info)
    t.ok(not missing, '%s: every tag holding pages is one /proc/allocinfo lists' % OWNER,
         '\n'.join(map(str, missing[:20])))
    over = {k: rows[k]['pages'] * 4096 - info[k] for k in rows
            if k in info and rows[k]['pages'] * 4096 > info[k]}
    lines = ['%s:%d %s: %d pages, allocinfo %d bytes' % (k + (rows[k]['pages'], info[k]))
             for k in over]
    t.ok(all(k[2] in PROCESS_TAGS for k in over),
         '%s: pages * 4096 <= allocinfo bytes for %d of %d tags, the others a process\'s '
         'paths (the capture ran after allocinfo was read)' % (OWNER, len(rows) - len(over), len(rows)),
         '\n'.join(lines))
    limit = capture_buffer() + (1 << 20)
    t.ok(sum(over.values()) <= limit,
         '%s: those tags hold %d bytes over allocinfo, at most the capture\'s buffer + 1 MiB '
         '(%d)' % (OWNER, sum(over.values()), limit), '\n'.join(lines))
    fm = [k for k in rows if k[2] == 'fm_plant_vmalloc']
    t.ok(len(fm) == 1 and rows[fm[0]]['pages'] == 16 and info.get(fm[0], 0) // 4096 == 16,
         '%s: fm_plant_vmalloc\'s tag holds its 16 pages, allocinfo bytes / 4096 == 16'
         % OWNER, repr([(rows[k], info.get(k)) for k in fm]))


def frame_key(frame):
    """'fm_plant_vmalloc+0x41/0x50 [faultmod]' and our
    'fm_plant_vmalloc+0x41 [faultmod]' -> the same words."""
    return re.sub(r'(\+0x[0-9a-f]+)/0x[0-9a-f]+', r'\1', frame.strip())


def page_owner_truth():
    """{pfn: {'order', 'pid', 'stack'}} of truth/page_owner.txt."""
    out, cur = {}, None
    for line in common.truth_text(OWNER, 'page_owner.txt').splitlines():
        m = re.match(r'== pfn (0x[0-9a-f]+)', line)
        if m:
            cur = {'want': int(m.group(1), 16), 'stack': []}
            out[cur['want']] = cur
            continue
        m = re.match(r'Page allocated via order (\d+), mask (0x[0-9a-f]+).*pid (-?\d+)', line)
        if m and cur is not None:
            cur.update(order=int(m.group(1)), gfp=int(m.group(2), 16), pid=int(m.group(3)))
            continue
        m = re.match(r'PFN (0x[0-9a-f]+|\d+) ', line)
        if m and cur is not None:
            cur['pfn'] = int(m.group(1), 0)
            continue
        if cur is not None and line.startswith(' ') and line.strip():
            cur['stack'].append(frame_key(line))
    return out


def allocinfo_tag(function):
    """(file, line) /proc/allocinfo gives the tag of @function."""
    for line in common.truth_text(OWNER, 'allocinfo').splitlines():
        m = re.match(r'\s*\d+\s+\d+\s+(\S+):(\d+)\s.*func:(\S+)', line)
        if m and m.group(3) == function:
            return m.group(1), int(m.group(2))
    return None


def planted_pfns():
    return [int(line.split()[1], 16)
            for line in common.truth_text(OWNER, 'faultmod.txt').splitlines()
            if line.startswith('plant.vmalloc.pfn ')]


def check_owner_dump(t):
    pfns = planted_pfns()
    truth = page_owner_truth()
    t.ok(len(pfns) >= 8 and sorted(truth) == sorted(pfns),
         '%s: the truth has page_owner records of the %d planted vmalloc pages' % (OWNER, len(pfns)),
         'planted %r\nrecords %r' % (pfns, sorted(truth)))
    tag = allocinfo_tag('fm_plant_vmalloc')
    t.ok(tag is not None and tag[0].endswith('faultmod.c'),
         '%s: /proc/allocinfo names fm_plant_vmalloc\'s call in faultmod.c' % OWNER, repr(tag))
    bad_owner, bad_stack, bad_tag = [], [], []
    for pfn in pfns:
        j = common.run_json(['page', '%#x' % pfn] + common.on(OWNER))
        po, want = j.get('page_owner'), truth.get(pfn, {})
        if not po or want.get('pfn') != pfn:
            bad_owner.append('%#x: %r (truth %r)' % (pfn, j.get('page_owner_note'), want))
            continue
        if (po['allocated'], po['order'], po['pid'], int(po['gfp_mask'], 16)) != \
                (True, want.get('order'), want.get('pid'), want.get('gfp')):
            bad_owner.append('%#x: %r, truth %r' % (pfn, po, want))
        stack = [frame_key(f) for f in po['stack']]
        if stack != want['stack'] or not any(
                f.startswith('fm_plant_vmalloc+') and f.endswith('[faultmod]') for f in stack):
            bad_stack.append('%#x: %r\ntruth %r' % (pfn, stack, want['stack']))
        at = j.get('alloc_tag') or {}
        if tag is None or (at.get('file'), at.get('line'), at.get('function'), at.get('module')) \
                != (tag[0], tag[1], 'fm_plant_vmalloc', 'faultmod'):
            bad_tag.append('%#x: %r (%r)' % (pfn, at, j.get('alloc_tag_note')))
    t.ok(not bad_owner, '%s: page_owner of the %d planted pages: allocated, order, pid and gfp '
         'as /sys/kernel/debug/page_owner says' % (OWNER, len(pfns)), '\n'.join(bad_owner))
    t.ok(not bad_stack, '%s: their stacks are the kernel\'s frame by frame, through '
         'fm_plant_vmalloc [faultmod]' % OWNER, '\n'.join(bad_stack))
    t.ok(not bad_tag, '%s: their code tag is faultmod.c:%s fm_plant_vmalloc [faultmod], '
         'as /proc/allocinfo' % (OWNER, tag and tag[1]), '\n'.join(bad_tag))
    status, out, _ = common.run(['page', '%#x' % pfns[0]] + common.on(OWNER))
    t.ok(status == 0 and re.search(r'^  stack      .*\n(?:             .*\n)*', out, re.M)
         and 'fm_plant_vmalloc+' in out and re.search(r'^alloc tag    \S*faultmod\.c:\d+ fm_plant_vmalloc \[faultmod\]$', out, re.M),
         '%s: page prints the stack and the code tag' % OWNER, out)


def main():
    t = Tap()
    for kernel in common.kernels_of(common.ALL_KERNELS):
        check_absent(t, kernel)
        check_no_tags(t, kernel)
    if common.kernels_of([OWNER]):
        if os.path.exists(common.vmcore(OWNER, 'elf')):
            check_owner_dump(t)
            check_tag_counts(t)
        elif os.path.exists(os.path.join(common.DUMPS, 'kernels', OWNER, 'image.stamp')):
            t.ok(False, '%s: its kernel is built but the dump is missing: make owner-dumps' % OWNER)
        else:
            t.ok(True, '%s: # SKIP no 6.12-owner kernel in %s: make owner-dumps builds it (an hour)'
                 % (OWNER, common.DUMPS))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
