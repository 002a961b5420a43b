#!/bin/bash
# Make the source tree of the debug kernel: the committed series of the
# kernel tree, plus the fixes to the base that the checkers need to run.
#
# Usage: make-debug-tree.sh <tree> <debug-tree> [fix-dir]...
#
# <debug-tree> is a git worktree of <tree>, detached at <tree>'s HEAD, with
# every patch of each <fix-dir>, in order, applied on top.  Only committed work
# is in it: uncommitted edits in <tree> are not.  It is remade only when HEAD or a
# fix changed, and then by a checkout, so that only the files that differ
# are touched and the debug kernel rebuilds incrementally.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: make-debug-tree.sh <tree> <debug-tree> [fix-dir]..."
tree=${1:?$usage}; dtree=${2:?$usage}; shift 2
shopt -s nullglob
fix_patches=()
for fixes in "$@"; do
	[ -d "$fixes" ] || die "no fix directory $fixes"
	fix_patches+=("$(realpath "$fixes")"/*.patch)
done

head=$(git -C "$tree" rev-parse -q --verify HEAD) ||
	die "$tree is not a kernel git tree (make tree first)"
want="$head $(cat /dev/null "${fix_patches[@]}" | sha256sum | cut -d' ' -f1)"

ensure_worktree "$tree" "$dtree" "$head" ||
	die "cannot add the worktree $dtree to $tree"
# In the worktree's own git directory: a worktree made again has none.
stamp=$(git -C "$dtree" rev-parse --path-format=absolute --git-path debug-tree.stamp)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
   [ -z "$(git -C "$dtree" status --porcelain --untracked-files=no)" ]; then
	note "$dtree is up to date"
	exit 0
fi

rm -f "$stamp"
git -C "$dtree" am --abort >/dev/null 2>&1 || true
git -c checkout.workers=0 -C "$dtree" checkout -q -f --detach "$head"
for p in "${fix_patches[@]}"; do
	am_patch "$dtree" "$p" "$dtree.am.log" ||
		die "base fix ${p##*/} does not apply on top of the series; see $dtree.am.log"
	note "applied base fix ${p##*/}"
done
echo "$want" >"$stamp"
