#!/bin/bash
# Install what the harness needs from Debian, idempotently.
#
# As root, missing packages are installed with apt-get (QEMU from
# bookworm-backports, enabling that suite if needed).  As another user the
# exact command is printed and the script fails.  Then the QEMU found is
# checked for what the test matrix needs.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
start=$(date +%s)

packages=(
	make gcc git python3 flex bison bc cpio xz-utils rsync kmod
	libelf-dev libssl-dev sparse ccache codespell shellcheck pyflakes3
	gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross
	gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross
	gcc-powerpc-linux-gnu libc6-dev-powerpc-cross
	python3-sphinx python3-yaml python3-ply python3-git
)
qemu_packages=(qemu-system-ppc)
qemu_min_major=10
backports=/etc/apt/sources.list.d/bookworm-backports.list

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

qemu_version() {
	qemu-system-ppc64 --version 2>/dev/null |
		sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p'
}

need_qemu=0
if [ "$(qemu_version || true)" = "" ] ||
   [ "$(qemu_version)" -lt "$qemu_min_major" ]; then
	need_qemu=1
fi

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

if [ ${#missing[@]} -gt 0 ] || [ $need_qemu = 1 ]; then
	cmds=()
	if [ $need_qemu = 1 ] && [ "$codename" = bookworm ] &&
	   ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		cmds+=("echo 'deb http://deb.debian.org/debian bookworm-backports main' > $backports")
	fi
	cmds+=("apt-get update")
	[ ${#missing[@]} -gt 0 ] &&
		cmds+=("DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}")
	if [ $need_qemu = 1 ]; then
		if [ "$codename" = bookworm ]; then
			cmds+=("DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports ${qemu_packages[*]}")
		else
			cmds+=("DEBIAN_FRONTEND=noninteractive apt-get install -y ${qemu_packages[*]}")
		fi
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing: ${missing[*]} $([ $need_qemu = 1 ] && echo "qemu-system-ppc>=$qemu_min_major")" >&2
		echo "setup: run as root:" >&2
		printf '  %s\n' "${cmds[@]}" >&2
		exit 1
	fi
	for c in "${cmds[@]}"; do
		echo "setup: $c"
		bash -c "$c" || die "'$c' failed (is the Debian archive reachable?)"
	done
	# For make bench: how long the last set-up that installed anything took
	mkdir -p "$cache"
	echo "$(( $(date +%s) - start )) $(date -u +%FT%TZ)" >"$cache/setup-time"
fi

v=$(qemu_version)
[ -n "$v" ] && [ "$v" -ge "$qemu_min_major" ] ||
	die "qemu-system-ppc64 is ${v:-missing}, need $qemu_min_major.0 or later (bookworm-backports)"
qemu-system-ppc64 -cpu help | grep -qw power11 ||
	die "$(command -v qemu-system-ppc64) has no power11 CPU model; need QEMU $qemu_min_major.0 or later"
qemu-system-ppc64 -M pseries,help 2>/dev/null | grep -q cap-nested-papr ||
	die "$(command -v qemu-system-ppc64) has no cap-nested-papr; need QEMU $qemu_min_major.0 or later"
for fw in skiboot.lid vof.bin; do
	[ -e "/usr/share/qemu/$fw" ] || die "/usr/share/qemu/$fw missing (package qemu-system-data)"
done
echo "setup: ok ($(qemu-system-ppc64 --version | head -n 1))"
