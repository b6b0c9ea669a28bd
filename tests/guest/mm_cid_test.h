/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the MM CID guest tests: reading the CID the kernel
 * publishes in the rseq area, failing loudly, and small thread utilities.
 */
#ifndef MM_CID_TEST_H
#define MM_CID_TEST_H

#include <stdbool.h>
#include <assert.h>
#include <stdint.h>
#include "rseq.h"

/* The kernel never writes this to rseq::cpu_id_start. */
#define CID_SENTINEL	0xfffffff0U

/* CIDs are bounded by the possible CPUs; tests move between the online ones. */
extern unsigned int nr_possible, nr_online;
int online_cpu(unsigned int i);

void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void init_test(void);
void register_thread(void);
unsigned int current_cid(void);
unsigned int settled_cid(void);
void pin_to_cpu(int cpu);
void allow_all_cpus(void);
void spin_for(unsigned int loops);
unsigned int arg_uint(int argc, char **argv, int i, unsigned int def);

/* Arm the preemption detector: the kernel overwrites the sentinel. */
static inline void arm_sentinel(void)
{
	RSEQ_WRITE_ONCE(rseq_get_abi()->cpu_id_start, CID_SENTINEL);
}

/* True if the task was not preempted or migrated since arm_sentinel(). */
static inline bool sentinel_intact(void)
{
	return RSEQ_READ_ONCE(rseq_get_abi()->cpu_id_start) == CID_SENTINEL;
}

bool cid_window(intptr_t *slot, unsigned int cid, intptr_t tag, intptr_t *seen);
unsigned long unique_run(unsigned int nr, unsigned int iters,
			 void (*during)(void *), void *arg);

int test_unique(int argc, char **argv);
int test_unique_selfcheck(int argc, char **argv);
int test_compact(int argc, char **argv);
int test_migrate(int argc, char **argv);
int test_modes(int argc, char **argv);
int test_affinity(int argc, char **argv);
int test_forkstorm(int argc, char **argv);
int test_exec(int argc, char **argv);
int test_exec_check(int argc, char **argv);
int test_execaff(int argc, char **argv);
int test_execaff_child(int argc, char **argv);
int test_hotplug(int argc, char **argv);
int test_hold(int argc, char **argv);
int test_soak(int argc, char **argv);
int test_soak_selfcheck(int argc, char **argv);

#endif
