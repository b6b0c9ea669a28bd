/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rseq_cid: inspection of the MM concurrency IDs through debugfs and the
 * "rseq-cid" generic netlink family.  Internal declarations.
 */
#ifndef RSEQ_CID_MODULE_H
#define RSEQ_CID_MODULE_H

#include <linux/sched.h>
#include <linux/sched/mm_cid.h>
#include <linux/types.h>

/* A CPU slot worth reporting: on-cpu or transit. */
struct rc_cpu {
	u32 id, cid, state;
};

/*
 * Everything reported about one process, copied out so that no lock is
 * held while it is formatted.  A summary snapshot (rc_snapshot_*() with
 * full = false) has no cpus and users.
 */
struct rc_snapshot {
	pid_t			pid;	/* tgid, in the namespace asked for */
	char			comm[TASK_COMM_LEN];
	struct mm_cid_info	info;
	u32			cids_in_use;
	unsigned long		*pool;		/* nr_cpu_ids bits: allocated CIDs */
	struct rc_cpu		*cpus;		/* ascending id */
	unsigned int		nr_cpus;
	struct mm_cid_user	*users;		/* ascending tid */
	unsigned int		nr_users;
};

/* Totals over the mms a caller may see. */
struct rc_totals {
	u32 mms, per_task_mms, per_cpu_mms, users;
	u64 transitions;
};

static inline unsigned int rc_bitmap_bytes(void)
{
	return DIV_ROUND_UP(nr_cpu_ids, BITS_PER_BYTE);
}

int rc_snapshot_pid(struct pid_namespace *ns, pid_t nr, bool full,
		    struct rc_snapshot *s);
int rc_snapshot_next(struct pid_namespace *ns, pid_t *nr, bool full,
		     struct rc_snapshot *s);
void rc_snapshot_free(struct rc_snapshot *s);
void rc_totals(struct pid_namespace *ns, struct rc_totals *t);
unsigned int rc_cid_state(unsigned int word, bool slot);

void rc_debugfs_init(void);
void rc_debugfs_exit(void);
int rc_netlink_init(void);
void rc_netlink_exit(void);
u64 rc_notifications(void);
u64 rc_mode_switches(void);

struct seq_file;
struct sk_buff;
int rc_put_rseq_stats(struct sk_buff *msg, int pad);
void rc_show_rseq_stats(struct seq_file *m);

#endif
