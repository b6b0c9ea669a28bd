/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	include/rseq-cid.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_RSEQ_CID_H
#define _UAPI_LINUX_RSEQ_CID_H

#define RSEQ_CID_FAMILY_NAME	"rseq-cid"
#define RSEQ_CID_FAMILY_VERSION	1

/**
 * enum rseq_cid_mode - Ownership mode of an mm.
 */
enum rseq_cid_mode {
	RSEQ_CID_MODE_PER_TASK,
	RSEQ_CID_MODE_PER_CPU,
	RSEQ_CID_MODE_TO_PER_CPU,
	RSEQ_CID_MODE_TO_PER_TASK,
};

/**
 * enum rseq_cid_cid_state - What a CID word of a task or a CPU slot means.
 * @RSEQ_CID_CID_STATE_NONE: No CID, or a stale copy that owns nothing.
 * @RSEQ_CID_CID_STATE_OWNED: Owned by the task (per-task mode).
 * @RSEQ_CID_CID_STATE_ON_CPU: Owned by the CPU, or a task's copy of its CPU's
 *   CID.
 * @RSEQ_CID_CID_STATE_TRANSIT: Held by a running task while the mode switches.
 */
enum rseq_cid_cid_state {
	RSEQ_CID_CID_STATE_NONE,
	RSEQ_CID_CID_STATE_OWNED,
	RSEQ_CID_CID_STATE_ON_CPU,
	RSEQ_CID_CID_STATE_TRANSIT,
};

enum {
	RSEQ_CID_A_STATS_MMS = 1,
	RSEQ_CID_A_STATS_PER_TASK_MMS,
	RSEQ_CID_A_STATS_PER_CPU_MMS,
	RSEQ_CID_A_STATS_USERS,
	RSEQ_CID_A_STATS_TRANSITIONS,
	RSEQ_CID_A_STATS_NOTIFICATIONS,
	RSEQ_CID_A_STATS_PAD,

	__RSEQ_CID_A_STATS_MAX,
	RSEQ_CID_A_STATS_MAX = (__RSEQ_CID_A_STATS_MAX - 1)
};

enum {
	RSEQ_CID_A_CPU_ID = 1,
	RSEQ_CID_A_CPU_CID,
	RSEQ_CID_A_CPU_STATE,

	__RSEQ_CID_A_CPU_MAX,
	RSEQ_CID_A_CPU_MAX = (__RSEQ_CID_A_CPU_MAX - 1)
};

enum {
	RSEQ_CID_A_TASK_TID = 1,
	RSEQ_CID_A_TASK_CID,
	RSEQ_CID_A_TASK_STATE,
	RSEQ_CID_A_TASK_CPU,
	RSEQ_CID_A_TASK_RUNNING,

	__RSEQ_CID_A_TASK_MAX,
	RSEQ_CID_A_TASK_MAX = (__RSEQ_CID_A_TASK_MAX - 1)
};

enum {
	RSEQ_CID_A_MM_PID = 1,
	RSEQ_CID_A_MM_COMM,
	RSEQ_CID_A_MM_MODE,
	RSEQ_CID_A_MM_USERS,
	RSEQ_CID_A_MM_MAX_CIDS,
	RSEQ_CID_A_MM_PCPU_THRS,
	RSEQ_CID_A_MM_NR_CPUS_ALLOWED,
	RSEQ_CID_A_MM_TRANSITIONS,
	RSEQ_CID_A_MM_CIDS_IN_USE,
	RSEQ_CID_A_MM_CID_BITMAP,
	RSEQ_CID_A_MM_CPU,
	RSEQ_CID_A_MM_TASK,
	RSEQ_CID_A_MM_PAD,

	__RSEQ_CID_A_MM_MAX,
	RSEQ_CID_A_MM_MAX = (__RSEQ_CID_A_MM_MAX - 1)
};

enum {
	RSEQ_CID_CMD_STATS_GET = 1,
	RSEQ_CID_CMD_MM_GET,
	RSEQ_CID_CMD_MODE_NTF,

	__RSEQ_CID_CMD_MAX,
	RSEQ_CID_CMD_MAX = (__RSEQ_CID_CMD_MAX - 1)
};

#define RSEQ_CID_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_RSEQ_CID_H */
