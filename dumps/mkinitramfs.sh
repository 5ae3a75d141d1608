#!/bin/sh
# Build the guest's initramfs: busybox, dumps/guest/init, the workload,
# the kernel modules the guest loads (and faultmod.ko for the fault dump).
#
#   mkinitramfs.sh OUT.cpio.gz KERNEL_DIR PROFILE WORKLOAD [FAULTMOD_KO]
#
# KERNEL_DIR is CACHE/kernels/TAG from fetch-kernel.sh; PROFILE one of
# dumps/guest/profiles/.
set -eu

die() { echo "mkinitramfs: $*" >&2; exit 1; }

[ $# -eq 4 ] || [ $# -eq 5 ] || die "usage: mkinitramfs.sh OUT KERNEL_DIR PROFILE WORKLOAD [FAULTMOD_KO]"
out=$1 kdir=$2 profile=$3 workload=$4 faultmod=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}

# The initramfs has no libc: busybox must be the static build.
readelf -l "$busybox" | grep -q 'Requesting program interpreter' &&
	die "$busybox is dynamically linked: install busybox-static"

root=$(mktemp -d "${TMPDIR:-/tmp}/pagescope-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/lib/modules" "$root/dev" "$root/proc" \
	"$root/sys" "$root/truth" "$root/tmp" "$root/mnt"
cp "$here/guest/init" "$root/init"
cp "$busybox" "$root/bin/busybox"
cp "$workload" "$root/bin/pagescope-workload"
cp "$kdir/modules/load.list" "$root/lib/modules/"
# A kernel built with everything in (build-kernel.sh) has no modules to load.
for ko in "$kdir"/modules/*.ko; do
	[ -e "$ko" ] && cp "$ko" "$root/lib/modules/"
done
cp "$profile" "$root/etc/pagescope-profile"
if [ -n "$faultmod" ]; then
	cp "$faultmod" "$root/lib/modules/faultmod.ko"
	echo FAULTMOD=1 >"$root/etc/pagescope.conf"
else
	echo FAULTMOD=0 >"$root/etc/pagescope.conf"
fi
chmod 755 "$root/init" "$root/bin/busybox" "$root/bin/pagescope-workload"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
