// SPDX-License-Identifier: GPL-2.0
/*
 * soak SECONDS MAX_THREADS: the collision detector of t_unique.c for
 * SECONDS under thread and affinity churn, counting instead of stopping
 * at the first violation (tests/guest/soak-run.sh runs it next to CPU
 * hotplug, fork/exec storms, netlink queries and module reloads).
 *
 * Rounds of 1..MAX_THREADS short-lived workers, so the number of users
 * keeps crossing the per-task/per-CPU thresholds; each worker changes
 * its own affinity to a random set of the possible CPUs every 256
 * windows.  A sample is a clean window (t_unique.c): the sentinel shows
 * the worker ran with its CID throughout, so another claim found in the
 * CID's slot is a collision.  A CID at or above the number of possible
 * CPUs is counted as out of range.  Prints one line of counts and exits
 * 1 if there was any collision or out-of-range CID.
 *
 * soak-selfcheck proves the counting works: for 5 seconds CIDs 0 and 1
 * share a slot, and it passes only if that is counted as collisions.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "mm_cid_test.h"

#define MAX_WORKERS	64
#define MAX_REPORTS	5		/* violations printed in detail */

/* One slot per possible CID, as in t_unique.c. */
static intptr_t *owner;
static unsigned long samples, collisions, out_of_range, affinity_changes;
static unsigned long reports;
static unsigned int slot_shift;		/* 1 for the self-check */

struct soak_worker {
	pthread_t thread;
	unsigned int id;
	unsigned int windows;
	unsigned int seed;
};

static void count(unsigned long *counter, unsigned long n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static bool report(void)
{
	return __atomic_fetch_add(&reports, 1, __ATOMIC_RELAXED) < MAX_REPORTS;
}

/* A random subset of the possible CPUs; one without online CPUs: all. */
static void churn_affinity(unsigned int *seed)
{
	unsigned int cpu, bits = rand_r(seed);
	cpu_set_t set;

	CPU_ZERO(&set);
	for (cpu = 0; cpu < nr_possible && cpu < 31; cpu++)
		if (bits & (1U << cpu))
			CPU_SET(cpu, &set);
	if (!CPU_COUNT(&set) || sched_setaffinity(0, sizeof(set), &set))
		allow_all_cpus();
	count(&affinity_changes, 1);
}

static void *soak_worker_fn(void *arg)
{
	struct soak_worker *w = arg;
	unsigned long clean = 0;
	unsigned int i, cid;
	intptr_t tag, seen;

	register_thread();
	for (i = 0; i < w->windows; i++) {
		if (!(i % 256))
			churn_affinity(&w->seed);
		arm_sentinel();
		cid = rseq_current_mm_cid();
		if (cid >= nr_possible) {
			count(&out_of_range, 1);
			if (report())
				printf("soak: CID %u out of range (%u possible CPUs)\n",
				       cid, nr_possible);
			continue;
		}
		tag = ((intptr_t)w->id << 32) | i;
		if (!cid_window(&owner[cid >> slot_shift], cid, tag, &seen))
			continue;
		clean++;
		if (seen != tag) {
			count(&collisions, 1);
			if (!slot_shift && report())
				printf("soak: workers %u and %ld ran with CID %u at once\n",
				       w->id, (long)(seen >> 32), cid);
		}
		if (!(i % 64))
			sched_yield();
	}
	count(&samples, clean);
	return NULL;
}

static void soak_run(unsigned int secs, unsigned int max)
{
	struct soak_worker w[MAX_WORKERS];
	unsigned int seed = getpid(), next_id = 1, rounds = 0, n, i;
	time_t end = time(NULL) + secs;

	if (!max || max > MAX_WORKERS)
		fail("MAX_THREADS must be 1..%d", MAX_WORKERS);
	owner = calloc(nr_possible, sizeof(*owner));
	if (!owner)
		fail("out of memory");
	while (time(NULL) < end) {
		n = 1 + rand_r(&seed) % max;
		for (i = 0; i < n; i++) {
			w[i].id = next_id++;
			w[i].windows = 500 + rand_r(&seed) % 4000;
			w[i].seed = rand_r(&seed);
			if (pthread_create(&w[i].thread, NULL, soak_worker_fn, &w[i]))
				fail("pthread_create");
		}
		for (i = 0; i < n; i++)
			pthread_join(w[i].thread, NULL);
		rounds++;
	}
	free(owner);
	printf("samples %lu collisions %lu out_of_range %lu", samples,
	       collisions, out_of_range);
	printf(" threads %u rounds %u affinity_changes %lu\n", next_id - 1,
	       rounds, affinity_changes);
}

int test_soak(int argc, char **argv)
{
	soak_run(arg_uint(argc, argv, 0, 30), arg_uint(argc, argv, 1, 12));
	return collisions || out_of_range;
}

int test_soak_selfcheck(int argc, char **argv)
{
	slot_shift = 1;
	soak_run(5, 8);
	if (!collisions)
		fail("the soak detector counted no collision of CIDs 0 and 1");
	printf("soak-selfcheck: shared slot counted\n");
	return 0;
}
