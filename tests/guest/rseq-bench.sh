#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rseq-bench.sh WORKLOAD: run a workload and print how the kernel's rseq
# exit-to-user counters (/sys/kernel/debug/rseq/stats) moved during it,
# one "WORKLOAD COUNTER DELTA" line each, for scripts/bench-rseq.sh.
#
#   selftests	a slice of the 6.12 rseq selftests: the basic tests, the
#		param_test matrix with default delays, with a loop
#		injected at point 7, with yield and with kill (signals)
#   shell	build-like process churn: 300 rounds of a shell pipeline
#		(fork, exec, pipes, short-lived processes)

STATS=/sys/kernel/debug/rseq/stats

snapshot() {
	tr -d ':' < $STATS > "$1" || exit 1
}

selftests() {
	basic_test > /dev/null &&
	basic_percpu_ops_test > /dev/null &&
	basic_percpu_ops_mm_cid_test > /dev/null &&
	param-matrix.sh 1000 24 > /dev/null &&
	param-matrix.sh 200 24 -7 10000 > /dev/null &&
	param-matrix.sh 1000 24 -7 -1 -8 -1 -9 -1 -m 2 -y > /dev/null &&
	param-matrix.sh 1000 24 -7 -1 -8 -1 -9 -1 -m 2 -k > /dev/null
}

shell() {
	i=0
	while [ $i -lt 300 ]; do
		seq 1 200 | sed 's/1/x/' | sort -r | uniq | grep -c x > /dev/null || return 1
		sh -c 'cat /proc/self/stat > /dev/null; true' || return 1
		i=$((i + 1))
	done
}

case "$1" in
selftests|shell) ;;
*) echo "usage: rseq-bench.sh selftests|shell"; exit 2 ;;
esac
[ -r $STATS ] || { echo "FAIL: no $STATS"; exit 1; }
snapshot /tmp/rseq-before
"$1" || { echo "FAIL: workload $1"; exit 1; }
snapshot /tmp/rseq-after
awk -v w="$1" 'NR == FNR { before[$1] = $2; next }
	{ print w, $1, $2 - before[$1] }' /tmp/rseq-before /tmp/rseq-after
