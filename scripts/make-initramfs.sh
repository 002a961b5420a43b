#!/bin/bash
# Pack the test guest's initramfs: /init and the given test programs under
# /tests, with the /dev/console node the kernel needs before init runs.
# Programs after --bin go to /bin: init runs them only when TESTS names them.
# Files after --data go to /tests, not executable (the selftests' settings).
#
# Usage: make-initramfs.sh <gen_init_cpio> <init> <out.cpio> [test-program]...
#                          [--bin program...] [--data file...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

gen=${1:?usage}; init=${2:?usage}; out=${3:?usage}; shift 3
[ -x "$gen" ] || die "$gen not found: build the kernel first"
[ -x "$init" ] || die "$init not found"

list=$(mktemp); trap 'rm -f "$list"' EXIT
{
	for d in /dev /proc /sys /tmp /tests /bin; do echo "dir $d 0755 0 0"; done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $(realpath "$init") 0755 0 0"
	dir=/tests mode=0755
	for t in "$@"; do
		case $t in
		--bin) dir=/bin mode=0755; continue ;;
		--data) dir=/tests mode=0644; continue ;;
		esac
		if [ $mode = 0755 ]; then
			[ -x "$t" ] || die "program $t not found"
		else
			[ -f "$t" ] || die "file $t not found"
		fi
		echo "file $dir/${t##*/} $(realpath "$t") $mode 0 0"
	done
} >"$list"
"$gen" "$list" >"$out.tmp" || die "gen_init_cpio failed"
mv "$out.tmp" "$out"
