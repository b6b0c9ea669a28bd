// SPDX-License-Identifier: GPL-2.0
/*
 * The "rseq-cid" generic netlink family (include/rseq-cid.yaml):
 * stats-get, mm-get (do by pid, dump in pid order) and the "monitor"
 * multicast group, which carries a mode-ntf message for every switch
 * between per-task and per-CPU mode.
 *
 * Request policies and the op table are generated from the spec by
 * ynl-gen (nl-gen.[ch]); the family itself is defined here, because
 * ynl-gen does not write it for the genetlink-legacy level the spec needs
 * for its version, and because the monitor group needs CAP_SYS_ADMIN,
 * which ynl-gen of 6.12 cannot express.
 */
#include <linux/atomic.h>
#include <linux/notifier.h>
#include <linux/pid_namespace.h>
#include <net/genetlink.h>
#include <rseq_cid.h>
#include "nl-gen.h"
#include "rseq_cid.h"

static struct genl_family rc_family;
static atomic64_t rc_nr_notifications = ATOMIC64_INIT(0);
static atomic64_t rc_nr_mode_switches = ATOMIC64_INIT(0);

u64 rc_notifications(void)
{
	return atomic64_read(&rc_nr_notifications);
}

u64 rc_mode_switches(void)
{
	return atomic64_read(&rc_nr_mode_switches);
}

/* Sizes of what an mm message holds, for sizing replies. */
static size_t rc_cpu_size(void)
{
	return nla_total_size(3 * nla_total_size(sizeof(u32)));
}

/* The largest task nest: all of tid, state, cpu, cid and running. */
static size_t rc_task_size(void)
{
	return nla_total_size(4 * nla_total_size(sizeof(u32)) + nla_total_size(0));
}

static size_t rc_head_size(unsigned int nr_cpus)
{
	return nla_total_size(TASK_COMM_LEN) +
	       8 * nla_total_size(sizeof(u32)) +	/* pid ... nr-cpu-ids */
	       nla_total_size_64bit(sizeof(u64)) +	/* transitions */
	       nla_total_size(rc_bitmap_bytes()) +
	       nr_cpus * rc_cpu_size();
}

static int rc_put_cpus(struct sk_buff *skb, const struct rc_snapshot *s)
{
	const struct rc_cpu *c;
	struct nlattr *nest;

	for (c = s->cpus; c < s->cpus + s->nr_cpus; c++) {
		nest = nla_nest_start(skb, RSEQ_CID_A_MM_CPU);
		if (!nest ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_ID, c->id) ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_CID, c->cid) ||
		    nla_put_u32(skb, RSEQ_CID_A_CPU_STATE, c->state))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int rc_put_task(struct sk_buff *skb, const struct mm_cid_user *u)
{
	unsigned int state = rc_cid_state(u->cid, false);
	struct nlattr *nest;

	nest = nla_nest_start(skb, RSEQ_CID_A_MM_TASK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, RSEQ_CID_A_TASK_TID, u->pid) ||
	    nla_put_u32(skb, RSEQ_CID_A_TASK_STATE, state) ||
	    nla_put_u32(skb, RSEQ_CID_A_TASK_CPU, u->cpu) ||
	    (state != RSEQ_CID_CID_STATE_NONE &&
	     nla_put_u32(skb, RSEQ_CID_A_TASK_CID, mm_cid_value(u->cid))) ||
	    (u->running && nla_put_flag(skb, RSEQ_CID_A_TASK_RUNNING))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The attributes every mm message starts with (also the notification). */
static int rc_put_mm_summary(struct sk_buff *skb, pid_t pid, const char *comm,
			     const struct mm_cid_info *info, u32 cids_in_use)
{
	if (nla_put_u32(skb, RSEQ_CID_A_MM_PID, pid) ||
	    nla_put_string(skb, RSEQ_CID_A_MM_COMM, comm) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_MODE, info->mode) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_USERS, info->users) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_MAX_CIDS, info->max_cids) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_PCPU_THRS, info->pcpu_thrs) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_NR_CPUS_ALLOWED, info->nr_cpus_allowed) ||
	    nla_put_u64_64bit(skb, RSEQ_CID_A_MM_TRANSITIONS, info->transitions,
			      RSEQ_CID_A_MM_PAD) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_CIDS_IN_USE, cids_in_use))
		return -EMSGSIZE;
	return 0;
}

/*
 * The CID pool in the byte order of the protocol, whatever the kernel's
 * word size and endianness: CID n is bit n % 8 of byte n / 8.
 */
static int rc_put_bitmap(struct sk_buff *skb, const unsigned long *pool)
{
	struct nlattr *attr;
	unsigned int bit;
	u8 *bytes;

	attr = nla_reserve(skb, RSEQ_CID_A_MM_CID_BITMAP, rc_bitmap_bytes());
	if (!attr)
		return -EMSGSIZE;
	bytes = nla_data(attr);
	memset(bytes, 0, rc_bitmap_bytes());
	for_each_set_bit(bit, pool, nr_cpu_ids)
		bytes[bit / BITS_PER_BYTE] |= 1U << (bit % BITS_PER_BYTE);
	return 0;
}

/* Everything of an mm but its tasks. */
static int rc_put_mm_head(struct sk_buff *skb, const struct rc_snapshot *s)
{
	if (rc_put_mm_summary(skb, s->pid, s->comm, &s->info, s->cids_in_use) ||
	    nla_put_u32(skb, RSEQ_CID_A_MM_NR_CPU_IDS, nr_cpu_ids) ||
	    rc_put_bitmap(skb, s->pool) ||
	    rc_put_cpus(skb, s))
		return -EMSGSIZE;
	return 0;
}

/* The start of a continued message: which mm it continues. */
static int rc_put_mm_continued(struct sk_buff *skb, const struct rc_snapshot *s)
{
	if (nla_put_u32(skb, RSEQ_CID_A_MM_PID, s->pid) ||
	    nla_put_flag(skb, RSEQ_CID_A_MM_CONTINUED))
		return -EMSGSIZE;
	return 0;
}

int rseq_cid_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rc_totals t;
	struct sk_buff *msg;
	void *hdr;

	rc_totals(task_active_pid_ns(current), &t);
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
	    nla_put_u64_64bit(msg, RSEQ_CID_A_STATS_MODE_SWITCHES, rc_mode_switches(),
			      RSEQ_CID_A_STATS_PAD) ||
	    rc_put_rseq_stats(msg, RSEQ_CID_A_STATS_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* The do reply: one message with all tasks, sized from the snapshot. */
int rseq_cid_nl_mm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rc_snapshot s;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	pid_t pid;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, RSEQ_CID_A_MM_PID))
		return -EINVAL;
	pid = nla_get_u32(info->attrs[RSEQ_CID_A_MM_PID]);
	ret = rc_snapshot_pid(task_active_pid_ns(current), pid, true, &s);
	if (ret == -ENOENT) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[RSEQ_CID_A_MM_PID],
					"no process %d with CID users", pid);
		return ret;
	}
	if (ret == -EPERM) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[RSEQ_CID_A_MM_PID],
					"not permitted to inspect process %d", pid);
		return ret;
	}
	if (ret)
		return ret;
	msg = genlmsg_new(rc_head_size(s.nr_cpus) + s.nr_users * rc_task_size(),
			  GFP_KERNEL);
	ret = -ENOMEM;
	if (!msg)
		goto out;
	ret = -EMSGSIZE;
	hdr = genlmsg_iput(msg, info);
	if (!hdr || rc_put_mm_head(msg, &s))
		goto out;
	for (i = 0; i < s.nr_users; i++)
		if (rc_put_task(msg, &s.users[i]))
			goto out;
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	rc_snapshot_free(&s);
	return ret;
}

/*
 * Dump position, kept between the calls of one dump: the process to
 * report next, whether its head (first message) went out and the last
 * tid sent, and the pid filter of the request.
 */
struct rc_dump_ctx {
	pid_t	pid;
	pid_t	tid;
	pid_t	only;
	bool	head_sent;
	bool	done;
};

static struct rc_dump_ctx *rc_dump_ctx(struct netlink_callback *cb)
{
	NL_ASSERT_DUMP_CTX_FITS(struct rc_dump_ctx);
	return (struct rc_dump_ctx *)cb->ctx;
}

/*
 * Before the first dump call: read the pid filter, and make every dump
 * buffer big enough for the head of an mm with all possible CPUs listed
 * plus some tasks, so each process fits at least its first message.
 */
int rc_mm_dump_start(struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct rc_dump_ctx *ctx = rc_dump_ctx(cb);

	if (info->attrs[RSEQ_CID_A_MM_PID])
		ctx->only = nla_get_u32(info->attrs[RSEQ_CID_A_MM_PID]);
	cb->min_dump_alloc = NLMSG_HDRLEN + GENL_HDRLEN +
			     rc_head_size(num_possible_cpus()) + 32 * rc_task_size();
	return 0;
}

/*
 * Add the next message of the process in @s: its head and the tasks that
 * fit, or, when the head went out before, a "continued" message with the
 * tasks after ctx->tid.  Returns -EMSGSIZE when not all of it fitted.
 */
static int rc_dump_mm(struct sk_buff *skb, struct netlink_callback *cb,
		      struct rc_dump_ctx *ctx, const struct rc_snapshot *s)
{
	unsigned int i = 0, first;
	void *hdr;

	if (ctx->head_sent)
		while (i < s->nr_users && s->users[i].pid <= ctx->tid)
			i++;
	first = i;
	if (ctx->head_sent && i == s->nr_users)
		return 0;	/* the tasks after the cursor have gone */
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &rc_family, NLM_F_MULTI, RSEQ_CID_CMD_MM_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (ctx->head_sent ? rc_put_mm_continued(skb, s) : rc_put_mm_head(skb, s)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	for (; i < s->nr_users; i++)
		if (rc_put_task(skb, &s->users[i]))
			break;
	if (ctx->head_sent && i == first && i < s->nr_users) {
		/* Not one task fitted: the whole message waits. */
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	ctx->head_sent = true;
	if (i > first)
		ctx->tid = s->users[i - 1].pid;
	return i < s->nr_users ? -EMSGSIZE : 0;
}

int rseq_cid_nl_mm_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct rc_dump_ctx *ctx = rc_dump_ctx(cb);
	struct rc_snapshot s;
	pid_t nr;
	int ret;

	while (!ctx->done) {
		nr = max(ctx->pid, ctx->only ?: 1);
		if (ctx->only)
			ret = rc_snapshot_pid(ns, ctx->only, true, &s);
		else
			ret = rc_snapshot_next(ns, &nr, true, &s);
		if (ret == -ENOENT || ret == -EPERM) {
			ctx->done = true;
			break;
		}
		if (ret)
			return skb->len ?: ret;
		if (nr != ctx->pid) {
			/* Another process, or the one being sent has gone. */
			ctx->pid = nr;
			ctx->tid = 0;
			ctx->head_sent = false;
		}
		ret = rc_dump_mm(skb, cb, ctx, &s);
		rc_snapshot_free(&s);
		if (ret)
			return skb->len ?: ret;
		ctx->pid = nr + 1;
		ctx->tid = 0;
		ctx->head_sent = false;
		if (ctx->only)
			ctx->done = true;
	}
	return skb->len;
}

/* Mode switches of other users' processes are not for everyone. */
static const struct genl_multicast_group rc_mcgrps[] = {
	[RSEQ_CID_NLGRP_MONITOR] = {
		.name = RSEQ_CID_MCGRP_MONITOR,
		.flags = GENL_MCAST_CAP_SYS_ADMIN,
	},
};

static struct genl_family rc_family __ro_after_init = {
	.name = RSEQ_CID_FAMILY_NAME,
	.version = RSEQ_CID_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.split_ops = rseq_cid_nl_ops,
	.n_split_ops = ARRAY_SIZE(rseq_cid_nl_ops),
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
 * process context, may sleep; no MM CID, scheduler or mm locks are held,
 * but fork may hold cgroup_threadgroup_rwsem and execve cred_guard_mutex
 * (see include/linux/sched/mm_cid.h).  Every call counts as a mode
 * switch, listened to or not.  The pid is in the initial namespace: the
 * group is for CAP_SYS_ADMIN listeners.
 */
static int rc_mode_event(struct notifier_block *nb, unsigned long mode, void *data)
{
	struct mm_cid_event *ev = data;
	char comm[TASK_COMM_LEN];
	struct sk_buff *msg;
	void *hdr;

	atomic64_inc(&rc_nr_mode_switches);
	if (!genl_has_listeners(&rc_family, &init_net, RSEQ_CID_NLGRP_MONITOR))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return NOTIFY_DONE;
	hdr = genlmsg_put(msg, 0, 0, &rc_family, 0, RSEQ_CID_CMD_MODE_NTF);
	get_task_comm(comm, ev->task);
	if (!hdr || rc_put_mm_summary(msg, task_tgid_nr(ev->task), comm, &ev->info,
				      rc_cids_in_use(ev->mm))) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&rc_family, msg, 0, RSEQ_CID_NLGRP_MONITOR, GFP_KERNEL);
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
