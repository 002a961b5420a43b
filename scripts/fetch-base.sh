#!/bin/bash
# Fetch Debian's linux-source-<series> package into the cache and print the
# path of the kernel tarball it carries.
#
# Usage: fetch-base.sh <series>          e.g. fetch-base.sh 7.2
#
# The package comes from whichever of sid and trixie-backports carries it,
# through a private apt configuration: the system's sources are not
# touched.  A cached package is reused; REFRESH=1 fetches again.
set -euo pipefail

series=${1:?usage: fetch-base.sh <series>}
cache=${PPC_COMPAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-compat-caps}
pkg=linux-source-$series
apt_dir=$cache/apt
deb_dir=$cache/debs

die() { echo "fetch-base: error: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found: a Debian system is needed (or set KERNEL_SRC)"

mkdir -p "$deb_dir"
deb=$(ls "$deb_dir/${pkg}_"*_all.deb 2>/dev/null | sort -V | tail -n 1 || true)

if [ -z "$deb" ] || [ "${REFRESH:-0}" = 1 ]; then
	mkdir -p "$apt_dir"/{lists/partial,cache/archives/partial,etc/sources.list.d,etc/preferences.d}
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -e "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"
	cat > "$apt_dir/etc/sources.list" <<-SRC
	deb [signed-by=$keyring] http://deb.debian.org/debian sid main
	deb [signed-by=$keyring] http://deb.debian.org/debian trixie-backports main
	SRC
	apt_opts=(
		-o "Dir::Etc=$apt_dir/etc"
		-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
		-o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
		-o "Dir::State::Lists=$apt_dir/lists"
		-o "Dir::Cache=$apt_dir/cache"
		-o "Dir::State::status=/dev/null"
		-o "APT::Architecture=amd64"
		-o "Debug::NoLocking=1"
	)
	echo "fetch-base: looking up $pkg in sid and trixie-backports" >&2
	apt-get "${apt_opts[@]}" -q update >"$apt_dir/update.log" 2>&1 ||
		die "apt-get update failed: is deb.debian.org reachable? see $apt_dir/update.log"
	version=$(apt-cache "${apt_opts[@]}" madison "$pkg" 2>/dev/null |
		  awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -V | tail -n 1)
	[ -n "$version" ] || die "no $pkg in sid or trixie-backports"
	echo "fetch-base: downloading $pkg $version" >&2
	(cd "$deb_dir" && apt-get "${apt_opts[@]}" -q download "$pkg=$version" \
		>"$apt_dir/download.log" 2>&1) ||
		die "download of $pkg $version failed, see $apt_dir/download.log"
	deb=$(ls "$deb_dir/${pkg}_"*_all.deb | sort -V | tail -n 1)
	# For make bench: how long the last download took
	echo "$SECONDS $(date -u +%FT%TZ)" >"$cache/fetch-time.$pkg"
fi

tarball=${deb%.deb}.tar.xz
if [ ! -s "$tarball" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$tarball.tmp" ||
		die "$deb holds no usr/src/$pkg.tar.xz"
	mv "$tarball.tmp" "$tarball"
fi
echo "$tarball"
