/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * mm_cid.pml - the MM CID ownership protocol of kernel/patches 0002-0003
 * (kernel/sched/core.c, kernel/sched/sched.h) as a Promela model for spin.
 *
 * One mm, NT task slots, NCPU online CPUs running tasks, NPOS possible CPUs
 * (NPOS - NCPU of them offline: walked, never running).  Tasks fork (join),
 * exit (leave), fail an execve (leave + join while running), change their
 * affinity (the union widens); CPUs switch tasks in and out at any time a
 * preemption budget allows, tasks sleep on the mm's mutex.  Every step is
 * named in a comment "step NAME"; docs/model.md maps the names to the
 * kernel functions and lines they abstract.
 *
 * Granularity: a step is atomic when the kernel does it under a lock that
 * excludes every other writer of what it touches (rq lock, mm_cid.lock,
 * interrupts off) and it makes at most one lockless access (a pool bitop
 * or a READ_ONCE of mode/max_cids); each further lockless access is a step
 * of its own.  Memory is sequentially consistent: the barriers the code
 * has are assumed to do their job (see docs/model.md).
 *
 * Properties (each an assert, checked in every reachable state, or a
 * timeout check at the end):
 *   P1 no two tasks running in user space hold the same CID;
 *   P2 every CID stored or allocated is below NPOS (num_possible_cpus());
 *      no CID is released twice or out of range;
 *   P3 ownership: owned CIDs (plain or TRANSIT in a task, ONCPU in a slot)
 *      are distinct and allocated in the pool;
 *   P4 a task back in user space has a CID (never UNSET);
 *   P5 at the end (nothing can move): every task has exited, nobody
 *      holds the mutex, and the pool holds exactly the CIDs the CPUs own
 *      (none in per-task mode): no leak, no stall;
 *   P6 progress: with -DBUSYWAIT mm_cid_get() spins for real and
 *      "pan -l -f" finds no non-progress cycle under weak fairness;
 *      without it the spin blocks, so a live-lock ends as a P5 failure.
 *
 * Mutants (-DMUT_...), each a known bug class, must each fail a property:
 *   MUT_NO_TRANSIT    ownership handed over directly during a switch
 *                     (no TRANSIT phase): the pool runs dry (live-lock)
 *   MUT_MISSED_FIXUP  cpus_to_tasks skips one online CPU
 *   MUT_DOUBLE_PUT    exit releases a CID borrowed from the CPU too
 *   MUT_PUT_UNSET     tasks_to_cpus treats UNSET as an owned CID (OOB put)
 *   MUT_EARLY_SETTLE  schedout settles a transitional CID before the
 *                     switch is complete
 *   MUT_RUNNING_DROP  tasks_to_cpus drops the CID of a running task
 *   MUT_NO_JOIN_CID   a running task joining (failed execve) gets no CID
 */

#ifndef NT
#define NT 3		/* task slots (<= 4) */
#endif
#ifndef NCPU
#define NCPU 3		/* online CPUs (<= 4) */
#endif
#ifndef NPOS
#define NPOS 3		/* possible CPUs: pool bound, walk range (<= 7) */
#endif
#ifndef INITMASK
#define INITMASK 3	/* affinity of the first task: CPUs 0 and 1 */
#endif
#ifndef FORKS
#define FORKS 2		/* total forks */
#endif
#ifndef AFFS
#define AFFS 1		/* total affinity changes */
#endif
#ifndef EXECS
#define EXECS 1		/* total failed execves */
#endif
#ifndef PREEMPTS
#define PREEMPTS 2	/* total involuntary context switches */
#endif

#define NONE	255
/* CID word encoding as in include/linux/mm_types.h, scaled to a byte */
#define UNSET	128
#define ONCPU	64
#define TRANSIT	32
#define FLAGS	(UNSET | ONCPU | TRANSIT)
#define VAL(c)		((c) & 159)		/* strip ONCPU and TRANSIT */
#define ON_TASK(c)	((c) < TRANSIT)
#define ON_CPU(c)	(((c) & ONCPU) != 0)
#define IN_TRANSIT(c)	(((c) & TRANSIT) != 0)
#define BIT(n)		(1 << (n))
#define MIN(a, b)	((a) < (b) -> (a) : (b))
#define MAX(a, b)	((a) > (b) -> (a) : (b))
#define POP(x)		(((x) & 1) + (((x) >> 1) & 1) + (((x) >> 2) & 1) + (((x) >> 3) & 1))
#define ALLMASK		(BIT(NCPU) - 1)
#define ALLPOOL		(BIT(NPOS) - 1)

/* task states */
#define FREE	0	/* slot unused or task gone */
#define NEW	1	/* forked, not woken yet */
#define READY	2	/* runnable, on no CPU */
#define RUNNING	3	/* curr of cpu[t] */
#define SLEEP	4	/* blocked on the mutex, on no CPU */

/* the mm (struct mm_mm_cid) */
byte mode;		/* 0, ONCPU, TRANSIT, ONCPU|TRANSIT */
byte max_cids;
byte users;
byte pcpu_thrs;
byte nr_allowed;	/* weight of the union */
byte union_mask = INITMASK;
byte pool;		/* mm_cidmask(): bit n = CID n allocated */
byte mutex = NONE;	/* owner of mm_cid.mutex */

/* per CPU (NPOS slots; only the first NCPU run tasks) */
byte slot[4];		/* struct mm_cid_pcpu::cid, zeroed: plain 0 */
byte curr[4] = NONE;
bit cs[4];		/* in a context switch: rq lock held */
bit fx[4];		/* switch-in in progress: slot and curr's word in flux */
bit irqoff[4];		/* curr runs with interrupts disabled */

/* per task */
byte state[4];
byte cpu[4] = NONE;	/* CPU it runs on or is being switched on/off */
byte tcid[4] = UNSET;	/* struct sched_mm_cid::cid */
bit isuser[4];		/* counted in users, on the user list */
byte mask[4];		/* cpus_mask */
bit blocked[4];	/* called schedule() to sleep on the mutex */
bit waiter[4];
bit zombie[4];		/* left and exiting: the next switch-out is the last */

/* budgets (keep the model finite) */
byte forks = FORKS;
byte affs = AFFS;
byte execs = EXECS;
byte preempts = PREEMPTS;

/* a task executes only while it is curr and its CPU is not switching */
#define RUN(t)	(state[t] == RUNNING && !cs[cpu[t]] && !blocked[t])

/* step put: mm_cid_put(), clear_bit() */
inline put(c)
{
	assert(c < NPOS);			/* P2: no out-of-range clear_bit */
	assert((pool & BIT(c)) != 0);	/* P2: no double release */
	pool = pool & ~BIT(c)
}

/* step try_get: mm_cid_try_get(); the scan is taken as one step */
inline try_get(lim, res)
{
	res = 0;
	do
	:: res < lim && (pool & BIT(res)) -> res++
	:: res < lim && !(pool & BIT(res)) ->
		pool = pool | BIT(res); break
	:: res >= lim -> res = UNSET; break
	od
}

/*
 * P1-P3 as one expression, watched by the monitor below in every state.
 * Owners are active tasks with a plain or TRANSIT word and slots with
 * ONCPU; a switch-in in progress (fx) exempts its slot and its task.
 */
#define POP8(x)	(POP(x) + POP((x) >> 4))
#define TOWN(i)	(i < NT && isuser[i] && tcid[i] != UNSET && !ON_CPU(tcid[i]) && \
		 !(cpu[i] != NONE && fx[cpu[i]] && curr[cpu[i]] == i))
#define TBIT(i)	(TOWN(i) -> BIT(VAL(tcid[i])) : 0)
#define SOWN(c)	(c < NPOS && ON_CPU(slot[c]) && !fx[c])
#define SBIT(c)	(SOWN(c) -> BIT(VAL(slot[c])) : 0)
#define OWNED	(TBIT(0) | TBIT(1) | TBIT(2) | TBIT(3) | \
		 SBIT(0) | SBIT(1) | SBIT(2) | SBIT(3))
#define NOWNED	(TOWN(0) + TOWN(1) + TOWN(2) + TOWN(3) + \
		 SOWN(0) + SOWN(1) + SOWN(2) + SOWN(3))
/* P1: a task running in user space (not switching, interrupts on) */
#define RV(c)	(c < NCPU && curr[c] != NONE && !cs[c] && !irqoff[c] && \
		 isuser[curr[c]] && tcid[curr[c]] != UNSET)
#define RBIT(c)	(RV(c) -> BIT(VAL(tcid[curr[c]])) : 0)
#define VISIBLE	(RBIT(0) | RBIT(1) | RBIT(2) | RBIT(3))
#define NVISIBLE (RV(0) + RV(1) + RV(2) + RV(3))
/* P2: every CID word holds a CID below NPOS or is UNSET */
#define TOK(i)	(i >= NT || tcid[i] == UNSET || VAL(tcid[i]) < NPOS)
#define SOK(c)	(c >= NPOS || VAL(slot[c]) < NPOS)
#define RANGE_OK (TOK(0) && TOK(1) && TOK(2) && TOK(3) && \
		  SOK(0) && SOK(1) && SOK(2) && SOK(3))
#define INVARIANT (RANGE_OK && POP8(OWNED) == NOWNED && (OWNED & ~pool) == 0 && \
		   POP8(VISIBLE) == NVISIBLE)

/* Enabled only in a state that breaks the invariant: adds no states. */
active proctype monitor()
{
end:	!INVARIANT -> assert(RANGE_OK); assert(POP8(VISIBLE) == NVISIBLE);
	assert(POP8(OWNED) == NOWNED); assert((OWNED & ~pool) == 0)
}

/* step update_mode: mm_cid_update_mode() + mm_cid_want_pcpu() */
inline update_mode()
{
	opt = MIN(users, nr_allowed);
	max_cids = MIN(opt + opt / 4, NPOS);
	if
	:: pcpu_thrs == 0 ->
		if
		:: users > max_cids ->
			pcpu_thrs = MAX(1, MIN(opt - opt / 4, NPOS / 2))
		:: else
		fi
	:: else ->
		if
		:: users < pcpu_thrs -> pcpu_thrs = 0
		:: else
		fi
	fi;
	if
	:: ON_CPU(mode) == (pcpu_thrs != 0) -> flip = 0
	:: else ->
#ifdef MUT_NO_TRANSIT
		mode = mode ^ ONCPU;
#else
		mode = mode ^ (ONCPU | TRANSIT);
#endif
		flip = 1
	fi;
	opt = 0
}

/* mm_cid_widen() */
inline widen(nmask)
{
	union_mask = union_mask | nmask;
	nr_allowed = POP(union_mask)
}

/* the end of a switch-in: on a CPU switching, or current with irqs off */
inline schedin_end(c)
{
	fx[c] = 0;
	if
	:: incs -> cs[c] = 0; next = NONE
	:: else -> irqoff[c] = 0
	fi;
	done = 1
}

/* the tail of mm_cid_schedin_slow(): mark transitional, store both words */
inline schedin_store(t, c)
{
	if
	:: ON_CPU(m) -> r = r | ONCPU
	:: else
	fi;
	if
	:: IN_TRANSIT(m) -> r = VAL(r) | TRANSIT
	:: else
	fi;
	assert(VAL(r) < NPOS);
	slot[c] = r;
	tcid[t] = r;
	schedin_end(c)
}

/*
 * Switch-in of user task t on c: mm_cid_schedin() (sched.h) and
 * mm_cid_schedin_slow(), mm_cid_for_task(), mm_cid_for_cpu(),
 * mm_cid_get(), mm_cid_converge().  With the rq lock of c held (incs) or
 * interrupts off on c.  r: the CID being obtained (NONE: allocate one);
 * r2: a CID to drop, or the result of a try_get.
 */
inline schedin(t, c)
{
	atomic {			/* step schedin_mode */
		fx[c] = 1;
		m = mode
	};
	atomic {			/* step schedin_max: fast path */
		mx = max_cids;
		tc = tcid[t];
		sc = slot[c];
		if
		:: m == 0 && ((tc | sc) & FLAGS) == 0 && tc < mx ->
			slot[c] = tc; schedin_end(c)
		:: m == ONCPU && (tc & sc & ONCPU) && VAL(sc) < mx ->
			tcid[t] = sc; schedin_end(c)
		:: else
		fi
	};
	if
	:: done
	:: else ->
		atomic {		/* step slow_max */
			mx = max_cids;
			r = NONE;
			r2 = NONE;
			if
			:: ON_CPU(m) ->		/* mm_cid_for_cpu() */
				if
				:: ON_TASK(tc) && ON_CPU(sc) -> r2 = tc
				:: ON_TASK(tc) && !ON_CPU(sc) -> sc = tc | ONCPU
				:: else
				fi;
				if
				:: ON_CPU(sc) -> r = VAL(sc)
				:: else
				fi
			:: else ->		/* mm_cid_for_task() */
				if
				:: ON_CPU(sc) && ON_TASK(tc) -> r2 = VAL(sc)
				:: ON_CPU(sc) && !ON_TASK(tc) -> tc = VAL(sc)
				:: else
				fi;
				if
				:: ON_TASK(tc) -> r = tc
				:: else
				fi
			fi;
			if
			:: r2 == NONE && r != NONE && r < mx -> schedin_store(t, c)
			:: else
			fi
		};
		if
		:: r2 != NONE ->
			atomic {	/* step schedin_drop: the other one goes */
				put(r2);
				r2 = NONE;
				if
				:: r != NONE && r < mx -> schedin_store(t, c)
				:: else
				fi
			}
		:: else
		fi;
		if
		:: done
		:: !done && r == NONE ->	/* mm_cid_get() */
			atomic { r2 = max_cids };	/* step get_max */
			atomic {			/* step get_try */
				try_get(r2, r);
				if
				:: r != UNSET -> schedin_store(t, c)
				:: else
				fi
			};
			if
			:: done
			:: else ->
#ifdef BUSYWAIT
				do
				:: atomic {	/* step get_spin */
					pool != ALLPOOL -> try_get(NPOS, r);
					schedin_store(t, c); break
				   }
				:: pool == ALLPOOL -> skip	/* cpu_relax() */
				od
#else
				/* blocks: a live-lock ends in a P5 failure */
				atomic {	/* step get_spin */
					pool != ALLPOOL -> try_get(NPOS, r);
					schedin_store(t, c)
				}
#endif
			fi
		:: !done && r != NONE ->	/* mm_cid_converge() */
			atomic {		/* step converge_try */
				try_get(mx, r2);
				if
				:: r2 == UNSET -> schedin_store(t, c)
				:: else
				fi
			};
			if
			:: done
			:: else ->
				atomic {	/* step converge_put */
					put(r); r = r2; schedin_store(t, c)
				}
			fi
		fi
	fi;
	m = 0; mx = 0; tc = 0; sc = 0; r = 0; r2 = 0; done = 0
}

/* finish_task_switch() for prev: off the CPU, runnable elsewhere or gone */
inline release_prev()
{
	if
	:: prev != NONE ->
		cpu[prev] = NONE;
		if
		:: zombie[prev] -> zombie[prev] = 0; state[prev] = FREE
		:: blocked[prev] -> state[prev] = SLEEP
		:: else -> state[prev] = READY
		fi;
		prev = NONE
	:: else
	fi
}

/* the switch is over when prev is done and next needs no CID */
inline maybe_end(c)
{
	if
	:: prev == NONE && (next == NONE || !isuser[next]) -> cs[c] = 0; next = NONE
	:: else
	fi
}

/* mm_cid_schedout() + mm_cid_schedout_transit(), prev holds TRANSIT */
inline schedout(t, c)
{
	atomic { m = mode };		/* step schedout_mode */
	atomic {			/* step schedout_max: settle */
		mx = max_cids;
		r = VAL(tcid[t]);
#ifdef MUT_EARLY_SETTLE
		if
		:: r < mx ->
#else
		if
		:: !IN_TRANSIT(m) && r < mx ->
#endif
			r = r | (m & ONCPU);
			slot[c] = r;
			tcid[t] = r;
			release_prev();
			maybe_end(c);
			done = 1
		:: else
		fi
	};
	if
	:: done
	:: else ->
		atomic {		/* step schedout_put: give it back */
			put(r);
			tcid[t] = UNSET;
			release_prev();
			maybe_end(c)
		}
	fi;
	m = 0; mx = 0; r = 0; done = 0
}

/* a task may be picked on c */
#define PICK(t, c)	(t < NT && state[t] == READY && (mask[t] & BIT(c)))
#define ANY_READY(c)	(PICK(0, c) || PICK(1, c) || PICK(2, c) || PICK(3, c))
/* curr must leave: it sleeps or it is gone */
#define MUST_GO(t)	(blocked[t] || zombie[t])

/* __schedule() -> context_switch() -> mm_cid_switch(): one online CPU */
proctype cpu_proc(byte c)
{
	byte prev = NONE, next = NONE;
	byte m, mx, tc, sc, r, r2;
	bit done, incs = 1;

end:	do
	:: atomic {			/* step pick */
		!cs[c] && !irqoff[c] &&
		((curr[c] == NONE && ANY_READY(c)) ||
		 (curr[c] != NONE && (MUST_GO(curr[c]) || preempts > 0))) ->
		cs[c] = 1;
		prev = curr[c];
		if
		:: prev != NONE && !MUST_GO(prev) -> preempts--
		:: else
		fi;
		if
		:: PICK(0, c) -> next = 0
		:: PICK(1, c) -> next = 1
		:: PICK(2, c) -> next = 2
		:: PICK(3, c) -> next = 3
		:: prev != NONE -> next = NONE	/* idle, or prev migrates */
		fi;
		curr[c] = next;
		if
		:: next != NONE -> state[next] = RUNNING; cpu[next] = c
		:: else
		fi;
		if
		:: prev != NONE && IN_TRANSIT(tcid[prev]) -> skip
		:: else -> release_prev()
		fi;
		maybe_end(c)
	   };
		if
		:: prev != NONE -> schedout(prev, c)
		:: else
		fi;
		if
		:: next != NONE -> schedin(next, c)
		:: else
		fi
	od
}

/* mutex_unlock(): wake every waiter, they retry */
inline unlock(me)
{
	mutex = NONE;
	i = 0;
	do
	:: i < NT ->
		if
		:: waiter[i] ->
			waiter[i] = 0;
			blocked[i] = 0;
			if
			:: state[i] == SLEEP -> state[i] = READY
			:: else
			fi
		:: else
		fi;
		i++
	:: else -> break
	od;
	i = 0
}

/* the next user on the list from i on (the list is stable under the mutex) */
inline next_user()
{
	do
	:: i < NT && !isuser[i] -> i++
	:: else -> break
	od
}

/* mm_cid_tasks_to_cpus(): walk the users under task_rq_lock() */
inline tasks_to_cpus(me)
{
	i = 0;
	next_user();
	do
	:: i < NT ->
		atomic {		/* step walk_task */
			RUN(me) && (cpu[i] == NONE || !cs[cpu[i]]) ->
			if
#ifdef MUT_PUT_UNSET
			:: !ON_CPU(tcid[i]) && !IN_TRANSIT(tcid[i]) ->
#else
			:: ON_TASK(tcid[i]) ->
#endif
				if
#ifndef MUT_RUNNING_DROP
				:: cpu[i] != NONE && curr[cpu[i]] == i ->
#ifdef MUT_NO_TRANSIT
					tcid[i] = tcid[i] | ONCPU;
#else
					tcid[i] = tcid[i] | TRANSIT;
#endif
					slot[cpu[i]] = tcid[i]
#endif
				:: else ->
					put(VAL(tcid[i]));
					tcid[i] = UNSET
				fi
			:: else
			fi;
			i++;
			next_user()
		}
	:: else -> break
	od;
	i = 0
}

/* mm_cid_cpus_to_tasks() + mm_cid_cpu_to_task(): every possible CPU */
#ifdef MUT_MISSED_FIXUP
#define WALKED(c)	(c != 1)	/* the walk misses CPU 1 */
#else
#define WALKED(c)	1
#endif
inline cpus_to_tasks(me)
{
	i = 0;
	do
	:: i < NPOS ->
		atomic {		/* step walk_cpu */
			RUN(me) && !cs[i] ->
			sc = slot[i];
			if
			:: ON_CPU(sc) && WALKED(i) ->
				if
				:: curr[i] != NONE && isuser[curr[i]] && tcid[curr[i]] == sc ->
#ifdef MUT_NO_TRANSIT
					sc = VAL(sc);
#else
					sc = VAL(sc) | TRANSIT;
#endif
					tcid[curr[i]] = sc
				:: else ->
					sc = VAL(sc);
					put(sc)
				fi;
				slot[i] = sc
			:: else
			fi;
			sc = 0;
			i++
		}
	:: else -> break
	od;
	i = 0
}

/*
 * mm_cid_fixup(): the walk for the mode m the caller flipped to, then
 * the end of the transition (with unl, the caller's mutex_unlock() too).
 */
inline fixup(me)
{
	if
	:: ON_CPU(m) -> tasks_to_cpus(me)
	:: else -> cpus_to_tasks(me)
	fi;
	atomic {			/* step fixup_done */
		RUN(me) ->
		mode = m & ~TRANSIT;
		if
		:: unl -> unlock(me); zombie[me] = ex
		:: else
		fi
	};
	m = 0
}

/*
 * mm_cid_join(): sched_mm_cid_fork() (tt: the child, woken at the end as
 * by wake_up_new_task()) or sched_mm_cid_after_execve() (tt == me).
 */
inline join(me, tt)
{
	do
	:: atomic {			/* step join_lock: mutex + mm_cid.lock */
		RUN(me) && mutex == NONE ->
		mutex = me;
		isuser[tt] = 1;
		tcid[tt] = UNSET;
		users++;
		widen(mask[tt]);
		update_mode();
		m = mode;
		break
	   }
	:: atomic { RUN(me) && mutex != NONE -> blocked[me] = 1; waiter[me] = 1 }
	od;
	if
	:: flip -> unl = 0; fixup(me)
	:: else
	fi;
	if
#ifndef MUT_NO_JOIN_CID
	:: atomic {			/* step join_schedin: current needs a CID */
		RUN(me) && tt == me && tcid[tt] == UNSET ->
		irqoff[cpu[me]] = 1;
		incs = 0
	   };
		schedin(me, cpu[me]);
		atomic { unlock(me) }	/* step join_unlock */
	:: atomic {
		RUN(me) && !(tt == me && tcid[tt] == UNSET) ->
#else
	:: atomic {
		RUN(me) ->
#endif
		unlock(me);		/* step join_unlock */
		if
		:: tt != me -> state[tt] = READY
		:: else
		fi
	   }
	fi;
	flip = 0
}

/* mm_cid_leave(): sched_mm_cid_exit() (ex) or ..._before_execve() */
inline leave(me)
{
	do
	:: atomic {			/* step leave_lock: mutex + mm_cid.lock */
		RUN(me) && mutex == NONE ->
		mutex = me;
#ifdef MUT_DOUBLE_PUT
		r = VAL(tcid[me]);
		if
		:: r != UNSET -> put(r)
		:: else
		fi;
#else
		r = tcid[me] & ~TRANSIT;
		if
		:: ON_TASK(r) -> put(r)
		:: else
		fi;
#endif
		tcid[me] = UNSET;
		isuser[me] = 0;
		users--;
		if
		:: users > 0 -> update_mode()
		:: else -> flip = 0
		fi;
		m = mode;
		r = 0;
		if
		:: !flip -> unlock(me); zombie[me] = ex	/* step leave_unlock */
		:: else
		fi;
		break
	   }
	:: atomic { RUN(me) && mutex != NONE -> blocked[me] = 1; waiter[me] = 1 }
	od;
	if
	:: flip -> unl = 1; fixup(me)
	:: else
	fi;
	m = 0; flip = 0; unl = 0
}

#define FREESLOT(i)	(i < NT && state[i] == FREE)
#define GO(t)		(RUN(t) && !zombie[t])
/* P4: back in user space with a CID */
#define USER_OK(t)	(isuser[t] && tcid[t] != UNSET && VAL(tcid[t]) < NPOS)
#ifndef AFFMASK2
#define AFFMASK2	BIT(NCPU - 1)
#endif

proctype task(byte self)
{
	byte i, opt, child;
	byte prev = NONE, next = NONE;	/* unused here; schedin_end() */
	byte m, mx, tc, sc, r, r2;
	bit done, incs, flip, unl, ex;

	if
	:: self == 0 ->
		/* the first user: current after execve into a new mm */
		join(self, self)
	:: else
	fi;
end:	do
	:: atomic {			/* step fork: copy_process() */
		GO(self) && forks > 0 &&
		(FREESLOT(0) || FREESLOT(1) || FREESLOT(2) || FREESLOT(3)) ->
		assert(USER_OK(self));
		forks--;
		child = 0;
		do
		:: FREESLOT(child) -> break
		:: else -> child++
		od;
		state[child] = NEW;
		mask[child] = mask[self];
		tcid[child] = UNSET
	   };
		join(self, child);	/* sched_post_fork(), wake_up_new_task() */
		child = 0
	:: atomic {			/* step affinity: set_cpus_allowed_common() */
		GO(self) && affs > 0 ->
		assert(USER_OK(self));
		affs--;
		if
		:: mask[self] = ALLMASK
		:: mask[self] = AFFMASK2
		fi;
		/* mm_cid_update_cpus_allowed() */
		if
		:: users > 0 && (union_mask | mask[self]) != union_mask ->
			widen(mask[self]);
			opt = MIN(users, nr_allowed);
			max_cids = MIN(opt + opt / 4, NPOS);
			if
			:: pcpu_thrs != 0 ->
				pcpu_thrs = MAX(1, MIN(opt - opt / 4, NPOS / 2))
			:: else
			fi;
			opt = 0
		:: else
		fi
	   }
	:: atomic {			/* step exec: a failing execve() */
		GO(self) && execs > 0 -> assert(USER_OK(self)); execs--; ex = 0
	   };
		leave(self);
		join(self, self)
	:: atomic {			/* step exit: do_exit() */
		GO(self) -> assert(USER_OK(self)); ex = 1
	   };
		leave(self);
		ex = 0
	od
}

/* P5: when nothing can move, everything has finished and nothing leaked */
active proctype final()
{
	byte i, own;

	timeout ->
	atomic {
		assert(mutex == NONE);
		assert(users == 0);
		own = 0;
		i = 0;
		do
		:: i < NT -> assert(state[i] == FREE); i++
		:: else -> break
		od;
		i = 0;
		do
		:: i < NPOS ->
			if
			:: ON_CPU(slot[i]) -> own = own | BIT(VAL(slot[i]))
			:: else
			fi;
			i++
		:: else -> break
		od;
		assert(pool == own);
		assert(ON_CPU(mode) || pool == 0);
		assert(!IN_TRANSIT(mode))
	}
}

init
{
	byte i;

	atomic {
		/* mm_alloc_cid(): the union is seeded from the first task */
		nr_allowed = POP(union_mask);
		mask[0] = INITMASK;
		state[0] = RUNNING;
		cpu[0] = 0;
		curr[0] = 0;
		i = 0;
		do
		:: i < NCPU -> run cpu_proc(i); i++
		:: else -> break
		od;
		i = 0;
		do
		:: i < NT -> run task(i); i++
		:: else -> break
		od;
		i = 0
	}
}
