/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	include/rseq-cid.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_RSEQ_CID_GEN_H
#define _LINUX_RSEQ_CID_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <rseq_cid.h>

/* Ops table for rseq_cid */
extern const struct genl_split_ops rseq_cid_nl_ops[3];

int rc_mm_dump_start(struct netlink_callback *cb);

int rseq_cid_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int rseq_cid_nl_mm_get_doit(struct sk_buff *skb, struct genl_info *info);
int rseq_cid_nl_mm_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	RSEQ_CID_NLGRP_MONITOR,
};

#endif /* _LINUX_RSEQ_CID_GEN_H */
