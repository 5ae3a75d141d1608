#!/usr/bin/env python3
"""The fields page->flags keeps above the flags (node, zone, last_cpupid,
the multi-gen LRU generation, refs and tier), as `page` derives them from the
type info, held to the dump: every folio on a lruvec->lrugen.folios[gen]
list (walked by `list`, validated like CONFIG_DEBUG_LIST) must carry gen + 1
in its generation field, with the shifts `page -j` reports; sampled folios
must say the same through `page` itself. Kernels without the multi-gen LRU
say n/a; kernels with it switched off have every generation field 0."""
import json
import os
import re
import shutil
import struct
import sys

import common
from common import Tap

SAMPLE = 4


def page(kernel, pfn):
    return common.run_json(['page', str(pfn)] + common.on(kernel))


def spread(seq, n=SAMPLE):
    seq = list(seq)
    if len(seq) <= n:
        return seq
    return [seq[i * (len(seq) - 1) // (n - 1)] for i in range(n)]


def field(flags, f):
    return (flags >> f['shift']) & ((1 << f['width']) - 1)


def lrugen_offsets(items):
    """lruvec.lrugen and the folios[][][] array: struct lru_gen_folio, or
    v6.1's lru_gen_struct."""
    for t in ('struct lru_gen_folio', 'struct lru_gen_struct'):
        f = items.get('member %s.folios' % t)
        if f and f['present']:
            return items['member struct lruvec.lrugen']['value'], f
    return None, None


def walk_lruvec(kernel, lruvec, items, nr_types, nr_zones):
    """{struct page address: gen} of every folio on the lruvec's lists."""
    lrugen, folios = lrugen_offsets(items)
    out, intact = {}, True
    for gen in range(folios['nr_elems']):
        for typ in range(nr_types):
            for zone in range(nr_zones):
                head = lruvec + lrugen + folios['value'] + ((gen * nr_types + typ) * nr_zones + zone) * 16
                doc = common.run_json(['list', hex(head), '--type', 'struct page', '--member', 'lru']
                                      + common.on(kernel))
                intact = intact and doc['intact']
                for e in doc['entries']:
                    out[int(e['container'], 16)] = gen
    return out, intact


def check_kernel(t, kernel):
    items = common.layout_items(common.run_json(['layout'] + common.on(kernel)))
    pages = common.run_json(['pages'] + common.on(kernel))['pages']
    lru_bit = 1 << items['enum pageflags.PG_lru']['value']
    lru = [p for p in pages if int(p['flags'], 16) & lru_bit and 'T' not in p['state']]
    t.ok(lru, '%s: the dump has folios on LRU lists' % kernel)
    first = page(kernel, lru[0]['pfn'])
    ff = first['flags_fields']
    if not t.ok(ff['known'], '%s: page->flags\'s fields derived and held on every page' % kernel, ff):
        return
    # Both ends of every zone, EDGE pages each (lib/walk/flags_check.c):
    # every page of a zone shorter than that, never the whole map.
    edge = 1 << 16
    zones = [z for n in common.run_json(['summary'] + common.on(kernel))['memory']['nodes']
             for z in n['zones'] if z['spanned']]
    bound = sum(min(z['spanned'], 2 * edge) for z in zones)
    t.ok(0.9 * min(bound, len(pages)) < ff['checked_pages'] <= bound,
         '%s: the layout was checked on both ends of every zone (%d pages, at most %d)'
         % (kernel, ff['checked_pages'], bound), (ff['checked_pages'], bound, len(pages)))
    for p in spread(lru, 8):
        j = page(kernel, p['pfn'])
        t.eq((j['flags_fields']['nid'], j['nid']), (j['nid'], j['nid']),
             '%s: pfn %#x: the node field is the page\'s node' % (kernel, p['pfn']))
    lrugen, folios = lrugen_offsets(items)
    if folios is None:
        t.eq(ff['layout']['lru_gen']['width'], 0, '%s: no multi-gen LRU: no generation bits' % kernel)
        text = common.run(['page', str(lru[0]['pfn'])] + common.on(kernel))[1]
        t.ok('mglru        n/a: no multi-gen LRU' in text, '%s: page says the multi-gen LRU is absent' % kernel,
             text[:300])
        return
    gen_f = ff['layout']['lru_gen']
    t.eq(gen_f['width'], (folios['nr_elems'] + 1 - 1).bit_length(),
         '%s: order_base_2(MAX_NR_GENS + 1) generation bits' % kernel)
    stored = [field(int(p['flags_raw'], 16), gen_f) for p in pages]
    if first['lru_gen'] != 'on':
        t.eq(sum(1 for s in stored if s), 0,
             '%s: multi-gen LRU %s: every generation field is 0' % (kernel, first['lru_gen']))
        return
    lruvecs = set()
    for p in spread(lru, 12):
        j = page(kernel, p['pfn'])['flags_fields']
        if j.get('lruvec'):
            lruvecs.add(int(j['lruvec'], 16))
    t.ok(lruvecs, '%s: page names the lruvecs of LRU folios' % kernel)
    by_addr = {int(p['struct_page'], 16): p for p in pages}
    nr_zones = items['enum zone_type.__MAX_NR_ZONES']['value']
    nr_types = folios['size'] // folios['nr_elems'] // nr_zones // 16
    listed, bad, intact = 0, [], True
    for lv in sorted(lruvecs):
        walked, ok = walk_lruvec(kernel, lv, items, nr_types, nr_zones)
        intact = intact and ok
        for addr, gen in walked.items():
            p = by_addr.get(addr)
            listed += 1
            if p is None or field(int(p['flags_raw'], 16), gen_f) != gen + 1:
                bad.append((hex(addr), gen, p and field(int(p['flags_raw'], 16), gen_f)))
            elif len(bad) == 0 and listed % 997 == 1:
                j = page(kernel, p['pfn'])['flags_fields']
                if j.get('generation') != gen:
                    bad.append((hex(addr), gen, 'page says %r' % j.get('generation')))
    t.ok(intact, '%s: the lrugen lists walk intact' % kernel)
    t.ok(listed > 100, '%s: folios on the lrugen lists of %d lruvecs' % (kernel, len(lruvecs)), listed)
    t.eq(bad[:5], [], '%s: all %d listed folios carry gen + 1 in their generation field (%d disagree)' %
         (kernel, listed, len(bad)))
    text = common.run(['page', str(lru[0]['pfn'])] + common.on(kernel))[1]
    t.ok('"active" is the two youngest generations' in text and 'generation ' in text,
         '%s: page says what active means under the multi-gen LRU' % kernel, text[:600])
    check_tiers(t, kernel, items, pages, gen_f, ff['layout']['refs'])


def order_base_2(n):
    return (n - 1).bit_length() if n > 1 else 0


def tier_rule(items):
    """v6.1..v6.13 keep protected[..][..][MAX_NR_TIERS - 1], the v6.14
    workingset rework protected[..][..][MAX_NR_TIERS]."""
    ref = items['member struct lru_gen_folio.avg_refaulted']
    prot = items['member struct lru_gen_folio.protected']
    tiers = ref['size'] // ref['nr_elems'] // 8
    row = prot['size'] // prot['nr_elems'] // (ref['nr_elems'] * 8)
    return {tiers - 1: 'refs+workingset', tiers: 'referenced'}.get(row), tiers


def expected_tier(rule, tiers, flags, refs, bit):
    """lru_tier_from_refs(folio_lru_refs()) of each kernel's mm_inline.h."""
    workingset, referenced = flags & bit('workingset'), flags & bit('referenced')
    if rule == 'refs+workingset':
        return order_base_2(refs + bool(workingset) + 1)
    if workingset:
        return tiers - 1
    return order_base_2(refs + 1) if referenced else 0


def check_tiers(t, kernel, items, pages, gen_f, refs_f):
    """The tier of folios on the lists, by this kernel's rule; 7.2's
    (the v6.14 rework) is decoded too, not left out."""
    rule, tiers = tier_rule(items)
    t.ok(rule, '%s: lru_gen_folio.protected has a shape of a known tier rule' % kernel)
    def bit(name):
        return 1 << items['enum pageflags.PG_' + name]['value']
    on = [p for p in pages if 'T' not in p['state'] and field(int(p['flags_raw'], 16), gen_f)]
    # Both kinds of folio: with and without PG_referenced and PG_workingset.
    kinds = {}
    for p in on:
        f = int(p['flags_raw'], 16)
        kinds.setdefault((bool(f & bit('referenced')), bool(f & bit('workingset')),
                          field(f, refs_f)), []).append(p)
    t.ok(len(kinds) >= 2, '%s: folios of several (referenced, workingset, refs) kinds' % kernel,
         sorted(kinds))
    bad = []
    for key, group in sorted(kinds.items()):
        for p in spread(group, 2):
            f = int(p['flags_raw'], 16)
            want = expected_tier(rule, tiers, f, field(f, refs_f), bit)
            got = page(kernel, p['pfn'])['flags_fields'].get('tier')
            if got != want:
                bad.append((hex(p['pfn']), key, want, got))
    t.eq(bad, [], '%s: page gives the tier of folios of all %d kinds by the %s rule' %
         (kernel, len(kinds), rule))
    text = common.run(['page', str(on[0]['pfn'])] + common.on(kernel))[1]
    t.ok('; tier ' in text and 'tier rule is not' not in text,
         '%s: page names the tier' % kernel, text[:900])
    check_workingset(t, kernel, [p for p in on if int(p['flags_raw'], 16) & bit('workingset')])


def check_workingset(t, kernel, pages):
    """PG_workingset on a generation list: MGLRU sets it as the access
    count saturates or on a refault (lru_gen_inc_refs(), folio_inc_refs()
    before v6.14; lru_gen_refault()), never as a folio leaves an active
    list: page must not give the classic LRU's reason."""
    if not t.ok(pages, '%s: folios on generation lists with PG_workingset' % kernel):
        return
    doc = page(kernel, pages[0]['pfn'])
    f = [f for f in doc['flags_explained'] if f['name'] == 'workingset']
    t.ok(f and 'multi-gen LRU' in f[0]['meaning'] and 'shrink_active_list' not in f[0]['set_by']
         and re.search(r'\b(lru_gen_inc_refs|folio_inc_refs)\(\)', f[0]['set_by']),
         '%s: PG_workingset on a generation list is explained by the multi-gen LRU\'s rule' % kernel,
         f)


def check_patched_zone(t):
    """One struct page whose zone field names a zone that does not span
    it: page must refuse the whole layout, name that pfn, and still print
    the rest."""
    import test_lists_patch as tlp
    kernel = tlp.KERNEL
    if kernel not in common.KERNELS:
        return
    pages = common.run_json(['pages', '0x100000+1'] + common.on(kernel))['pages']
    p = pages[0]
    ff = common.run_json(['page', str(p['pfn'])] + common.on(kernel))['flags_fields']
    zone = ff['layout']['zone']
    flags = int(p['flags_raw'], 16)
    patched = flags & ~(((1 << zone['width']) - 1) << zone['shift'])	# zone 0: DMA, below 16 MiB
    copy = os.path.join(common.SCRATCH, 'vmcore-mglru.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(common.vmcore(kernel, 'elf'), copy)
    os.chmod(copy, 0o600)
    try:
        vm = tlp.Vmcore(copy)
        with open(copy, 'r+b') as f:
            f.seek(vm.file_offset(int(p['struct_page'], 16)))
            f.write(struct.pack('<Q', patched))
        args = ['-k', common.vmlinux(kernel), copy]
        status, out, err = common.run(['page', str(p['pfn'] + 1)] + args)
        want = 'flags layout not derivable: 1 of '
        t.ok(status == 0 and want in out and 'first pfn %#x' % p['pfn'] in out and 'generation' not in
             out.split('mglru', 1)[1].split('\n', 1)[0].replace('generation 0', ''),
             '%s: a struct page whose zone field lies: the layout is refused, pfn %#x named' %
             (kernel, p['pfn']), out[out.find('mglru'):][:300] + err[-300:])
        j = json.loads(common.run(['page', '-j', str(p['pfn'] + 1)] + args)[1])['flags_fields']
        t.ok(j['known'] is False and j['why'].startswith('flags layout not derivable') and 'layout' not in j,
             '%s: page -j says why and shows no field' % kernel, j)
    finally:
        os.unlink(copy)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        check_kernel(t, kernel)
    check_patched_zone(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
