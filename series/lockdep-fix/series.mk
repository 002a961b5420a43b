# A fix to mainline Linux 7.3 on its own, for linuxppc-dev: with
# CONFIG_PROVE_LOCKING, the first replayed soft-masked interrupt makes
# lockdep warn and switch itself off.  Found on our debug kernels (whose
# BASE_FIXES it is), reproduced on pristine 7.3.4 from ppc64le_defconfig
# + PROVE_LOCKING; its target lockdep-7.3 runs the regression check.
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := the lockdep fix for replayed interrupts
BASE_VERSION := 7.3
FOR_TREE := powerpc (fixes): Madhavan Srinivasan
# The author of bee25f97ad24, and generic entry and lockdep
MAIL_CC := Mukesh Kumar Chaurasiya <mkchauras@linux.ibm.com>, Thomas Gleixner <tglx@linutronix.de>, Peter Zijlstra <peterz@infradead.org>
FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config
# The gates that apply to a patch of arch/powerpc/kernel/: no selftests,
# documentation or KVM build coverage
CHECK_GATES := checkpatch codespell debian bisect sparse w1
TESTED_ON := lockdep-7.3
