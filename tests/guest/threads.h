/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MM_CID_THREADS_H
#define MM_CID_THREADS_H

#include <pthread.h>
#include "mm_cid_test.h"

#define MAX_CPUS	64

struct helper {
	pthread_t thread;
	int cpu;			/* pinned CPU, or -1 */
	bool spin;			/* busy loop instead of sleeping */
	int stop;
	unsigned int seen_cpu;		/* last clean sample */
	unsigned int seen_cid;
	unsigned long samples;
	unsigned long *cpu_cids;	/* optional: MAX_CPUS masks of CIDs seen */
};

void helper_start(struct helper *h, int cpu, bool spin);
unsigned int helper_cid(struct helper *h);
void helper_stop(struct helper *h);

#endif
