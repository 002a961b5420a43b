#!/bin/bash
# Gate "apply": the commits of the series' patches on its base, and the
# worktree the other gates build from.
#
# Usage: prepare.sh
#
# The gates' repository $CHECK_TREE is a clone of the base repository
# (scripts/make-base.sh) that borrows its objects.  On the base commit
# CHECK_BASE_COMMIT, the patches of each directory of CHECK_UPSTREAM (the
# series this one depends on) become commits, tagged 'base': the base the
# series is checked against.  Then each of the series' own patches.  Each
# commit is made the way git am would make it (git mailinfo, git apply
# --cached), through a private index; the committer is the author, at the
# author date, so the same patches always give the same commits and the
# worktree does not move when nothing changed.  Writes
# $CHECK_DIR/series.list ("<commit> <patch>" per line) and makes
# $CHECK_DIR/linux, a detached worktree of the repository (not with
# CHECK_WORKTREE=no: run.py has the other gates' results already).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
log=$logdir/apply.log
: >"$log"
fail() { record "apply patches/ to base" fail "$*"; exit 0; }

pristine=${CHECK_BASE_COMMIT:?is not set: run the gates with make check SERIES=<name>}
read -r -a upstream <<<"${CHECK_UPSTREAM:-}"
shopt -s nullglob
files=("$patches"/*.patch)
[ ${#files[@]} -gt 0 ] || fail "no patches in $patches"
if [ ! -d "$tree/.git" ]; then
	borrow_base "$tree" >>"$log" 2>&1 || fail "cannot make the repository $tree, see $log"
fi
git -C "$tree" cat-file -e "$pristine^{commit}" 2>/dev/null ||
	fail "the base commit $pristine is not in $(base_repo): make check-base"

key=$( { echo "$pristine"; for d in "${upstream[@]}" -- "$patches"; do
	echo "$d"; for f in "$d"/*.patch; do echo "${f##*/}"; cat "$f"; done; done; } |
	sha1sum | cut -c1-40)
reuse=0
if [ -s "$series_list" ] && [ "$(cat "$chk/series.key" 2>/dev/null)" = "$key" ] &&
   git -C "$tree" rev-parse -q --verify 'base^{commit}' >/dev/null; then
	reuse=1
	while read -r c _; do
		git -C "$tree" cat-file -e "$c^{commit}" 2>/dev/null || reuse=0
	done <"$series_list"
fi

# commit_patches PARENT PATCH...: each patch a commit on the one before,
# "<commit> <patch file name>" lines in $tmp/list; $parent is the last.
commit_patches() {
	local f name treeid
	parent=$1; shift
	git -C "$tree" read-tree "$parent"
	: >"$tmp/list"
	for f in "$@"; do
		name=${f##*/}
		git -C "$tree" mailinfo "$tmp/msg" "$tmp/patch" <"$f" >"$tmp/info" 2>>"$log" ||
			fail "$name: git mailinfo cannot parse it, see $log"
		info() { sed -n "s/^$1: //p" "$tmp/info"; }
		[ -n "$(info Author)" ] || fail "$name has no author (From: line)"
		if [ -s "$tmp/patch" ]; then
			git -C "$tree" apply --cached --whitespace=nowarn "$tmp/patch" >>"$log" 2>&1 ||
				fail "${f#"$top"/} does not apply on top of the patches before it ($(tail -n 1 "$log")); see $log"
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
}

if [ $reuse = 0 ]; then
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	export GIT_INDEX_FILE=$tmp/index
	under=()
	for d in "${upstream[@]}"; do under+=("$d"/*.patch); done
	commit_patches "$pristine" "${under[@]}"
	git -C "$tree" tag -f base "$parent" >/dev/null
	commit_patches "$parent" "${files[@]}"
	mv "$tmp/list" "$series_list"
	echo "$key" >"$chk/series.key"
	unset GIT_INDEX_FILE
fi

# The worktree: made once (about a minute), then only moved; not when
# run.py gives the other gates' kept results (CHECK_WORKTREE=no).
if [ "${CHECK_WORKTREE:-yes}" != no ]; then
	ensure_worktree "$tree" "$src" "$(base_commit)" 2>>"$log" ||
		fail "git worktree add $src failed, see $log"
	checkout "$(head_commit)" >>"$log" 2>&1 ||
		fail "cannot check out the series in $src, see $log"
fi

on=$(git -C "$tree" log -1 --format='%h %s' "$pristine")
[ ${#upstream[@]} = 0 ] ||
	on="$on and $(git -C "$tree" rev-list --count "$pristine..base") patches of ${#upstream[@]} series under it"
record "apply patches/ to base" pass "${#files[@]} patches on $on ($(elapsed))"
