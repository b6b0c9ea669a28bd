#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the guest side of 'make run'.  A workload with 2 threads
# (per-task CID mode) and one with 8 threads on the 4 CPUs (per-CPU
# mode) are shown with rseqctl, with the mode switches the monitor saw
# and the totals at the end.

rseqctl -j monitor > /tmp/monitor &
M=$!
sleep 0.5

# show THREADS TEXT: run a workload of THREADS threads for 2 s and show it.
show() {
	mm_cid_test hold "$1" 2 > /tmp/hold &
	W=$!
	sleep 0.5
	P=$(awk '/ready/ { print $2 }' /tmp/hold)
	echo "=== rseqctl -j -p mm show $P    ($2)"
	rseqctl -j -p mm show "$P"
	wait $W
}

show 2 "2 threads: per-task mode, every task owns its CID"
show 8 "8 threads on 4 CPUs: per-CPU mode, CPUs own the CIDs"
sleep 0.3
kill $M

echo "=== rseqctl -j monitor    (mode switches: to per-CPU at the 5th user, back at the last)"
cat /tmp/monitor
echo "=== rseqctl -j -p stats"
rseqctl -j -p stats
