// SPDX-License-Identifier: GPL-2.0
/*
 * rseq_cid: shows how the kernel manages rseq MM concurrency IDs.
 *
 * Per mm (keyed by the thread-group leader's pid): the ownership mode,
 * the limits, the CID pool, which CPU owns which CID and which task holds
 * which.  Read through debugfs (/sys/kernel/debug/rseq_cid/) and the
 * "rseq-cid" generic netlink family, which also multicasts mode
 * switches.  Uses only the read API of include/linux/sched/mm_cid.h.
 */
#include <linux/module.h>
#include "rseq_cid.h"

static int __init rseq_cid_init(void)
{
	int ret;

	ret = rc_netlink_init();
	if (ret)
		return ret;
	rc_debugfs_init();	/* optional: netlink works without it */
	return 0;
}

static void __exit rseq_cid_exit(void)
{
	rc_debugfs_exit();
	rc_netlink_exit();
}

module_init(rseq_cid_init);
module_exit(rseq_cid_exit);
MODULE_DESCRIPTION("Inspection of rseq MM concurrency IDs");
MODULE_LICENSE("GPL");
