"""Reading the guest's /proc/kpageflags truth and putting it in
pagescope's terms (KPF bit numbers are the kernel's user ABI,
include/uapi/linux/kernel-page-flags.h and include/linux/kernel-page-flags.h)."""
import array

KPF = dict(LOCKED=0, REFERENCED=2, UPTODATE=3, DIRTY=4, LRU=5, ACTIVE=6,
           SLAB=7, WRITEBACK=8, RECLAIM=9, BUDDY=10, MMAP=11, ANON=12,
           SWAPCACHE=13, SWAPBACKED=14, COMPOUND_HEAD=15, COMPOUND_TAIL=16,
           HUGE=17, UNEVICTABLE=18, HWPOISON=19, NOPAGE=20, KSM=21, THP=22,
           OFFLINE=23, ZERO_PAGE=24, IDLE=25, PGTABLE=26, RESERVED=32,
           MLOCKED=33, OWNER_2=34, PRIVATE=35, PRIVATE_2=36,
           OWNER_PRIVATE=37, ARCH=38)

# KPF bit -> pagescope flag name, for flags kept on a folio's head ...
HEAD_FLAGS = {'LOCKED': 'locked', 'REFERENCED': 'referenced',
              'UPTODATE': 'uptodate', 'DIRTY': 'dirty', 'LRU': 'lru',
              'ACTIVE': 'active', 'WRITEBACK': 'writeback',
              'RECLAIM': 'reclaim', 'SWAPBACKED': 'swapbacked',
              'UNEVICTABLE': 'unevictable', 'MLOCKED': 'mlocked'}
# ... and for flags kept per page.
PAGE_FLAGS = {'RESERVED': 'reserved', 'PRIVATE': 'private',
              'OWNER_PRIVATE': 'owner_priv_1', 'ARCH': 'arch_1'}


def load(path):
    a = array.array('Q')
    with open(path, 'rb') as f:
        a.frombytes(f.read())
    return a


def bit(v, name):
    return (v >> KPF[name]) & 1


def folio_level(kpf):
    """Whether kpageflags gives tails their folio's flags: PG_lru lives on
    the head only, so a tail reported on the LRU says so."""
    lru = 1 << KPF['LRU']
    tail = 1 << KPF['COMPOUND_TAIL']
    return any(v & tail and v & lru for v in kpf)


def effective(kpf, folio_level):
    """Per pfn, the flags as every page of a folio sees them.

    6.12 already reports the folio's flags on every page (folio_level);
    6.1 reports each page's own word, so tails get their head's bits here.
    """
    if folio_level:
        return kpf
    out = array.array('Q', kpf)
    head = 0
    mask = sum(1 << KPF[k] for k in HEAD_FLAGS)
    for pfn, v in enumerate(kpf):
        if bit(v, 'COMPOUND_HEAD'):
            head = v
        elif bit(v, 'COMPOUND_TAIL'):
            out[pfn] = (v & ~mask) | (head & mask)
    return out
