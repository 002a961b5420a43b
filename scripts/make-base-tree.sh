#!/bin/bash
# Make the source tree of the base kernel: a git worktree of the kernel
# tree, detached at its tag 'base' (the base without the series).
#
# Usage: make-base-tree.sh <tree> <base-tree>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: make-base-tree.sh <tree> <base-tree>"
tree=${1:?$usage}; btree=${2:?$usage}
base=$(git -C "$tree" rev-parse -q --verify 'base^{commit}') ||
	die "$tree has no tag 'base' (make tree first)"
ensure_worktree "$tree" "$btree" "$base" ||
	die "cannot add the worktree $btree to $tree"
if [ "$(git -C "$btree" rev-parse HEAD)" != "$base" ] ||
   [ -n "$(git -C "$btree" status --porcelain --untracked-files=no)" ]; then
	git -c checkout.workers=0 -C "$btree" checkout -q -f --detach "$base"
	note "$btree is back at the base"
else
	note "$btree is at the base"
fi
