/* SPDX-License-Identifier: GPL-2.0 */
/* The stats object: module totals and the kernel's rseq counters. */
#ifndef RSEQCTL_STATS_H
#define RSEQCTL_STATS_H

#include <stdio.h>
#include "output.h"

/* The kernel's rseq exit-to-user counters, in the order of the spec. */
enum rc_rseq_counter {
	RC_RSEQ_EXIT,
	RC_RSEQ_SIGNAL,
	RC_RSEQ_SLOWPATH,
	RC_RSEQ_FASTPATH,
	RC_RSEQ_IDS,
	RC_RSEQ_CS,
	RC_RSEQ_CLEAR,
	RC_RSEQ_FIXUP,
	RC_RSEQ_NR
};

struct rc_stats {
	/* gauges: sums over the live mms visible to the caller */
	u32 mms, per_task_mms, per_cpu_mms, users;
	u64 transitions;
	/* counters: only grow while the module stays loaded */
	u64 notifications, mode_switches;
	bool has_rseq;		/* false: kernel without CONFIG_RSEQ_STATS */
	u64 rseq[RC_RSEQ_NR];
};

int rc_parse_stats(const void *payload, size_t len, struct rc_stats *st);
void stats_text(FILE *f, const struct rc_stats *st);
json_t *stats_json(const struct rc_stats *st);
json_t *stats_interval_json(unsigned int secs, const struct rc_stats *now,
			    const struct rc_stats *then);
void stats_prom(FILE *f, const struct rc_stats *st);

#endif
