// SPDX-License-Identifier: GPL-2.0
/*
 * Report the KUnit suites that ran at boot as one KTAP document: each
 * suite's results from /sys/kernel/debug/kunit/<suite>/results, with its
 * top-level result line renumbered.  Exit 0 if every suite passed, 4
 * (skip) if no suite ran, 1 otherwise.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KUNIT_DIR	"/sys/kernel/debug/kunit"
#define MAX_SUITES	64
#define KSFT_SKIP	4

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print one suite's results as test @num; 0 if it passed */
static int print_suite(int num, const char *suite)
{
	char path[512], line[1024];
	int result = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/results", KUNIT_DIR, suite);
	f = fopen(path, "r");
	if (!f) {
		printf("not ok %d %s # cannot read %s\n", num, suite, path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		/* The suite's own document header: ours replaces it */
		if (!strncmp(line, "KTAP version", 12) || !strncmp(line, "1..", 3))
			continue;
		if (!strncmp(line, "ok ", 3)) {
			result = strstr(line, "# SKIP") ? KSFT_SKIP : 0;
			printf("ok %d %s%s\n", num, suite,
			       result ? " # SKIP" : "");
			continue;
		}
		if (!strncmp(line, "not ok ", 7)) {
			result = 1;
			printf("not ok %d %s\n", num, suite);
			continue;
		}
		fputs(line, stdout);
	}
	fclose(f);
	if (result < 0) {
		printf("not ok %d %s # no result line in %s\n", num, suite, path);
		return 1;
	}
	return result == 1;
}

int main(void)
{
	char *suites[MAX_SUITES];
	struct dirent *de;
	int i, n = 0, failed = 0;
	DIR *dir;

	printf("KTAP version 1\n");
	dir = opendir(KUNIT_DIR);
	if (!dir) {
		printf("1..0 # SKIP %s: no KUnit results (CONFIG_KUNIT_DEBUGFS?)\n",
		       KUNIT_DIR);
		return KSFT_SKIP;
	}
	while ((de = readdir(dir)) && n < MAX_SUITES)
		if (de->d_name[0] != '.')
			suites[n++] = strdup(de->d_name);
	closedir(dir);
	qsort(suites, n, sizeof(*suites), by_name);

	if (!n) {
		printf("1..0 # SKIP no KUnit suite ran\n");
		return KSFT_SKIP;
	}
	printf("1..%d\n", n);
	for (i = 0; i < n; i++)
		failed += print_suite(i + 1, suites[i]);
	printf("# kunit_results: %d of %d suites failed\n", failed, n);
	return failed ? 1 : 0;
}
