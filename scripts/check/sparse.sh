#!/bin/bash
# Gate "sparse": sparse (make C=2 CHECK=sparse) over the kernel C files the
# series changes, on the test configuration: no warning that the base does
# not have.  The sparse is one that scripts/checker-valid.sh accepts (else
# kbuild silently skips the check): get-sparse.sh builds Debian sid's when
# the system's is too old.  Warnings compare without line numbers (normalise in lib.sh),
# counting repeats.  The base's are computed once per base, files, test
# configuration, tool version and script (base_cached in lib.sh), in
# <check dir>/obj/base-test.  Logs: <check dir>/logs/sparse-{base,series}.log.
#
# Usage: sparse.sh            one test case, "sparse"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
fail() { record sparse fail "$* ($(elapsed))"; exit 0; }
# A sparse that this kernel accepts (Debian 12's is too old for 7.2).
sparse=$("$(dirname "$0")/get-sparse.sh" "$src" 2>"$logdir/get-sparse.log") ||
	fail "no usable sparse: $(tail -n 1 "$logdir/get-sparse.log")"
# The .c files the series changes that the test configuration compiles as
# objects (an #included .c file is checked through its includer).
files=$(changed_c_files)
# As the gate W=1: a series that changes no C file (a header only) has
# nothing of its own to check.
if [ -z "$files" ]; then
	record sparse skip "the series changes no kernel C file ($(elapsed))"
	exit 0
fi
tools="$sparse $(${test_cross}gcc --version | head -n 1) $files"

# run_sparse OBJDIR LOG ALLOW_UNKNOWN: check the objects of $files that exist
# in this configuration; prints the normalised diagnostics.
run_sparse() {
	local obj=$1 log=$2 targets=() f
	ALLOW_UNKNOWN=$3 configure "$obj" powerpc "$test_cross" tinyconfig $test_fragments >&2 || return 1
	kmake "$obj" powerpc "$test_cross" prepare >"$log" 2>&1 || { echo "make prepare failed, see $log" >&2; return 1; }
	for f in $files; do
		[ -f "$src/$f" ] || continue
		# Is it an object of its directory's Makefile?  Ask kbuild.
		o=${f%.c}.o
		grep -qE "(^|[[:space:]/])$(basename "$o")" "$src/$(dirname "$f")/Makefile" 2>/dev/null &&
			targets+=("$o")
	done
	[ ${#targets[@]} -gt 0 ] || { echo "no object to check" >&2; return 1; }
	kmake "$obj" powerpc "$test_cross" C=2 CHECK="$sparse" "${targets[@]}" >>"$log" 2>&1 ||
		{ echo "make C=2 ${targets[*]} failed, see $log" >&2; return 1; }
	grep -q '  CHECK ' "$log" || { echo "sparse did not run, see $log" >&2; return 1; }
	echo "checked: ${targets[*]}" >&2
	normalise <"$log"
}

compare_with_base sparse sparse run_sparse
checked=$(sed -n 's/^checked: //p' "$logdir/sparse-series.why")
record sparse pass "nothing new on $checked ($base_count warning(s) at the base, $series_count with the series) ($(elapsed))"
