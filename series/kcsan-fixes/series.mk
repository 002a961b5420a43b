# Fixes to mainline Linux 7.3 on their own, for linuxppc-dev: a ppc64
# kernel with KCSAN and PPC_IRQ_SOFT_MASK_DEBUG does not boot.  The
# interrupt entry and exit helpers are compiled out of line and
# instrumented (it dies at its first timer interrupt); on PowerNV the
# secondary CPUs' cpu_restore (dt_cpu_ftrs.c) is instrumented and runs
# in real mode; pseries_lpar_idle() runs instrumented code with
# interrupts soft-enabled and hard-disabled.  Found on our debug kernel
# (configs/debug.config, which has KCSAN), whose every kernel carries
# them (BASE_FIXES of v7.2 and v7.3, BASE_SERIES of lockdep-7.3).
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := the fixes that let ppc64 boot with KCSAN
BASE_VERSION := 7.3
FOR_TREE := powerpc (fixes): Madhavan Srinivasan
# KCSAN's maintainer and list
MAIL_CC := Marco Elver <elver@google.com>, kasan-dev@googlegroups.com
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config
# The gates that apply to patches of arch/powerpc outside KVM: no
# selftests, documentation or KVM build coverage (as series/lockdep-fix)
CHECK_GATES := checkpatch codespell debian bisect sparse w1
TESTED_ON := lockdep-7.3
