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

tree=${1:?usage: get-sparse.sh <kernel-tree>}
cache=${PPC_COMPAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-compat-caps}/sparse
die() { echo "get-sparse: error: $*" >&2; exit 1; }
valid() { [ "$("$tree/scripts/checker-valid.sh" "$1" -m64 --arch=powerpc 2>/dev/null)" = 1 ]; }

if command -v sparse >/dev/null && valid "$(command -v sparse)"; then
	command -v sparse; exit 0
fi
for s in "$cache"/*/sparse; do
	[ -x "$s" ] && valid "$s" && { echo "$s"; exit 0; }
done

apt=$cache/apt
mkdir -p "$apt"/{lists/partial,cache/archives/partial,etc/sources.list.d,etc/preferences.d} "$cache/dl"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -e "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"
echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian sid main" >"$apt/etc/sources.list"
opts=(-o "Dir::Etc=$apt/etc" -o "Dir::Etc::SourceList=$apt/etc/sources.list"
      -o "Dir::Etc::SourceParts=$apt/etc/sources.list.d" -o "Dir::State::Lists=$apt/lists"
      -o "Dir::Cache=$apt/cache" -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1")
echo "get-sparse: $(command -v sparse || echo sparse) is too old for $tree; building Debian sid's" >&2
apt-get "${opts[@]}" -q update >"$cache/update.log" 2>&1 ||
	die "apt-get update failed (deb.debian.org reachable?), see $cache/update.log"
(cd "$cache/dl" && apt-get "${opts[@]}" -q source --download-only sparse >"$cache/source.log" 2>&1) ||
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
