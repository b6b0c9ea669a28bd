// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/rseq_cid/: "summary" (totals, module counters and the
 * kernel's rseq exit-to-user counters) and "mms" (every mm with CID
 * users, one block per mm in pid order).
 * Read-only seq_files, mode 0400, showing what the reader may see (the
 * same rule as netlink, see snapshot.c); the kernel's own rseq statistics
 * live in /sys/kernel/debug/rseq/, hence the separate directory.
 * Without debugfs (debugfs=off, lockdown, !CONFIG_DEBUG_FS) the module
 * serves netlink alone.
 */
#include <linux/debugfs.h>
#include <linux/pid_namespace.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string_helpers.h>
#include <rseq_cid_names.h>
#include "rseq_cid.h"

static struct dentry *rc_dir;

/*
 * A comm may hold any byte but NUL.  Printable ASCII other than space,
 * backslash and double quote is shown as is; \n \t \r \v \f \\ \" \a \e
 * in C style; everything else (space, other control characters, any
 * byte >= 0x80) as a 3-digit octal escape like \040.  So a comm is one
 * field without blanks and cannot start a row.
 */
#define RC_COMM_ESCAPE	(ESCAPE_SPACE | ESCAPE_SPECIAL | ESCAPE_OCTAL | \
			 ESCAPE_NAP | ESCAPE_APPEND)

static void rc_show_comm(struct seq_file *m, const char *comm)
{
	seq_escape_str(m, comm, RC_COMM_ESCAPE, " \\\"");
}

static int summary_show(struct seq_file *m, void *v)
{
	struct rc_totals t;

	rc_totals(task_active_pid_ns(current), &t);
	seq_printf(m, "mms %u\nper_task_mms %u\nper_cpu_mms %u\nusers %u\n",
		   t.mms, t.per_task_mms, t.per_cpu_mms, t.users);
	seq_printf(m, "transitions %llu\nnotifications %llu\nmode_switches %llu\n",
		   t.transitions, rc_notifications(), rc_mode_switches());
	rc_show_rseq_stats(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(summary);

/* Iterator state: *pos is the pid to look at next. */
struct mms_iter {
	struct pid_namespace *ns;
	struct rc_snapshot snap;
	bool valid;
};

static void *mms_find(struct seq_file *m, loff_t *pos)
{
	struct mms_iter *it = m->private;
	pid_t nr = *pos;

	if (it->valid)
		rc_snapshot_free(&it->snap);
	it->valid = false;
	if (*pos > PID_MAX_LIMIT || rc_snapshot_next(it->ns, &nr, true, &it->snap))
		return NULL;
	it->valid = true;
	*pos = nr;
	return it;
}

static void *mms_start(struct seq_file *m, loff_t *pos)
{
	if (!*pos)
		*pos = 1;
	return mms_find(m, pos);
}

static void *mms_next(struct seq_file *m, void *v, loff_t *pos)
{
	(*pos)++;
	return mms_find(m, pos);
}

static void mms_stop(struct seq_file *m, void *v)
{
	struct mms_iter *it = m->private;

	if (it->valid)
		rc_snapshot_free(&it->snap);
	it->valid = false;
}

static int mms_show(struct seq_file *m, void *v)
{
	struct rc_snapshot *s = &((struct mms_iter *)v)->snap;
	unsigned int i, state;

	seq_printf(m, "pid %d comm ", s->pid);
	rc_show_comm(m, s->comm);
	seq_printf(m, " mode %s users %u max_cids %u pcpu_thrs %u nr_cpus_allowed %u transitions %lu cids_in_use %u pool %*pbl\n",
		   rseq_cid_mode_name(s->info.mode), s->info.users,
		   s->info.max_cids, s->info.pcpu_thrs, s->info.nr_cpus_allowed,
		   s->info.transitions, s->cids_in_use, nr_cpu_ids, s->pool);
	for (i = 0; i < s->nr_cpus; i++)
		seq_printf(m, "  cpu %u cid %u %s\n", s->cpus[i].id, s->cpus[i].cid,
			   rseq_cid_state_name(s->cpus[i].state));
	for (i = 0; i < s->nr_users; i++) {
		struct mm_cid_user *u = &s->users[i];

		state = rc_cid_state(u->cid, false);
		seq_printf(m, "  task %d cid ", u->pid);
		if (state == RSEQ_CID_CID_STATE_NONE)
			seq_puts(m, "-");
		else
			seq_printf(m, "%u", mm_cid_value(u->cid));
		seq_printf(m, " %s cpu %d%s\n", rseq_cid_state_name(state), u->cpu,
			   u->running ? " running" : "");
	}
	return 0;
}

static const struct seq_operations mms_sops = {
	.start = mms_start,
	.next = mms_next,
	.stop = mms_stop,
	.show = mms_show,
};

static int mms_open(struct inode *inode, struct file *file)
{
	struct mms_iter *it = __seq_open_private(file, &mms_sops, sizeof(*it));

	if (!it)
		return -ENOMEM;
	it->ns = task_active_pid_ns(current);
	return 0;
}

static const struct file_operations mms_fops = {
	.owner = THIS_MODULE,
	.open = mms_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

void rc_debugfs_init(void)
{
	rc_dir = debugfs_create_dir("rseq_cid", NULL);
	if (IS_ERR(rc_dir)) {
		pr_info("rseq_cid: no debugfs (%pe), netlink only\n", rc_dir);
		rc_dir = NULL;
		return;
	}
	debugfs_create_file("summary", 0400, rc_dir, NULL, &summary_fops);
	debugfs_create_file("mms", 0400, rc_dir, NULL, &mms_fops);
}

void rc_debugfs_exit(void)
{
	debugfs_remove_recursive(rc_dir);
}
