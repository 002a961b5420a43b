// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the test guests: mount the pseudo file systems, run every test
 * program under /tests (or those named in TESTS=a,b,c, from /tests or
 * /bin) with the
 * environment the kernel command line gave us, print the results as KTAP
 * on the console and power off.
 *
 * Each program's own output (kselftest TAP/KTAP) comes before its result
 * line, indented by four spaces: KTAP's nesting of subtests, which the
 * harness parses.  (The kselftest runner prefixes "# " instead, which
 * makes the subtests mere diagnostics.)  Exit statuses are read as the
 * runner reads them: 0 (KSFT_PASS) a pass, 4 (KSFT_SKIP) a skip, 2
 * (KSFT_XFAIL) an expected failure, anything else a failure.  A program
 * still running after its timeout is killed and fails: TEST_TIMEOUT
 * seconds if the environment sets it, else the "timeout=" of
 * /tests/settings (the kselftest directory's own settings file: kvm's
 * says 120), else the runner's default of 45.
 *
 * /tests/arguments (guest/arguments) gives a program its command line,
 * one line a program: "name arg...", or "name SKIP reason" for a program
 * that must not run, which is reported as skipped with that reason.  A
 * machine skips a program the same way with SKIP_<name>=reason in the
 * environment (a test its L0 cannot run: harness/machines.py).
 *
 * The kernel's messages come through the init too (kmsg.h), between
 * whole lines; those of a test before its result line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kmsg.h"

#define TEST_DIR	"/tests"
#define BIN_DIR		"/bin"		/* run only when TESTS names them */
#define SETTINGS	TEST_DIR "/settings"
#define ARGUMENTS	TEST_DIR "/arguments"
#define MAX_ARGS	16
#define MAX_TESTS	64
#define KSFT_XFAIL	2
#define KSFT_SKIP	4
#define KSFT_TIMEOUT	45	/* the runner's default */

static int kmsg = -1;		/* /dev/kmsg, or -1 */
#define KMSG_PREFIX	"# init: "

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		printf("# init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tests to run: TESTS=a,b,c in that order, or all of TEST_DIR sorted. */
static int find_tests(char **names)
{
	const char *list = getenv("TESTS");
	struct dirent *de;
	int n = 0;
	DIR *dir;

	if (list && *list) {
		char *copy = strdup(list), *tok, *save;

		for (tok = strtok_r(copy, ",", &save); tok && n < MAX_TESTS;
		     tok = strtok_r(NULL, ",", &save))
			names[n++] = strdup(tok);
		free(copy);
		return n;
	}

	dir = opendir(TEST_DIR);
	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < MAX_TESTS)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "settings") &&
		    strcmp(de->d_name, "arguments"))
			names[n++] = strdup(de->d_name);
	closedir(dir);
	qsort(names, n, sizeof(*names), by_name);
	return n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Copy the child's output to stdout, four spaces in, until EOF or deadline,
 * and the kernel's messages between its lines.
 */
static int relay(int fd, double deadline)
{
	char buf[4096];
	int at_line_start = 1, ret = 0;

	for (;;) {
		int left = (int)((deadline - now()) * 1000);
		ssize_t len, i;

		if (left <= 0) {
			ret = -1;
			break;
		}
		if (!kmsg_poll(fd, kmsg, at_line_start, left, KMSG_PREFIX))
			continue;
		len = read(fd, buf, sizeof(buf));
		if (len <= 0)
			break;
		for (i = 0; i < len; i++) {
			if (at_line_start)
				fputs("    ", stdout);
			putchar(buf[i]);
			at_line_start = buf[i] == '\n';
		}
		fflush(stdout);
	}
	if (!at_line_start)
		putchar('\n');
	return ret;
}

/*
 * argv for @name from ARGUMENTS, argv[0] being @path; NULL, with *skip
 * the reason, for a program that must not run here or anywhere.
 */
static char **test_argv(char *path, const char *name, char **skip)
{
	static char line[512];
	static char *argv[MAX_ARGS + 1];
	char machine_skip[128];
	FILE *f;
	int argc = 1;

	snprintf(machine_skip, sizeof(machine_skip), "SKIP_%s", name);
	*skip = getenv(machine_skip);
	if (*skip)
		return NULL;
	f = fopen(ARGUMENTS, "r");
	argv[0] = path;
	while (f && fgets(line, sizeof(line), f)) {
		char *save, *tok = strtok_r(line, " \t\n", &save);

		if (!tok || strcmp(tok, name))
			continue;
		tok = strtok_r(NULL, " \t\n", &save);
		if (tok && !strcmp(tok, "SKIP")) {
			*skip = strtok_r(NULL, "\n", &save);
			if (!*skip)
				*skip = "(no reason in " ARGUMENTS ")";
			break;
		}
		for (; tok && argc < MAX_ARGS; tok = strtok_r(NULL, " \t\n", &save))
			argv[argc++] = tok;
		break;
	}
	if (f)
		fclose(f);
	argv[argc] = NULL;
	return *skip ? NULL : argv;
}

static int run_test(int num, const char *name, int timeout)
{
	char path[256], **argv, *skip;
	int pipefd[2], status, timed_out;
	double start = now();
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", TEST_DIR, name);
	if (access(path, X_OK))
		snprintf(path, sizeof(path), "%s/%s", BIN_DIR, name);
	if (access(path, X_OK)) {
		printf("not ok %d %s # %s: %s\n", num, name, path, strerror(errno));
		return 1;
	}
	argv = test_argv(path, name, &skip);
	if (!argv) {
		printf("ok %d %s # SKIP %s\n", num, name, skip);
		return 0;
	}
	if (argv[1]) {
		printf("# init: %s", name);
		for (int i = 1; argv[i]; i++)
			printf(" %s", argv[i]);
		printf("\n");
	}
	if (pipe(pipefd))
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(path, argv);
		_exit(127);
	}
	close(pipefd[1]);
	timed_out = relay(pipefd[0], start + timeout) < 0;
	if (timed_out)
		kill(pid, SIGKILL);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	kmsg_drain(kmsg, KMSG_PREFIX);

	if (timed_out)
		printf("not ok %d %s # TIMEOUT after %d s\n", num, name, timeout);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("ok %d %s # time=%.2fs\n", num, name, now() - start);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP)
		printf("ok %d %s # SKIP\n", num, name);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_XFAIL)
		printf("ok %d %s # XFAIL\n", num, name);
	else if (WIFEXITED(status))
		printf("not ok %d %s # exit=%d\n", num, name, WEXITSTATUS(status));
	else
		printf("not ok %d %s # signal=%d\n", num, name, WTERMSIG(status));
	fflush(stdout);
	return !(WIFEXITED(status) && !timed_out &&
		 (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == KSFT_SKIP ||
		  WEXITSTATUS(status) == KSFT_XFAIL));
}

static void describe_machine(void)
{
	struct utsname u;
	char line[256];
	FILE *f;

	if (!uname(&u))
		printf("# kernel: %s %s %s\n", u.release, u.version, u.machine);
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "cpu\t", 4) || !strncmp(line, "platform", 8) ||
		    !strncmp(line, "model\t", 6) || !strncmp(line, "MMU", 3)) {
			printf("# %s", line);
			if (!strncmp(line, "MMU", 3))
				break;
		}
	}
	if (f)
		fclose(f);
	printf("# /dev/kvm: %s\n", access("/dev/kvm", R_OK | W_OK) ? strerror(errno) : "present");
}

/* The timeout of the kselftest settings file, or the runner's default */
static int settings_timeout(void)
{
	FILE *f = fopen(SETTINGS, "r");
	int timeout = KSFT_TIMEOUT;
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "timeout=", 8))
			timeout = atoi(line + 8);
	if (f)
		fclose(f);
	return timeout;
}

int main(void)
{
	const char *t = getenv("TEST_TIMEOUT");
	int timeout;
	char *names[MAX_TESTS];
	int i, n, failed = 0;

	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	mount_fs("debugfs", "/sys/kernel/debug", "debugfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	setvbuf(stdout, NULL, _IOLBF, 0);
	kmsg = kmsg_open(KMSG_PREFIX);
	if (!getenv("PATH"))
		setenv("PATH", "/bin:/tests", 1);

	timeout = t ? atoi(t) : settings_timeout();
	n = find_tests(names);
	printf("KTAP version 1\n");
	describe_machine();
	printf("1..%d\n", n);
	for (i = 0; i < n; i++)
		failed += run_test(i + 1, names[i], timeout > 0 ? timeout : KSFT_TIMEOUT);
	kmsg_drain(kmsg, KMSG_PREFIX);
	printf("# init: %d of %d failed\n", failed, n);
	printf("# init: powering off\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
