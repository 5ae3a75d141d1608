#!/bin/sh
# Download one pinned Debian kernel and extract the few files the dumps need.
#
#   fetch-kernel.sh image   CACHE TAG   kernel image, modules, debuginfo vmlinux
#   fetch-kernel.sh headers CACHE TAG   headers + kbuild, for building faultmod
#
# TAG is 6.1 or 6.12 (see kernels.conf). Debs are kept in CACHE/debs; the
# kernel goes to CACHE/kernels/TAG. The last file written is a stamp
# (image.stamp, headers.stamp) so make never sees half an extraction.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.conf"

# Modules the guest loads, unless built in (deps are added from each
# module's .modinfo). qemu_fw_cfg hands VMCOREINFO to QEMU's dump.
guest_modules="qemu_fw_cfg virtio_pci virtio_blk"

die() { echo "fetch-kernel: $*" >&2; exit 1; }

pin() {  # pin VAR -> value of K<tag>_VAR
	eval "echo \"\${K$(echo "$tag" | tr -d .)_$1:?no $1 for kernel $tag in kernels.conf}\""
}

# download PACKAGE VERSION -> path of the deb in $debs
download() {
	pkg=$1 ver=$2
	deb=$(ls "$debs/${pkg}_"*.deb 2>/dev/null | grep -F "_$(echo "$ver" | sed 's/^[0-9]*://')_" | head -n1 || true)
	if [ -z "$deb" ]; then
		tmp=$(mktemp -d "$debs/.dl.XXXXXX")
		echo "fetch-kernel: downloading $pkg=$ver" >&2
		(cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null 2>"$tmp/log") ||
			die "apt-get download $pkg=$ver failed ($(tail -n1 "$tmp/log")); is bookworm-security in the apt sources and 'apt-get update' done?"
		mv "$tmp"/*.deb "$debs/"
		rm -rf "$tmp"
		deb=$(ls "$debs/${pkg}_"*.deb | head -n1)
	fi
	echo "$deb"
}

# extract DEB DIR PATTERN... (tar wildcards, paths start with ./)
extract() {
	deb=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"
}

decompress_ko() {  # decompress_ko SRC DST
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -qdc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*.ko) cp "$1" "$2" ;;
	*) die "unknown module format: $1" ;;
	esac
}

module_depends() {  # module_depends KO -> names, one a line
	objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null |
		tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' '\n' | sed '/^$/d'
}

find_module() {  # find_module NAME -> path in the extracted tree, or nothing
	pattern=$(echo "$1" | sed 's/[-_]/[-_]/g')
	find "$root/lib/modules/$abi/kernel" -regex ".*/$pattern\.ko\(\.xz\|\.zst\|\.gz\)?" | head -n1
}

is_builtin() {
	pattern=$(echo "$1" | sed 's/[-_]/[-_]/g')
	grep -q "/$pattern\.ko\$" "$root/lib/modules/$abi/modules.builtin"
}

# add_module NAME: decompress it and its deps into $mods, append to load.list
# after its deps (so the list is in load order). Recursive: 'local' is in
# dash and bash, though not in POSIX.
add_module() {
	local name src dep
	name=$(echo "$1" | tr - _)
	grep -qx "$name" "$mods/load.list" 2>/dev/null && return 0
	is_builtin "$name" && return 0
	src=$(find_module "$name")
	[ -n "$src" ] || return 1
	decompress_ko "$src" "$mods/$name.ko"
	for dep in $(module_depends "$mods/$name.ko"); do
		add_module "$dep" || die "$name needs $dep, not found in the package"
	done
	echo "$name" >>"$mods/load.list"
}

fetch_image() {
	image=$(download "linux-image-$abi-unsigned" "$version")
	dbg=$(download "linux-image-$abi-dbg" "$version")
	rm -rf "$root" "$mods" "$kdir/vmlinuz" "$kdir/config" "$kdir/vmlinux"
	echo "fetch-kernel: extracting $abi" >&2
	extract "$image" "$root" "./boot/*" "./lib/modules/$abi/modules.*" \
		"./lib/modules/$abi/kernel/drivers/virtio/*" \
		"./lib/modules/$abi/kernel/drivers/block/*" \
		"./lib/modules/$abi/kernel/drivers/firmware/*"
	extract "$dbg" "$root" "./usr/lib/debug/boot/vmlinux-$abi"

	mkdir -p "$mods"
	: >"$mods/load.list"
	for m in $guest_modules; do
		add_module "$m" || die "$abi has no module $m"
	done
	ln -s "root/boot/vmlinuz-$abi" "$kdir/vmlinuz"
	ln -s "root/boot/config-$abi" "$kdir/config"
	ln -s "root/usr/lib/debug/boot/vmlinux-$abi" "$kdir/vmlinux"
	echo "$abi $version" >"$kdir/image.stamp"
}

fetch_headers() {
	hdir=$kdir/headers
	rm -rf "$hdir"
	for pkg in "linux-headers-$abi" "$(pin HEADERS_COMMON)" "$(pin KBUILD)"; do
		deb=$(download "$pkg" "$version")
		extract "$deb" "$hdir" "./usr/*"
	done
	# The flavour's Makefile includes the common tree by its absolute
	# /usr/src path: make it relative, so the cache can move.
	mk=$hdir/usr/src/linux-headers-$abi/Makefile
	sed -i 's|^include /usr/src/|include $(CURDIR)/../|' "$mk"
	ln -sfn "usr/src/linux-headers-$abi" "$hdir/build"
	echo "$abi $version" >"$kdir/headers.stamp"
}

[ $# -eq 3 ] || die "usage: fetch-kernel.sh image|headers CACHE TAG"
mode=$1 tag=$3
# Absolute: download() works in a temporary directory under it.
mkdir -p "$2"
cache=$(cd "$2" && pwd)
abi=$(pin ABI)
version=$(pin VERSION)
debs=$cache/debs
kdir=$cache/kernels/$tag
root=$kdir/root
mods=$kdir/modules
mkdir -p "$debs"
case $mode in
image) fetch_image ;;
headers) fetch_headers ;;
*) die "unknown mode $mode" ;;
esac
