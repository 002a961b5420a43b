#!/bin/bash
# Gate "W=1": a W=1 build of the directories whose C files the series
# changes (arch/powerpc/kvm/ for the KVM series), on the test
# configuration, has no warning that the base's does not have.  -Werror
# is turned off (CONFIG_PPC_WERROR= CONFIG_WERROR= on make's command line,
# make -k) so that every warning of both is seen; the objects are rebuilt
# each time (ccache replays the warnings), and warnings compare without
# line numbers (normalise in lib.sh).  The base's are computed once per
# base, directories, tool version and script.
# Logs: <check dir>/logs/w1-{base,series}.log.
#
# Usage: w1.sh                one test case, "W=1 <directory>..."
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
dirs=$(changed_c_files | xargs -r -n 1 dirname | sort -u | sed 's#$#/#' | paste -sd ' ' -)
name="W=1 ${dirs:-(no C file)}"
fail() { record "$name" fail "$* ($(elapsed))"; exit 0; }
[ -n "$dirs" ] || { record "$name" skip "the series changes no kernel C file ($(elapsed))"; exit 0; }
tools="$(${test_cross}gcc --version | head -n 1) $dirs"
# Warnings of the directories, and of the headers they include
shown="^($(sed 's/ /|/g' <<<"$dirs")|include/|arch/powerpc/include/)"

# run_w1 OBJDIR LOG ALLOW_UNKNOWN: prints the normalised warnings.
run_w1() {
	local obj=$1 log=$2 d
	ALLOW_UNKNOWN=$3 configure "$obj" powerpc "$test_cross" tinyconfig $test_fragments >&2 || return 1
	for d in $dirs; do rm -f "$obj/$d"*.o; done
	# shellcheck disable=SC2086 # a list of directories
	kmake "$obj" powerpc "$test_cross" -k W=1 CONFIG_PPC_WERROR= CONFIG_WERROR= $dirs >"$log" 2>&1 ||
		{ echo "make W=1 $dirs failed, see $log" >&2; return 1; }
	normalise <"$log" | grep -E "$shown" || true
}

compare_with_base w1 W=1 run_w1
record "$name" pass "nothing new ($base_count warning(s) at the base, $series_count with the series) ($(elapsed))"
