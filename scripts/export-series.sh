#!/bin/bash
# Write the commits of a kernel tree since 'base' to a patch directory.
#
# Usage: export-series.sh <dir> <patch-dir>
#
# The same commits always give byte-identical files, so re-exporting an
# unchanged series changes nothing in git.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: export-series.sh <dir> <patch-dir>}
patches=${2:?usage: export-series.sh <dir> <patch-dir>}

git -C "$tree" rev-parse -q --verify base >/dev/null ||
	die "$tree has no 'base' tag: make it with make tree"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes: commit them first"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export_series "$tree" "$tmp"
mkdir -p "$patches"
rm -f "$patches"/*.patch
cp "$tmp"/*.patch "$patches"/ 2>/dev/null || true
note "exported $(ls "$tmp" | wc -l) patches to $patches"
