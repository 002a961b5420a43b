#!/bin/bash
# Import a base kernel into the machine's base repository, once, and print
# the id of its commit.
#
# Usage: BASE_SUITES="<suite>..." BASE_PACKAGE=<package version> \
#        BASE_COMMIT=<commit> make-base.sh <version>
#
# The base repository, $cache/linux.git (bare), holds every base this
# machine has used, each one commit tagged linux-source-<version>: Debian's
# linux-source-<version> at version BASE_PACKAGE, looked up in BASE_SUITES
# (bases.mk), imported with a fixed identity and date, so that the same
# package always gives the same commit: BASE_COMMIT, checked (a new
# package, or a change of the import, fails here, loudly).  Every kernel
# tree (make-tree.sh) and every series' gates (scripts/check/prepare.sh)
# borrow its objects (borrow_base in lib.sh, git's alternates): a base is
# extracted once per machine, not once per tree, and
# a tree of one version also has the other versions' files, which git am
# -3 needs to apply a series stored against another version.
#
# KERNEL_SRC=<tree> imports that tree instead, every time (it may have
# changed), as refs/kernel-src/<version>.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=${1:?usage: BASE_SUITES=... make-base.sh <version>}
repo=$(base_repo)
mkdir -p "$repo"
exec 9>"$repo.lock"
flock 9
if [ ! -f "$repo/HEAD" ]; then
	git init -q --bare "$repo"
	git -C "$repo" config gc.auto 0
fi

if [ -n "${KERNEL_SRC:-}" ]; then
	ref=refs/kernel-src/$version
else
	want=${BASE_COMMIT:?is not set: the commit linux-source-$version imports as (bases.mk)}
	ref=refs/tags/linux-source-$version
	if commit=$(git -C "$repo" rev-parse -q --verify "$ref^{commit}") &&
	   [ "$commit" = "$want" ]; then
		echo "$commit"
		exit 0
	fi
fi

tmp=$repo.import
rm -rf "$tmp" "$tmp.index"
mkdir -p "$tmp"
trap 'rm -rf "$tmp" "$tmp.index"' EXIT
if [ -n "${KERNEL_SRC:-}" ]; then
	[ -f "$KERNEL_SRC/Makefile" ] || die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
	note "copying KERNEL_SRC=$KERNEL_SRC"
	if [ -d "$KERNEL_SRC/.git" ]; then
		git -C "$KERNEL_SRC" archive --format=tar HEAD | tar -x -C "$tmp"
	else
		tar -C "$KERNEL_SRC" --exclude=.git -cf - . | tar -x -C "$tmp"
	fi
	origin="KERNEL_SRC $KERNEL_SRC"
else
	[ -n "${BASE_SUITES:-}" ] || die "BASE_SUITES is not set: which Debian suites carry linux-source-$version? (bases.mk)"
	# shellcheck disable=SC2086 # a list of suites
	tarball=$("$top/scripts/fetch-base.sh" "$version" $BASE_SUITES)
	note "extracting ${tarball##*/} (about a minute)"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	deb=${tarball##*/}
	origin="Debian linux-source-$version $(echo "$deb" | cut -d_ -f2)"
fi
# Debian's linux-source adds a block to .gitignore that ignores every
# top-level path ("/*"): git would then not see the series' new files.
if grep -q '^# Debian packaging' "$tmp/.gitignore" 2>/dev/null; then
	sed -i '/^# Debian packaging/,/^!\/debian\/$/d' "$tmp/.gitignore"
	origin="$origin, Debian's .gitignore block dropped"
fi
full=$(kernel_version "$tmp")
case $full in
	"$version" | "$version".*) ;;
	*) die "base is Linux $full, not $version.y" ;;
esac
note "importing Linux $full into $repo (a minute or two)"
export GIT_INDEX_FILE=$tmp.index
git -C "$repo" --work-tree="$tmp" add -A -f .
treeid=$(git -C "$repo" write-tree)
commit=$(env "${base_ident[@]}" git -C "$repo" commit-tree "$treeid" \
	-m "Linux $full" -m "Base: $origin")
if [ -z "${KERNEL_SRC:-}" ] && [ "$commit" != "$want" ]; then
	die "Linux $full ($origin) imports as commit $commit, not BASE_COMMIT_$version $want (bases.mk): if the package is the one you meant, put the new commit there"
fi
git -C "$repo" update-ref "$ref" "$commit"
note "base: Linux $full ($origin), commit ${commit:0:12}"
echo "$commit"
