// SPDX-License-Identifier: GPL-2.0
/*
 * What a VMM or a management layer does with KVM_PPC_GET_COMPAT_CAPS
 * before it starts a POWER guest: ask KVM which processor compatibility
 * modes an HV guest may use here, and pick the guest's level from the
 * answer instead of from the raw PVR (a Power11 partition in Power10 mode
 * still says Power11 there).
 *
 *   compat_consumer                  report, one "key: value" a line
 *   compat_consumer --machine-option print only the QEMU machine option,
 *                                    e.g. max-cpu-compat=power10
 *
 * Exit status: 0 with an answer; 1 when the host cannot answer (no
 * /dev/kvm, no HV KVM, no KVM_CAP_PPC_COMPAT_CAPS, the ioctl failed, or
 * no mode this program knows); 2 on a bad command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

/*
 * A VMM built against older headers carries the ABI itself: the values
 * are fixed (mainline Linux 7.3).
 */
#ifndef KVM_CAP_PPC_COMPAT_CAPS
#define KVM_CAP_PPC_COMPAT_CAPS		250
#endif
#ifndef KVM_PPC_GET_COMPAT_CAPS
#define KVM_PPC_GET_COMPAT_CAPS		_IO(KVMIO, 0xb8)
#endif
#ifndef KVM_PPC_COMPAT_CAPS_SIZE_VER0
struct kvm_ppc_compat_caps {
	__u64 size;
	__u64 flags;
	__u64 compat_capabilities;
};
#define KVM_PPC_COMPAT_CAP_POWER9	(1ULL << 62)
#define KVM_PPC_COMPAT_CAP_POWER10	(1ULL << 61)
#define KVM_PPC_COMPAT_CAP_POWER11	(1ULL << 60)
#endif
#ifndef KVM_VM_PPC_HV
#define KVM_VM_PPC_HV			1
#endif

#define PROG "compat_consumer"

/* Oldest first: the last one present is the highest. */
static const struct {
	uint64_t bit;
	const char *name;	/* QEMU's max-cpu-compat value */
} modes[] = {
	{ KVM_PPC_COMPAT_CAP_POWER9, "power9" },
	{ KVM_PPC_COMPAT_CAP_POWER10, "power10" },
	{ KVM_PPC_COMPAT_CAP_POWER11, "power11" },
};

#define NR_MODES (sizeof(modes) / sizeof(modes[0]))

static int cannot(const char *what, int err)
{
	fprintf(stderr, PROG ": error: %s: %s\n", what, strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	struct kvm_ppc_compat_caps caps;
	const char *highest = NULL;
	int option_only = 0, kvm, vm, cap;
	uint64_t known = 0;
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "--machine-option")) {
		option_only = 1;
	} else if (argc != 1) {
		fprintf(stderr, "usage: " PROG " [--machine-option]\n");
		return 2;
	}

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return cannot("open /dev/kvm (is KVM available here?)", errno);
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_VM_PPC_HV);
	if (vm < 0)
		return cannot("KVM_CREATE_VM type 1 (HV KVM is not usable here)", errno);

	/* Ask the VM, not /dev/kvm: the answer depends on the VM's flavour. */
	cap = ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS);
	if (!option_only)
		printf("KVM_CAP_PPC_COMPAT_CAPS: %d\n", cap < 0 ? -errno : cap);
	if (cap <= 0) {
		fprintf(stderr, PROG ": error: KVM_CAP_PPC_COMPAT_CAPS is not "
			"available: this kernel cannot say which compatibility "
			"modes a guest may use; choose the guest's level "
			"(max-cpu-compat) by hand\n");
		return 1;
	}

	memset(&caps, 0, sizeof(caps));
	caps.size = sizeof(caps);	/* in/out; flags must be 0 */
	if (ioctl(vm, KVM_PPC_GET_COMPAT_CAPS, &caps))
		return cannot("KVM_PPC_GET_COMPAT_CAPS", errno);

	for (i = 0; i < NR_MODES; i++) {
		known |= modes[i].bit;
		if (caps.compat_capabilities & modes[i].bit)
			highest = modes[i].name;
	}
	if (!option_only) {
		printf("compat_capabilities: %#llx\n",
		       (unsigned long long)caps.compat_capabilities);
		printf("modes:");
		for (i = 0; i < NR_MODES; i++)
			if (caps.compat_capabilities & modes[i].bit)
				printf(" %s", modes[i].name);
		printf("\n");
		if (caps.compat_capabilities & ~known)
			printf("unknown modes: %#llx (newer than this program, ignored)\n",
			       (unsigned long long)(caps.compat_capabilities & ~known));
	}
	if (!highest) {
		fprintf(stderr, PROG ": error: KVM reports no compatibility mode "
			"this program knows (%#llx): no guest level to choose\n",
			(unsigned long long)caps.compat_capabilities);
		return 1;
	}
	if (option_only) {
		printf("max-cpu-compat=%s\n", highest);
	} else {
		printf("highest: %s\n", highest);
		printf("qemu machine option: max-cpu-compat=%s\n", highest);
	}
	close(vm);
	close(kvm);
	return 0;
}
