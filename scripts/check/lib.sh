# shellcheck shell=bash
# Shared definitions of the gates of make check.  Source it; do not run it.
# Its variables are for the gates that source it:
# shellcheck disable=SC2034
#
# The gates check one series (make check SERIES=<name> passes CHECK_DIR,
# build/series/<name>/check, CHECK_PATCHES, its patches/, CHECK_UPSTREAM,
# the patch directories of the series it depends on, and
# CHECK_BASE_COMMIT, the base in the base repository).  Their repository
# CHECK_TREE (<check dir>/repo, made by prepare.sh) borrows the base's
# objects and holds the commits made from the patches, its tag 'base' at
# the base with the series it depends on.  They build out of a git
# worktree of it, $CHECK_DIR/linux, that they move from commit to commit,
# with their own object directories under $CHECK_DIR/obj, but for the
# test kernel's, $CHECK_DIR/kernel: beside its source as a target's
# kernel is (build/<target>/linux and kernel), so that ccache, which
# hashes paths relative to the project, gives a target the objects its
# series' gates compiled.
#
# A gate records its test cases with record NAME STATUS MESSAGE; they are
# appended as JSON lines to $CHECK_CASES, which run.py collects.

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

need="is not set: run the gates with make check SERIES=<name>"
tree=${CHECK_TREE:?$need}
chk=${CHECK_DIR:?$need}
src=$chk/linux
objroot=$chk/obj
kobj=$chk/kernel     # the test kernel's (bisect, then sparse and W=1)
logdir=$chk/logs
# The base's results, per machine: a fresh clone reuses them (base_cached)
basecache=$cache/check-base-results
patches=${CHECK_PATCHES:?$need}
series_list=$chk/series.list       # "<commit> <patch file name>" per line
# The test configuration: the fragments the series' test kernel is built
# with (make check passes its FRAGMENTS), on tinyconfig, for ppc64le.
test_fragments=${CHECK_FRAGMENTS:?$need}
test_fragments=$(for f in $test_fragments; do realpath -m "$top/$f"; done)
test_cross=${CHECK_CROSS:-powerpc64le-linux-gnu-}
jobs=${CHECK_JOBS:-$(nproc)}
# Stable messages (ASCII quotes) whatever the caller's locale: the base's
# results are cached and compared as text.
export LC_ALL=C
# Debian's python3 first: the tools' modules (ply for checkpatch's SPDX
# check, sphinx) are Debian packages that another python3 (pyenv...) lacks.
[ -x /usr/bin/python3 ] && export PATH=/usr/bin:$PATH
mkdir -p "$logdir" "$objroot" "$basecache"

# record NAME STATUS MESSAGE: one test case of the results document.
record() {
	[ -n "${CHECK_CASES:-}" ] || { echo "$2: $1: $3" >&2; return 0; }
	python3 -c 'import json, sys
print(json.dumps({"name": sys.argv[1], "status": sys.argv[2], "message": sys.argv[3]}))' \
		"$1" "$2" "$3" >>"$CHECK_CASES"
}

# Wall time of a test case: case_start, then $(elapsed) in its message.
case_start() { case_t0=$(date +%s.%N); }
elapsed() { printf '%.1f s' "$(echo "$(date +%s.%N) - $case_t0" | bc)"; }

# The series: base commit, commits in order, and the commit of a patch.
base_commit() { git -C "$tree" rev-parse --verify -q 'base^{commit}' ||
	die "$tree has no 'base' tag: the gate apply (prepare.sh) makes it"; }
series_commits() {
	[ -s "$series_list" ] || die "$series_list missing: run scripts/check/prepare.sh"
	cut -d' ' -f1 "$series_list"
}
head_commit() { series_commits | tail -n 1; }
patch_of() { awk -v c="$1" '$1 == c { print $2 }' "$series_list"; }
# Every file the series changes
changed_files() { git -C "$tree" diff --name-only "$(base_commit)" "$(head_commit)"; }
# The kernel C files the series adds or changes (not tools/, scripts/...)
changed_c_files() {
	git -C "$src" diff --name-only --diff-filter=AM "$(base_commit)" "$(head_commit)" -- \
		'*.c' ':!tools/' ':!Documentation/' ':!scripts/' ':!samples/'
}

# checkout COMMIT: move the worktree (only ours) to COMMIT.
checkout() {
	[ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" = "$1" ] && return 0
	git -c checkout.workers=0 -C "$src" checkout -q -f --detach "$1" ||
		die "cannot check out $1 in $src"
}

# kmake OBJDIR ARCH CROSS [make arguments]: kernel make, out of tree, ccache.
kmake() {
	local obj=$1 arch=$2 cross=$3; shift 3
	local cc=${cross}gcc hostcc=gcc
	if command -v ccache >/dev/null; then
		cc="ccache $cc"; hostcc="ccache gcc"
	fi
	mkdir -p "$obj"
	make -C "$src" O="$obj" ARCH="$arch" ${cross:+CROSS_COMPILE="$cross"} \
		CC="$cc" HOSTCC="$hostcc" -j"$jobs" "$@"
}

# fragment_meta FRAGMENT KEY: the value of a "# check-KEY: value" line.
fragment_meta() { sed -n "s/^# check-$2:[[:space:]]*//p" "$1" | head -n 1; }

# configure OBJDIR ARCH CROSS BASE FRAGMENT...: OBJDIR/.config made from
# BASE (tinyconfig, a defconfig...) plus the fragments, again only when a
# fragment or the recipe (config_recipe) changed or the result does not
# hold the fragments (a Kconfig change of the checked-out commit).
# Log: OBJDIR/config.log.
config_recipe=1     # bump when configure changes how a .config is made
configure() {
	local obj=$1 arch=$2 cross=$3 base=$4; shift 4
	local stamp=$obj/.check-config-stamp want
	want=$( { cat "$@"; echo "recipe $config_recipe"; } | sha1sum | cut -c1-40)" $base"
	if [ -f "$obj/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] &&
	   verify_config "$obj" "$@" >/dev/null; then
		return 0
	fi
	mkdir -p "$obj"
	rm -f "$stamp"
	{
		kmake "$obj" "$arch" "$cross" "$base" &&
		KCONFIG_CONFIG="$obj/.config" "$src/scripts/kconfig/merge_config.sh" \
			-m -O "$obj" "$obj/.config" "$@" &&
		kmake "$obj" "$arch" "$cross" olddefconfig
	} >"$obj/config.log" 2>&1 || { echo "configuration failed, see $obj/config.log"; return 1; }
	verify_config "$obj" "$@" || return 1
	echo "$want" >"$stamp"
}

# normalise: compiler/sparse diagnostics without line and column numbers
# and without the source or object directory prefix, sorted, so that the
# sets of the base and of the series compare although lines moved.
normalise() {
	sed -E -e "s#$src/##g; s#$objroot/[^/ ]*/##g" | awk -v loc="${1:-}" '
		function flush() { if (d != "") print d (loc ? "\t" at : "") }
		/^[^: ]+:[0-9]+(:[0-9]+)?: (warning|error|note|info|WARNING|ERROR)/ {
			flush()
			d = $0; sub(/:[0-9]+(:[0-9]+)?: /, ": ", d)
			at = $0; sub(/: .*/, "", at); next
		}
		# sparse details ("   expected int", "   got restricted __be32")
		/^[^: ]+:[0-9]+(:[0-9]+)?:    / && d != "" {
			x = $0; sub(/^[^: ]+:[0-9]+(:[0-9]+)?: +/, "", x); d = d " | " x; next
		}
		END { flush() }
	' | LC_ALL=C sort
}

# locate NEW LOG: each line of NEW (normalised diagnostics) with the places
# in LOG where that diagnostic is, "file:line" (all of them when it repeats:
# which one is new is not known).
locate() {
	local key
	normalise loc <"$2" >"$2.located"
	while IFS= read -r key; do
		echo "$key (at $(awk -F'\t' -v k="$key" '$1 == k { print $2 }' "$2.located" | paste -sd ' ' -))"
	done <<<"$1"
}

# new_lines BASE SERIES: the lines of SERIES (sorted) not accounted for by
# BASE (sorted), counting repeats.
new_lines() { LC_ALL=C comm -13 "$1" "$2"; }

# compare_with_base KEY WHAT RUN [BASE_OBJ SERIES_OBJ]: run the checker
# function RUN (arguments OBJDIR LOG ALLOW_UNKNOWN; prints normalised
# warnings, says why on stderr when it fails) at the base, once per
# base_cached key, in BASE_OBJ (default <check dir>/obj/base-test), and at
# the head of the series in SERIES_OBJ (default <check dir>/kernel,
# where the series' kernel is built already); logs in
# <check dir>/logs/KEY-{base,series}.{log,txt,why}.  Calls fail (the
# caller's) when either run fails or the series adds warnings; else sets
# base_count and series_count.  WHAT names the warnings.
compare_with_base() {
	local key=$1 what=$2 run=$3 cache new
	local base_obj=${4:-$objroot/base-test} series_obj=${5:-$kobj}
	cache=$(base_cached "$key")
	if [ ! -f "$cache" ]; then
		checkout "$(base_commit)"
		"$run" "$base_obj" "$logdir/$key-base.log" 1 \
			>"$cache.tmp" 2>"$logdir/$key-base.why" ||
			fail "$what at the base: $(tail -n 1 "$logdir/$key-base.why")"
		mv "$cache.tmp" "$cache"
	fi
	checkout "$(head_commit)"
	"$run" "$series_obj" "$logdir/$key-series.log" 0 \
		>"$logdir/$key-series.txt" 2>"$logdir/$key-series.why" ||
		fail "$what with the series: $(tail -n 1 "$logdir/$key-series.why")"
	new=$(new_lines "$cache" "$logdir/$key-series.txt")
	[ -z "$new" ] ||
		fail "$(wc -l <<<"$new") new $what warning(s): $(locate "$(head -n 5 <<<"$new")" "$logdir/$key-series.log" | paste -sd ';' -); with line numbers in $logdir/$key-series.log"
	base_count=$(wc -l <"$cache")
	series_count=$(wc -l <"$logdir/$key-series.txt")
}

# base_cached NAME: path of a cached result of the base, keyed by all it
# depends on: the base commit (with the series under it), the caller's
# script, this file, the test configuration's fragments and $tools (the
# tools' versions and what the caller checks: files, directories).
base_cached() {
	local key
	# shellcheck disable=SC2086 # a list of fragments
	key=$( { base_commit; cat "$0" "${BASH_SOURCE[0]}" $test_fragments; echo "${tools:-}"; } |
		sha1sum | cut -c1-16)
	echo "$basecache/$1-$key"
}
