# Pristine Linux 7.3, the release that merged KVM_PPC_GET_COMPAT_CAPS,
# with the powerpc KVM selftests alone: the reference the other targets
# are compared with, and the selftests as the KVM tree will run them.
#
# See targets/v7.2/target.mk for what each line means.

DESCRIPTION := pristine Linux 7.3 with the selftests
BASE_VERSION := 7.3
SERIES := kvm-selftests
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config
# 7.3 answers on pseries only: capability 0 and EINVAL on PowerNV
ANSWERS := pseries
STAGES := matrix
