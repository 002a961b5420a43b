#!/bin/bash
# Gate "selftests": the KVM selftests of the series for ppc64le the way the
# kselftest documentation says to build and install them:
#
#   make O=<obj> ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- headers
#   make -C tools/testing/selftests O=<obj> TARGETS=kvm ARCH=powerpc \
#        CROSS_COMPILE=powerpc64le-linux-gnu- EXTRA_CFLAGS=-Werror install
#
# and checks that every compiler command line of the KVM selftests has
# -Wall and -Werror (nothing after them turning errors off), that no
# warning was printed, that the powerpc test programs are installed as
# ppc64le executables and listed in kselftest-list.txt, that
# run_kselftest.sh lists them, and that the run_tests target resolves
# (make -n: the programs cannot run on this machine).
# In <check dir>/obj/kselftest; log: <check dir>/logs/selftests.log.
#
# Usage: selftests.sh         one test case, "selftests"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
fail() { record selftests fail "$* ($(elapsed))"; exit 0; }
checkout "$(head_commit)"
obj=$objroot/kselftest
inst=$obj/install
log=$logdir/selftests.log
cc=${test_cross}gcc
command -v ccache >/dev/null && cc="ccache $cc"
ksft=(make -C "$src/tools/testing/selftests" O="$obj" TARGETS=kvm ARCH=powerpc
      CROSS_COMPILE="$test_cross" CC="$cc" EXTRA_CFLAGS=-Werror KSFT_INSTALL_PATH="$inst")
mkdir -p "$obj"
make -s -C "$src" O="$obj" ARCH=powerpc CROSS_COMPILE="$test_cross" headers >"$log" 2>&1 ||
	fail "make headers failed, see $log"
# Rebuild everything each time (ccache makes it quick) so that all the
# compiler command lines are in the log.
rm -rf "$obj/kselftest/kvm" "$inst"
"${ksft[@]}" V=1 install >>"$log" 2>&1 ||
	fail "make -C tools/testing/selftests TARGETS=kvm ARCH=powerpc install failed: $(grep -m 3 -E 'error|Error' "$log" | sed "s#$src/##" | paste -sd ';' -); see $log"

# Compiler command lines of the KVM selftests' sources.
cc_lines=$(grep -E "^(ccache )?${test_cross}gcc .* -c " "$log" || true)
[ -n "$cc_lines" ] || fail "no compiler command line in $log (V=1)"
n=$(wc -l <<<"$cc_lines")
bad=$(grep -vE -- '-Wall( |$)' <<<"$cc_lines" | head -n 1 || true)
[ -z "$bad" ] || fail "a command line without -Wall: ${bad:0:200}...; see $log"
bad=$(grep -vE -- '-Werror( |$)' <<<"$cc_lines" | head -n 1 || true)
[ -z "$bad" ] || fail "a command line without -Werror: ${bad:0:200}...; see $log"
bad=$(grep -E -- '-Werror( .*)? -Wno-error( |$)' <<<"$cc_lines" | head -n 1 || true)
[ -z "$bad" ] || fail "-Wno-error after -Werror: ${bad:0:200}...; see $log"
grep -q 'powerpc/compat_caps_test' <<<"$cc_lines" || fail "powerpc/compat_caps_test was not compiled; see $log"
warn=$(grep -E 'warning:' "$log" | head -n 3 | paste -sd ';' - || true)
[ -z "$warn" ] || fail "warnings: $warn; see $log"

# What was installed, and the runner's view of it.
progs=$(cd "$src/tools/testing/selftests/kvm" && make -s ARCH=powerpc OUTPUT=/o \
	-f Makefile -f /dev/stdin print <<<'print: ; @echo $(TEST_GEN_PROGS_powerpc)' 2>/dev/null) ||
	fail "cannot list TEST_GEN_PROGS_powerpc of the KVM selftests"
[ -n "$progs" ] || fail "no powerpc programs in the KVM selftests' Makefile"
for p in $progs; do
	f=$inst/kvm/$p
	[ -x "$f" ] || f=$inst/kvm/${p##*/}    # install flattens the directories
	[ -x "$f" ] || fail "$p not installed in $inst/kvm"
	hdr=$("${test_cross}readelf" -h "$f" 2>/dev/null || true)
	grep -q 'ELF64' <<<"$hdr" && grep -q 'little endian' <<<"$hdr" &&
		grep -q 'PowerPC64' <<<"$hdr" ||
		fail "$f is not a ppc64le executable (readelf -h)"
	grep -qx "kvm:${p##*/}" "$inst/kselftest-list.txt" 2>/dev/null ||
		grep -qx "kvm:$p" "$inst/kselftest-list.txt" 2>/dev/null ||
		fail "$p not in $inst/kselftest-list.txt"
	"$inst/run_kselftest.sh" --list 2>/dev/null | grep -q "kvm:.*${p##*/}" ||
		fail "run_kselftest.sh --list does not list $p"
done
"${ksft[@]}" -n run_tests >"$logdir/selftests-run_tests.log" 2>&1 ||
	fail "make ... run_tests does not resolve (make -n), see $logdir/selftests-run_tests.log"
record selftests pass "built with -Wall -Werror ($n compiler command lines), no warning; installed and listed: $(echo $progs) ($(elapsed))"
