// SPDX-License-Identifier: GPL-2.0
/*
 * hold THREADS SECONDS: a workload in a known state for the module tests.
 * THREADS threads (THREADS + 1 CID users) that sleep and wake every
 * millisecond, so every one has been switched in recently.  Prints
 * "ready" once all run, then lives for SECONDS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "threads.h"

int test_hold(int argc, char **argv)
{
	unsigned int nr = arg_uint(argc, argv, 0, 2), i;
	unsigned int secs = arg_uint(argc, argv, 1, 30);
	struct helper *h = calloc(nr, sizeof(*h));

	if (!h && nr)
		fail("out of memory");
	for (i = 0; i < nr; i++)
		helper_start(&h[i], -1, false);
	for (i = 0; i < nr; i++)
		helper_cid(&h[i]);
	printf("ready %d\n", getpid());
	fflush(stdout);
	sleep(secs);
	for (i = 0; i < nr; i++)
		helper_stop(&h[i]);
	return 0;
}
