#!/bin/sh
# Build the read-only ext2 image the guests look files up on (virtio disk
# "pagescope-files"). tmpfs dentries never reach the LRUs, so the dentry and
# inode list_lrus need a disk filesystem.
#
#   mkfilesdisk.sh OUT.img
#
#   inodes-root/, inodes-memcg/      50 dirs x 400 one-line files (read, so
#                                    that drop_caches puts their inodes on
#                                    the inode LRU)
#   dentries-root/, dentries-memcg/  100 dirs x 400 empty files (looked up)
#   data, data-memcg                 48 and 16 MiB of text (page cache)
#   sparse                           a 12 GiB hole (page cache without I/O)
# The guest profile decides how many of them it touches.
set -eu

[ $# -eq 1 ] || { echo "usage: mkfilesdisk.sh OUT.img" >&2; exit 2; }
out=$1
src=$(mktemp -d "${TMPDIR:-/tmp}/pagescope-files.XXXXXX")
trap 'rm -rf "$src"' EXIT

make_set() {	# make_set NAME DIRS FILES WITH_DATA
	for d in $(seq -f '%03g' 0 $(($2 - 1))); do
		dir=$src/$1/d$d
		mkdir -p "$dir"
		if [ "$4" = data ]; then
			for f in $(seq -f '%03g' 0 $(($3 - 1))); do
				echo "$1 $d $f" >"$dir/f$f"
			done
		else
			(cd "$dir" && seq -f 'f%03g' 0 $(($3 - 1)) | xargs touch)
		fi
	done
}

make_set inodes-root 50 400 data
make_set inodes-memcg 50 400 data
make_set dentries-root 100 400 empty
make_set dentries-memcg 100 400 empty
yes pagescope | head -c 48M >"$src/data"
yes pagescope-memcg | head -c 16M >"$src/data-memcg"
truncate -s 12G "$src/sparse"

# 1 KiB blocks: each small file costs 1 KiB on disk, not 4.
rm -f "$out.tmp"
mke2fs -q -F -t ext2 -b 1024 -N 130000 -L pagescope-files -d "$src" "$out.tmp" 1G >/dev/null
mv "$out.tmp" "$out"
