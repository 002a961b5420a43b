# shellcheck shell=bash
# Shared definitions for the harness scripts.  Source it; do not run it.
# Its variables are for the scripts that source it:
# shellcheck disable=SC2034

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$top/build}
# What is downloaded or built once for every clone: Debian's packages,
# sparse.  make exports PPC_COMPAT_CACHE; this is the same default.
cache=${PPC_COMPAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-compat-caps}

# base_repo: the repository of the machine's bases (scripts/make-base.sh)
base_repo() { echo "$cache/linux.git"; }

# borrow_base DIR: a new git repository in DIR that borrows the objects
# of the base repository (what git clone --shared does), so that it has
# every base without a copy; it never prunes (gc.auto 0), and must not
# outlive the base repository.
borrow_base() {
	git init -q "$1" &&
	echo "$(base_repo)/objects" >"$1/.git/objects/info/alternates" &&
	git -C "$1" config gc.auto 0
}

# base_origin REPO COMMIT: where a base commit came from, in words
base_origin() {
	git -C "$1" log -1 --format=%B "$2" | sed -n 's/^Base: //p'
}

# debian_mirror: the Debian archive to fetch from: $DEBIAN_MIRROR, else the
# first .../debian archive the system's apt sources name (a local mirror,
# say), else deb.debian.org.
debian_mirror() {
	local m=${DEBIAN_MIRROR:-}
	[ -n "$m" ] || m=$( {
		sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
		sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | grep -m1 -E '/debian/?$' || true)
	echo "${m:-http://deb.debian.org/debian}"
}

# private_apt DIR ARCH LINE...: an apt configuration of its own under DIR,
# whose sources.list is LINE... with "[signed]" standing for Debian's
# keyring; sets apt_opts for apt-get and apt-cache.  The system's sources,
# lists and package state are not touched, and nothing is installed.
private_apt() {
	local dir=$1 arch=$2; shift 2
	local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	command -v apt-get >/dev/null || die "apt-get not found: a Debian system is needed"
	[ -e "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"
	mkdir -p "$dir"/{lists/partial,cache/archives/partial,etc/sources.list.d,etc/preferences.d}
	printf '%s\n' "$@" | sed "s|\[signed\]|[signed-by=$keyring]|" >"$dir/etc/sources.list"
	apt_opts=(
		-o "Dir::Etc=$dir/etc"
		-o "Dir::Etc::SourceList=$dir/etc/sources.list"
		-o "Dir::Etc::SourceParts=$dir/etc/sources.list.d"
		-o "Dir::Etc::PreferencesParts=$dir/etc/preferences.d"
		-o "Dir::State::Lists=$dir/lists"
		-o "Dir::Cache=$dir/cache"
		-o "Dir::State::status=/dev/null"
		-o "APT::Architecture=$arch"
		-o "APT::Architectures=$arch"
		-o "Debug::NoLocking=1"
	)
}

# The identity and date of the base commit are fixed, so the same source
# always gives the same commit id.
base_ident=(
	GIT_AUTHOR_NAME="Linux base" GIT_AUTHOR_EMAIL="base@localhost"
	GIT_COMMITTER_NAME="Linux base" GIT_COMMITTER_EMAIL="base@localhost"
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
)

# am_patch TREE PATCH LOG: apply one patch with git am -3, its output in
# LOG (three-way: a series stored against another version of the base
# applies where its context moved, the tree having that version's files).
# The committer is the harness, dated like the author, so the same queue
# always gives the same commits, and a machine with no git identity can
# apply it too.  On failure the am is aborted, LOG goes to stderr and the
# status is non-zero.
am_patch() {
	GIT_COMMITTER_NAME="ppc-compat-caps harness" \
	GIT_COMMITTER_EMAIL="harness@localhost" \
		git -C "$1" am -q -3 --whitespace=nowarn --committer-date-is-author-date \
		"$2" >"$3" 2>&1 && return 0
	git -C "$1" am --abort >/dev/null 2>&1 || true
	cat "$3" >&2
	return 1
}

# ensure_worktree TREE DIR COMMIT: DIR is a detached git worktree of TREE;
# made at COMMIT when it is not one already (missing, or left from an
# earlier TREE: then removed first).  An existing one is not moved.
# Every checkout of a whole tree here (some 80000 files) runs with
# checkout.workers=0, a worker per core: 12 s instead of 19 on two cores.
ensure_worktree() {
	local tree=$1 dir=$2 commit=$3
	[ "$(git -C "$dir" rev-parse --git-common-dir 2>/dev/null)" = "$(realpath "$tree/.git")" ] &&
		return 0
	note "making the worktree $dir of $tree"
	rm -rf "$dir"
	git -C "$tree" worktree prune
	git -c checkout.workers=0 -C "$tree" worktree add -q --detach "$(realpath -m "$dir")" "$commit"
}

# kconfig_known SYMBOL: whether the kernel source $src defines the symbol.
kconfig_known() {
	grep -rqsE --include='Kconfig*' \
		"^[[:space:]]*(menu)?config[[:space:]]+${1#CONFIG_}[[:space:]]*$" "${src:?}"
}

# verify_config OBJDIR FRAGMENT...: every option the fragments set (a later
# fragment overriding an earlier one, as merge_config.sh does) is in
# OBJDIR/.config as set (=n: absent).  Options the kernel source $src does
# not define (a later commit adds them) are ignored with ALLOW_UNKNOWN=1.
# Prints the first mismatch and fails.
verify_config() {
	local obj=$1 f line opt; shift
	local -A wanted=() from=()
	local -a order=()
	for f in "$@"; do
		while IFS= read -r line; do
			opt=${line%%=*}
			[ -n "${wanted[$opt]+set}" ] || order+=("$opt")
			wanted[$opt]=${line#*=}; from[$opt]=${f#"$top"/}
		done < <(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$f")
	done
	for opt in "${order[@]}"; do
		if [ "${wanted[$opt]}" = n ]; then
			grep -q "^$opt=" "$obj/.config" || continue
		else
			grep -qxF "$opt=${wanted[$opt]}" "$obj/.config" && continue
		fi
		[ "${ALLOW_UNKNOWN:-0}" = 1 ] && ! kconfig_known "$opt" && continue
		echo "$opt=${wanted[$opt]} from ${from[$opt]} is not in $obj/.config" \
			"(it has: $(grep -E "^(# )?${opt}[= ]" "$obj/.config" || echo nothing)): missing dependency?"
		return 1
	done
}

# installed_packages: every installed Debian package and its version, one
# per line, sorted: the tools a kept kernel or kept gate result was made with
installed_packages() {
	dpkg-query -W -f '${Package} ${Version}\n' | LC_ALL=C sort
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
