#!/bin/bash
# Gate "docs": the documentation the series changes builds with Sphinx with
# no warning that the base's build does not have.  A full htmldocs takes
# too long here, so only the Sphinx directories of the changed .rst files
# are built (make htmldocs SPHINXDIRS=virt/kvm for api.rst: about half a
# minute), in <check dir>/obj/docs.  Warnings (WARNING/ERROR/CRITICAL
# lines of Sphinx and of the kernel's extensions) compare without line
# numbers.  The base's are computed once per base, Sphinx and script.
# Logs: <check dir>/logs/docs-{base,series}.log.
#
# Usage: docs.sh              one test case, "docs"
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case_start
command -v sphinx-build >/dev/null || { record docs fail "sphinx-build not installed (python3-sphinx, scripts/setup.sh)"; exit 0; }
fail() { record docs fail "$* ($(elapsed))"; exit 0; }

# The Sphinx directories: Documentation/<a>/<b>/ of each changed .rst file,
# or Documentation/<a>/ when it has no index of its own.
rst=$(git -C "$src" diff --name-only "$(base_commit)" "$(head_commit)" -- 'Documentation/*.rst')
[ -n "$rst" ] || { record docs skip "the series changes no .rst file ($(elapsed))"; exit 0; }
dirs=$(for f in $rst; do
	d=${f#Documentation/}; d=${d%/*}
	while [ "$d" != "${d%/*}" ] && [ ! -f "$src/Documentation/$d/index.rst" ]; do d=${d%/*}; done
	echo "$d"
done | sort -u | paste -sd ' ' -)
tools="$(sphinx-build --version 2>&1) $dirs"

# run_docs OBJDIR LOG: prints the normalised warnings (for compare_with_base,
# which also passes ALLOW_UNKNOWN: no configuration here, so unused).
run_docs() {
	local obj=$1 log=$2
	# From scratch: Sphinx re-reads only changed files, and would not
	# repeat the warnings of the others.
	rm -rf "$obj/Documentation/output"
	mkdir -p "$obj"
	make -C "$src" O="$obj" SPHINXDIRS="$dirs" htmldocs >"$log" 2>&1 ||
		{ echo "make htmldocs SPHINXDIRS=\"$dirs\" failed, see $log" >&2; return 1; }
	for d in $dirs; do
		[ -f "$obj/Documentation/output/$d/index.html" ] ||
			{ echo "no $obj/Documentation/output/$d/index.html, see $log" >&2; return 1; }
	done
	grep -E 'WARNING|ERROR|CRITICAL|SEVERE' "$log" |
		sed -E "s#$src/##g; s#$obj/##g; s#^([^: ]+):[0-9]+:#\1:#" | LC_ALL=C sort || true
}

compare_with_base docs "Sphinx (SPHINXDIRS=$dirs)" run_docs "$objroot/docs-base" "$objroot/docs"
record docs pass "make htmldocs SPHINXDIRS=$dirs: nothing new ($base_count warning(s) at the base, $series_count with the series) ($(elapsed))"
