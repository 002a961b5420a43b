// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the debug kernel's checkers were still on at the end of the
 * run, so that a clean console means something.  Run last.
 *
 * lockdep_on: lockdep switches itself off at its first report, or when
 * it runs out of room, and says so once; a run whose lockdep went off
 * checked nothing after that point.  /proc/lockdep_stats says whether it
 * is still on (debug_locks).
 *
 * kfence_on: KFENCE enabled, and it guarded at least one allocation of
 * the run (it only checks the allocations it samples).
 *
 * kcsan_on: KCSAN enabled, and it set up at least one watchpoint (it only
 * sees the races of the accesses it watches).
 *
 * kasan_on: KASAN built in (its __asan_load8() in /proc/kallsyms) and
 * enabled: generic KASAN has no statistics, but says when it is enabled,
 * which on powerpc64 it is on radix only.
 *
 * not_tainted: every WARN, BUG, oops or checker report taints the kernel.
 * Only the taint that running KUnit tests sets (TAINT_TEST) is expected.
 *
 * Each checker's case skips where the kernel does not have it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KSFT_SKIP	4
#define TAINT_TEST	18

/* kernel/panic.c's taint_flags, bit 0 first */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTNJ";

/* The number after "<key>: " in a "key: value" file; -1 if none, -2 if no file */
static long stat_value(const char *path, const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long value = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f)) {
		const char *s = line + strspn(line, " \t");

		if (!strncmp(s, key, len) && s[len] == ':' &&
		    sscanf(s + len + 1, "%ld", &value) == 1)
			break;
	}
	fclose(f);
	return value;
}

/*
 * Case n: the checker whose statistics are path is on (its key "on" is 1)
 * and did some work (its key "work", if any, is above 0).
 */
static int checker_on(int n, const char *name, const char *path,
		      const char *on, const char *work)
{
	long enabled = stat_value(path, on), done;

	if (enabled == -2) {
		printf("ok %d %s # SKIP %s: %s\n", n, name, path, strerror(errno));
		return KSFT_SKIP;
	}
	if (enabled < 0) {
		printf("not ok %d %s # no %s line in %s\n", n, name, on, path);
		return 1;
	}
	if (!work) {
		printf("%s %d %s # %s %ld\n", enabled == 1 ? "ok" : "not ok", n, name,
		       on, enabled);
		return enabled == 1 ? 0 : 1;
	}
	done = stat_value(path, work);
	printf("%s %d %s # %s %ld, %s %ld\n", enabled == 1 && done > 0 ? "ok" : "not ok",
	       n, name, on, enabled, work, done);
	return enabled == 1 && done > 0 ? 0 : 1;
}

/* Whether a line of the file path is or ends with " <symbol>" */
static bool has_symbol(const char *path, const char *symbol)
{
	char line[512];
	size_t len = strlen(symbol);
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *end = line + strcspn(line, "\t\n");

		found = end - line > (long)len && end[-len - 1] == ' ' &&
			!strncmp(end - len, symbol, len);
	}
	fclose(f);
	return found;
}

/*
 * Whether a record of the kernel's log holds text; *lost is set if
 * records were overwritten before they could be read: the first one a
 * reader gets is the oldest the buffer still holds, whose sequence
 * number is 0 only if none was lost.
 */
static bool in_kernel_log(const char *text, bool *lost)
{
	char record[8192];
	bool found = false, first = true;
	unsigned long long seq;
	ssize_t n;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	*lost = false;
	if (fd < 0)
		return false;
	for (;;) {
		n = read(fd, record, sizeof(record) - 1);
		if (n < 0 && errno == EPIPE) {
			*lost = true;
			continue;
		}
		if (n <= 0)
			break;
		record[n] = '\0';
		if (first && sscanf(record, "%*u,%llu", &seq) == 1 && seq > 0)
			*lost = true;
		first = false;
		if (strstr(record, text)) {
			found = true;
			break;
		}
	}
	close(fd);
	return found;
}

static int kasan_on(int n)
{
	static const char enabled[] = "KernelAddressSanitizer initialized";
	bool lost;

	if (!has_symbol("/proc/kallsyms", "__asan_load8")) {
		printf("ok %d kasan_on # SKIP no __asan_load8 in /proc/kallsyms\n", n);
		return KSFT_SKIP;
	}
	if (in_kernel_log(enabled, &lost)) {
		printf("ok %d kasan_on # \"%s\" in the kernel's log\n", n, enabled);
		return 0;
	}
	printf("not ok %d kasan_on # no \"%s\" in the kernel's log%s\n", n, enabled,
	       lost ? ", which lost its first records" : "");
	return 1;
}

static int not_tainted(int n)
{
	unsigned long taint, unexpected;
	char flags[64] = "";
	size_t i, len = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (!f || fscanf(f, "%lu", &taint) != 1) {
		printf("not ok %d not_tainted # /proc/sys/kernel/tainted: %s\n", n,
		       f ? "unreadable" : strerror(errno));
		if (f)
			fclose(f);
		return 1;
	}
	fclose(f);
	unexpected = taint & ~(1UL << TAINT_TEST);
	for (i = 0; i < sizeof(taint_letters) - 1; i++)
		if (unexpected & (1UL << i))
			flags[len++] = taint_letters[i];
	flags[len] = '\0';
	printf("%s %d not_tainted # tainted %lu%s%s\n", unexpected ? "not ok" : "ok",
	       n, taint, len ? ", unexpected flags " : "", flags);
	return unexpected ? 1 : 0;
}

int main(void)
{
	int results[5], i, failed = 0, skipped = 0;

	printf("TAP version 13\n1..5\n");
	results[0] = checker_on(1, "lockdep_on", "/proc/lockdep_stats", "debug_locks", NULL);
	results[1] = checker_on(2, "kfence_on", "/sys/kernel/debug/kfence/stats",
				"enabled", "total allocations");
	results[2] = checker_on(3, "kcsan_on", "/sys/kernel/debug/kcsan",
				"enabled", "setup_watchpoints");
	results[3] = kasan_on(4);
	results[4] = not_tainted(5);
	for (i = 0; i < 5; i++) {
		failed += results[i] == 1;
		skipped += results[i] == KSFT_SKIP;
	}
	if (failed)
		return 1;
	return skipped == 4 ? KSFT_SKIP : 0;
}
