# The nested API v2 level check fix, on its own: a fix for the powerpc
# tree.  A Power10 request on a Power11-mode L1 was checked against the
# Power11 grant (96e266e3bcd6).
#
# A series is a folder of series/: this file, patches/ (git format-patch
# output), cover-letter.md (notes.md for a single patch: what goes below
# its "---"), checkpatch.allow if needed.  Both make and the harness
# (harness/targets.py) read this file: "NAME := value" lines, and only
# these names:
#
#   DESCRIPTION    one line: what the series is
#   BASE_VERSION   the Linux version it is stored against (bases.mk)
#   FOR_TREE       the tree that takes it, in words
#   MAIL_TO, MAIL_CC  recipients beyond get_maintainer.pl, comma-separated
#   GET_MAINTAINER "no": none from get_maintainer.pl (default yes)
#   DEPENDS        the series it applies on top of, in order
#   FRAGMENTS      the gates' test kernel: tinyconfig and these fragments
#   CHECK_GATES    the gates that apply to it (make check --list)
#   TESTED_ON      the target whose make test results its mails quote

DESCRIPTION := the nested API v2 level check fix
BASE_VERSION := 7.3
FOR_TREE := powerpc (fixes): Madhavan Srinivasan
# The author of the commit it fixes (and of the interface around it)
MAIL_CC := Amit Machhiwal <amachhiw@linux.ibm.com>, Vaibhav Jain <vaibhav@linux.ibm.com>
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config
CHECK_GATES := checkpatch codespell debian coverage bisect sparse w1
TESTED_ON := v7.3
