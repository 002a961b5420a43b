#!/bin/bash
# Gate "bisect": each patch builds on its own, in order, incrementally.
#
# Usage: bisect.sh            one test case per patch, "bisect <patch>"
#
# The worktree <check dir>/linux moves through the series' commits; for each,
# what the commit touches is built:
#   - anything outside Documentation/, tools/ and MAINTAINERS: the test
#     kernel (vmlinux, tinyconfig + the Makefile's FRAGMENTS) in
#     <check dir>/kernel;
#   - tools/testing/selftests/kvm/ or a UAPI header, once the KVM
#     selftests' Makefile builds for powerpc: the KVM selftests for ppc64le
#     as scripts/build-selftests.sh builds them (static, -Werror), their
#     library included even before any program uses it, into
#     <check dir>/obj/selftests; before that, a change to them (the common
#     code powerpc support starts with) builds their library for x86_64,
#     natively, into <check dir>/obj/selftests-x86;
#   - Documentation/ alone: nothing (the docs gate builds the result);
#   - MAINTAINERS: its new F: patterns must match files of the tree.
# Options of the fragments that a commit does not define yet (the series
# adds them later) are ignored for that commit; at the last commit every
# option must be set.  Logs: <check dir>/logs/bisect/<patch>.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

obj=$kobj
kst=$objroot/selftests

# kvm_make ARCH OUT ARGS...: make in the KVM selftests for ARCH, output in OUT.
kvm_make() {
	local arch=$1 out=$2; shift 2
	make -C "$src/tools/testing/selftests/kvm" ARCH="$arch" OUTPUT="$out/kvm" "$@"
}

# build_selftests LOG ARCH CROSS GOAL...: the UAPI headers, then GOALs of
# the KVM selftests for ARCH (libkvm-objs: the library objects, even before
# any program uses them); prints what was built or why it failed.
build_selftests() {
	local log=$1 arch=$2 cross=$3 out=$kst n; shift 3
	[ "$arch" = powerpc ] || out=$kst-$arch
	make -s -C "$src" O="$out/headers-obj" ARCH="$arch" \
		INSTALL_HDR_PATH="$out/headers" headers_install >>"$log" 2>&1 ||
		{ echo "headers_install failed"; return 1; }
	kvm_make "$arch" "$out" CROSS_COMPILE="$cross" \
		KHDR_INCLUDES="-isystem $out/headers/include" EXTRA_CFLAGS="-static -Werror" \
		-j"$jobs" -f Makefile -f /dev/stdin "$@" >>"$log" 2>&1 \
		<<<'libkvm-objs: $(LIBKVM_OBJS)' ||
		{ grep -m 3 -E 'error:|undefined reference' "$log" | sed "s#$src/##" | paste -sd ';' -; return 1; }
	what='$(words $(LIBKVM_OBJS)) library objects'
	[[ " $* " != *" all "* ]] || what='$(words $(TEST_GEN_PROGS)) programs, '$what
	n=$(kvm_make "$arch" "$out" -s -f Makefile -f /dev/stdin print 2>/dev/null \
		<<<"print: ; @echo $what")
	echo "$arch: ${n:-built}"
}

# Whether the KVM selftests' Makefile builds anything for powerpc
builds_powerpc() {
	[ "$(kvm_make powerpc "$kst" -s -f Makefile -f /dev/stdin print 2>/dev/null \
		<<<'print: ; @echo $(words $(LIBKVM_OBJS))')" != 0 ]
}
mkdir -p "$logdir/bisect"
last=$(head_commit)
for c in $(series_commits); do
	case_start
	p=$(patch_of "$c")
	log=$logdir/bisect/${p%.patch}.log
	: >"$log"
	fail() { record "bisect $p" fail "$* ($(elapsed))"; }
	checkout "$c"
	files=$(git -C "$src" diff-tree --no-commit-id --name-only -r "$c")
	did=() bad=""
	if grep -qvE '^(Documentation/|tools/|MAINTAINERS$)' <<<"$files"; then
		allow=1; [ "$c" = "$last" ] && allow=0
		if ! why=$(ALLOW_UNKNOWN=$allow configure "$obj" powerpc "$test_cross" tinyconfig $test_fragments); then
			fail "test configuration: $why"; continue
		fi
		if ! kmake "$obj" powerpc "$test_cross" vmlinux >>"$log" 2>&1; then
			err=$(grep -m 3 -E 'error:|undefined reference|Error [0-9]' "$log" | sed "s#$src/##" | paste -sd ';' - || true)
			fail "the kernel does not build at this commit: ${err:-see log}; see $log"; continue
		fi
		did+=("vmlinux")
	fi
	if grep -qE '^tools/testing/selftests/kvm/|/uapi/' <<<"$files"; then
		why=""
		if builds_powerpc; then
			why=$(build_selftests "$log" powerpc "$test_cross" all libkvm-objs) ||
				{ fail "the KVM selftests do not build at this commit: $why; see $log"; continue; }
		elif grep -q '^tools/testing/selftests/kvm/' <<<"$files"; then
			why=$(build_selftests "$log" x86 "" libkvm-objs) ||
				{ fail "the KVM selftests' library does not build for x86_64 at this commit: $why; see $log"; continue; }
			why="$why; not for powerpc yet"
		fi
		[ -z "$why" ] || did+=("selftests ($why)")
	fi
	if grep -qx MAINTAINERS <<<"$files"; then
		# Each F: pattern the commit adds must match something in the tree.
		while IFS= read -r pat; do
			pat=${pat#F:}; pat=$(echo $pat)
			case $pat in */) pat="$pat*" ;; esac    # a directory: all below
			if [ -z "$(git -C "$src" ls-files -- "$pat" | head -n 1)" ]; then
				bad="$bad MAINTAINERS F: $pat matches no file;"
			fi
		done < <(git -C "$src" diff "$c^" "$c" -- MAINTAINERS | sed -n 's/^+F://p' | sed 's/^/F:/')
		[ -z "$bad" ] || { fail "$bad"; continue; }
		did+=("MAINTAINERS patterns")
	fi
	grep -q '^Documentation/' <<<"$files" && did+=("(documentation: docs gate)")
	[ ${#did[@]} -gt 0 ] || did=("nothing to build")
	record "bisect $p" pass "$(git -C "$src" log -1 --format=%h "$c"): ${did[*]} ($(elapsed))"
done
