#!/bin/bash
# Build the powerpc KVM selftests of a kernel tree, static, for the guest.
#
# Usage: build-selftests.sh <source> <outdir> <cross-prefix>
#
# The UAPI headers are installed from <source> into <outdir>/headers, the
# tests are built with -Werror into <outdir>/kvm, and <outdir>/programs
# lists the test programs, one path a line, for the initramfs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=${1:?usage}; out=${2:?usage}; cross=${3:?usage}
[ -f "$src/Makefile" ] || die "$src is not a kernel tree (make tree first)"
kvm=$src/tools/testing/selftests/kvm
[ -d "$kvm/powerpc" ] ||
	die "$kvm/powerpc missing: this tree has no powerpc KVM selftests (the kvm-selftests series adds them)"
out=$(realpath -m "$out")
mkdir -p "$out"
log=$out/build.log
note "building the KVM selftests of $src (log: $log)"

make -s -C "$src" O="$out/headers-obj" ARCH=powerpc \
	INSTALL_HDR_PATH="$out/headers" headers_install >"$log" 2>&1 ||
	die "headers_install failed, see $log"
make -C "$kvm" ARCH=powerpc CROSS_COMPILE="$cross" OUTPUT="$out/kvm" \
	KHDR_INCLUDES="-isystem $out/headers/include" \
	EXTRA_CFLAGS="-static -Werror" -j"$(nproc)" >>"$log" 2>&1 ||
	{ grep -E 'error|warning' "$log" | head -n 20 >&2; die "selftest build failed, see $log"; }

progs=$(make -s -C "$kvm" ARCH=powerpc OUTPUT="$out/kvm" \
	-f Makefile -f /dev/stdin print-progs <<<'print-progs: ; @echo $(TEST_GEN_PROGS)' 2>>"$log") ||
	die "cannot list the selftest programs, see $log"
[ -n "$progs" ] || die "no powerpc KVM selftest programs in $kvm"
: >"$out/programs.tmp"
for p in $progs; do
	[ -x "$p" ] || die "$p was not built, see $log"
	echo "$p" >>"$out/programs.tmp"
done
mv "$out/programs.tmp" "$out/programs"
note "built $(wc -l <"$out/programs") selftest programs in $out/kvm"
