// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	include/rseq-cid.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "nl-gen.h"

#include <rseq_cid.h>

/* Integer value ranges */
static const struct netlink_range_validation rseq_cid_a_mm_pid_range = {
	.min	= 1ULL,
	.max	= 4194304ULL,
};

/* RSEQ_CID_CMD_STATS_GET - do */
static const struct nla_policy rseq_cid_stats_get_nl_policy[RSEQ_CID_A_STATS_PAD + 1] = {
};

/* RSEQ_CID_CMD_MM_GET - do */
static const struct nla_policy rseq_cid_mm_get_do_nl_policy[RSEQ_CID_A_MM_PID + 1] = {
	[RSEQ_CID_A_MM_PID] = NLA_POLICY_FULL_RANGE(NLA_U32, &rseq_cid_a_mm_pid_range),
};

/* RSEQ_CID_CMD_MM_GET - dump */
static const struct nla_policy rseq_cid_mm_get_dump_nl_policy[RSEQ_CID_A_MM_PID + 1] = {
	[RSEQ_CID_A_MM_PID] = NLA_POLICY_FULL_RANGE(NLA_U32, &rseq_cid_a_mm_pid_range),
};

/* Ops table for rseq_cid */
const struct genl_split_ops rseq_cid_nl_ops[3] = {
	{
		.cmd		= RSEQ_CID_CMD_STATS_GET,
		.doit		= rseq_cid_nl_stats_get_doit,
		.policy		= rseq_cid_stats_get_nl_policy,
		.maxattr	= RSEQ_CID_A_STATS_PAD,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= RSEQ_CID_CMD_MM_GET,
		.doit		= rseq_cid_nl_mm_get_doit,
		.policy		= rseq_cid_mm_get_do_nl_policy,
		.maxattr	= RSEQ_CID_A_MM_PID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= RSEQ_CID_CMD_MM_GET,
		.start		= rc_mm_dump_start,
		.dumpit		= rseq_cid_nl_mm_get_dumpit,
		.policy		= rseq_cid_mm_get_dump_nl_policy,
		.maxattr	= RSEQ_CID_A_MM_PID,
		.flags		= GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group rseq_cid_nl_mcgrps[] = {
	[RSEQ_CID_NLGRP_MONITOR] = { "monitor", },
};
