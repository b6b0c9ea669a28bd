// SPDX-License-Identifier: GPL-2.0
/*
 * Where CIDs go: compaction after threads exit, stability across
 * migrations in per-task mode, CIDs that follow the CPU in per-CPU mode,
 * and the mode thresholds under narrow and widened affinity.
 *
 * The expected values follow from the limits of the scheme: with U users
 * and A CPUs in the union of their affinities, opt = min(U, A),
 * max_cids = min(opt + opt / 4, possible CPUs); per-CPU mode above
 * max_cids users, back to per-task mode below
 * max(1, min(opt - opt / 4, possible / 2)) users.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "threads.h"

static void expect_affinity(int ncpus, const char *how)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		fail("sched_getaffinity: %m");
	if (CPU_COUNT(&set) != ncpus || !CPU_ISSET(0, &set))
		fail("run this test %s", how);
}

/* 4 users on 4 CPUs own distinct CIDs; 2 left converge into [0, max_cids) = [0, 2). */
int test_compact(int argc, char **argv)
{
	struct helper h[3] = {};
	unsigned int cid[4], i, j;

	if (nr_online != 4)
		fail("needs 4 online CPUs, have %u", nr_online);
	for (i = 0; i < 3; i++)
		helper_start(&h[i], -1, false);
	cid[3] = settled_cid();
	for (i = 0; i < 3; i++)
		cid[i] = helper_cid(&h[i]);
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (cid[i] == cid[j])
				fail("per-task mode: users %u and %u share CID %u", i, j, cid[i]);

	helper_stop(&h[1]);
	helper_stop(&h[2]);
	cid[0] = helper_cid(&h[0]);
	cid[3] = settled_cid();
	if (cid[0] >= 2 || cid[3] >= 2 || cid[0] == cid[3])
		fail("2 users did not converge to distinct CIDs in [0, 2): %u %u",
		     cid[0], cid[3]);
	helper_stop(&h[0]);
	if (settled_cid() != 0)
		fail("single user has CID %u, not 0", current_cid());
	printf("compact: 4 distinct CIDs, then {%u, %u}, then 0\n", cid[0], cid[3]);
	return 0;
}

/* Per-task mode: a thread keeps its CID wherever it runs. */
int test_migrate(int argc, char **argv)
{
	unsigned int hops = arg_uint(argc, argv, 0, 200), i, cid, first;
	struct helper other = {};

	helper_start(&other, -1, false);
	first = settled_cid();
	for (i = 0; i < hops; i++) {
		pin_to_cpu(online_cpu(i % nr_online));
		cid = current_cid();
		if (cid != first)
			fail("CID changed from %u to %u on hop %u to cpu %u",
			     first, cid, i, online_cpu(i % nr_online));
	}
	if (helper_cid(&other) == first)
		fail("two users share CID %u", first);
	helper_stop(&other);
	printf("migrate: CID %u stayed over %u hops\n", first, hops);
	return 0;
}

/* Start a helper pinned to @cpu and return the CID it settles on. */
static unsigned int helper_on(struct helper *h, int cpu)
{
	helper_start(h, cpu, false);
	return helper_cid(h);
}

/*
 * Under taskset -c 0,1 (A = 2): 5 users > max_cids 2 means per-CPU mode,
 * where each CPU owns one CID in [0, 2) and every thread on it shows
 * that CID.  Back at 1 user (< threshold 2) the mode is per-task again:
 * a second thread then keeps its own CID on both CPUs.
 */
int test_modes(int argc, char **argv)
{
	unsigned long cpu_cids[MAX_CPUS] = {};
	struct helper h[4] = {};
	unsigned int i, cid, mine;

	expect_affinity(2, "under taskset -c 0,1");
	for (i = 0; i < 4; i++) {
		h[i].cpu_cids = NULL;
		helper_start(&h[i], i % 2, true);
	}
	usleep(50000);		/* let the switch to per-CPU mode settle */
	for (i = 0; i < 4; i++)
		h[i].cpu_cids = cpu_cids;
	usleep(100000);
	for (i = 0; i < 4; i++)
		helper_stop(&h[i]);
	for (i = 0; i < 2; i++)
		if (__builtin_popcountl(cpu_cids[i]) != 1 || cpu_cids[i] > 3)
			fail("per-CPU mode: cpu %u showed CIDs %#lx, want one of {0, 1}",
			     i, cpu_cids[i]);
	if (cpu_cids[0] == cpu_cids[1])
		fail("per-CPU mode: both CPUs showed CIDs %#lx", cpu_cids[0]);

	mine = settled_cid();
	if (mine != 0)
		fail("back to 1 user: CID %u, not 0", mine);
	h[0].cpu_cids = NULL;
	helper_start(&h[0], -1, false);
	cid = helper_cid(&h[0]);
	for (i = 0; i < 20; i++) {
		pin_to_cpu(i % 2);
		if (current_cid() != mine || helper_cid(&h[0]) != cid || cid == mine)
			fail("per-task mode expected: CIDs %u/%u became %u/%u on cpu %u",
			     mine, cid, current_cid(), helper_cid(&h[0]), i % 2);
	}
	helper_stop(&h[0]);
	printf("modes: per-CPU CIDs %#lx/%#lx, then per-task %u/%u\n",
	       cpu_cids[0], cpu_cids[1], mine, cid);
	return 0;
}

/*
 * Under taskset -c 0 (A = 1) a second user already means per-CPU mode
 * (max_cids 1), so two threads on CPU 0 show the same CID.  A thread
 * moving to CPU 1 widens the union to 2 CPUs: that CPU gets the other
 * CID of [0, 2).  After that thread exits (1 user < threshold 2) the mm
 * is per-task again, and as the union never shrinks a new thread on
 * CPU 0 gets a CID of its own.
 */
int test_affinity(int argc, char **argv)
{
	struct helper h = {};
	unsigned int mine, cid;

	expect_affinity(1, "under taskset -c 0");
	cid = helper_on(&h, 0);
	mine = settled_cid();
	if (cid != 0 || mine != 0)
		fail("1 CPU, 2 users: CIDs %u and %u, want 0 and 0 (per-CPU)", mine, cid);
	helper_stop(&h);

	cid = helper_on(&h, 1);
	mine = settled_cid();
	if (cid != 1 || mine != 0)
		fail("union of 2 CPUs, per-CPU mode: CIDs %u and %u, want 0 and 1",
		     mine, cid);
	helper_stop(&h);

	mine = settled_cid();
	cid = helper_on(&h, 0);
	if (mine != 0 || cid != 1)
		fail("per-task mode with union 2: CIDs %u and %u, want 0 and 1", mine, cid);
	helper_stop(&h);
	printf("affinity: per-CPU on 1 CPU, widened to 2, per-task again\n");
	return 0;
}
