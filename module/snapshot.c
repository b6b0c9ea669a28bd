// SPDX-License-Identifier: GPL-2.0
/*
 * Finding processes and copying out their MM CID state.
 *
 * Visibility follows the same-user rule of /proc: an unprivileged caller
 * sees a process when its effective uid is the process's real, effective
 * and saved uid (ptrace_may_access() itself is not exported); callers
 * with CAP_SYS_ADMIN see all.  Pids are those of the caller's pid
 * namespace, and only processes visible there are found.
 */
#include <linux/cred.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <rseq_cid.h>
#include "rseq_cid.h"

/* The UAPI enum and the kernel's are the same list. */
static_assert((int)RSEQ_CID_MODE_PER_TASK == (int)MM_CID_MODE_PER_TASK);
static_assert((int)RSEQ_CID_MODE_PER_CPU == (int)MM_CID_MODE_PER_CPU);
static_assert((int)RSEQ_CID_MODE_TO_PER_CPU == (int)MM_CID_MODE_TO_PER_CPU);
static_assert((int)RSEQ_CID_MODE_TO_PER_TASK == (int)MM_CID_MODE_TO_PER_TASK);

void rc_viewer_current(struct rc_viewer *v, bool admin)
{
	v->ns = task_active_pid_ns(current);
	v->admin = admin;
}

static bool rc_may_see(const struct rc_viewer *v, struct task_struct *task)
{
	kuid_t me = current_euid();
	const struct cred *tcred;
	bool ok;

	if (v->admin)
		return true;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = uid_eq(me, tcred->uid) && uid_eq(me, tcred->euid) &&
	     uid_eq(me, tcred->suid);
	rcu_read_unlock();
	return ok;
}

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
	kfree(s->slots);
	kfree(s->users);
	memset(s, 0, sizeof(*s));
}

/* Copy the state of @mm; users may come and go, so retry if it grew. */
static int rc_fill(const struct rc_viewer *v, struct rc_snapshot *s,
		   struct mm_struct *mm)
{
	unsigned int cpu, n, max = 16;

	s->pool = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	s->slots = kcalloc(nr_cpu_ids, sizeof(*s->slots), GFP_KERNEL);
	if (!s->pool || !s->slots)
		return -ENOMEM;
	for (;;) {
		s->users = kcalloc(max, sizeof(*s->users), GFP_KERNEL);
		if (!s->users)
			return -ENOMEM;
		n = mm_cid_get_users(mm, v->ns, s->users, max);
		if (n <= max)
			break;
		kfree(s->users);
		max = n + 16;
	}
	s->nr_users = n;
	mm_cid_get_info(mm, &s->info);
	mm_cid_get_pool(mm, to_cpumask(s->pool));
	s->cids_in_use = bitmap_weight(s->pool, nr_cpu_ids);
	for_each_possible_cpu(cpu)
		s->slots[cpu] = mm_cid_cpu_slot(mm, cpu);
	return 0;
}

/*
 * Snapshot the process @task (a thread-group leader) if the viewer may
 * see it and its mm has CID users.  Returns -ENOENT for kernel threads
 * and mms without users, -EPERM when it may not be seen.
 */
static int rc_snapshot_task(const struct rc_viewer *v, struct task_struct *task,
			    pid_t nr, struct rc_snapshot *s)
{
	struct mm_struct *mm;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!rc_may_see(v, task))
		return -EPERM;
	mm = get_task_mm(task);
	if (!mm)
		return -ENOENT;
	s->pid = nr;
	get_task_comm(s->comm, task);
	ret = rc_fill(v, s, mm);
	mmput(mm);
	if (!ret && !s->info.users)
		ret = -ENOENT;
	if (ret)
		rc_snapshot_free(s);
	return ret;
}

int rc_snapshot_pid(const struct rc_viewer *v, pid_t nr, struct rc_snapshot *s)
{
	struct task_struct *task;
	struct pid *pid;
	int ret;

	rcu_read_lock();
	pid = find_pid_ns(nr, v->ns);
	task = pid ? pid_task(pid, PIDTYPE_TGID) : NULL;
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		return -ENOENT;
	ret = rc_snapshot_task(v, task, nr, s);
	put_task_struct(task);
	return ret;
}

/*
 * The first process at or after *@nr that the viewer may see and that
 * has CID users; *@nr is set to its pid.  Returns -ENOENT at the end.
 */
int rc_snapshot_next(const struct rc_viewer *v, pid_t *nr, struct rc_snapshot *s)
{
	struct task_struct *task;
	struct pid *pid;
	int ret;

	for (;; (*nr)++) {
		rcu_read_lock();
		pid = find_ge_pid(*nr, v->ns);
		if (!pid) {
			rcu_read_unlock();
			return -ENOENT;
		}
		*nr = pid_nr_ns(pid, v->ns);
		task = pid_task(pid, PIDTYPE_TGID);
		if (task)
			get_task_struct(task);
		rcu_read_unlock();
		if (!task)
			continue;
		ret = rc_snapshot_task(v, task, *nr, s);
		put_task_struct(task);
		if (ret != -ENOENT && ret != -EPERM)
			return ret;
		cond_resched();
	}
}

void rc_totals(const struct rc_viewer *v, struct rc_totals *t)
{
	struct rc_snapshot s;
	pid_t nr = 1;

	memset(t, 0, sizeof(*t));
	for (; !rc_snapshot_next(v, &nr, &s); nr++) {
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
