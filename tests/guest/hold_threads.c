// SPDX-License-Identifier: GPL-2.0
/*
 * hold_threads [-l] [-d] [-x HEXNAME] THREADS SECONDS: a process of
 * THREADS tasks that block, for rseqctl's tests at real shapes.
 *   -x  set the comm to these bytes (hex) with prctl(PR_SET_NAME) first,
 *       so names with a newline, quotes or invalid UTF-8 can be made
 *   -d  make the process non-dumpable (PR_SET_DUMPABLE 0)
 *   -l  the thread-group leader exits (pthread_exit) once all run; then
 *       THREADS other tasks remain
 * Prints "ready PID" when every task runs, lives SECONDS, exits 0.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

static unsigned int secs;
static pthread_barrier_t started;

static void *worker(void *last)
{
	pthread_barrier_wait(&started);
	if (last) {		/* ends the process when the leader is gone */
		sleep(secs);
		exit(0);
	}
	for (;;)
		pause();
	return NULL;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void set_name(const char *hex)
{
	char name[16] = {};
	unsigned int i, byte;

	for (i = 0; i < 15 && hex[2 * i] && sscanf(hex + 2 * i, "%2x", &byte) == 1; i++)
		name[i] = byte;
	if (prctl(PR_SET_NAME, name))
		die("prctl(PR_SET_NAME)");
}

int main(int argc, char **argv)
{
	unsigned int nr, i, workers;
	bool leader_exits = false;
	pthread_attr_t attr;
	pthread_t t;
	int opt;

	while ((opt = getopt(argc, argv, "ldx:")) != -1) {
		if (opt == 'l')
			leader_exits = true;
		else if (opt == 'd' && prctl(PR_SET_DUMPABLE, 0))
			die("prctl(PR_SET_DUMPABLE)");
		else if (opt == 'x')
			set_name(optarg);
		else if (opt == '?')
			return 2;
	}
	if (argc - optind != 2 || !(nr = strtoul(argv[optind], NULL, 0))) {
		fprintf(stderr, "usage: hold_threads [-l] [-d] [-x HEXNAME] THREADS SECONDS\n");
		return 2;
	}
	secs = strtoul(argv[optind + 1], NULL, 0);
	workers = leader_exits ? nr : nr - 1;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (pthread_barrier_init(&started, NULL, workers + 1))
		die("pthread_barrier_init");
	for (i = 0; i < workers; i++)
		if (pthread_create(&t, &attr, worker, leader_exits && i == 0 ? &t : NULL))
			die("pthread_create");
	pthread_barrier_wait(&started);
	printf("ready %d\n", getpid());
	fflush(stdout);
	if (leader_exits)
		pthread_exit(NULL);
	sleep(secs);
	return 0;
}
