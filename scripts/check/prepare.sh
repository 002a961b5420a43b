#!/bin/bash
# Gate "apply": the commits of the target's patches on the base, and the worktree the
# other gates build from.
#
# Usage: prepare.sh
#
# Each patch becomes a commit on the kernel tree's 'base' the way git am would
# make it (git mailinfo, git apply --cached), but through a private index:
# the tree's HEAD, index and working tree are not touched.  The
# committer is the author, at the author date, so the same patches always
# give the same commits and the worktree does not move when nothing
# changed.  Writes build/check/series.list ("<commit> <patch>" per line)
# and makes $CHECK_DIR/src, a detached worktree of the tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
log=$logdir/apply.log
: >"$log"
fail() { record "apply patches/ to base" fail "$*"; exit 0; }

base=$(base_commit) || fail "$tree has no 'base' tag: run make tree"
shopt -s nullglob
files=("$patches"/*.patch)
[ ${#files[@]} -gt 0 ] || fail "no patches in $patches"

key=$( { echo "$base"; for f in "${files[@]}"; do echo "${f##*/}"; cat "$f"; done; } |
	sha1sum | cut -c1-40)
reuse=0
if [ -s "$series_list" ] && [ "$(cat "$chk/series.key" 2>/dev/null)" = "$key" ]; then
	reuse=1
	while read -r c _; do
		git -C "$tree" cat-file -e "$c^{commit}" 2>/dev/null || reuse=0
	done <"$series_list"
fi

if [ $reuse = 0 ]; then
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	export GIT_INDEX_FILE=$tmp/index
	git -C "$tree" read-tree "$base"
	parent=$base
	: >"$tmp/list"
	for f in "${files[@]}"; do
		name=${f##*/}
		git -C "$tree" mailinfo "$tmp/msg" "$tmp/patch" <"$f" >"$tmp/info" 2>>"$log" ||
			fail "$name: git mailinfo cannot parse it, see $log"
		info() { sed -n "s/^$1: //p" "$tmp/info"; }
		[ -n "$(info Author)" ] || fail "$name has no author (From: line)"
		if [ -s "$tmp/patch" ]; then
			git -C "$tree" apply --cached --whitespace=nowarn "$tmp/patch" >>"$log" 2>&1 ||
				fail "$name does not apply on top of the patches before it ($(tail -n 1 "$log")); see $log"
		fi
		{ info Subject; [ -s "$tmp/msg" ] && { echo; cat "$tmp/msg"; }; } >"$tmp/message"
		treeid=$(git -C "$tree" write-tree)
		parent=$(GIT_AUTHOR_NAME=$(info Author) GIT_AUTHOR_EMAIL=$(info Email) \
			GIT_AUTHOR_DATE=$(info Date) GIT_COMMITTER_NAME=$(info Author) \
			GIT_COMMITTER_EMAIL=$(info Email) GIT_COMMITTER_DATE=$(info Date) \
			git -C "$tree" commit-tree "$treeid" -p "$parent" -F "$tmp/message") ||
			fail "$name: git commit-tree failed"
		echo "$parent $name" >>"$tmp/list"
	done
	mv "$tmp/list" "$series_list"
	echo "$key" >"$chk/series.key"
	unset GIT_INDEX_FILE
fi

# The worktree: made once (about a minute), then only moved.
ensure_worktree "$tree" "$src" "$base" 2>>"$log" ||
	fail "git worktree add $src failed, see $log"
checkout "$(head_commit)" >>"$log" 2>&1 || fail "cannot check out the series in $src, see $log"

msg="${#files[@]} patches on $(git -C "$tree" log -1 --format='%h %s' "$base")"
[ "$(git -C "$tree" rev-parse 'HEAD^{tree}')" = "$(git -C "$tree" rev-parse "$(head_commit)^{tree}")" ] ||
	msg="$msg; note: $tree's HEAD differs from $patches (not exported?): the gates check the patches"
record "apply patches/ to base" pass "$msg ($(elapsed))"
