"""Shared pieces of the live tests: where the live guest's output is
(PS_LIVE, made by `make live-guest`, see dumps/live/README.md) and how to
read it. TAP and the dump helpers come from tests/dump/common.py."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'dump'))
import common  # noqa: E402,F401  (re-exported for the tests)
from common import Tap  # noqa: E402,F401

LIVE = os.environ.get('PS_LIVE', os.path.join(common.DUMPS, 'live'))
OUT = os.path.join(LIVE, 'out')


def path(*names):
    return os.path.join(OUT, *names)


def text(*names):
    with open(path(*names)) as f:
        return f.read()


def exists(*names):
    return os.path.exists(path(*names))


def keyvalues(*names):
    """A file of "KEY VALUE" lines (NAME.time, churn.txt, run.txt)."""
    result = {}
    for line in text(*names).splitlines():
        k, _, v = line.partition(' ')
        result[k] = v.strip()
    return result


def timing(name):
    """NAME.time as written by `pagescope-live timed`."""
    t = keyvalues(name + '.time')
    return {'status': t['status'], 'elapsed_ms': float(t['elapsed_ms']),
            'maxrss_kb': int(t['maxrss_kb'])}


def run_json(name):
    """(status, parsed stdout or None, stderr) of a timed pagescope run."""
    status = timing(name)['status']
    try:
        out = json.loads(text(name + '.out'))
    except ValueError:
        out = None
    return status, out, text(name + '.err')


def zoneinfo(snapshot):
    """{(nid, zone): {...}} from SNAPSHOT/zoneinfo: 'free', 'spanned',
    'present', 'managed', 'start_pfn', and per CPU 'count', 'high',
    'batch' and 'threshold' (vm stats threshold) lists."""
    zones, cur = {}, None
    for line in text(snapshot, 'zoneinfo').splitlines():
        m = re.match(r'Node (\d+), zone\s+(\S+)', line)
        if m:
            cur = zones.setdefault((int(m.group(1)), m.group(2)),
                                   {'count': [], 'high': [], 'batch': [], 'threshold': []})
            continue
        if cur is None:
            continue
        m = re.match(r'\s+(pages free|spanned|present|managed|start_pfn:)\s+(\d+)$', line)
        if m:
            cur[m.group(1).replace('pages ', '').rstrip(':')] = int(m.group(2))
        m = re.match(r'\s+(count|high|batch):\s+(\d+)$', line)
        if m:
            cur[m.group(1)].append(int(m.group(2)))
        m = re.match(r'\s+vm stats threshold:\s+(\d+)$', line)
        if m:
            cur['threshold'].append(int(m.group(1)))
    return zones


def meminfo_kb(snapshot, key):
    m = re.search(r'^%s:\s+(\d+) kB' % re.escape(key), text(snapshot, 'meminfo'), re.M)
    return int(m.group(1)) if m else None


def churn_amplitude():
    """Pages the churn can hold at once (dumps/live/helper/churn.c)."""
    return int(keyvalues('churn.txt')['amplitude_pages'])


def node_of_cpu(cpu):
    """The guest's NUMA node of @cpu, from its node*/cpulist files."""
    for line in text('cpulists').splitlines():
        node, cpus = line.split()
        for part in cpus.split(','):
            lo, _, hi = part.partition('-')
            if int(lo) <= cpu <= int(hi or lo):
                return int(node)
    return None


def build_id_from_notes(data):
    """The GNU build ID in a raw ELF note section (/sys/kernel/notes)."""
    off = 0
    while off + 12 <= len(data):
        namesz, descsz, ntype = (int.from_bytes(data[off + i:off + i + 4], 'little')
                                 for i in (0, 4, 8))
        off += 12
        name = data[off:off + namesz].rstrip(b'\0')
        off += (namesz + 3) // 4 * 4
        desc = data[off:off + descsz]
        off += (descsz + 3) // 4 * 4
        if name == b'GNU' and ntype == 3:  # NT_GNU_BUILD_ID
            return desc.hex()
    return None
