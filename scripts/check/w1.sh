#!/bin/bash
# Gate "W=1": a W=1 build of arch/powerpc/kvm/ on the test configuration
# has no warning that the base's does not have.  -Werror is turned off
# (CONFIG_PPC_WERROR= CONFIG_WERROR= on make's command line, make -k) so
# that every warning of both is seen;
# the objects are rebuilt each time (ccache replays the warnings), and
# warnings compare without line numbers (normalise in lib.sh).  The
# base's are computed once per base, tool version and script.
# Logs: build/check/logs/w1-{base,series}.log.
#
# Usage: w1.sh                one test case, "W=1 arch/powerpc/kvm"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name="W=1 arch/powerpc/kvm"
case_start
tools="$(${test_cross}gcc --version | head -n 1)"
fail() { record "$name" fail "$* ($(elapsed))"; exit 0; }

# run_w1 OBJDIR LOG ALLOW_UNKNOWN: prints the normalised warnings.
run_w1() {
	local obj=$1 log=$2
	ALLOW_UNKNOWN=$3 configure "$obj" powerpc "$test_cross" tinyconfig $test_fragments >&2 || return 1
	rm -f "$obj"/arch/powerpc/kvm/*.o
	kmake "$obj" powerpc "$test_cross" -k W=1 CONFIG_PPC_WERROR= CONFIG_WERROR= arch/powerpc/kvm/ >"$log" 2>&1 ||
		{ echo "make W=1 arch/powerpc/kvm/ failed, see $log" >&2; return 1; }
	normalise <"$log" | grep -E '^arch/powerpc/kvm/|^include/|^arch/powerpc/include/' || true
}

compare_with_base w1 W=1 run_w1
record "$name" pass "nothing new ($base_count warning(s) at the base, $series_count with the series) ($(elapsed))"
