// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the end-to-end L1: a KVM host that runs Debian's own QEMU as
 * the VMM of a small L2 guest, the way the field does.
 *
 * It asks /bin/compat_consumer which compatibility modes KVM offers and
 * which QEMU machine option follows, then boots the L2 (/l2/vmlinux and
 * /l2/initramfs.cpio, whose init prints its /proc/cpuinfo and powers off)
 * with /usr/bin/qemu-system-ppc64, once per case:
 *
 *   1 cpu host alone    -cpu host, no max-cpu-compat
 *   2 consumer option   -cpu host with the option the consumer printed
 *   3 level below       max-cpu-compat one level below the consumer's
 *   4 level above       max-cpu-compat one level above the consumer's
 *
 * It judges nothing: the harness (harness/e2e.py) reads the console.
 * Every line of its own starts with "e2e: "; the output of the programs it
 * runs follows, four spaces in, and the kernel's messages come between
 * whole lines (kmsg.h):
 *
 *   e2e: begin <machine>
 *   e2e: cpu: <the cpu line of /proc/cpuinfo>
 *   e2e: kvm: present | <why not>
 *   e2e: consumer: begin / e2e: consumer: end exit=N
 *   e2e: qemu: <qemu --version> | e2e: error: qemu: <why it does not run>
 *   e2e: case N begin <name>: <qemu arguments>
 *   e2e: case N end exit=N time=S | e2e: case N end timeout=S
 *   e2e: case N end stopped time=S   (QEMU killed after "kvm run failed")
 *   e2e: case N skip <name>: <reason>
 *   e2e: done
 *
 * Environment (from the kernel command line): E2E_MACHINE, the name to
 * print; E2E_CASE_TIMEOUT, seconds an L2 may take (default 30);
 * E2E_L2_MEMORY, its -m (default 256M).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kmsg.h"

#define QEMU		"/usr/bin/qemu-system-ppc64"
#define CONSUMER	"/bin/compat_consumer"
#define L2_KERNEL	"/l2/vmlinux"
#define L2_INITRD	"/l2/initramfs.cpio"
#define MACHINE_BASE	"pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken," \
			"cap-ibs=broken,cap-ccf-assist=off"
/*
 * quiet: every line the L2 prints crosses two hypervisors and two consoles,
 * and under TCG that costs seconds; its init's own lines are what counts.
 */
#define L2_CMDLINE	"console=hvc0 panic=-1 quiet"
#define MIN_LEVEL	9
#define MAX_LEVEL	11
#define MAX_ARGS	32
/*
 * QEMU does not exit when KVM_RUN fails: it prints "error: kvm run failed
 * ...", dumps the registers and pauses the guest for good.  It is stopped
 * STOP_GRACE seconds after that line.
 */
#define KVM_RUN_FAILED	"kvm run failed"
#define STOP_GRACE	1
#define KMSG_PREFIX	"e2e: "

static int kmsg = -1;		/* /dev/kmsg, or -1 */

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		printf("e2e: warning: mount %s on %s: %s\n", type, dir, strerror(errno));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct result {
	int timed_out;
	int stopped;		/* killed after printing stop_on */
	int status;		/* of waitpid() */
	double time;
};

/*
 * Run argv with stdin from /dev/null, its output copied to the console four
 * spaces in (and the first capture_len - 1 bytes into capture), killed after
 * timeout seconds, or STOP_GRACE seconds after a line holding stop_on.
 */
static struct result run(char *const argv[], int timeout, char *capture,
			 size_t capture_len, const char *stop_on)
{
	struct result r = { 0 };
	double start = now(), deadline = start + timeout;
	size_t captured = 0, line_len = 0;
	int at_line_start = 1;
	char line[512];
	int pipefd[2];
	pid_t pid;

	if (capture_len)
		capture[0] = '\0';
	if (pipe(pipefd)) {
		printf("e2e: error: pipe: %s\n", strerror(errno));
		r.status = 127 << 8;
		return r;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(argv[0], argv);
		dprintf(1, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		int left = (int)((deadline - now()) * 1000);
		char buf[4096];
		ssize_t len, i;

		if (left <= 0) {
			r.timed_out = !r.stopped;
			kill(pid, SIGKILL);
			break;
		}
		if (!kmsg_poll(pipefd[0], kmsg, at_line_start, left, KMSG_PREFIX))
			continue;
		len = read(pipefd[0], buf, sizeof(buf));
		if (len <= 0)
			break;
		for (i = 0; i < len; i++) {
			if (buf[i] == '\r')
				continue;
			if (at_line_start)
				fputs("    ", stdout);
			putchar(buf[i]);
			at_line_start = buf[i] == '\n';
			if (line_len + 1 < sizeof(line))
				line[line_len++] = buf[i];
			line[line_len] = '\0';
			if (stop_on && !r.stopped && strstr(line, stop_on)) {
				r.stopped = 1;
				if (deadline > now() + STOP_GRACE)
					deadline = now() + STOP_GRACE;
			}
			if (at_line_start)
				line_len = 0;
			if (captured + 1 < capture_len) {
				capture[captured++] = buf[i];
				capture[captured] = '\0';
			}
		}
		fflush(stdout);
	}
	if (!at_line_start)
		putchar('\n');
	close(pipefd[0]);
	waitpid(pid, &r.status, 0);
	kmsg_drain(kmsg, KMSG_PREFIX);
	r.time = now() - start;
	return r;
}

static int exit_code(struct result r)
{
	if (WIFEXITED(r.status))
		return WEXITSTATUS(r.status);
	return 128 + WTERMSIG(r.status);
}

static void describe(void)
{
	const char *name = getenv("E2E_MACHINE");
	char line[256];
	FILE *f;

	printf("e2e: begin %s\n", name ? name : "(unnamed)");
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "cpu\t", 4)) {
			printf("e2e: cpu: %s", strchr(line, ':') + 2);
			break;
		}
	}
	if (f)
		fclose(f);
	printf("e2e: kvm: %s\n", access("/dev/kvm", R_OK | W_OK) ?
	       strerror(errno) : "present");
}

/* The first line of qemu --version, or 0 if QEMU does not run here. */
static int check_qemu(void)
{
	char *argv[] = { QEMU, "--version", NULL };
	char out[512], *nl;
	struct result r;

	if (access(QEMU, X_OK)) {
		printf("e2e: error: qemu: %s: %s\n", QEMU, strerror(errno));
		return 0;
	}
	r = run(argv, 30, out, sizeof(out), NULL);
	if (r.timed_out || exit_code(r) || strncmp(out, "QEMU emulator version", 21)) {
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		printf("e2e: error: qemu: %s --version %s: %s\n", QEMU,
		       r.timed_out ? "timed out" : "failed",
		       out[0] ? out : "no output");
		return 0;
	}
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	printf("e2e: qemu: %s\n", out);
	return 1;
}

/* The level (9, 10, 11) of the consumer's "max-cpu-compat=powerN", or 0. */
static int run_consumer(void)
{
	char *argv[] = { CONSUMER, NULL };
	char out[4096], *opt;
	struct result r;
	int level = 0;

	printf("e2e: consumer: begin\n");
	r = run(argv, 30, out, sizeof(out), NULL);
	printf("e2e: consumer: end %s=%d\n", r.timed_out ? "timeout" : "exit",
	       r.timed_out ? 30 : exit_code(r));
	opt = strstr(out, "qemu machine option: max-cpu-compat=power");
	if (!r.timed_out && !exit_code(r) && opt)
		level = atoi(opt + strlen("qemu machine option: max-cpu-compat=power"));
	return level >= MIN_LEVEL && level <= MAX_LEVEL ? level : 0;
}

/* Boot the L2 with max-cpu-compat=power<level>, or without it if 0. */
static void run_case(int num, const char *name, int level, int timeout,
		     const char *memory)
{
	char machine[256], *argv[MAX_ARGS];
	struct result r;
	int n = 0, i;

	snprintf(machine, sizeof(machine), MACHINE_BASE "%s%.0d",
		 level ? ",max-cpu-compat=power" : "", level);
	argv[n++] = QEMU;
	argv[n++] = "-M";
	argv[n++] = machine;
	argv[n++] = "-accel";
	argv[n++] = "kvm";
	argv[n++] = "-cpu";
	argv[n++] = "host";
	argv[n++] = "-smp";
	argv[n++] = "1";
	argv[n++] = "-m";
	argv[n++] = (char *)memory;
	argv[n++] = "-nographic";
	argv[n++] = "-vga";
	argv[n++] = "none";
	argv[n++] = "-no-reboot";
	argv[n++] = "-kernel";
	argv[n++] = L2_KERNEL;
	argv[n++] = "-initrd";
	argv[n++] = L2_INITRD;
	argv[n++] = "-append";
	argv[n++] = L2_CMDLINE;
	argv[n] = NULL;

	printf("e2e: case %d begin %s:", num, name);
	for (i = 1; i < n; i++)
		printf(strchr(argv[i], ' ') ? " '%s'" : " %s", argv[i]);
	printf("\n");
	r = run(argv, timeout, NULL, 0, KVM_RUN_FAILED);
	if (r.timed_out)
		printf("e2e: case %d end timeout=%d\n", num, timeout);
	else if (r.stopped)
		printf("e2e: case %d end stopped time=%.1f\n", num, r.time);
	else
		printf("e2e: case %d end exit=%d time=%.1f\n", num, exit_code(r),
		       r.time);
}

static void skip_case(int num, const char *name, const char *reason)
{
	printf("e2e: case %d skip %s: %s\n", num, name, reason);
}

int main(void)
{
	const char *t = getenv("E2E_CASE_TIMEOUT");
	const char *memory = getenv("E2E_L2_MEMORY");
	int timeout = t && atoi(t) > 0 ? atoi(t) : 30;
	int level;

	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	mount_fs("tmpfs", "/dev/shm", "tmpfs");
	setvbuf(stdout, NULL, _IOLBF, 0);
	setenv("PATH", "/usr/bin:/bin", 1);
	setenv("TMPDIR", "/tmp", 1);
	kmsg = kmsg_open(KMSG_PREFIX);
	if (!memory || !*memory)
		memory = "256M";

	describe();
	level = run_consumer();
	if (!check_qemu()) {
		printf("e2e: done\n");
		goto out;
	}

	run_case(1, "cpu host alone", 0, timeout, memory);
	if (!level) {
		skip_case(2, "consumer option", "the consumer printed no option");
		skip_case(3, "level below", "the consumer printed no option");
		skip_case(4, "level above", "the consumer printed no option");
	} else {
		run_case(2, "consumer option", level, timeout, memory);
		if (level > MIN_LEVEL)
			run_case(3, "level below", level - 1, timeout, memory);
		else
			skip_case(3, "level below", "no level below power9");
		if (level < MAX_LEVEL)
			run_case(4, "level above", level + 1, timeout, memory);
		else
			skip_case(4, "level above",
				  "the host runs power11, no level above it");
	}
	kmsg_drain(kmsg, KMSG_PREFIX);
	printf("e2e: done\n");
out:
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
