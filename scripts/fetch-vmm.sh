#!/bin/bash
# Fetch Debian's ppc64el QEMU (qemu-system-ppc >= 10 from bookworm-backports)
# and the packages it depends on into the cache, for the L1 image of the
# end-to-end stage, and print the path of the manifest: the cached .deb
# files, one path a line.
#
# Usage: fetch-vmm.sh
#
# Nothing is installed on this machine: a private apt configuration (own
# sources.list, lists and cache under the cache directory, architecture
# ppc64el, an empty dpkg status) resolves and downloads the packages.  The
# dependency closure is that of qemu-system-ppc's Depends, without
# qemu-system-common (helpers, UI modules: not needed by the emulator run
# with -nographic) and its own dependencies; qemu-system-data is kept for
# the firmware (vof.bin).  A complete cache is reused without any network
# access; REFRESH=1 fetches again.  The mirror is debian_mirror's (lib.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cache=$cache/vmm
apt_dir=$cache/apt
deb_dir=$cache/debs
manifest=$cache/manifest
suite=bookworm
mirror=$(debian_mirror)
qemu_min_major=10
roots=(qemu-system-ppc qemu-system-data)
skip=(qemu-system-common)


# A complete cache: every .deb of the manifest is there.
cached() {
	[ -s "$manifest" ] || return 1
	local deb
	while IFS= read -r deb; do
		[ -s "$deb" ] || return 1
	done <"$manifest"
}

if [ "${REFRESH:-0}" != 1 ] && cached; then
	note "cached: $(wc -l <"$manifest") packages in $deb_dir"
	echo "$manifest"
	exit 0
fi

private_apt "$apt_dir" ppc64el \
	"deb [signed] $mirror $suite main" \
	"deb [signed] $mirror $suite-backports main"
mkdir -p "$deb_dir"
# QEMU itself from backports, everything else from the release.
cat >"$apt_dir/etc/preferences.d/qemu" <<-PIN
Package: qemu-system-*
Pin: release n=$suite-backports
Pin-Priority: 990
PIN

note "updating the package lists of $suite and $suite-backports (ppc64el)"
apt-get "${apt_opts[@]}" -q --error-on=any update >"$apt_dir/update.log" 2>&1 ||
	die "apt-get update failed: is $mirror reachable? see $apt_dir/update.log"

version=$(apt-cache "${apt_opts[@]}" policy qemu-system-ppc 2>/dev/null |
	  sed -n 's/^ *Candidate: *//p')
major=${version#*:}; major=${major%%.*}
[ -n "$version" ] && [ "$version" != "(none)" ] ||
	die "no qemu-system-ppc for ppc64el in $suite-backports, see $apt_dir/update.log"
[ "$major" -ge "$qemu_min_major" ] 2>/dev/null ||
	die "qemu-system-ppc candidate is $version, need $qemu_min_major.0 or later ($suite-backports)"

# The closure: the roots' direct Depends/Pre-Depends less the skipped
# packages, then everything those depend on.  Virtual packages (<name>)
# are dropped: a real package providing them is among the alternatives.
direct=$(apt-cache "${apt_opts[@]}" depends --important "${roots[@]}" 2>>"$apt_dir/update.log" |
	 sed -n 's/^ *|\{0,1\}\(Pre-\)\{0,1\}Depends: \([^<].*\)$/\2/p' | sort -u) ||
	die "apt-cache depends failed, see $apt_dir/update.log"
for s in "${skip[@]}"; do direct=$(grep -vx "$s" <<<"$direct" || true); done
packages=$( { printf '%s\n' "${roots[@]}";
	      apt-cache "${apt_opts[@]}" depends --recurse --important $direct |
	      grep -v '^ ' | grep -v '^<'; } | sort -u) ||
	die "apt-cache depends --recurse failed"
for s in "${skip[@]}"; do
	grep -qx "$s" <<<"$packages" &&
		die "$s is needed by a dependency of ${roots[*]}: cannot leave it out"
done

tmp=$deb_dir/.download
rm -rf "$tmp"; mkdir -p "$tmp"
note "downloading qemu-system-ppc $version and $(($(wc -l <<<"$packages") - 1)) more packages"
(cd "$tmp" && apt-get "${apt_opts[@]}" -q download $packages >"$apt_dir/download.log" 2>&1) ||
	die "download failed, see $apt_dir/download.log"
: >"$manifest.tmp"
for p in $packages; do
	deb=$(ls "$tmp/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "$p was not downloaded, see $apt_dir/download.log"
	mv -f "$deb" "$deb_dir/"
	echo "$deb_dir/${deb##*/}" >>"$manifest.tmp"
done
rm -rf "$tmp"
mv "$manifest.tmp" "$manifest"
note "$(wc -l <"$manifest") packages in $deb_dir ($(du -sh "$deb_dir" | cut -f1))"
echo "$manifest"
