#!/bin/bash
# Gate "build <config>": the code the series touches, built on one more
# configuration: the fragment configs/check-<config>.config on top of its
# base (a "# check-base:" line: tinyconfig...), for the architecture and
# compiler its "# check-arch:" and "# check-cross:" lines name.  Every
# option the fragment sets must be in the resulting .config (else the
# build would prove nothing), but for those the tree does not define at
# all (a series' KUnit test, in the series' gates before it): the case
# names them, then the make targets of its
# "# check-targets:" line (default: prepare arch/powerpc/kvm/) are built,
# warnings allowed but errors not, and the files of its "# check-expect:"
# line must exist in the object directory (proof that what matters was
# built).  A "# check-when:" line (an extended regular expression) limits
# the case to series that change a file whose path matches it: the others
# skip it, saying so; a "# check-not-built:" line (another one) names the
# files the configuration does not build: a series that changes only such
# files skips it too.  Incremental and ccached in <check dir>/obj/<config>.
#
# Usage: coverage.sh <config>...    one test case each, "build <config>"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ $# -eq 0 ]; then
	for f in "$top"/configs/check-*.config; do
		f=${f##*/check-}
		set -- "$@" "${f%.config}"
	done
fi
checkout "$(head_commit)"
changed=$(changed_files)

for name in "$@"; do
	case_start
	frag=$top/configs/check-$name.config
	obj=$objroot/$name
	log=$logdir/build-$name.log
	fail() { record "build $name" fail "$* ($(elapsed))"; }
	[ -f "$frag" ] || { fail "no $frag"; continue; }
	arch=$(fragment_meta "$frag" arch); cross=$(fragment_meta "$frag" cross)
	base=$(fragment_meta "$frag" base)
	[ -n "$arch" ] && [ -n "$base" ] || { fail "$frag lacks a '# check-arch:' or '# check-base:' line"; continue; }
	when=$(fragment_meta "$frag" when)
	if [ -n "$when" ] && ! grep -qE "$when" <<<"$changed"; then
		record "build $name" skip "not applicable: the series changes no file matching '$when' ($(elapsed))"
		continue
	fi
	not_built=$(fragment_meta "$frag" not-built)
	if [ -n "$not_built" ] && ! grep -qvE "$not_built" <<<"$changed"; then
		record "build $name" skip "not applicable: this configuration builds none of the files the series changes ($(echo $changed)) ($(elapsed))"
		continue
	fi
	if [ -n "$cross" ] && ! command -v "${cross}gcc" >/dev/null; then
		fail "${cross}gcc not installed (scripts/setup.sh)"; continue
	fi
	if ! why=$(ALLOW_UNKNOWN=1 configure "$obj" "$arch" "$cross" "$base" "$frag"); then
		fail "configuration: $why"; continue
	fi
	unknown=""
	for opt in $(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' "$frag"); do
		kconfig_known "$opt" || unknown="$unknown $opt"
	done
	read -r -a targets <<<"$(fragment_meta "$frag" targets)"
	[ ${#targets[@]} -gt 0 ] || targets=(prepare arch/powerpc/kvm/)
	read -r -a expect <<<"$(fragment_meta "$frag" expect)"
	if ! kmake "$obj" "$arch" "$cross" "${targets[@]}" >"$log" 2>&1; then
		err=$(grep -m 3 -E 'error:|Error [0-9]|undefined' "$log" | paste -sd ';' - || true)
		fail "make ${targets[*]} failed: ${err:-see log}; see $log"
		continue
	fi
	missing=""
	for e in "${expect[@]}"; do [ -e "$obj/$e" ] || missing="$missing $e"; done
	[ -z "$missing" ] || { fail "built, but$missing missing in $obj; see $log"; continue; }
	kvm=$(grep -E '^CONFIG_KVM(_BOOK3S_(32|64|64_HV|64_PR)|_E500MC)?=' "$obj/.config" | sed 's/^CONFIG_//' | paste -sd ' ' - || true)
	[ -n "$kvm" ] && kvm=" ($kvm)"
	nwarn=$(grep -c 'warning:' "$log" || true)
	record "build $name" pass "$arch ${cross:-native} $base + ${frag#"$top"/}$kvm: ${targets[*]} built${expect:+ (${expect[*]} made)}${unknown:+, not in this tree:$unknown}, $nwarn warning line(s) in $log ($(elapsed))"
done
