// SPDX-License-Identifier: GPL-2.0
/*
 * tgroup [-n NAME] [-d] [-l] [-s SECONDS] TASKS: a process of TASKS tasks
 * (the leader and TASKS - 1 threads) for the module tests, as cheap as
 * possible so thousands fit the test VM: threads have 64 KiB stacks and
 * block in pause() instead of running.
 *
 *   -n NAME	set the comm with PR_SET_NAME first (any bytes: newlines,
 *		quotes, invalid UTF-8); the threads inherit it
 *   -d		PR_SET_DUMPABLE 0, like a process that handles secrets
 *   -l		the leader calls pthread_exit() once all threads run, so
 *		the group lives on without it
 *   -s SECONDS	lifetime (default 120), then the process exits
 *
 * Prints "ready PID" when all threads have started.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static unsigned int lifetime = 120;

static void *blocked(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

/* The last thread created (or the leader) ends the process in time. */
static void *reaper(void *arg)
{
	sleep(lifetime);
	exit(0);
	return NULL;
}

int main(int argc, char **argv)
{
	int opt, leader_exits = 0;
	unsigned long tasks, i;
	pthread_attr_t attr;
	pthread_t t;

	while ((opt = getopt(argc, argv, "n:dls:")) != -1) {
		switch (opt) {
		case 'n':
			if (prctl(PR_SET_NAME, optarg)) {
				perror("PR_SET_NAME");
				return 1;
			}
			break;
		case 'd':
			if (prctl(PR_SET_DUMPABLE, 0)) {
				perror("PR_SET_DUMPABLE");
				return 1;
			}
			break;
		case 'l':
			leader_exits = 1;
			break;
		case 's':
			lifetime = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	tasks = strtoul(argv[optind], NULL, 0);
	if (tasks < 1 || (leader_exits && tasks < 2))
		goto usage;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	for (i = 1; i < tasks; i++) {
		int err = pthread_create(&t, &attr, i == tasks - 1 ? reaper : blocked, NULL);

		if (err) {
			fprintf(stderr, "pthread_create %lu: %s\n", i, strerror(err));
			return 1;
		}
	}
	printf("ready %d\n", getpid());
	fflush(stdout);
	if (leader_exits)
		pthread_exit(NULL);
	if (tasks == 1)
		reaper(NULL);
	for (;;)
		pause();
usage:
	fprintf(stderr, "usage: tgroup [-n NAME] [-d] [-l] [-s SECONDS] TASKS\n");
	return 2;
}
