#!/bin/bash
# Unpack a pristine Linux <series> (Debian's linux-source-<series>, no
# patches of ours) into <dir>, for running our tests side by side.
#
# Usage: make-pristine.sh <series> <dir>
#
# An existing <dir> of the same version is left alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

series=${1:?usage: make-pristine.sh <series> <dir>}
dir=${2:?usage: make-pristine.sh <series> <dir>}
stamp=$dir.version

tarball=$("$top/scripts/fetch-base.sh" "$series")
deb=${tarball##*/}
want="Linux $series from Debian linux-source-$series $(echo "$deb" | cut -d_ -f2)"
if [ -f "$dir/Makefile" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	note "$dir is $want"
	exit 0
fi
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
note "extracting ${tarball##*/}"
tar -xJf "$tarball" -C "$dir.tmp" --strip-components=1
version=$(kernel_version "$dir.tmp")
case $version in
	"$series" | "$series".*) ;;
	*) die "$tarball holds Linux $version, not $series.y" ;;
esac
mv "$dir.tmp" "$dir"
echo "$want" >"$stamp"
note "pristine Linux $version in $dir"
