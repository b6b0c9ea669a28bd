/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mm object: one process's CID state as the module reports it,
 * reassembled from however many messages carried it.
 */
#ifndef RSEQCTL_MM_H
#define RSEQCTL_MM_H

#include <stdio.h>
#include "output.h"

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
	u32 nr_cpu_ids;		/* bits in bitmap */
	u64 transitions;
	bool continued;		/* this message continues the previous mm */
	char *comm;		/* raw bytes from the kernel: escape to print */
	u8 *bitmap;		/* CIDs in use: bit n of byte n / 8 */
	size_t bitmap_len;
	struct rc_cpu *cpus;	/* only the CPUs the kernel sent */
	size_t nr_cpus, cap_cpus;
	struct rc_task *tasks;
	size_t nr_tasks, cap_tasks;
};

struct rc_mm_list {
	struct rc_mm *mms;
	size_t nr, cap;
};

int rc_parse_mm(const void *payload, size_t len, struct rc_mm *mm);
int rc_mm_list_add(const void *payload, size_t len, void *list);
void rc_mm_free(struct rc_mm *mm);
void rc_mm_list_free(struct rc_mm_list *list);

json_t *mm_summary_json(const struct rc_mm *mm);
json_t *mm_detail_json(const struct rc_mm *mm);
void mm_task_json(FILE *f, const void *mm, size_t i, bool pretty);
int mm_list_text(FILE *f, const void *list);
int mm_show_text(FILE *f, const void *mm);

#endif
