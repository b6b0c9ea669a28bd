#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the guest side of 'make run'.  A process crosses from per-task
# to per-CPU CID mode and back while the module is asked about it.
# (rseqctl replaces the debugfs and nltest views once it exists.)

show() {
	echo "--- $1"
	grep -A 16 "^pid $P " /sys/kernel/debug/rseq_cid/mms | awk 'NR > 1 && /^pid/ { exit } { print }'
}

nltest monitor 5 > /tmp/monitor &
M=$!
sleep 0.5
mm_cid_test hold 2 2 > /tmp/a &
W=$!
sleep 0.5
P=$(awk '/ready/ { print $2 }' /tmp/a)
show "2 threads on 4 CPUs: per-task mode, every task owns its CID"
wait $W
mm_cid_test hold 8 2 > /tmp/b &
W=$!
sleep 0.5
P=$(awk '/ready/ { print $2 }' /tmp/b)
show "8 threads on 4 CPUs: per-CPU mode, every CPU owns a CID"
wait $W
wait $M
echo "--- mode switch notifications (netlink monitor group)"
cat /tmp/monitor
echo "--- totals"
cat /sys/kernel/debug/rseq_cid/summary
