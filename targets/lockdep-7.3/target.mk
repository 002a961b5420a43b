# A fix to mainline Linux 7.3 on its own, for linuxppc-dev: with
# CONFIG_PROVE_LOCKING, the first replayed soft-masked interrupt makes
# lockdep warn and switch itself off.  Found on our debug kernels (whose
# BASE_FIXES this series is), reproduced on pristine 7.3.4 from
# ppc64le_defconfig + PROVE_LOCKING.
#
# Not a KVM series: no matrix.  Its stage "regression" boots the test
# kernel with lockdep, without the patch and with it, and checks that
# guest/checkers_on fails without it and passes with it.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := the lockdep fix for replayed interrupts, on Linux 7.3
BASE_VERSION := 7.3
BASE_SUITES := trixie-backports sid
FRAGMENTS := configs/kvm-ppc64le.config configs/lockdep.config
STAGES := check regression
# The gates that apply to a patch of arch/powerpc/kernel/ (make check
# --list): no selftests, documentation or KVM build coverage
CHECK_GATES := checkpatch codespell debian bisect sparse w1
# What must fail without the series and pass with it, where
REGRESSION_TESTS := checkers_on
REGRESSION_MACHINES := p10-v1,powernv10
