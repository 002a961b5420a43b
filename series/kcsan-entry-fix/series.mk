# A fix to mainline Linux 7.3 on its own, for linuxppc-dev: with KCSAN,
# the interrupt entry and exit helpers are compiled out of line and
# instrumented, and a kernel with PPC_IRQ_SOFT_MASK_DEBUG dies at its
# first timer interrupt.  Found on our debug kernel (configs/debug.config
# with KCSAN).
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := the KCSAN fix for the interrupt entry helpers
BASE_VERSION := 7.3
FOR_TREE := powerpc (fixes): Madhavan Srinivasan
# KCSAN's maintainer and list
MAIL_CC := Marco Elver <elver@google.com>, kasan-dev@googlegroups.com
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config
CHECK_GATES := checkpatch codespell debian coverage bisect sparse w1
TESTED_ON := lockdep-7.3
