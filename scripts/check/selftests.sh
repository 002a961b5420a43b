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
# Two more cases: "selftests ISA": no object of the build holds an
# instruction of ISA 3.1 (prefixed), which guest code in Power9 mode
# cannot run; "selftests ppc64/ppc32": a big-endian and a 32-bit build
# stop at their first error, which says that only ppc64le is supported.
#
# Usage: selftests.sh         three test cases
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

# ISA 3.1's prefixed instructions (objdump names them all p...: pld, pstd,
# paddi, pla, pli, pnop, plxv, pmxv...), in the objects of the build, which
# are the selftests' own code (the executables also hold the C library's).
case_start
objs=$(find "$obj/kselftest/kvm" -name '*.o')
[ -n "$objs" ] || { record "selftests ISA" fail "no object in $obj/kselftest/kvm ($(elapsed))"; exit 0; }
dis=$logdir/selftests-objdump.txt
xargs "${test_cross}objdump" -d -M power10 --no-show-raw-insn <<<"$objs" >"$dis" 2>&1 || {
	record "selftests ISA" fail "objdump failed, see $dis ($(elapsed))"; exit 0; }
prefixed=$(awk '/file format/ { file = $1 } /^[0-9a-f]+ <.*>:$/ { fn = $2 }
	$2 ~ /^p(l|st|addi|la|li|nop|mxv|mdmxv)[a-z0-9.]*$/ { print file, fn, $2 }' "$dis" |
	head -n 3 | sed "s#$obj/##" | paste -sd ';' -)
if [ -n "$prefixed" ]; then
	record "selftests ISA" fail "ISA 3.1 (prefixed) instructions, which guest code in Power9 mode cannot run: $prefixed; see $dis ($(elapsed))"
else
	record "selftests ISA" pass "no ISA 3.1 (prefixed) instruction in $(wc -l <<<"$objs") objects ($(elapsed))"
fi

# Big-endian and 32-bit: the build stops, and its first error says why.
case_start
said=()
for cross in powerpc64-linux-gnu- powerpc-linux-gnu-; do
	blog=$logdir/selftests-${cross%-linux-gnu-}.log
	if make -C "$src/tools/testing/selftests/kvm" ARCH=powerpc CROSS_COMPILE="$cross" \
		OUTPUT="$obj/kvm-${cross%-linux-gnu-}" KHDR_INCLUDES="-isystem $obj/usr/include" \
		>"$blog" 2>&1; then
		record "selftests ppc64/ppc32" fail "the ${cross}gcc build succeeded: it must stop, ppc64le is the only target ($(elapsed))"
		exit 0
	fi
	first=$(grep -m 1 -E 'error:' "$blog" | sed "s#$src/##" || true)
	grep -q 'support only 64-bit little-endian' <<<"$first" || {
		record "selftests ppc64/ppc32" fail "the ${cross}gcc build's first error is not that ppc64le is the only target: ${first:-none}; see $blog ($(elapsed))"
		exit 0; }
	said+=("${cross}gcc")
done
record "selftests ppc64/ppc32" pass "${said[*]}: the build stops at its first error: ${first#*error: } ($(elapsed))"
