#!/bin/sh
# The version of pagescope, from one place: `git describe` on a tree with a
# release tag (v0.9.0), else the release in VERSION, with the commit when
# built from git.
top=$(dirname "$0")/..
release=$(cat "$top/VERSION")
if described=$(git -C "$top" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	echo "${described#v}"
elif commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null); then
	dirty=$(git -C "$top" diff --quiet HEAD -- 2>/dev/null || echo "-dirty")
	echo "$release+g$commit$dirty"
else
	echo "$release"
fi
