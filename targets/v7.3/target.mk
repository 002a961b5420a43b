# Linux 7.3 with the nested-v2 fix, the compat levels series and the
# powerpc KVM selftests: everything we send upstream for KVM, together.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := Linux 7.3 with our KVM PPC series and the selftests
BASE_VERSION := 7.3
SERIES := nested-v2-fix compat-levels kvm-selftests
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config configs/compat-caps-kunit.config
ANSWERS := pseries powernv
STAGES := matrix bench debug e2e
COMPARE_WITH := mainline-7.3
BASE_FIXES := lockdep-fix kcsan-fixes
