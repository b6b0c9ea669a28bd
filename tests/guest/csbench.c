// SPDX-License-Identifier: GPL-2.0
/*
 * csbench: context-switch micro-benchmarks for stock vs patched kernels.
 * Run under QEMU -icount, where guest time counts instructions, so the
 * numbers repeat exactly for the same kernel and inputs.
 *
 *   csbench pingpong ROUNDS		2 threads, pipe round trips
 *   csbench pingpong-pinned ROUNDS	the same with both on CPU 0, so
 *					every round trip is 2 context switches
 *   csbench yield THREADS MS		threads calling sched_yield() for MS ms
 *   csbench yield-pinned THREADS MS	the same, spread over CPUs evenly
 *
 * The yield cases run for a fixed time, so all threads overlap for the
 * whole measurement, and report ns of CPU time per yield: MS on each CPU
 * in use divided by all yields.
 *
 * Prints "CASE NS_PER_OP" on stdout.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long loops;
static int pinned, nr_cpus;
static volatile int stop;
static int pipes[2][2];
static pthread_barrier_t start;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static unsigned long parse(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || !v)
		die("bad number");
	return v;
}

static void pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void *ponger(void *arg)
{
	unsigned long i;
	char c;

	if (pinned)
		pin_self(0);
	for (i = 0; i < loops; i++) {
		if (read(pipes[0][0], &c, 1) != 1 || write(pipes[1][1], &c, 1) != 1)
			die("ponger");
	}
	return NULL;
}

static double pingpong(void)
{
	unsigned long long t0;
	unsigned long i;
	pthread_t t;
	char c = 'x';

	if (pipe(pipes[0]) || pipe(pipes[1]))
		die("pipe");
	if (pinned)
		pin_self(0);
	if (pthread_create(&t, NULL, ponger, NULL))
		die("pthread_create");
	t0 = now_ns();
	for (i = 0; i < loops; i++) {
		if (write(pipes[0][1], &c, 1) != 1 || read(pipes[1][0], &c, 1) != 1)
			die("pinger");
	}
	t0 = now_ns() - t0;
	pthread_join(t, NULL);
	return (double)t0 / loops;
}

static void *yielder(void *arg)
{
	unsigned long *count = arg;
	unsigned long n = 0;

	if (pinned)
		pin_self(*count % nr_cpus);
	pthread_barrier_wait(&start);
	while (!stop) {
		sched_yield();
		n++;
	}
	*count = n;
	return NULL;
}

static double yield(long threads, unsigned long ms)
{
	unsigned long *counts = calloc(threads, sizeof(*counts));
	pthread_t *t = calloc(threads, sizeof(*t));
	unsigned long total = 0;
	long i, cpus;

	if (!t || !counts)
		die("calloc");
	pthread_barrier_init(&start, NULL, threads + 1);
	for (i = 0; i < threads; i++) {
		counts[i] = i;	/* the CPU to pin to, on the way in */
		if (pthread_create(&t[i], NULL, yielder, &counts[i]))
			die("pthread_create");
	}
	pthread_barrier_wait(&start);
	usleep(ms * 1000);
	stop = 1;
	for (i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		total += counts[i];
	}
	free(t);
	free(counts);
	cpus = threads < nr_cpus ? threads : nr_cpus;
	return total ? (double)ms * 1000000 * cpus / total : 0;
}

int main(int argc, char **argv)
{
	nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (argc == 3 && (!strcmp(argv[1], "pingpong") ||
			  !strcmp(argv[1], "pingpong-pinned"))) {
		pinned = !strcmp(argv[1], "pingpong-pinned");
		loops = parse(argv[2]);
		printf("%s %.1f\n", argv[1], pingpong());
		return 0;
	}
	if (argc == 4 && (!strcmp(argv[1], "yield") || !strcmp(argv[1], "yield-pinned"))) {
		long threads = parse(argv[2]);

		pinned = !strcmp(argv[1], "yield-pinned");
		printf("%s-%ld %.1f\n", argv[1], threads, yield(threads, parse(argv[3])));
		return 0;
	}
	fprintf(stderr, "usage: csbench pingpong[-pinned] ROUNDS | yield[-pinned] THREADS MS\n");
	return 2;
}
