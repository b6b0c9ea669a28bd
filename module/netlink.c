// SPDX-License-Identifier: GPL-2.0
/*
 * The "rseq-cid" generic netlink family (include/rseq-cid.yaml):
 * stats-get, mm-get (do by pid, dump in pid order) and the "monitor"
 * multicast group, which carries a mode-ntf message for every switch
 * between per-task and per-CPU mode.
 */
#include <linux/atomic.h>
#include <linux/notifier.h>
#include <linux/pid_namespace.h>
#include <net/genetlink.h>
#include <rseq_cid.h>
#include "rseq_cid.h"

static struct genl_family rc_family;
static atomic64_t rc_nr_notifications = ATOMIC64_INIT(0);

u64 rc_notifications(void)
{
	return atomic64_read(&rc_nr_notifications);
}

static int rc_put_cpus(struct sk_buff *skb, const struct rc_snapshot *s)
{
	struct nlattr *nest;
	int cpu;

	for_each_possible_cpu(cpu) {
		unsigned int word = s->slots[cpu];

		nest = nla_nest_start(skb, RSEQ_CID_A_MM_CPU);
		if (!nest ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_ID, cpu) ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_CID, mm_cid_value(word)) ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_STATE, rc_cid_state(word, true)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int rc_put_tasks(struct sk_buff *skb, const struct rc_snapshot *s)
{
	unsigned int i, state;
	struct nlattr *nest;

	for (i = 0; i < s->nr_users; i++) {
		const struct mm_cid_user *u = &s->users[i];

		state = rc_cid_state(u->cid, false);
		nest = nla_nest_start(skb, RSEQ_CID_A_MM_TASK);
		if (!nest ||
		    nla_put_u32(skb, RSEQ_CID_A_TASK_TID, u->pid) ||
		    nla_put_u32(skb, RSEQ_CID_A_TASK_STATE, state) ||
		    nla_put_u32(skb, RSEQ_CID_A_TASK_CPU, u->cpu) ||
		    (state != RSEQ_CID_CID_STATE_NONE &&
		     nla_put_u32(skb, RSEQ_CID_A_TASK_CID, mm_cid_value(u->cid))) ||
		    (u->running && nla_put_flag(skb, RSEQ_CID_A_TASK_RUNNING)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* The attributes every mm message starts with (also the notification). */
static int rc_put_mm_summary(struct sk_buff *skb, pid_t pid, const char *comm,
			     const struct mm_cid_info *info)
{
	if (nla_put_u32(skb, RSEQ_CID_A_MM_PID, pid) ||
	    nla_put_string(skb, RSEQ_CID_A_MM_COMM, comm) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_MODE, info->mode) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_USERS, info->users) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_MAX_CIDS, info->max_cids) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_PCPU_THRS, info->pcpu_thrs) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_NR_CPUS_ALLOWED, info->nr_cpus_allowed) ||
	    nla_put_u64_64bit(skb, RSEQ_CID_A_MM_TRANSITIONS, info->transitions,
			      RSEQ_CID_A_MM_PAD))
		return -EMSGSIZE;
	return 0;
}

static int rc_fill_mm(struct sk_buff *skb, const struct rc_snapshot *s,
		      u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &rc_family, flags, RSEQ_CID_CMD_MM_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (rc_put_mm_summary(skb, s->pid, s->comm, &s->info) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_CIDS_IN_USE, s->cids_in_use) ||
	    nla_put(skb, RSEQ_CID_A_MM_CID_BITMAP, BITS_TO_BYTES(nr_cpu_ids), s->pool) ||
	    rc_put_cpus(skb, s) || rc_put_tasks(skb, s)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int rc_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rc_viewer viewer;
	struct rc_totals t;
	struct sk_buff *msg;
	void *hdr;

	rc_viewer_current(&viewer, netlink_capable(skb, CAP_SYS_ADMIN));
	rc_totals(&viewer, &t);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_iput(msg, info);
	if (!hdr ||
	    nla_put_u32(msg, RSEQ_CID_A_STATS_MMS, t.mms) ||
	    nla_put_u32(msg, RSEQ_CID_A_STATS_PER_TASK_MMS, t.per_task_mms) ||
	    nla_put_u32(msg, RSEQ_CID_A_STATS_PER_CPU_MMS, t.per_cpu_mms) ||
	    nla_put_u32(msg, RSEQ_CID_A_STATS_USERS, t.users) ||
	    nla_put_u64_64bit(msg, RSEQ_CID_A_STATS_TRANSITIONS, t.transitions,
			      RSEQ_CID_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, RSEQ_CID_A_STATS_NOTIFICATIONS, rc_notifications(),
			      RSEQ_CID_A_STATS_PAD) ||
	    rc_put_rseq_stats(msg, RSEQ_CID_A_STATS_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int rc_mm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rc_viewer viewer;
	struct rc_snapshot s;
	struct sk_buff *msg;
	pid_t pid;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, RSEQ_CID_A_MM_PID))
		return -EINVAL;
	pid = nla_get_u32(info->attrs[RSEQ_CID_A_MM_PID]);
	rc_viewer_current(&viewer, netlink_capable(skb, CAP_SYS_ADMIN));
	ret = rc_snapshot_pid(&viewer, pid, &s);
	if (ret == -ENOENT) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[RSEQ_CID_A_MM_PID],
					"no process %d with CID users", pid);
		return ret;
	}
	if (ret == -EPERM) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[RSEQ_CID_A_MM_PID],
				    "process belongs to another user");
		return ret;
	}
	if (ret)
		return ret;
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	ret = msg ? rc_fill_mm(msg, &s, info->snd_portid, info->snd_seq, 0) : -ENOMEM;
	rc_snapshot_free(&s);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next pid to report; the dump resumes there. */
static int rc_mm_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rc_viewer viewer;
	struct rc_snapshot s;
	pid_t nr = max_t(long, cb->args[0], 1);
	int ret;

	rc_viewer_current(&viewer, netlink_capable(cb->skb, CAP_SYS_ADMIN));
	for (; !(ret = rc_snapshot_next(&viewer, &nr, &s)); nr++) {
		ret = rc_fill_mm(skb, &s, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		rc_snapshot_free(&s);
		if (ret)
			break;
	}
	cb->args[0] = nr;
	if (ret == -ENOENT)
		return skb->len;	/* done */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;	/* full: continue at nr */
	return ret;
}

static const struct netlink_range_validation rc_pid_range = {
	.min = 1,
	.max = PID_MAX_LIMIT,
};

static const struct nla_policy rc_mm_get_policy[RSEQ_CID_A_MM_PID + 1] = {
	[RSEQ_CID_A_MM_PID] = NLA_POLICY_FULL_RANGE(NLA_U32, &rc_pid_range),
};

static const struct genl_split_ops rc_ops[] = {
	{
		.cmd = RSEQ_CID_CMD_STATS_GET,
		.doit = rc_stats_get_doit,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = RSEQ_CID_CMD_MM_GET,
		.doit = rc_mm_get_doit,
		.policy = rc_mm_get_policy,
		.maxattr = RSEQ_CID_A_MM_PID,
		.flags = GENL_CMD_CAP_DO,
	},
	{
		.cmd = RSEQ_CID_CMD_MM_GET,
		.dumpit = rc_mm_get_dumpit,
		.flags = GENL_CMD_CAP_DUMP,
	},
};

/* Mode switches of other users' processes are not for everyone. */
static const struct genl_multicast_group rc_mcgrps[] = {
	{ .name = RSEQ_CID_MCGRP_MONITOR, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family rc_family __ro_after_init = {
	.name = RSEQ_CID_FAMILY_NAME,
	.version = RSEQ_CID_FAMILY_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.split_ops = rc_ops,
	.n_split_ops = ARRAY_SIZE(rc_ops),
	.mcgrps = rc_mcgrps,
	.n_mcgrps = ARRAY_SIZE(rc_mcgrps),
};

static u32 rc_cids_in_use(struct mm_struct *mm)
{
	unsigned long *pool = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	u32 n = 0;

	if (pool) {
		mm_cid_get_pool(mm, to_cpumask(pool));
		n = bitmap_weight(pool, nr_cpu_ids);
		bitmap_free(pool);
	}
	return n;
}

/*
 * Called by the task whose fork, exit or execve switched the mode, in
 * process context without locks held.  The pid is in the initial
 * namespace: the group is for CAP_SYS_ADMIN listeners.
 */
static int rc_mode_event(struct notifier_block *nb, unsigned long mode, void *data)
{
	struct mm_cid_event *ev = data;
	char comm[TASK_COMM_LEN];
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&rc_family, &init_net, 0))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return NOTIFY_DONE;
	hdr = genlmsg_put(msg, 0, 0, &rc_family, 0, RSEQ_CID_CMD_MODE_NTF);
	get_task_comm(comm, ev->task);
	if (!hdr || rc_put_mm_summary(msg, task_tgid_nr(ev->task), comm, &ev->info) ||
	    nla_put_u32(msg, RSEQ_CID_A_MM_CIDS_IN_USE, rc_cids_in_use(ev->mm))) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&rc_family, msg, 0, 0, GFP_KERNEL);
	atomic64_inc(&rc_nr_notifications);
	return NOTIFY_OK;
}

static struct notifier_block rc_mode_nb = {
	.notifier_call = rc_mode_event,
};

int rc_netlink_init(void)
{
	int ret;

	ret = genl_register_family(&rc_family);
	if (ret)
		return ret;
	ret = mm_cid_register_notifier(&rc_mode_nb);
	if (ret)
		genl_unregister_family(&rc_family);
	return ret;
}

void rc_netlink_exit(void)
{
	mm_cid_unregister_notifier(&rc_mode_nb);
	genl_unregister_family(&rc_family);
}
