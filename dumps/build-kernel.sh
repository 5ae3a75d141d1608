#!/bin/sh
# Build the page_owner / allocation profiling test kernel from Debian's
# linux-source package: once, cached like the Debian kernels.
#
#   build-kernel.sh CACHE TAG   -> CACHE/kernels/TAG/{vmlinuz,vmlinux,
#                                  System.map,config,build,modules/load.list}
#
# TAG names a kernel of kernels.conf whose K<TAG>_SOURCE is the linux-source
# package and K<TAG>_BASE the kernel whose private apt configuration fetches
# it. The config is x86_64 defconfig + kvm_guest.config + dumps/owner.config;
# every option of owner.config must survive olddefconfig, or the build stops.
# About half an hour on two cores (most of defconfig's drivers are off in
# owner.config); run by `make owner-dumps`, or `make dumps` once built.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.conf"
die() { echo "build-kernel: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: build-kernel.sh CACHE TAG"
mkdir -p "$1"
cache=$(cd "$1" && pwd) tag=$2
pin() { eval "echo \"\${K$(echo "$tag" | tr -d .- | tr a-z A-Z)_$1:?no $1 for kernel $tag in kernels.conf}\""; }
src_pkg=$(pin SOURCE) version=$(pin VERSION) base=$(pin BASE)
kdir=$cache/kernels/$tag
jobs=${DUMPS_JOBS:-2}

for t in flex bison bc pahole gcc make xz; do
	command -v $t >/dev/null || die "needs $t (apt-get install flex bison bc dwarves xz-utils)"
done

# The source deb, through the base kernel's private apt configuration.
aptdir=$cache/apt/$base
[ -f "$aptdir/sources.list" ] || die "no $aptdir: run make fault-dumps (fetches kernel $base) first"
debs=$cache/debs
deb=$(ls "$debs/${src_pkg}_"*.deb 2>/dev/null | grep -F "_$(echo "$version")_" | head -n1 || true)
if [ -z "$deb" ]; then
	tmp=$(mktemp -d "$debs/.dl.XXXXXX")
	(cd "$tmp" && apt-get -o "Dir::Etc::SourceList=$aptdir/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$aptdir/lists" \
		-o "Dir::Cache=$aptdir/cache" -o Dir::State::status=/dev/null \
		-o APT::Sandbox::User=root download -q "$src_pkg=$version") ||
		die "apt-get download $src_pkg=$version failed"
	mv "$tmp"/*.deb "$debs/" && rmdir "$tmp"
	deb=$(ls "$debs/${src_pkg}_"*.deb | grep -F "_${version}_" | head -n1)
fi

# A build stopped part way (it is long) resumes in its configured tree.
if ! [ "$kdir/configured" -nt "$here/owner.config" ]; then
	rm -rf "$kdir" && mkdir -p "$kdir/modules"
	echo "build-kernel: extracting $src_pkg $version" >&2
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards './usr/src/linux-source-*.tar.xz' |
		xz -dc | tar -x -C "$kdir"
	mv "$kdir"/linux-source-* "$kdir/build"
	b=$kdir/build

	echo "build-kernel: configuring" >&2
	make -s -C "$b" defconfig
	make -s -C "$b" kvm_guest.config
	"$b/scripts/kconfig/merge_config.sh" -m -O "$b" "$b/.config" "$here/owner.config" >/dev/null
	make -s -C "$b" olddefconfig
	# merge_config's own check only warns: stop on any option that did not stick.
	grep -E '^CONFIG_[A-Z0-9_]+=' "$here/owner.config" | while IFS= read -r line; do
		case $line in
		*=n) ! grep -q "^${line%=n}=" "$b/.config" || die "$line did not stick" ;;
		*) grep -qx "$line" "$b/.config" || die "$line did not stick (see $b/.config)" ;;
		esac
	done
	: >"$kdir/configured"
fi
b=$kdir/build

echo "build-kernel: building with -j$jobs (long)" >&2
make -C "$b" -j"$jobs" bzImage modules >"$kdir/build.log" 2>&1 ||
	die "kernel build failed: tail $kdir/build.log"
ln -sfn build/arch/x86/boot/bzImage "$kdir/vmlinuz"
ln -sfn build/vmlinux "$kdir/vmlinux"
ln -sfn build/System.map "$kdir/System.map"
ln -sfn build/.config "$kdir/config"
# Everything the guest needs is built in: nothing to load.
: >"$kdir/modules/load.list"
# For faultmod (M=): the tree itself is the headers.
ln -sfn build "$kdir/headers"
echo "$(make -s -C "$b" kernelrelease) $version" >"$kdir/image.stamp"
