#!/bin/bash
# Gate "codespell": codespell over what the patches say: their commit
# messages and the lines they add (context and removed lines are the
# base's text, not ours).  Other lines are blanked, so the line numbers
# codespell reports are the patch's own.
#
# Usage: codespell.sh        one test case, "codespell"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
log=$logdir/codespell.log
command -v codespell >/dev/null || { record codespell fail "codespell not installed (scripts/setup.sh)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for p in "$patches"/*.patch; do
	# Headers up to the blank line are mail headers but for Subject:;
	# then the message up to "---"; then in the diff only "+" lines.
	awk '
		BEGIN { part = "hdr" }
		part == "hdr" && /^$/ { part = "msg"; print ""; next }
		part == "hdr" { print (/^Subject: / ? $0 : ""); next }
		part == "msg" && /^---$/ { part = "diff"; print ""; next }
		part == "msg" { print; next }
		/^\+\+\+ / { print ""; next }
		/^\+/ { print substr($0, 2); next }
		{ print "" }
	' "$p" >"$tmp/${p##*/}"
done
set +e
(cd "$tmp" && codespell --check-filenames -- *.patch) >"$log" 2>&1
rc=$?
set -e
n=$(grep -c ' ==> ' "$log" || true)
if [ "$n" -gt 0 ]; then
	record codespell fail "$n misspelling(s): $(grep ' ==> ' "$log" | head -n 5 | paste -sd ';' -); see $log ($(elapsed))"
elif [ $rc != 0 ]; then
	record codespell fail "codespell failed (exit $rc), see $log ($(elapsed))"
else
	record codespell pass "no misspelling in $(ls "$tmp" | wc -l) patches' messages and added lines ($(elapsed))"
fi
