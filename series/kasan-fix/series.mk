# A fix to mainline Linux 7.3 on its own, for linuxppc-dev: a ppc64le
# KASAN kernel built by GCC before 13 dies at its first printk(), on
# pseries and on PowerNV, because a direct call to memcpy() sets up a
# wrong TOC pointer.  Found on our debug kernels (v7.2's BASE_FIXES), on
# pristine 7.3.4; its target kasan-7.3 runs the regression check.
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := the KASAN fix for direct calls to memcpy() and memmove()
BASE_VERSION := 7.3
FOR_TREE := powerpc (fixes): Madhavan Srinivasan
# The author of bee25f97ad24, and KASAN's maintainers and list
MAIL_CC := Mukesh Kumar Chaurasiya <mkchauras@linux.ibm.com>, Andrey Ryabinin <ryabinin.a.a@gmail.com>, Alexander Potapenko <glider@google.com>, Andrey Konovalov <andreyknvl@gmail.com>, kasan-dev@googlegroups.com
FRAGMENTS := configs/kvm-ppc64le.config configs/kasan.config
# The patch changes two assembler macros and no C: sparse checks C, and
# W=1 adds compiler warnings on C, so neither has anything to look at.
CHECK_GATES := checkpatch codespell debian bisect
TESTED_ON := kasan-7.3
