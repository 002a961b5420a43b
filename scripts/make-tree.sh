#!/bin/bash
# Make a kernel git tree: a base and series on it.
#
# Usage: BASE_SUITES="<suite>..." make-tree.sh <version> <dir> \
#            [--on <patch-dir>]... [<patch-dir>]...
#
# <dir> gets the base (Linux <version>, scripts/make-base.sh), then the
# patches of each --on directory, then the tag 'base', then the patches of
# each other directory, with git am -3.  So a series' own tree (make tree
# SERIES=<name>) has the series it depends on under 'base' and its own
# commits above it, which make export writes back; a target's tree has
# the pristine base as 'base' and its whole stack above it.
#
# <dir>.stamp records what the tree was made from, the commit that ended
# it, and what is under 'base'.  A tree made from the same inputs and not committed to since
# is left alone; so is a series' tree whose commits since 'base' are
# exactly the patches (after make export).  A tree with commits that are
# in no patch directory is refused unless FORCE=1, so unexported work is
# never thrown away; a tree whose patches stopped applying half-way has
# none, and is made again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: BASE_SUITES=... make-tree.sh <version> <dir> [--on <patch-dir>]... [<patch-dir>]..."
version=${1:?$usage}
tree=${2:?$usage}
shift 2
upstream=() own=()
while [ $# -gt 0 ]; do
	case $1 in
		--on) upstream+=("$(realpath "${2:?$usage}")"); shift 2 ;;
		*) own+=("$(realpath "$1")"); shift ;;
	esac
done
for d in "${upstream[@]}" "${own[@]}"; do
	[ -d "$d" ] || die "no patch directory $d"
done
stamp=$tree.stamp
version_file=$tree.base-version
repo=$(base_repo)

base=$("$top/scripts/make-base.sh" "$version")

# inputs_key DIR... [-- DIR...]: a key of what a tree is made from: the
# base and every patch of the directories, in order.
inputs_key() {
	local d p
	{
		echo "$base"
		for d in "$@"; do
			echo "$d"
			for p in "$d"/*.patch; do
				[ -e "$p" ] || continue
				echo "${p##*/}"; cat "$p"
			done
		done
	} | sha1sum | cut -c1-40
}
key=$(inputs_key "${upstream[@]}" -- "${own[@]}")
# what is under 'base' alone
under_key=$(inputs_key "${upstream[@]}" --)

apply_dir() {
	local p
	for p in "$1"/*.patch; do
		[ -e "$p" ] || continue
		am_patch "$tree" "$p" "$tree.am.log" ||
			die "patch ${p#"$top"/} does not apply to $(cat "$version_file"); see $tree.am.log"
	done
}

# Make the tree from its inputs: the stamp says "applying" until the last
# patch is in, so that a tree left half-way is known to hold no work.
apply_all() {
	local d
	echo "$key applying $under_key" >"$stamp"
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	git -c checkout.workers=0 -C "$tree" checkout -q -f -B series "$base"
	git -C "$tree" tag -d base >/dev/null 2>&1 || true
	for d in "${upstream[@]}"; do apply_dir "$d"; done
	git -C "$tree" tag base
	for d in "${own[@]}"; do apply_dir "$d"; done
	echo "$key $(git -C "$tree" rev-parse HEAD) $under_key" >"$stamp"
	note "$(git -C "$tree" rev-list --count base..HEAD) patches on 'base' ($(cat "$version_file")$([ ${#upstream[@]} = 0 ] || echo ", with ${#upstream[@]} series under it"))"
}

# The exported commits since 'base' are exactly the one patch directory.
matches_own() {
	[ ${#own[@]} = 1 ] || return 1
	local tmp ok=1
	tmp=$(mktemp -d)
	export_series "$tree" "$tmp"
	diff -rq "$tmp" "${own[0]}" >/dev/null 2>&1 || ok=0
	rm -rf "$tmp"
	[ $ok = 1 ]
}

if [ -d "$tree/.git" ] && git -C "$tree" rev-parse -q --verify base >/dev/null; then
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		[ "${FORCE:-0}" = 1 ] ||
		die "$tree has uncommitted changes: commit and export them, or FORCE=1 to discard"
	made_key='' made_head='' made_under=''
	[ ! -f "$stamp" ] || read -r made_key made_head made_under <"$stamp"
	head=$(git -C "$tree" rev-parse HEAD)
	if [ "$made_key" = "$key" ] && [ "$made_head" = "$head" ]; then
		note "$tree is up to date ($(cat "$version_file"))"
		exit 0
	fi
	# What make export wrote: the same inputs (the patches are the
	# commits), unless what is under 'base' changed.
	if [ "$made_under" = "$under_key" ] &&
	   matches_own; then
		echo "$key $head $under_key" >"$stamp"
		note "$tree is up to date with ${own[0]#"$top"/} ($(cat "$version_file"))"
		exit 0
	fi
	# Commits made since are work, unless the patches hold them already
	# (exported, and what is under 'base' changed since).
	if [ "$made_head" != applying ] && [ "$made_head" != "$head" ] &&
	   [ "${FORCE:-0}" != 1 ] && ! matches_own; then
		die "$tree has commits made since the harness made it: export them (make export SERIES=<name>) or FORCE=1 to make it again from the patches"
	fi
	note "making $tree again from the patches"
	apply_all
else
	rm -rf "$tree"
	mkdir -p "$(dirname "$tree")"
	note "making $tree (a checkout of Linux $version: about a minute)"
	borrow_base "$tree"
	git -C "$tree" config core.autocrlf false
	echo "$(git -C "$repo" log -1 --format=%s "$base") ($(base_origin "$repo" "$base"))" >"$version_file"
	note "base: $(cat "$version_file"), commit ${base:0:12}"
	apply_all
fi
