#!/bin/bash
# Write the commits of a kernel tree since 'base' to a patch directory.
#
# Usage: export-series.sh <dir> <patch-dir>
#
# Refused while a git am is stopped in the tree, or when the tree's
# patches stopped applying (make-tree.sh's stamp) and it has fewer commits
# than the directory patches: the export would delete those it never had.
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
[ ! -d "$(git -C "$tree" rev-parse --git-path rebase-apply)" ] ||
	die "a git am or rebase is stopped in $tree: finish it (--continue) or --abort it first"
have=$(git -C "$tree" rev-list --count base..HEAD)
stored=0
[ ! -d "$patches" ] || stored=$(find "$patches" -maxdepth 1 -name '*.patch' | wc -l)
if [ "$(cut -d' ' -f2 "$tree.stamp" 2>/dev/null)" = applying ] && [ "$have" -lt "$stored" ]; then
	die "$tree has $have of the $stored patches of $patches (the rest did not apply, see $tree.am.log): exporting would delete them; apply them by hand (git am -3) first"
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export_series "$tree" "$tmp"
mkdir -p "$patches"
rm -f "$patches"/*.patch
cp "$tmp"/*.patch "$patches"/ 2>/dev/null || true
note "exported $(ls "$tmp" | wc -l) patches to $patches"
