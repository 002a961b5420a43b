#!/bin/bash
# Print the path of a sparse that the kernel tree accepts, building one if
# needed.
#
# Usage: get-sparse.sh <kernel-tree>
#
# Linux 7.2 needs a sparse that knows __typeof_unqual__
# (scripts/checker-valid.sh); Debian 12's sparse 0.6.4 does not, and
# without it make C=2 silently checks nothing.  Then Debian sid's sparse
# source package is fetched with apt-get source through a private apt
# configuration (the system's sources are not touched) and built, once,
# in the cache (~/.cache/ppc-compat-caps/sparse): a few seconds.
set -euo pipefail

. "$(dirname "$0")/../lib.sh"

tree=${1:?usage: get-sparse.sh <kernel-tree>}
cache=$cache/sparse
valid() { [ "$("$tree/scripts/checker-valid.sh" "$1" -m64 --arch=powerpc 2>/dev/null)" = 1 ]; }

if command -v sparse >/dev/null && valid "$(command -v sparse)"; then
	command -v sparse; exit 0
fi
for s in "$cache"/*/sparse; do
	[ -x "$s" ] && valid "$s" && { echo "$s"; exit 0; }
done

apt=$cache/apt
mkdir -p "$cache/dl"
private_apt "$apt" amd64 "deb-src [signed] $(debian_mirror) sid main"
echo "get-sparse: $(command -v sparse || echo sparse) is too old for $tree; building Debian sid's" >&2
apt-get "${apt_opts[@]}" -q update >"$cache/update.log" 2>&1 ||
	die "apt-get update failed ($(debian_mirror) reachable?), see $cache/update.log"
(cd "$cache/dl" && apt-get "${apt_opts[@]}" -q source --download-only sparse >"$cache/source.log" 2>&1) ||
	die "apt-get source sparse failed, see $cache/source.log"
orig=$(ls "$cache"/dl/sparse_*.orig.tar.* | sort -V | tail -n 1)
version=$(basename "$orig" | sed -E 's/^sparse_(.*)\.orig\.tar\..*/\1/')
dir=$cache/$version
rm -rf "$dir"; mkdir -p "$dir"
tar -xf "$orig" -C "$dir" --strip-components=1
make -C "$dir" -j"$(nproc)" sparse >"$cache/build.log" 2>&1 ||
	die "building sparse $version failed, see $cache/build.log"
valid "$dir/sparse" || die "sparse $version from sid does not pass $tree/scripts/checker-valid.sh"
echo "$dir/sparse"
