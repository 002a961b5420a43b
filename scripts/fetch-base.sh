#!/bin/bash
# Fetch Debian's linux-source-<version> package into the cache and print
# the path of the kernel tarball it carries.
#
# Usage: fetch-base.sh <version> <suite>...    e.g. fetch-base.sh 7.2 sid
#
# The package comes from the newest version any of the suites (a target's
# BASE_SUITES) carries, from the Debian mirror of debian_mirror (lib.sh),
# through a private apt configuration: the system's sources are not
# touched.  A cached package is reused; REFRESH=1 fetches again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: fetch-base.sh <version> <suite>..."
version=${1:?$usage}; shift
[ $# -gt 0 ] || die "$usage"
pkg=linux-source-$version
apt_dir=$cache/apt
deb_dir=$cache/debs

mkdir -p "$deb_dir"
deb=$(ls "$deb_dir/${pkg}_"*_all.deb 2>/dev/null | sort -V | tail -n 1 || true)

if [ -z "$deb" ] || [ "${REFRESH:-0}" = 1 ]; then
	mirror=$(debian_mirror)
	lines=()
	for suite in "$@"; do lines+=("deb [signed] $mirror $suite main"); done
	private_apt "$apt_dir" amd64 "${lines[@]}"
	note "looking up $pkg in $* ($mirror)"
	apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1 ||
		die "apt-get update failed: is $mirror reachable? see $apt_dir/update.log"
	found=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null |
		awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -V | tail -n 1)
	[ -n "$found" ] || die "no $pkg in $* at $mirror: set the target's BASE_SUITES, or KERNEL_SRC=<tree>"
	note "downloading $pkg $found"
	start=$SECONDS
	(cd "$deb_dir" && apt-get "${apt_opts[@]}" -q download "$pkg=$found" \
		>"$apt_dir/download.log" 2>&1) ||
		die "download of $pkg $found failed, see $apt_dir/download.log"
	deb=$(ls "$deb_dir/${pkg}_"*_all.deb | sort -V | tail -n 1)
	# For make bench: how long the last download took
	echo "$((SECONDS - start)) $(date -u +%FT%TZ)" >"$cache/fetch-time.$pkg"
fi

tarball=${deb%.deb}.tar.xz
if [ ! -s "$tarball" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$tarball.tmp" ||
		die "$deb holds no usr/src/$pkg.tar.xz"
	mv "$tarball.tmp" "$tarball"
fi
echo "$tarball"
