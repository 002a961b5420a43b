#!/bin/bash
# Build a kernel out of tree.
#
# Usage: build-kernel.sh <source> <objdir> <arch-cross-prefix> <fragment>...
#
# The configuration is tinyconfig (KCONFIG_BASE=<make target>, such as
# ppc64le_defconfig, for another) plus the fragments, made again whenever
# the list of fragments or their contents differ from what made it (a
# stamp beside it), and checked after every build: every option the
# fragments set is in it.  ccache is used when present.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=${1:?usage}; obj=${2:?usage}; cross=${3:?usage}; shift 3
[ $# -gt 0 ] || die "no config fragment given"
[ -f "$src/Makefile" ] || die "$src is not a kernel tree (make tree first)"
command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found: run scripts/setup.sh"

# The host programs too (kconfig, dtc, the tools of kbuild): a new
# object directory compiles them again.
cc="${cross}gcc" hostcc=gcc
command -v ccache >/dev/null && { cc="ccache ${cross}gcc"; hostcc="ccache gcc"; }
# Paths under the project are hashed relative to it, so that a clone
# elsewhere (CI) reuses what was compiled here.
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=true
kmake=(make -s -C "$src" O="$(realpath -m "$obj")" ARCH=powerpc
       CROSS_COMPILE="$cross" CC="$cc" HOSTCC="$hostcc" -j"$(nproc)")
mkdir -p "$obj"
log=$obj/build.log

stamp=$obj/.config-inputs
kbase=${KCONFIG_BASE:-tinyconfig}
want=$( { echo "$kbase"; for f in "$@"; do echo "$f"; cat "$f"; done; } | sha1sum | cut -c1-40)

# Kept kernels: a kernel built before from the same source (the git tree
# of a checkout without local changes), configuration inputs, this script
# and lib.sh, and tools (every installed Debian package and its version)
# is copied into an object directory that has none, instead of being
# built again, as ccache gives an object again: a fresh clone (CI) builds
# no kernel this machine has built.  Not without ccache (CCACHE_DISABLE,
# make build-times: the compiler's times).  $cache/kernels/<key>/ holds
# what the harness uses of a build; the 40 last used are kept.
kernels=$cache/kernels
kept=(vmlinux .config .config-inputs usr/gen_init_cpio)
kept_key() {
	local tree
	[ -z "${CCACHE_DISABLE:-}" ] && [ -z "$(git -C "$src" status --porcelain 2>/dev/null)" ] &&
	tree=$(git -C "$src" rev-parse -q --verify 'HEAD^{tree}') || return 0
	{ echo "$tree"; echo "$want"; cat "$0" "$top/scripts/lib.sh"
	  installed_packages; } | sha1sum | cut -c1-40
}
key=$(kept_key)
# A kept kernel copied here (.kept-key) has no objects for make to find
if [ -f "$obj/.kept-key" ]; then
	if [ -n "$key" ] && [ "$(cat "$obj/.kept-key")" = "$key" ] && [ -f "$obj/vmlinux" ]; then
		note "$obj/vmlinux is up to date (kept kernel)"
		exit 0
	fi
	rm -f "$obj/.kept-key"
fi
if [ -n "$key" ] && [ ! -f "$obj/vmlinux" ] && [ -f "$kernels/$key/vmlinux" ]; then
	dest=$(realpath -m "$obj")
	(cd "$kernels/$key" && cp -p --parents "${kept[@]}" "$dest") ||
		die "cannot copy the kept kernel $kernels/$key into $obj"
	echo "$key" >"$obj/.kept-key"
	touch "$kernels/$key"
	note "$obj/vmlinux: the kernel built at $(cat "$kernels/$key/built") from the same source, configuration and tools (kept: $kernels/$key)"
	exit 0
fi

if [ ! -f "$obj/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	rm -f "$stamp"
	"${kmake[@]}" "$kbase" >"$log" 2>&1 || die "$kbase failed, see $log"
	KCONFIG_CONFIG="$obj/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" "$obj/.config" "$@" >>"$log" 2>&1 ||
		die "merging $* failed, see $log"
	"${kmake[@]}" olddefconfig >>"$log" 2>&1 || die "olddefconfig failed, see $log"
	echo "$want" >"$stamp"
fi
kind=incremental
[ -f "$obj/vmlinux" ] || kind=scratch
before=$(stat -c %Y "$obj/vmlinux" 2>/dev/null || true)
last=$(cut -d' ' -f1 "$obj/build-time.$kind" 2>/dev/null || true)
note "building $obj/vmlinux ($kind; log: $log${last:+; the last $kind build took $last s})"
start=$(date +%s)
"${kmake[@]}" vmlinux >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "kernel build failed, see $log"; }
seconds=$(( $(date +%s) - start ))
# Every option a fragment sets is in the configuration the kernel was
# built with (olddefconfig drops an option whose dependency is missing).
why=$(verify_config "$obj" "$@") || die "$why"
cache=ccache
{ [ "$cc" != "${cross}gcc" ] && [ -z "${CCACHE_DISABLE:-}" ]; } || cache="no ccache"
if [ "$(stat -c %Y "$obj/vmlinux")" = "$before" ]; then
	note "$obj/vmlinux is up to date ($seconds s)"
else
	# For make bench: how long the last build of each kind took
	echo "$seconds $(date -u +%FT%TZ) $cache" >"$obj/build-time.$kind"
	note "built $obj/vmlinux in $seconds s ($kind, $cache)"
fi

# Keep it (see "Kept kernels" above), once
if [ -n "$key" ] && [ ! -d "$kernels/$key" ]; then
	tmp=$kernels/.$key.$$
	mkdir -p "$tmp" && (cd "$obj" && cp -p --parents "${kept[@]}" "$tmp") ||
		die "cannot keep the kernel of $obj in $tmp"
	date -u '+%F %T UTC' >"$tmp/built"
	mv "$tmp" "$kernels/$key"
	# shellcheck disable=SC2012 # names are hexadecimal keys
	ls -1t "$kernels" | tail -n +41 | while read -r old; do rm -rf "${kernels:?}/$old"; done
fi
