// SPDX-License-Identifier: GPL-2.0
/*
 * Finding processes and copying out their MM CID state.
 *
 * Visibility is the rule of /proc/PID/status: mm_cid_may_inspect(), a
 * ptrace read check with the credentials of current (the task that
 * sends the request or reads the dump or file), so non-dumpable and
 * set-id processes stay hidden from their own user and CAP_SYS_PTRACE
 * sees everything.  A process is found by its tgid also after its
 * thread-group leader exited: any live thread with an mm stands for it.
 * Pids are those of the caller's pid namespace.
 */
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <rseq_cid.h>
#include "rseq_cid.h"

/* The UAPI enum and the kernel's are the same list. */
static_assert((int)RSEQ_CID_MODE_PER_TASK == (int)MM_CID_MODE_PER_TASK);
static_assert((int)RSEQ_CID_MODE_PER_CPU == (int)MM_CID_MODE_PER_CPU);
static_assert((int)RSEQ_CID_MODE_TO_PER_CPU == (int)MM_CID_MODE_TO_PER_CPU);
static_assert((int)RSEQ_CID_MODE_TO_PER_TASK == (int)MM_CID_MODE_TO_PER_TASK);

unsigned int rc_cid_state(unsigned int word, bool slot)
{
	if (word & MM_CID_UNSET)
		return RSEQ_CID_CID_STATE_NONE;
	if (word & MM_CID_TRANSIT)
		return RSEQ_CID_CID_STATE_TRANSIT;
	if (word & MM_CID_ONCPU)
		return RSEQ_CID_CID_STATE_ON_CPU;
	/* A plain value in a CPU slot is a copy; in a task it is owned. */
	return slot ? RSEQ_CID_CID_STATE_NONE : RSEQ_CID_CID_STATE_OWNED;
}

void rc_snapshot_free(struct rc_snapshot *s)
{
	bitmap_free(s->pool);
	kfree(s->cpus);
	kvfree(s->users);
	memset(s, 0, sizeof(*s));
}

static int rc_cmp_tid(const void *a, const void *b)
{
	const struct mm_cid_user *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/*
 * The users of @mm, sorted by tid.  They come and go, so the array is
 * sized from the count just read and grown if more turned up meanwhile.
 * Users without a pid in @ns (leaving right now) are dropped.
 */
static int rc_fill_users(struct pid_namespace *ns, struct rc_snapshot *s,
			 struct mm_struct *mm)
{
	unsigned int n, skip, max = s->info.users + 16;

	for (;;) {
		s->users = kvmalloc_array(max, sizeof(*s->users), GFP_KERNEL);
		if (!s->users)
			return -ENOMEM;
		n = mm_cid_get_users(mm, ns, s->users, max);
		if (n <= max)
			break;
		kvfree(s->users);
		s->users = NULL;
		max = n + n / 8 + 16;
		cond_resched();
	}
	sort(s->users, n, sizeof(*s->users), rc_cmp_tid, NULL);
	for (skip = 0; skip < n && s->users[skip].pid <= 0; skip++)
		;
	memmove(s->users, s->users + skip, (n - skip) * sizeof(*s->users));
	s->nr_users = n - skip;
	return 0;
}

static int rc_fill(struct pid_namespace *ns, struct rc_snapshot *s,
		   struct mm_struct *mm, bool full)
{
	unsigned int word, state;
	int cpu;

	mm_cid_get_info(mm, &s->info);
	if (!s->info.users)
		return -ENOENT;
	s->pool = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	if (!s->pool)
		return -ENOMEM;
	mm_cid_get_pool(mm, to_cpumask(s->pool));
	s->cids_in_use = bitmap_weight(s->pool, nr_cpu_ids);
	if (!full)
		return 0;
	s->cpus = kcalloc(num_possible_cpus(), sizeof(*s->cpus), GFP_KERNEL);
	if (!s->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		word = mm_cid_cpu_slot(mm, cpu);
		state = rc_cid_state(word, true);
		if (state == RSEQ_CID_CID_STATE_NONE)
			continue;
		s->cpus[s->nr_cpus].id = cpu;
		s->cpus[s->nr_cpus].cid = mm_cid_value(word);
		s->cpus[s->nr_cpus].state = state;
		s->nr_cpus++;
	}
	return rc_fill_users(ns, s, mm);
}

/*
 * A live thread (with an mm) of the thread group of @pid, referenced;
 * the group's comm (its leader's, which stays readable while the leader
 * is a zombie) goes to @s.  NULL for no such group or one without a
 * live thread.
 */
static struct task_struct *rc_group_thread(struct pid *pid, struct rc_snapshot *s)
{
	struct task_struct *leader, *t, *found = NULL;

	rcu_read_lock();
	leader = pid_task(pid, PIDTYPE_TGID);
	if (leader) {
		for_each_thread(leader, t) {
			if (!(t->flags & (PF_EXITING | PF_KTHREAD)) && READ_ONCE(t->mm)) {
				found = t;
				break;
			}
		}
	}
	if (found) {
		get_task_struct(found);
		get_task_comm(s->comm, leader);
	}
	rcu_read_unlock();
	return found;
}

/*
 * Snapshot the thread group of @pid if current may see it and its mm has
 * CID users.  Returns -ENOENT for no such group, kernel threads and mms
 * without users, -EPERM when current may not see it.
 */
static int rc_snapshot_group(struct pid_namespace *ns, struct pid *pid, pid_t nr,
			     bool full, struct rc_snapshot *s)
{
	struct task_struct *task;
	struct mm_struct *mm;
	int ret;

	memset(s, 0, sizeof(*s));
	task = rc_group_thread(pid, s);
	if (!task)
		return -ENOENT;
	if (!mm_cid_may_inspect(task)) {
		put_task_struct(task);
		return -EPERM;
	}
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm)
		return -ENOENT;
	s->pid = nr;
	ret = rc_fill(ns, s, mm, full);
	mmput(mm);
	if (ret)
		rc_snapshot_free(s);
	return ret;
}

int rc_snapshot_pid(struct pid_namespace *ns, pid_t nr, bool full,
		    struct rc_snapshot *s)
{
	struct pid *pid;
	int ret;

	rcu_read_lock();
	pid = get_pid(find_pid_ns(nr, ns));
	rcu_read_unlock();
	if (!pid)
		return -ENOENT;
	ret = rc_snapshot_group(ns, pid, nr, full, s);
	put_pid(pid);
	return ret;
}

/*
 * The first process at or after *@nr that current may see and that has
 * CID users; *@nr is set to its pid.  Returns -ENOENT at the end.
 */
int rc_snapshot_next(struct pid_namespace *ns, pid_t *nr, bool full,
		     struct rc_snapshot *s)
{
	struct pid *pid;
	int ret;

	for (;; (*nr)++) {
		rcu_read_lock();
		pid = find_ge_pid(*nr, ns);
		if (pid) {
			*nr = pid_nr_ns(pid, ns);
			get_pid(pid);
		}
		rcu_read_unlock();
		if (!pid)
			return -ENOENT;
		ret = rc_snapshot_group(ns, pid, *nr, full, s);
		put_pid(pid);
		if (ret != -ENOENT && ret != -EPERM)
			return ret;
		cond_resched();
	}
}

void rc_totals(struct pid_namespace *ns, struct rc_totals *t)
{
	struct rc_snapshot s;
	pid_t nr = 1;

	memset(t, 0, sizeof(*t));
	for (; !rc_snapshot_next(ns, &nr, false, &s); nr++) {
		t->mms++;
		if (s.info.mode == RSEQ_CID_MODE_PER_CPU)
			t->per_cpu_mms++;
		else if (s.info.mode == RSEQ_CID_MODE_PER_TASK)
			t->per_task_mms++;
		t->users += s.info.users;
		t->transitions += s.info.transitions;
		rc_snapshot_free(&s);
	}
}
