// SPDX-License-Identifier: GPL-2.0
/*
 * What KVM_PPC_GET_COMPAT_CAPS must say on this machine, as the harness
 * knows it.  The selftests check the interface's contract on any host;
 * this program checks the answer itself against the machine's
 * expectations, which the harness passes on the kernel command line:
 *
 *   KVM_PPC_COMPAT_CAPS_EXPECTED  the KVM_PPC_COMPAT_CAP_* bits an HV VM
 *                                 reports, in hex, or "none": HV VMs do
 *                                 not answer (capability 0, an error)
 *   KVM_PPC_HV_EXPECTED           1 if a KVM-HV VM can be created
 *   KVM_PPC_PR_EXPECTED           1 if a KVM-PR VM can be created
 *
 * On the test machines, QEMU as L0 grants levels by the L1's mode, so a
 * level not expected is one the machine's mode lacks: Power11 is then
 * refused and leaves the vCPU failing KVM_RUN with EINVAL.
 *
 * Prints KTAP; exit 0 if every check passes, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#define KVM_VM_PPC_HV	1
#define KVM_VM_PPC_PR	2
#define PVR_ARCH_31_P11	0x0f000007

static int num, failed;

static void result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d %s # ", ok ? "" : "not ", ++num, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed += !ok;
}

static uint64_t env_u64(const char *name)
{
	const char *s = getenv(name);

	if (!s || !*s) {
		printf("Bail out! %s is not set\n", name);
		exit(1);
	}
	return strtoull(s, NULL, 0);
}

static int get_caps(int vm_fd, struct kvm_ppc_compat_caps *caps)
{
	return ioctl(vm_fd, KVM_PPC_GET_COMPAT_CAPS, caps) ? -errno : 0;
}

static void sigusr1(int sig __attribute__((unused)))
{
}

/* KVM_RUN of a Power11 vCPU with a signal pending: EINTR if it is valid */
static void power11_refused(int vm_fd)
{
	struct {
		struct kvm_signal_mask head;
		uint64_t set;
	} mask = { .head.len = sizeof(uint64_t) };
	struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
	uint32_t pvr = PVR_ARCH_31_P11;
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_ARCH_COMPAT,
		.addr = (uintptr_t)&pvr,
	};
	int vcpu, set, run;
	sigset_t usr1;

	vcpu = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu < 0 || ioctl(vcpu, KVM_ENABLE_CAP, &papr) ||
	    ioctl(vcpu, KVM_SET_SIGNAL_MASK, &mask)) {
		result(false, "power11_refused", "vCPU set-up: %s", strerror(errno));
		return;
	}
	signal(SIGUSR1, sigusr1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	set = ioctl(vcpu, KVM_SET_ONE_REG, &reg) ? errno : 0;
	raise(SIGUSR1);
	run = ioctl(vcpu, KVM_RUN, 0) ? errno : 0;
	result(set == EINVAL && run == EINVAL, "power11_refused",
	       "KVM_SET_ONE_REG: %s, then KVM_RUN: %s (want EINVAL, EINVAL)",
	       strerror(set), strerror(run));
	close(vcpu);
}

int main(void)
{
	const char *want = getenv("KVM_PPC_COMPAT_CAPS_EXPECTED");
	bool answers = !want || strcmp(want, "none");
	uint64_t expected = answers ? env_u64("KVM_PPC_COMPAT_CAPS_EXPECTED") : 0;
	bool hv = env_u64("KVM_PPC_HV_EXPECTED");
	bool pr = env_u64("KVM_PPC_PR_EXPECTED");
	struct kvm_ppc_compat_caps caps = { .size = sizeof(caps) };
	int kvm_fd, hv_fd, pr_fd, cap, r;

	printf("KTAP version 1\n");
	printf("1..%d\n", 3 + hv + pr +
	       (hv && answers && !(expected & KVM_PPC_COMPAT_CAP_POWER11)));
	kvm_fd = open("/dev/kvm", O_RDWR);
	if (kvm_fd < 0) {
		printf("Bail out! /dev/kvm: %s\n", strerror(errno));
		return 1;
	}

	hv_fd = ioctl(kvm_fd, KVM_CREATE_VM, KVM_VM_PPC_HV);
	result((hv_fd >= 0) == hv, "hv_vm", "KVM-HV VM %s, expected %s",
	       hv_fd >= 0 ? "created" : strerror(errno), hv ? "one" : "none");
	pr_fd = ioctl(kvm_fd, KVM_CREATE_VM, KVM_VM_PPC_PR);
	result((pr_fd >= 0) == pr, "pr_vm", "KVM-PR VM %s, expected %s",
	       pr_fd >= 0 ? "created" : strerror(errno), pr ? "one" : "none");
	cap = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS);
	result(cap == (hv && answers), "system_fd_cap", "%d, expected %d", cap,
	       hv && answers);

	if (hv && hv_fd >= 0 && !answers) {
		cap = ioctl(hv_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS);
		r = get_caps(hv_fd, &caps);
		result(cap == 0 && r, "hv_answer",
		       "capability %d, ioctl %s; expected 0 and an error (no answer here)",
		       cap, strerror(-r));
	} else if (hv && hv_fd >= 0) {
		cap = ioctl(hv_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS);
		r = get_caps(hv_fd, &caps);
		result(cap == 1 && !r && caps.compat_capabilities == expected,
		       "hv_answer", "capability %d, ioctl %s, 0x%016llx; expected 1, 0, 0x%016llx",
		       cap, strerror(-r), (unsigned long long)caps.compat_capabilities,
		       (unsigned long long)expected);
		if (!(expected & KVM_PPC_COMPAT_CAP_POWER11))
			power11_refused(hv_fd);
	}
	if (pr && pr_fd >= 0) {
		cap = ioctl(pr_fd, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS);
		r = get_caps(pr_fd, &caps);
		result(cap == 0 && r == -ENOTTY, "pr_answer",
		       "capability %d, ioctl %s; expected 0, ENOTTY", cap, strerror(-r));
	}
	printf("# compat_caps_probe: %d of %d failed\n", failed, num);
	return failed ? 1 : 0;
}
