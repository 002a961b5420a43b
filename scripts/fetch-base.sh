#!/bin/bash
# Fetch Debian's linux-source-<version> package into the cache and print
# the path of the kernel tarball it carries.
#
# Usage: BASE_PACKAGE=<package version> fetch-base.sh <version> <suite>...
#        e.g. BASE_PACKAGE=7.2.13-1 fetch-base.sh 7.2 sid
#
# The package is that version (bases.mk pins it), looked up in the suites
# (BASE_SUITES), from the Debian mirror of debian_mirror (lib.sh), through
# a private apt configuration: the system's sources are not touched.  When
# the suites no longer carry it, the error says what they carry now.
# A cached package is reused; REFRESH=1 fetches again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: fetch-base.sh <version> <suite>..."
version=${1:?$usage}; shift
[ $# -gt 0 ] || die "$usage"
pin=${BASE_PACKAGE:?is not set: which version of linux-source-$version? (bases.mk)}
pkg=linux-source-$version
apt_dir=$cache/apt
deb_dir=$cache/debs

mkdir -p "$deb_dir"
# the file name apt gives it: an epoch's colon as %3a
deb=$deb_dir/${pkg}_${pin//:/%3a}_all.deb
[ -f "$deb" ] || deb=

if [ -z "$deb" ] || [ "${REFRESH:-0}" = 1 ]; then
	mirror=$(debian_mirror)
	lines=()
	for suite in "$@"; do lines+=("deb [signed] $mirror $suite main"); done
	private_apt "$apt_dir" amd64 "${lines[@]}"
	note "looking up $pkg in $* ($mirror)"
	apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1 ||
		die "apt-get update failed: is $mirror reachable? see $apt_dir/update.log"
	carried=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null |
		awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -uV | paste -sd ' ' -)
	[ -n "$carried" ] || die "no $pkg in $* at $mirror: set BASE_SUITES_$version in bases.mk, or KERNEL_SRC=<tree>"
	grep -qxF -- "$pin" <(tr ' ' '\n' <<<"$carried") ||
		die "$* at $mirror no longer carry $pkg $pin (bases.mk), but $carried: to move the base, set BASE_PACKAGE_$version in bases.mk (see there)"
	found=$pin
	note "downloading $pkg $found"
	start=$SECONDS
	(cd "$deb_dir" && apt-get "${apt_opts[@]}" -q download "$pkg=$found" \
		>"$apt_dir/download.log" 2>&1) ||
		die "download of $pkg $found failed, see $apt_dir/download.log"
	deb=$deb_dir/${pkg}_${pin//:/%3a}_all.deb
	[ -f "$deb" ] || die "apt-get download left no $deb, see $apt_dir/download.log"
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
