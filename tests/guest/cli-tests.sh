#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cli-tests.sh TEST: rseqctl against the live module in the VM.  Exit
# codes, error lines and text output are checked here; every JSON
# document goes to /dev/ttyS2 after an "@@DOC NAME" line, and the host
# (tests/cli/check-json.py) validates it against docs/rseqctl-schema.json
# and the known workload state (see module-tests.sh for the workloads).

OUT=/dev/ttyS2

fail() {
	echo "FAIL: $*"
	exit 1
}

# doc NAME CMD...: run an rseqctl command and send its stdout to the host.
doc() {
	name=$1
	shift
	echo "@@DOC $name" > $OUT
	"$@" > /tmp/doc 2> /tmp/err
	rc=$?
	cat /tmp/doc > $OUT
	return $rc
}

one_line_err() {
	[ "$(wc -l < /tmp/err)" -eq 1 ] || fail "$1: stderr is not one line: $(cat /tmp/err)"
	grep -q "$2" /tmp/err || fail "$1: stderr lacks '$2': $(cat /tmp/err)"
}

# start_hold THREADS: start a workload and print its pid.  The output
# file is removed first: an earlier run's "ready" line must not be read
# before the new process has truncated it.
start_hold() {
	rm -f /tmp/hold.$1
	mm_cid_test hold "$1" 300 > /tmp/hold.$1 &
	until grep -q ready /tmp/hold.$1 2>/dev/null; do sleep 0.1; done
	awk '{ print $2 }' /tmp/hold.$1
}

test_errors() {
	rmmod rseq_cid 2> /dev/null
	rseqctl stats > /dev/null 2> /tmp/err
	[ $? -eq 2 ] || fail "no module: want exit 2"
	one_line_err "no module" "load the module"
	doc error_nomodule rseqctl -j stats
	[ $? -eq 2 ] || fail "no module -j: want exit 2"

	rseqctl mm show abc > /dev/null 2> /tmp/err
	[ $? -eq 2 ] || fail "bad pid: want exit 2"
	one_line_err "bad pid" "needs one PID"
	rseqctl frob > /dev/null 2> /tmp/err
	[ $? -eq 2 ] || fail "unknown object: want exit 2"
	one_line_err "unknown object" "unknown object 'frob'"

	insmod /tests/bin/rseq_cid.ko || fail insmod
	rseqctl mm show 999999 > /dev/null 2> /tmp/err
	[ $? -eq 1 ] || fail "unknown pid: want exit 1"
	one_line_err "unknown pid" "no process 999999"
	doc error_nopid rseqctl -j mm show 999999
	[ $? -eq 1 ] || fail "unknown pid -j: want exit 1"

	A=$(start_hold 2)
	runas 1000 rseqctl mm show "$A" > /dev/null 2> /tmp/err
	[ $? -eq 1 ] || fail "other user's pid: want exit 1"
	one_line_err "other user's pid" "permission denied"
	doc error_eperm runas 1000 rseqctl -j mm show "$A"
	kill "$A"
	echo "errors: exit codes, one-line messages, JSON error objects"
}

test_queries() {
	grep -q '^rseq_cid ' /proc/modules || insmod /tests/bin/rseq_cid.ko || fail insmod
	A=$(start_hold 2)
	B=$(start_hold 8)
	sleep 0.3
	echo "@@PIDS $A $B" > $OUT
	doc stats rseqctl -j stats || fail "stats -j"
	doc mm_list rseqctl -j mm list || fail "mm list -j"
	doc mm_show_a rseqctl -j -p mm show "$A" || fail "mm show A"
	doc mm_show_b rseqctl -j mm show "$B" || fail "mm show B"
	doc stats_interval rseqctl -j stats --interval 1 --count 2 || fail "stats --interval"

	rseqctl mm list > /tmp/t || fail "mm list"
	head -n 1 /tmp/t | grep -q "^PID *COMM *MODE *USERS *MAX_CIDS *CIDS_IN_USE$" ||
		fail "mm list header"
	grep -q "^$A *mm_cid_test *per-task *3 *3 *3$" /tmp/t || fail "mm list row of $A"
	grep -q "^$B *mm_cid_test *per-cpu *9 *4 " /tmp/t || fail "mm list row of $B"
	rseqctl mm show "$A" > /tmp/t || fail "mm show"
	grep -q "mode per-task users 3 max_cids 3" /tmp/t || fail "mm show text"
	grep -q "cids 0-2 (3 in use)" /tmp/t || fail "mm show cid list"
	rseqctl stats --format prometheus > /tmp/t || fail "prometheus"
	grep -q '^# TYPE rseq_cid_transitions_total counter$' /tmp/t || fail "prometheus TYPE"
	grep -q '^rseq_cid_mms_by_mode{mode="per-cpu"} [1-9]' /tmp/t || fail "prometheus per-cpu gauge"
	grep -v '^#' /tmp/t | grep -qv ' [0-9][0-9]*$' && fail "prometheus sample syntax"
	for c in exit signal slowpath fastpath ids cs clear fixup; do
		grep -q "^# TYPE rseq_${c}_total counter$" /tmp/t || fail "prometheus rseq_${c}_total"
	done
	rseqctl stats > /tmp/t || fail "stats"
	grep -q '^rseq exit  *[1-9][0-9]*$' /tmp/t || fail "stats text: rseq exits"
	grep -q '^rseq fixup  *[0-9][0-9]* ([0-9.]*% of exits)$' /tmp/t || fail "stats text: rseq share"
	kill "$A" "$B"
	echo "queries: stats, mm list, mm show, intervals, prometheus"
}

test_monitor() {
	grep -q '^rseq_cid ' /proc/modules || insmod /tests/bin/rseq_cid.ko || fail insmod
	rseqctl -j monitor > /tmp/mon &
	M=$!
	sleep 0.5
	mm_cid_test hold 6 1 > /tmp/hold.m
	P=$(awk '{ print $2 }' /tmp/hold.m)
	sleep 0.5
	kill $M
	echo "@@PIDS $P" > $OUT
	echo "@@DOC monitor" > $OUT
	cat /tmp/mon > $OUT
	[ "$(grep -c "\"pid\":$P," /tmp/mon)" -ge 2 ] || fail "monitor: want 2 events for $P"
	echo "monitor: $(wc -l < /tmp/mon) events"
}

# rseqctl mm list over 2,000 processes must take under 1 s of guest time.
test_scale() {
	grep -q '^rseq_cid ' /proc/modules || insmod /tests/bin/rseq_cid.ko || fail insmod
	pids=
	for i in $(seq 2000); do
		sleep 600 &
		pids="$pids $!"
	done
	sleep 1
	t0=$(cut -d ' ' -f 1 /proc/uptime)
	rseqctl -j mm list > /tmp/big || fail "mm list over 2000 processes"
	t1=$(cut -d ' ' -f 1 /proc/uptime)
	ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
	n=$(grep -o '"pid":' /tmp/big | wc -l)
	echo "@@PERF mm_list_2000 $n mms $ms ms" > $OUT
	kill $pids 2> /dev/null
	[ "$n" -ge 2000 ] || fail "mm list saw $n mms, want >= 2000"
	[ "$ms" -lt 1000 ] || fail "mm list over $n mms took $ms ms"
	echo "scale: $n mms listed in $ms ms"
}

case "$1" in
errors|queries|monitor|scale) test_"$1" ;;
*) echo "usage: cli-tests.sh errors|queries|monitor|scale"; exit 2 ;;
esac
