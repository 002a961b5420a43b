# Shared definitions for the harness scripts.  Source it; do not run it.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$top/build}

# The identity and date of the base commit are fixed, so the same source
# always gives the same commit id.
base_ident=(
	GIT_AUTHOR_NAME="Linux base" GIT_AUTHOR_EMAIL="base@localhost"
	GIT_COMMITTER_NAME="Linux base" GIT_COMMITTER_EMAIL="base@localhost"
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
)

# am_patch TREE PATCH: apply one patch with git am.  The committer is the
# harness, dated like the author, so the same queue always gives the same
# commits, and a machine with no git identity can apply it too.
am_patch() {
	GIT_COMMITTER_NAME="ppc-compat-caps harness" \
	GIT_COMMITTER_EMAIL="harness@localhost" \
		git -C "$1" am -q --whitespace=nowarn --committer-date-is-author-date "$2"
}

die() { echo "${0##*/}: error: $*" >&2; exit 1; }
note() { echo "${0##*/}: $*" >&2; }

# kernel_version DIR: the "7.2.13" of a kernel source tree.
kernel_version() {
	make -s -C "$1" kernelversion 2>/dev/null ||
		die "$1 is not a Linux source tree"
}

# export_series TREE OUTDIR: write TREE's commits since 'base' as patches.
# The options make the output a function of the commits' content alone.
export_series() {
	git -C "$1" -c core.abbrev=12 -c diff.algorithm=myers -c diff.renames=true \
		-c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c format.signOff=false -c format.coverLetter=false \
		format-patch --quiet --no-numbered --zero-commit --no-signature \
		--no-thread --no-attach --no-base -o "$2" base..HEAD >/dev/null
}
