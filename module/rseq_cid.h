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

/* Everything reported about one mm, copied out so no lock is held. */
struct rc_snapshot {
	pid_t			pid;	/* leader, in the namespace asked for */
	char			comm[TASK_COMM_LEN];
	struct mm_cid_info	info;
	unsigned int		cids_in_use;
	unsigned long		*pool;	/* nr_cpu_ids bits */
	unsigned int		*slots;	/* CID word per possible CPU */
	struct mm_cid_user	*users;
	unsigned int		nr_users;
};

/* Totals over the mms a caller may see. */
struct rc_totals {
	u32 mms, per_task_mms, per_cpu_mms, users;
	u64 transitions;
};

/* Who asks: the pid namespace for lookups and whether they see all. */
struct rc_viewer {
	struct pid_namespace	*ns;
	bool			admin;
};

void rc_viewer_current(struct rc_viewer *v, bool admin);
int rc_snapshot_pid(const struct rc_viewer *v, pid_t nr, struct rc_snapshot *s);
int rc_snapshot_next(const struct rc_viewer *v, pid_t *nr, struct rc_snapshot *s);
void rc_snapshot_free(struct rc_snapshot *s);
void rc_totals(const struct rc_viewer *v, struct rc_totals *t);
unsigned int rc_cid_state(unsigned int word, bool slot);

int rc_debugfs_init(void);
void rc_debugfs_exit(void);
int rc_netlink_init(void);
void rc_netlink_exit(void);
u64 rc_notifications(void);

struct seq_file;
struct sk_buff;
int rc_put_rseq_stats(struct sk_buff *msg, int pad);
void rc_show_rseq_stats(struct seq_file *m);

#endif
