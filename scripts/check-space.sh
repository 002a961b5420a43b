#!/bin/bash
# Stop make test early when the disk cannot hold what it builds.
#
# Usage: check-space.sh <build-dir> <GiB>
#
# A make test of a fresh clone fills <build-dir> with about 26 GiB
# (2026-12-02: thirteen kernel source trees, each 1.8 GiB, beside their
# objects); a disk that fills up half-way fails the run with git's and
# the compiler's write errors instead.  So a <build-dir> that does not
# exist yet or is empty needs <GiB> free on its file system.  One that
# holds an earlier run's trees grows little and is not checked.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=${1:?usage: check-space.sh <build-dir> <GiB>}
need=${2:?usage: check-space.sh <build-dir> <GiB>}
[ -z "$(ls -A "$dir" 2>/dev/null)" ] || exit 0
mkdir -p "$dir"
free=$(( $(df -Pk "$dir" | awk 'NR == 2 { print $4 }') / 1024 / 1024 ))
[ "$free" -ge "$need" ] ||
	die "$free GiB free on the file system of $dir, and a first make test needs about $need GiB there: free some space"
