/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters of /sys/kernel/debug/rseq/stats (patched kernel,
 * CONFIG_RSEQ_STATS) for the guest tests that compare them before and
 * after a workload: rseq_abi_test stats and rseq_stats_run.
 */
#ifndef RSEQ_STATS_H
#define RSEQ_STATS_H

#include <stdio.h>

#define RSEQ_STATS_FILE	"/sys/kernel/debug/rseq/stats"

struct stats {
	unsigned long exit, signal, slowp, fastp, ids, cs, clear, fixup;
};

/* Read all counters; prints a FAIL line and returns 1 on any error. */
static inline int read_stats(struct stats *s)
{
	FILE *f = fopen(RSEQ_STATS_FILE, "r");
	int n;

	if (!f) {
		perror("FAIL: " RSEQ_STATS_FILE);
		return 1;
	}
	n = fscanf(f, "exit: %lu signal: %lu slowp: %lu fastp: %lu ids: %lu cs: %lu clear: %lu fixup: %lu",
		   &s->exit, &s->signal, &s->slowp, &s->fastp, &s->ids, &s->cs, &s->clear,
		   &s->fixup);
	fclose(f);
	if (n != 8) {
		printf("FAIL: %s: parsed %d of 8 counters\n", RSEQ_STATS_FILE, n);
		return 1;
	}
	return 0;
}

/* @d = @b - @a, and print it as the "deltas:" line the plans log. */
static inline void stats_delta(const struct stats *a, const struct stats *b,
			       struct stats *d)
{
	d->exit = b->exit - a->exit;
	d->signal = b->signal - a->signal;
	d->slowp = b->slowp - a->slowp;
	d->fastp = b->fastp - a->fastp;
	d->ids = b->ids - a->ids;
	d->cs = b->cs - a->cs;
	d->clear = b->clear - a->clear;
	d->fixup = b->fixup - a->fixup;
	printf("deltas: exit %lu signal %lu slowp %lu fastp %lu ids %lu cs %lu clear %lu fixup %lu\n",
	       d->exit, d->signal, d->slowp, d->fastp, d->ids, d->cs, d->clear, d->fixup);
}

#endif
