// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's rseq exit-to-user counters (rseq_stats_read(), the sums
 * behind /sys/kernel/debug/rseq/stats), passed on as stats-get
 * attributes and as lines of the debugfs summary.  A kernel built
 * without CONFIG_RSEQ_STATS keeps none: the attributes are left out and
 * the summary says so, rather than showing zeros that look measured.
 */
#include <linux/rseq.h>
#include <linux/seq_file.h>
#include <net/genetlink.h>
#include <rseq_cid.h>
#include "rseq_cid.h"

static const struct {
	const char *name;
	int attr;
	size_t offset;
} rc_counters[] = {
	{ "exit", RSEQ_CID_A_STATS_RSEQ_EXIT, offsetof(struct rseq_stats, exit) },
	{ "signal", RSEQ_CID_A_STATS_RSEQ_SIGNAL, offsetof(struct rseq_stats, signal) },
	{ "slowpath", RSEQ_CID_A_STATS_RSEQ_SLOWPATH, offsetof(struct rseq_stats, slowpath) },
	{ "fastpath", RSEQ_CID_A_STATS_RSEQ_FASTPATH, offsetof(struct rseq_stats, fastpath) },
	{ "ids", RSEQ_CID_A_STATS_RSEQ_IDS, offsetof(struct rseq_stats, ids) },
	{ "cs", RSEQ_CID_A_STATS_RSEQ_CS, offsetof(struct rseq_stats, cs) },
	{ "clear", RSEQ_CID_A_STATS_RSEQ_CLEAR, offsetof(struct rseq_stats, clear) },
	{ "fixup", RSEQ_CID_A_STATS_RSEQ_FIXUP, offsetof(struct rseq_stats, fixup) },
};

static u64 rc_counter(const struct rseq_stats *s, unsigned int i)
{
	return *(const unsigned long *)((const char *)s + rc_counters[i].offset);
}

/* Returns -EMSGSIZE when @msg is full, 0 otherwise (also without stats). */
int rc_put_rseq_stats(struct sk_buff *msg, int pad)
{
	struct rseq_stats s;
	unsigned int i;

	if (!rseq_stats_read(&s))
		return 0;
	for (i = 0; i < ARRAY_SIZE(rc_counters); i++)
		if (nla_put_u64_64bit(msg, rc_counters[i].attr, rc_counter(&s, i), pad))
			return -EMSGSIZE;
	return 0;
}

void rc_show_rseq_stats(struct seq_file *m)
{
	struct rseq_stats s;
	unsigned int i;

	if (!rseq_stats_read(&s)) {
		seq_puts(m, "rseq_stats unavailable (kernel without CONFIG_RSEQ_STATS)\n");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(rc_counters); i++)
		seq_printf(m, "rseq_%s %llu\n", rc_counters[i].name, rc_counter(&s, i));
}
