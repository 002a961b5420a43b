# KVM_PPC_GET_COMPAT_CAPS for Linux 7.2, for distributions whose kernels
# lack mainline's (Debian still ships 7.2): the KUnit tests, the UAPI and
# ioctl, and the Book3S HV answer, written for 7.2, on top of the
# nested-v2 fix (which applies to 7.2 as it is).  Not for upstream.
#
# See series/nested-v2-fix/series.mk for what each line means.

DESCRIPTION := KVM_PPC_GET_COMPAT_CAPS backported to Linux 7.2
BASE_VERSION := 7.2
FOR_TREE := no upstream tree: a backport for distribution kernels
GET_MAINTAINER := no
DEPENDS := nested-v2-fix
FRAGMENTS := configs/kvm-ppc64le.config configs/kunit.config configs/compat-caps-kunit.config
CHECK_GATES := checkpatch codespell debian docs coverage bisect sparse w1
TESTED_ON := v7.2
