#!/bin/bash
# Make the kernel git tree the series is edited in.
#
# Usage: BASE_SUITES="<suite>..." make-tree.sh <version> <dir> [patch-dir]
#
# <dir> gets the base (Linux <version> from Debian's
# linux-source-<version>, looked up in BASE_SUITES, or KERNEL_SRC) as one
# commit tagged 'base', then every patch of patch-dir applied with git am
# (none: a pristine tree).  An existing tree whose commits since
# 'base' already match patch-dir is left alone; one that differs is
# refused unless FORCE=1, so unexported work is never thrown away.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: BASE_SUITES=... make-tree.sh <version> <dir> [patch-dir]"
series=${1:?$usage}
tree=${2:?$usage}
patches=${3:-}
# git -C "$tree" am runs in the tree: name the patches absolutely
[ -z "$patches" ] || patches=$(realpath "$patches")
# A target without a series (pristine mainline) has no patch directory
[ -z "$patches" ] || [ -d "$patches" ] || patches=
version_file=$tree.base-version

apply_patches() {
	[ -n "$patches" ] || return 0
	local p
	for p in "$patches"/*.patch; do
		[ -e "$p" ] || continue
		am_patch "$tree" "$p" "$tree.am.log" ||
			die "patch ${p##*/} does not apply to $(cat "$version_file"); see $tree.am.log"
	done
}

if [ -d "$tree/.git" ] && git -C "$tree" rev-parse -q --verify base >/dev/null; then
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		[ "${FORCE:-0}" = 1 ] ||
		die "$tree has uncommitted changes: commit and export them, or FORCE=1 to discard"
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	export_series "$tree" "$tmp"
	if [ -z "$patches" ] || diff -rq "$tmp" "$patches" >/dev/null 2>&1 &&
	   [ "$(ls "$tmp" | wc -l)" = "$(ls "$patches"/*.patch 2>/dev/null | wc -l)" ]; then
		note "$tree is up to date with ${patches:-its base} ($(cat "$version_file"))"
		exit 0
	fi
	# Commits since 'base' that differ from the queue may be unexported
	# work; with none (a tree whose patches did not apply), nothing is lost.
	[ "${FORCE:-0}" = 1 ] || [ -z "$(git -C "$tree" rev-list base..HEAD)" ] ||
		die "$tree has commits that differ from $patches: export them (make export) or FORCE=1 to rebuild the tree from $patches"
	note "rebuilding the series in $tree from $patches"
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	git -C "$tree" reset -q --hard base
	apply_patches
	exit 0
fi

rm -rf "$tree" "$tree.tmp"
mkdir -p "$tree.tmp"
if [ -n "${KERNEL_SRC:-}" ]; then
	[ -f "$KERNEL_SRC/Makefile" ] || die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
	note "copying KERNEL_SRC=$KERNEL_SRC"
	if [ -d "$KERNEL_SRC/.git" ]; then
		git -C "$KERNEL_SRC" archive --format=tar HEAD | tar -x -C "$tree.tmp"
	else
		tar -C "$KERNEL_SRC" --exclude=.git -cf - . | tar -x -C "$tree.tmp"
	fi
	origin="KERNEL_SRC $KERNEL_SRC"
else
	[ -n "${BASE_SUITES:-}" ] || die "BASE_SUITES is not set: which Debian suites carry linux-source-$series?"
	# shellcheck disable=SC2086 # a list of suites
	tarball=$("$top/scripts/fetch-base.sh" "$series" $BASE_SUITES)
	note "extracting ${tarball##*/}"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
	deb=${tarball##*/}
	origin="Debian linux-source-$series $(echo "$deb" | cut -d_ -f2)"
fi
# Debian's linux-source adds a block to .gitignore that ignores every
# top-level path ("/*"): git would then not see the series' new files.
if grep -q '^# Debian packaging' "$tree.tmp/.gitignore" 2>/dev/null; then
	sed -i '/^# Debian packaging/,/^!\/debian\/$/d' "$tree.tmp/.gitignore"
	origin="$origin, Debian's .gitignore block dropped"
fi
version=$(kernel_version "$tree.tmp")
case $version in
	"$series" | "$series".*) ;;
	*) die "base is Linux $version, not $series.y" ;;
esac
(
	cd "$tree.tmp"
	git init -q
	git config core.autocrlf false
	git config gc.auto 0
	git add -A -f .
	env "${base_ident[@]}" git commit -q --no-verify \
		-m "Linux $version" -m "Base: $origin"
	git tag base
)
mv "$tree.tmp" "$tree"
echo "Linux $version ($origin)" >"$version_file"
note "base: $(cat "$version_file"), commit $(git -C "$tree" rev-parse --short=12 base)"
apply_patches
note "$(git -C "$tree" rev-list --count base..HEAD) patches applied"
