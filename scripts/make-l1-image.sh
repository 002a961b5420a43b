#!/bin/bash
# Pack the initramfs of the end-to-end L1: Debian's ppc64el QEMU with the
# shared libraries it loads, the firmware it needs, the compat-caps
# consumer, the L1's /init, and the L2 guest (kernel + initramfs).
#
# Usage: make-l1-image.sh <gen_init_cpio> <manifest> <out.cpio> <l1-init>
#                         <consumer> <l2-kernel> <l2-init>
#
# <manifest> lists the .deb files (scripts/fetch-vmm.sh); they are unpacked
# with dpkg-deb -x into <out>.d/root (again only when the manifest
# changes), never installed.  From there the image takes qemu-system-ppc64,
# the ELF closure of its DT_NEEDED libraries and the dynamic loader, and
# /usr/share/qemu/vof.bin: nothing else of the packages.  The image is an
# uncompressed cpio (the L1 kernel unpacks it faster than it decompresses
# one under TCG); an image newer than all its inputs is left alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

gen=${1:?usage}; manifest=${2:?usage}; out=${3:?usage}; l1_init=${4:?usage}
consumer=${5:?usage}; l2_kernel=${6:?usage}; l2_init=${7:?usage}
work=$out.d
root=$work/root
triplet=powerpc64le-linux-gnu
qemu=/usr/bin/qemu-system-ppc64
firmware=(/usr/share/qemu/vof.bin)

[ -x "$gen" ] || die "$gen not found: build the kernel first (make kernel)"
[ -s "$manifest" ] || die "$manifest missing: scripts/fetch-vmm.sh makes it"
for f in "$l1_init" "$consumer" "$l2_kernel" "$l2_init"; do
	[ -f "$f" ] || die "$f not found"
done
readelf=readelf
command -v "$triplet-readelf" >/dev/null && readelf=$triplet-readelf
command -v "$readelf" >/dev/null || die "readelf not found (package binutils)"

mkdir -p "$work"
inputs=("$manifest" "$l1_init" "$consumer" "$l2_kernel" "$l2_init" "$0")
if [ -s "$out" ]; then
	fresh=1
	for f in "${inputs[@]}"; do [ "$f" -nt "$out" ] && fresh=0; done
	while IFS= read -r deb; do [ "$deb" -nt "$out" ] && fresh=0; done <"$manifest"
	if [ $fresh = 1 ]; then
		note "$out is up to date ($(du -h "$out" | cut -f1))"
		exit 0
	fi
fi

start=$(date +%s.%N)

# Unpack the packages once per manifest.
if ! cmp -s "$manifest" "$root.manifest"; then
	rm -rf "$root" "$root.manifest"
	mkdir -p "$root"
	while IFS= read -r deb; do
		[ -s "$deb" ] || die "$deb missing: run scripts/fetch-vmm.sh again"
		dpkg-deb -x "$deb" "$root" 2>>"$work/unpack.log" ||
			die "dpkg-deb -x $deb failed, see $work/unpack.log"
	done <"$manifest"
	cp "$manifest" "$root.manifest"
fi
[ -x "$root$qemu" ] ||
	die "$qemu is not in the unpacked packages ($root): is qemu-system-ppc in $manifest?"

# The file a path of the image names in $root, symlinks followed inside it.
resolve() {
	local p=$1 n=0 target
	while [ -L "$root$p" ]; do
		target=$(readlink "$root$p")
		case $target in
			/*) p=$target ;;
			*) p=$(dirname "$p")/$target ;;
		esac
		p=$(realpath -m -s "$p")
		n=$((n + 1)); [ $n -lt 20 ] || die "symlink loop at $1 in $root"
	done
	[ -f "$root$p" ] || return 1
	echo "$root$p"
}

libdirs=("/lib/$triplet" "/usr/lib/$triplet" /lib /usr/lib /lib64)
declare -A files=()     # image path -> source file
declare -A seen=()      # sonames done

add_elf() {             # image path of an ELF file: add it and what it needs
	local path=$1 src soname dir found
	src=$(resolve "$path") || die "$path not found in the unpacked packages ($root)"
	files[$path]=$src
	for soname in $("$readelf" -d "$src" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -z "${seen[$soname]:-}" ] || continue
		seen[$soname]=1
		found=
		for dir in "${libdirs[@]}"; do
			if resolve "$dir/$soname" >/dev/null; then
				found=$dir/$soname; break
			fi
		done
		[ -n "$found" ] ||
			die "$soname (needed by ${path##*/}) is in none of the packages of $manifest: a dependency is missing"
		add_elf "$found"
	done
}

add_elf "$qemu"
interp=$("$readelf" -l "$root$qemu" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
[ -n "$interp" ] || die "cannot read the program interpreter of $root$qemu"
add_elf "$interp"
for fw in "${firmware[@]}"; do
	files[$fw]=$(resolve "$fw") || die "$fw not in the unpacked packages (qemu-system-data)"
done

# The L2's initramfs: the harness's own /init, no tests (it prints the
# machine's cpu line and powers off).
"$top/scripts/make-initramfs.sh" "$gen" "$l2_init" "$work/l2-initramfs.cpio"
files[/l2/vmlinux]=$(realpath "$l2_kernel")
files[/l2/initramfs.cpio]=$(realpath "$work/l2-initramfs.cpio")
files[/bin/compat_consumer]=$(realpath "$consumer")

list=$work/image.list
{
	declare -A dirs=()
	for d in /dev /proc /sys /tmp /bin /usr /usr/bin /l2; do dirs[$d]=1; done
	for p in "${!files[@]}"; do
		d=$(dirname "$p")
		while [ "$d" != / ]; do dirs[$d]=1; d=$(dirname "$d"); done
	done
	printf '%s\n' "${!dirs[@]}" | sort | while IFS= read -r d; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	echo "file /init $(realpath "$l1_init") 0755 0 0"
	for p in $(printf '%s\n' "${!files[@]}" | sort); do
		echo "file $p $(realpath "${files[$p]}") 0755 0 0"
	done
} >"$list"
"$gen" "$list" >"$out.tmp" || die "gen_init_cpio failed on $list"
mv "$out.tmp" "$out"
note "built $out: $(du -h "$out" | cut -f1), ${#files[@]} files ($(( ${#seen[@]} )) libraries) in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s"
