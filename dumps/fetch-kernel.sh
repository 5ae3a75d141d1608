#!/bin/sh
# Download one pinned Debian kernel and extract the few files the dumps need.
#
#   fetch-kernel.sh pin     CACHE TAG   CACHE/kernels/TAG/pin: the kernel's lines
#                                       of kernels.conf, rewritten only if changed
#   fetch-kernel.sh image   CACHE TAG   kernel image, modules, debuginfo
#   fetch-kernel.sh headers CACHE TAG   headers + kbuild, for building faultmod
#
# TAG is a kernel of kernels.conf (6.1, 6.12, ...). Packages come from
# the suites named there through a private apt configuration in CACHE/apt/TAG
# (sources.list on the system's Debian mirrors, its own lists and cache): the
# system's apt sources and state are never touched. Debs are kept in
# CACHE/debs; the kernel goes to CACHE/kernels/TAG. The last file written is
# a stamp (image.stamp, headers.stamp) so make never sees half an extraction.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.conf"

# Modules the guest loads, unless built in (deps are added from each
# module's .modinfo). qemu_fw_cfg hands VMCOREINFO to QEMU's dump.
guest_modules="qemu_fw_cfg virtio_pci virtio_blk"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

die() { echo "fetch-kernel: $*" >&2; exit 1; }

pin() {  # pin VAR -> value of K<tag>_VAR
	eval "echo \"\${K$(echo "$tag" | tr -d .)_$1:?no $1 for kernel $tag in kernels.conf}\""
}

# --- the private apt configuration -------------------------------------------

# "URI SUITE" for every deb source of the system's apt (one-line .list and
# deb822 .sources files).
system_sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2, $3 }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled != "no")
					for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j]
				types = ""; enabled = ""; nu = ns = 0
			}
			/^#/ { next }
			/^[ \t]*$/ { flush(); next }
			{	# "Key: value", the value may hold colons (URIs)
				key = tolower(substr($0, 1, index($0, ":") - 1))
				val = substr($0, index($0, ":") + 1)
			}
			key == "types" { types = val }
			key == "enabled" { enabled = tolower(val); gsub(/ /, "", enabled) }
			key == "uris" { nu = split(val, u, " ") }
			key == "suites" { ns = split(val, s, " ") }
			END { flush() }' "$f"
	done
}

# mirror SUITE -> the system's mirror for it: its security archive for
# *-security suites, its main archive (the one of its release) otherwise.
mirror() {
	case $1 in
	*-security) want='-security$' ;;
	*) want="^$(. /etc/os-release && echo "$VERSION_CODENAME")\$" ;;
	esac
	uri=$(system_sources | awk -v want="$want" '$2 ~ want { sub("/+$", "", $1); print $1; exit }')
	[ -n "$uri" ] || die "no Debian source matching '$want' in /etc/apt/sources.list*: cannot tell which mirror to use for $1"
	echo "$uri"
}

apt_setup() {
	aptdir=$cache/apt/$tag
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	[ -r "$keyring" ] || die "no $keyring (package debian-archive-keyring)"
	for suite in $(pin SUITES | tr , ' '); do
		echo "deb [signed-by=$keyring] $(mirror "$suite") $suite main"
	done >"$aptdir/sources.list"
	set -- -o "Dir::Etc::SourceList=$aptdir/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache" \
		-o Dir::State::status=/dev/null
	# Root would hand downloads to the _apt user, who cannot write here.
	[ "$(id -u)" = 0 ] && set -- "$@" -o APT::Sandbox::User=root
	apt_opts=$*
	apt_updated=no
}

apt_get() {  # apt_get ARGS... with the private configuration (no spaces in it)
	# shellcheck disable=SC2086
	apt-get $apt_opts "$@"
}

# download PACKAGE VERSION: $deb = its path in $debs. Not in a $(...)
# subshell: the lists are updated once per run.
download() {
	pkg=$1 ver=$2
	deb=$(ls "$debs/${pkg}_"*.deb 2>/dev/null | grep -F "_$(echo "$ver" | sed 's/^[0-9]*://')_" | head -n1 || true)
	if [ -z "$deb" ]; then
		tmp=$(mktemp -d "$debs/.dl.XXXXXX")
		if [ "$apt_updated" = no ]; then
			echo "fetch-kernel: apt-get update for $(pin SUITES)" >&2
			apt_get -q update >"$tmp/log" 2>&1 ||
				die "apt-get update for $tag failed: $(grep -E '^(E|Err):' "$tmp/log" | head -n1)"
			apt_updated=yes
		fi
		echo "fetch-kernel: downloading $pkg=$ver" >&2
		(cd "$tmp" && apt_get download -q "$pkg=$ver" >/dev/null 2>"$tmp/log") ||
			die "apt-get download $pkg=$ver failed ($(grep -E '^E:' "$tmp/log" | head -n1)); pinned versions leave the archive with the next update: see kernels.conf"
		mv "$tmp"/*.deb "$debs/"
		rm -rf "$tmp"
		deb=$(ls "$debs/${pkg}_"*.deb | grep -F "_$(echo "$ver" | sed 's/^[0-9]*://')_" | head -n1)
	fi
}

# --- extraction -----------------------------------------------------------------

# extract DEB DIR [--exclude=...] PATTERN... (tar wildcards, paths start with ./)
extract() {
	deb=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"
}

# extract_matching DEB DIR ERE: the members whose names match ERE. Listing
# first: the image's layout differs between kernels (boot/ or
# usr/lib/modules/ABI/, lib/ or usr/lib/), and tar fails on a pattern that
# matches nothing.
extract_matching() {
	dpkg-deb --fsys-tarfile "$1" | tar -t | grep -E "$3" >"$kdir/members" || return 0
	mkdir -p "$2"
	dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --no-recursion -T "$kdir/members"
	rm -f "$kdir/members"
}

first_file() {  # first_file PATH... -> the first that is a file, relative to $root
	for f in "$@"; do
		[ -f "$root/$f" ] && [ ! -L "$root/$f" ] && { echo "$f"; return; }
	done
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
	find "$moddir/kernel" -regex ".*/$pattern\.ko\(\.xz\|\.zst\|\.gz\)?" | head -n1
}

is_builtin() {
	pattern=$(echo "$1" | sed 's/[-_]/[-_]/g')
	grep -q "/$pattern\.ko\$" "$moddir/modules.builtin"
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
	rm -rf "$root" "$mods" "$kdir/vmlinuz" "$kdir/config" "$kdir/vmlinux" "$kdir/System.map" \
		"$kdir/image.stamp"
	echo "fetch-kernel: extracting $abi" >&2
	a=$(echo "$abi" | sed 's/[.+]/\\&/g')
	for pkg in $(pin PACKAGES | tr , ' '); do
		download "$pkg" "$version"
		extract_matching "$deb" "$root" \
			"^\./(boot/[^/]*-$a|(usr/)?lib/modules/$a/([^/]*|kernel/drivers/(virtio|block|firmware)/.*))\$"
	done
	dbg=$(pin DBG)
	if [ "$dbg" != none ]; then
		# vmlinux and System.map: in boot/ up to 6.x, in lib/modules/ABI/
		# on 7.x (the other place holds symlinks).
		download "$dbg" "$version"
		extract "$deb" "$root" --exclude='*.ko' --exclude='*.ko.*' \
			"./usr/lib/debug/boot/*" "./usr/lib/debug/lib/modules/$abi/*"
	fi

	moddir=$root/lib/modules/$abi
	[ -d "$root/usr/lib/modules/$abi/kernel" ] && moddir=$root/usr/lib/modules/$abi
	[ -f "$moddir/modules.builtin" ] || die "no modules.builtin for $abi in $(pin PACKAGES)"
	mkdir -p "$mods"
	: >"$mods/load.list"
	for m in $guest_modules; do
		add_module "$m" || die "$abi has no module $m"
	done

	# The image's own System.map is a placeholder ("The real System.map is
	# in the -dbg package"): only the debuginfo's is linked.
	link vmlinuz "boot/vmlinuz-$abi" "usr/lib/modules/$abi/vmlinuz.unsigned" "usr/lib/modules/$abi/vmlinuz"
	link config "boot/config-$abi" "usr/lib/modules/$abi/config"
	if [ "$dbg" != none ]; then
		link vmlinux "usr/lib/debug/boot/vmlinux-$abi" "usr/lib/debug/lib/modules/$abi/vmlinux"
		link System.map "usr/lib/debug/boot/System.map-$abi" "usr/lib/debug/lib/modules/$abi/System.map"
	fi
	echo "$abi $version" >"$kdir/image.stamp"
}

link() {  # link NAME PATH...: $kdir/NAME -> the first PATH that is a file
	f=$(first_file "$@")
	[ -n "$f" ] || die "no $1 for $abi in its packages (looked for $*)"
	ln -s "root/$f" "$kdir/$1"
}

fetch_headers() {
	hdir=$kdir/headers
	rm -rf "$hdir"
	for pkg in "linux-headers-$abi" "$(pin HEADERS_COMMON)" "$(pin KBUILD)"; do
		download "$pkg" "$version"
		extract "$deb" "$hdir" "./usr/*"
	done
	# The flavour's Makefile includes the common tree by its absolute
	# /usr/src path: make it relative, so the cache can move.
	mk=$hdir/usr/src/linux-headers-$abi/Makefile
	sed -i 's|^include /usr/src/|include $(CURDIR)/../|' "$mk"
	ln -sfn "usr/src/linux-headers-$abi" "$hdir/build"
	echo "$abi $version" >"$kdir/headers.stamp"
}

# The kernel's own lines of kernels.conf; the file keeps its time while they
# stay the same, so editing another kernel refetches nothing here.
write_pin() {
	k=K$(echo "$tag" | tr -d .)_
	grep "^$k" "$here/kernels.conf" | LC_ALL=C sort >"$kdir/pin.new"
	[ -s "$kdir/pin.new" ] || die "no kernel $tag in kernels.conf"
	if cmp -s "$kdir/pin.new" "$kdir/pin"; then
		rm "$kdir/pin.new"
	else
		mv "$kdir/pin.new" "$kdir/pin"
	fi
}

[ $# -eq 3 ] || die "usage: fetch-kernel.sh pin|image|headers CACHE TAG"
mode=$1 tag=$3
# Absolute: download() works in a temporary directory under it.
mkdir -p "$2"
cache=$(cd "$2" && pwd)
kdir=$cache/kernels/$tag
mkdir -p "$kdir"
[ "$mode" = pin ] && { write_pin; exit 0; }
abi=$(pin ABI)
version=$(pin VERSION)
debs=$cache/debs
root=$kdir/root
mods=$kdir/modules
mkdir -p "$debs"
apt_setup
case $mode in
image) fetch_image ;;
headers) fetch_headers ;;
*) die "unknown mode $mode" ;;
esac
