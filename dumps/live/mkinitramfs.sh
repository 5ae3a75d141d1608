#!/bin/sh
# Build the live guest's initramfs: busybox, dumps/live/init and viewer.sh,
# the workload and the live helper, the kernel modules, and the host's
# pagescope and tmux with every shared library they load (their ldd
# closure, at the same paths), the terminfo entries the viewer uses and
# glibc's C.UTF-8 locale (tmux refuses to start without a UTF-8 one).
#
#   mkinitramfs.sh OUT.cpio.gz KERNEL_DIR PROFILE WORKLOAD HELPER PAGESCOPE
#
# KERNEL_DIR is CACHE/kernels/6.12 from dumps/fetch-kernel.sh.
set -eu

die() { echo "mkinitramfs (live): $*" >&2; exit 1; }

[ $# -eq 6 ] || die "usage: mkinitramfs.sh OUT KERNEL_DIR PROFILE WORKLOAD HELPER PAGESCOPE"
out=$1 kdir=$2 profile=$3 workload=$4 helper=$5 pagescope=$6
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}
tmux=${TMUX_BIN:-$(command -v tmux)} || die "no tmux on this machine"
terms="screen screen-256color"
# tmux wants a UTF-8 locale; glibc's C.UTF-8 is a compiled locale.
locale=${LOCALE_DIR:-/usr/lib/locale/C.utf8}
[ -d "$locale" ] || die "no $locale (glibc's C.UTF-8 locale)"

readelf -l "$busybox" | grep -q 'Requesting program interpreter' &&
	die "$busybox is dynamically linked: install busybox-static"

root=$(mktemp -d "${TMPDIR:-/tmp}/pagescope-live-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

# copy_closure BINARY DEST: the binary, its interpreter and every library
# ldd resolves, each at the path the loader will look for it.
copy_closure() {
	install -D -m 755 "$1" "$root$2"
	libs=$(ldd "$1") || die "ldd $1 failed"
	echo "$libs" | grep -q 'not found' && die "$1: a library is missing: $(echo "$libs" | grep 'not found')"
	for lib in $(echo "$libs" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
	done
}

find_terminfo() {	# find_terminfo NAME -> path of its compiled entry
	for d in /etc/terminfo /lib/terminfo /usr/share/terminfo; do
		f="$d/$(echo "$1" | cut -c1)/$1"
		[ -e "$f" ] && { echo "$f"; return; }
	done
	die "no terminfo entry for $1"
}

mkdir -p "$root/bin" "$root/etc" "$root/lib/modules" "$root/lib/terminfo" \
	"$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/out" "$root/root"
cp "$here/init" "$root/init"
cp "$here/viewer.sh" "$root/bin/live-viewer"
cp "$here/tmux.conf" "$root/etc/pagescope-live-tmux.conf"
cp "$profile" "$root/etc/pagescope-live-profile"
cp "$busybox" "$root/bin/busybox"
cp "$workload" "$root/bin/pagescope-workload"
cp "$helper" "$root/bin/pagescope-live"
cp "$kdir"/modules/*.ko "$kdir/modules/load.list" "$root/lib/modules/"
copy_closure "$pagescope" /usr/bin/pagescope
copy_closure "$tmux" /usr/bin/tmux
mkdir -p "$root/usr/lib/locale"
cp -r "$locale" "$root/usr/lib/locale/"
for t in $terms; do
	f=$(find_terminfo "$t")
	install -D -m 644 "$(readlink -f "$f")" "$root/lib/terminfo/$(echo "$t" | cut -c1)/$t"
done
chmod 755 "$root/init" "$root/bin/live-viewer" "$root/bin/busybox" \
	"$root/bin/pagescope-workload" "$root/bin/pagescope-live"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
