// SPDX-License-Identifier: GPL-2.0
/*
 * pincpus CPULIST CMD [ARGS...]: run CMD pinned to CPULIST ("0,1",
 * "0-3"), as "taskset -c" does, for plans that run without busybox
 * (tests/vm/guest/ktap-init.c).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long first, last;
	char *p, *end;
	cpu_set_t set;

	if (argc < 3) {
		fprintf(stderr, "usage: pincpus CPULIST CMD [ARGS...]\n");
		return 2;
	}
	CPU_ZERO(&set);
	for (p = argv[1]; *p; p = end + (*end == ',')) {
		first = strtoul(p, &end, 10);
		last = first;
		if (*end == '-')
			last = strtoul(end + 1, &end, 10);
		if (end == p || (*end && *end != ',') || last < first || last >= CPU_SETSIZE) {
			fprintf(stderr, "pincpus: '%s' is not a CPU list\n", argv[1]);
			return 2;
		}
		while (first <= last)
			CPU_SET(first++, &set);
	}
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("pincpus: sched_setaffinity");
		return 1;
	}
	execvp(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
