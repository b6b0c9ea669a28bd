// SPDX-License-Identifier: GPL-2.0
/*
 * Helper threads for the placement tests: each one registers rseq, then
 * keeps publishing the CPU and CID it runs with until told to stop.  A
 * pinned helper stays on its CPU; a spinning one never sleeps.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include "threads.h"

static void *helper_fn(void *arg)
{
	struct helper *h = arg;
	unsigned int cpu, cid;

	register_thread();
	if (h->cpu >= 0)
		pin_to_cpu(h->cpu);
	while (!RSEQ_READ_ONCE(h->stop)) {
		arm_sentinel();
		cpu = rseq_current_cpu_raw();
		cid = current_cid();
		if (sentinel_intact()) {
			RSEQ_WRITE_ONCE(h->seen_cpu, cpu);
			RSEQ_WRITE_ONCE(h->seen_cid, cid);
			RSEQ_WRITE_ONCE(h->samples, h->samples + 1);
			if (h->cpu_cids && cpu < MAX_CPUS && cid < 64)
				__atomic_fetch_or(&h->cpu_cids[cpu], 1UL << cid,
						  __ATOMIC_RELAXED);
		}
		if (h->spin)
			spin_for(1000);
		else
			usleep(500);
	}
	return NULL;
}

void helper_start(struct helper *h, int cpu, bool spin)
{
	h->cpu = cpu;
	h->spin = spin;
	h->stop = 0;
	h->samples = 0;
	if (pthread_create(&h->thread, NULL, helper_fn, h))
		fail("pthread_create");
}

/* The CID of a helper once it has published a few fresh samples. */
unsigned int helper_cid(struct helper *h)
{
	unsigned long start = RSEQ_READ_ONCE(h->samples);

	while (RSEQ_READ_ONCE(h->samples) < start + 3)
		usleep(1000);
	return RSEQ_READ_ONCE(h->seen_cid);
}

void helper_stop(struct helper *h)
{
	RSEQ_WRITE_ONCE(h->stop, 1);
	pthread_join(h->thread, NULL);
}
