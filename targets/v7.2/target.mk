# Linux 7.2 with KVM_PPC_GET_COMPAT_CAPS backported, and the powerpc KVM
# selftests: what a distribution shipping 7.2 would build.
#
# A target is a folder of targets/ holding this file: a base, the series
# on it and what to expect of the kernel.  Both make and the harness
# (harness/targets.py) read it: "NAME := value" lines, and only these
# names:
#
#   DESCRIPTION    one line
#   BASE_VERSION   the Linux version (bases.mk says where Debian has it)
#   SERIES         the series of series/ applied on it, in order (none:
#                  the pristine base); one stored against another
#                  version applies with git am -3
#   BASE_SERIES    series applied before SERIES and counted as part of
#                  the base (under the tag 'base': the regression
#                  stage's base kernel has them), such as a fix without
#                  which the base cannot boot the target's configuration
#   FRAGMENTS      the test kernel's configuration: tinyconfig and these
#   STAGES         what make test runs of it: matrix and mk/<stage>.mk's
#                  (bench debug e2e regression); the series' gates run
#                  once per series, not per target
#   ANSWERS        with a matrix: where its KVM-HV VMs answer
#                  KVM_PPC_GET_COMPAT_CAPS (pseries, powernv)
#   COMPARE_WITH   the target beside it in make test's table
#   BASE_FIXES     series the debug kernel adds: fixes to the base without
#                  which a checker cannot run (mk/debug.mk)
#   DEBUG_FRAGMENTS  the debug kernel's configuration, if not the lockdep
#                  fix's (mk/debug.mk)
#   REGRESSION_TESTS, REGRESSION_MACHINES   the regression stage's check
#   REGRESSION_BASE  "dies" where the bug stops the base kernel booting
#   REGRESSION_TIMEOUT  its machines' timeout (s), if not theirs

DESCRIPTION := Linux 7.2 with the backport and the selftests
BASE_VERSION := 7.2
SERIES := nested-v2-fix backport-7.2 kvm-selftests
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config configs/compat-caps-kunit.config
# On pseries (nested API v1 and v2) and on bare-metal PowerNV
ANSWERS := pseries powernv
STAGES := matrix bench debug e2e
COMPARE_WITH := mainline-7.3
# With PROVE_LOCKING, the base's lockdep switches itself off at the first
# replayed interrupt, so it would check nothing (7.2 has 7.3's code); a
# KASAN kernel built by GCC 12 dies at its first printk().
BASE_FIXES := lockdep-fix kasan-fix
# KASAN for KCSAN (they exclude each other): under KCSAN each debug
# machine runs about 4 times as long (v7.3's stage, 425 s instead of about
# a minute), which make test cannot afford for two targets.  KCSAN runs on
# v7.3's debug kernel; 7.2's with it (and series/kcsan-fixes in
# BASE_FIXES) passed make test's debug stage once, 2026-12-02.
DEBUG_FRAGMENTS := configs/kvm-ppc64le.config configs/debug.config configs/kasan.config
