/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the rseq-cid generic netlink family with libmnl, and parsing
 * its replies into plain structs after validating every attribute.
 */
#ifndef RSEQCTL_NL_H
#define RSEQCTL_NL_H

#include <stdbool.h>
#include "types.h"
#include <sys/types.h>

struct nl;

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
	u32 mms, per_task_mms, per_cpu_mms, users;
	u64 transitions, notifications;
	bool has_rseq;		/* false: kernel without CONFIG_RSEQ_STATS */
	u64 rseq[RC_RSEQ_NR];
};

struct rc_cpu {
	u32 id, cid, state;
};

struct rc_task {
	u32 tid, cid, state, cpu;
	bool has_cid, running;
};

struct rc_mm {
	u32 pid, mode, users, max_cids, pcpu_thrs, nr_cpus_allowed;
	u32 cids_in_use;
	u64 transitions;
	char comm[32];
	u8 bitmap[128];	/* CIDs in use, bit n of byte n / 8 */
	unsigned int bitmap_len;
	struct rc_cpu *cpus;
	unsigned int nr_cpus;
	struct rc_task *tasks;
	unsigned int nr_tasks;
};

struct rc_mm_list {
	struct rc_mm *mms;
	unsigned int nr;
};

/* Errors: a negative errno; nl_error() has the kernel's message, if any. */
int nl_open(struct nl **nlp);
void nl_close(struct nl *nl);
const char *nl_error(struct nl *nl);
int nl_stats(struct nl *nl, struct rc_stats *st);
int nl_mm_get(struct nl *nl, u32 pid, struct rc_mm *mm);
int nl_mm_dump(struct nl *nl, struct rc_mm_list *list);
int nl_monitor(struct nl *nl, int (*cb)(const struct rc_mm *mm, void *arg), void *arg);
void rc_mm_free(struct rc_mm *mm);
void rc_mm_list_free(struct rc_mm_list *list);

/* Parsing, separate so the unit tests can feed it any bytes. */
int rc_parse_stats(const void *payload, size_t len, struct rc_stats *st);
int rc_parse_mm(const void *payload, size_t len, struct rc_mm *mm);

#endif
