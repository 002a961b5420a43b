#!/bin/bash
# Gate "debian": does the series touch files that Debian's own patches to
# the base change?  The base of a target is Debian's linux-source tree,
# which carries Debian's patches applied, not the upstream release: a file
# both change may differ from upstream's, and the series may not apply
# upstream as it does here.
#
# Usage: debian.sh        one test case, "debian patches"
#
# Debian's linux-source-<version> package holds the patched tree alone
# (no debian/patches), and Debian's source packages, which list the
# patches, cannot always be fetched.  When no list of Debian's patches
# is at hand ($DEBIAN_PATCHES, a directory of them), the case is skipped
# and says so, naming the files the series touches; otherwise it fails
# on a file both touch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
files=$(changed_files | sort)
count=$(echo "$files" | wc -l)
if [ -z "${DEBIAN_PATCHES:-}" ]; then
	record "debian patches" skip "cannot be determined: the base is a Debian linux-source tree without debian/patches, and no DEBIAN_PATCHES directory was given; the series touches $count files: $(echo "$files" | tr '\n' ' ')($(elapsed))"
	exit 0
fi
[ -d "$DEBIAN_PATCHES" ] || { record "debian patches" fail "DEBIAN_PATCHES=$DEBIAN_PATCHES is not a directory"; exit 0; }
theirs=$(grep -rhE '^\+\+\+ ' "$DEBIAN_PATCHES" | sed -E 's|^\+\+\+ [^/]*/||; s|[[:space:]].*||' | sort -u)
both=$(comm -12 <(echo "$files") <(echo "$theirs"))
if [ -n "$both" ]; then
	record "debian patches" fail "Debian's patches also change: $(echo "$both" | tr '\n' ' ')($(elapsed))"
else
	record "debian patches" pass "none of the $count files the series touches is changed by Debian's patches in $DEBIAN_PATCHES ($(elapsed))"
fi
