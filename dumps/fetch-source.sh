#!/bin/sh
# The parts of a test kernel's source that pagescope's explanations cite,
# from Debian's linux-source package of the same version: once, cached.
#
#   fetch-source.sh CACHE TAG   -> CACHE/src/TAG/{mm,include/linux,...},
#                                  CACHE/src/TAG/stamp last
#
# TAG is a kernel of kernels.conf; its source package is linux-source-MAJOR.MINOR
# at K<TAG>_VERSION, fetched through the kernel's private apt configuration
# (CACHE/apt/TAG, written when its image was fetched; the system's apt is never
# touched). Only the paths below are kept, a few MB of the 140 MB tarball:
# tests/dump/test_corpus_source.py holds the explanations to them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.conf"
die() { echo "fetch-source: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: fetch-source.sh CACHE TAG"
mkdir -p "$1"
cache=$(cd "$1" && pwd) tag=$2
pin() { eval "echo \"\${K$(echo "$tag" | tr -d .)_$1:?no $1 for kernel $tag in kernels.conf}\""; }
version=$(pin VERSION)
# "6.12.117-1~deb12u1" -> linux-source-6.12
pkg=linux-source-$(echo "$version" | cut -d. -f1-2)
dst=$cache/src/$tag

# What the corpus, set_by and --explain cite: mm/, the headers of mm and of
# page flags, the few files of fs/, arch/x86/, kernel/ and lib/ that set a page
# flag, read them for /proc or fill VMCOREINFO. Tar wildcards, matched against
# the whole path.
keep='mm/*
include/linux/mm*.h
include/linux/page*.h
include/linux/pagemap.h
include/linux/pagevec.h
include/linux/folio_queue.h
include/linux/swap*.h
include/linux/rmap.h
include/linux/huge_mm.h
include/linux/hugetlb*.h
include/linux/memcontrol.h
include/linux/migrate*.h
include/linux/ksm.h
include/linux/gfp*.h
include/linux/slab.h
include/linux/list_lru.h
include/linux/vmstat.h
include/linux/memory_hotplug.h
include/linux/bit_spinlock.h
include/linux/writeback.h
include/linux/buffer_head.h
include/linux/netfs.h
include/linux/fscache.h
include/trace/events/mmflags.h
fs/proc/page.c
fs/buffer.c
fs/mpage.c
fs/dcache.c
fs/inode.c
arch/x86/mm/pat/*
arch/x86/kernel/machine_kexec_64.c
arch/x86/kernel/crash_core_64.c
arch/x86/kernel/vmcore_info_64.c
kernel/vmcore_info.c
kernel/crash_core.c
lib/buildid.c'

aptdir=$cache/apt/$tag
[ -f "$aptdir/sources.list" ] || die "no $aptdir: fetch kernel $tag's image first (make dumps)"
set -- -o "Dir::Etc::SourceList=$aptdir/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
	-o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache" \
	-o Dir::State::status=/dev/null
[ "$(id -u)" = 0 ] && set -- "$@" -o APT::Sandbox::User=root

debs=$cache/debs
mkdir -p "$debs"
find_deb() { ls "$debs/${pkg}_"*.deb 2>/dev/null | grep -F "_${version}_" | head -n1 || true; }
deb=$(find_deb)
if [ -z "$deb" ]; then
	tmp=$(mktemp -d "$debs/.dl.XXXXXX")
	echo "fetch-source: downloading $pkg=$version" >&2
	# The lists may predate the package: update them once and retry.
	if ! (cd "$tmp" && apt-get "$@" download -q "$pkg=$version" >/dev/null 2>"$tmp/log"); then
		apt-get "$@" -q update >"$tmp/log" 2>&1 ||
			die "apt-get update for $tag failed: $(grep -E '^(E|Err):' "$tmp/log" | head -n1)"
		(cd "$tmp" && apt-get "$@" download -q "$pkg=$version" >/dev/null 2>"$tmp/log") ||
			die "apt-get download $pkg=$version failed ($(grep -E '^E:' "$tmp/log" | head -n1))"
	fi
	mv "$tmp"/*.deb "$debs/" && rm -rf "$tmp"
	deb=$(find_deb)
fi

echo "fetch-source: extracting $pkg $version" >&2
rm -rf "$dst" "$dst.tmp" && mkdir -p "$dst.tmp"
top=$pkg
# A path a kernel lacks (vmcore_info_64.c before v6.9) is no error: tar
# says so and fails, so the files this tool needs are checked instead.
set -f	# the patterns are tar's, not the shell's
# shellcheck disable=SC2086
dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards './usr/src/linux-source-*.tar.xz' |
	xz -dc | tar -x -C "$dst.tmp" --wildcards $(echo "$keep" | sed "s|^|$top/|") 2>"$dst.tmp/log" ||
	grep -v 'Not found in archive\|Exiting with failure status' "$dst.tmp/log" >&2 || true
set +f
for f in include/linux/page-flags.h include/linux/mm.h mm/vmscan.c fs/proc/page.c; do
	[ -f "$dst.tmp/$top/$f" ] || die "$pkg $version: no $f extracted (see $dst.tmp/log)"
done
mv "$dst.tmp/$top" "$dst" && rm -rf "$dst.tmp"
echo "$pkg $version" >"$dst/stamp"
