#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cli-tests.sh TEST: rseqctl against the live module in the VM.  Exit
# codes, error lines and text output are checked here; every JSON
# document goes to /dev/hostout after an "@@DOC NAME" line, every
# Prometheus text after "@@PROM NAME", and what the host should find in
# them as "@@EXPECT {json}" lines.  The host (tests/cli/check-json.py)
# validates the JSON against docs/rseqctl-schema.json, the Prometheus text
# with promtool, and both against the known workload state (see
# module-tests.sh for the mm_cid_test workloads; tgroup makes processes
# of any size and name).

OUT=/dev/hostout
# Workloads run on the online CPUs (4 of 255 possible; module-tests.sh).
PIN="taskset -c $(cat /sys/devices/system/cpu/online)"

. "$(dirname "$0")/lib.sh"

# send TAG NAME CMD...: run an rseqctl command and send its stdout to the
# host under "@@TAG NAME" (DOC: JSON, PROM: Prometheus text).
send() {
	echo "@@$1 $2" > $OUT
	shift 2
	"$@" > /tmp/doc 2> /tmp/err
	rc=$?
	cat /tmp/doc > $OUT
	return $rc
}

doc() {
	send DOC "$@"
}

prom() {
	send PROM "$@"
}

expect() {
	echo "@@EXPECT $1" > $OUT
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
	$PIN mm_cid_test hold "$1" 300 > /tmp/hold.$1 &
	wait_ready /tmp/hold.$1 "mm_cid_test hold $1" >&2
	echo "$READY"
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
	grep -q "^$B *mm_cid_test *per-cpu *9 *$(pcpu_max_cids) " /tmp/t || fail "mm list row of $B"
	rseqctl mm show "$A" > /tmp/t || fail "mm show"
	grep -q "mode per-task users 3 max_cids 3" /tmp/t || fail "mm show text"
	grep -q "cids 0-2 (3 in use)" /tmp/t || fail "mm show cid list"
	prom queries_prom rseqctl stats --format prometheus || fail "prometheus"
	cp /tmp/doc /tmp/t
	grep -q '^# TYPE rseq_cid_mode_switches_total counter$' /tmp/t || fail "prometheus TYPE"
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
	$PIN mm_cid_test hold 6 1 > /tmp/hold.m
	P=$(awk '{ print $2 }' /tmp/hold.m)
	sleep 0.5
	kill $M
	echo "@@PIDS $P" > $OUT
	echo "@@DOC monitor" > $OUT
	cat /tmp/mon > $OUT
	[ "$(grep -c "\"pid\":$P," /tmp/mon)" -ge 2 ] || fail "monitor: want 2 events for $P"
	echo "monitor: $(wc -l < /tmp/mon) events"
}

load() {
	grep -q '^rseq_cid ' /proc/modules || insmod /tests/bin/rseq_cid.ko || fail insmod
}

# threads [runas UID] [tgroup options] TASKS: start a process of TASKS
# tasks (tests/guest/tgroup.c), wait until it runs, set $P.
threads() {
	rm -f /tmp/threads.out
	if [ "$1" = runas ]; then
		u=$2
		shift 2
		runas "$u" "${TGROUP:-tgroup}" -s 600 "$@" > /tmp/threads.out &
	else
		tgroup -s 600 "$@" > /tmp/threads.out &
	fi
	wait_ready /tmp/threads.out "tgroup $*"
	P=$READY
}

# ms OUT CMD...: run CMD with stdout to OUT, print its guest time in ms.
ms() {
	out=$1
	shift
	t0=$(cut -d ' ' -f 1 /proc/uptime)
	"$@" > "$out" || return 1
	t1=$(cut -d ' ' -f 1 /proc/uptime)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }'
}

# Output that cannot be written is an error, never exit 0.
test_write_errors() {
	load
	for args in "-j stats" "stats" "mm list" "-j mm list" "stats --format prometheus"; do
		# shellcheck disable=SC2086
		rseqctl $args > /dev/full 2> /tmp/err
		[ $? -eq 1 ] || fail "rseqctl $args > /dev/full: want exit 1"
		one_line_err "rseqctl $args > /dev/full" "cannot write the output"
	done
	echo "write errors: exit 1 with one line"
}

# The mode-switch counter never goes down when a process exits; the live
# transitions sum (a gauge) may.
test_counter() {
	load
	prom counter_before rseqctl stats --format prometheus || fail "prometheus before"
	before=$(awk '$1 == "rseq_cid_mode_switches_total" { print $2 }' /tmp/doc)
	$PIN mm_cid_test hold 8 1 > /dev/null || fail "mode-switching workload"
	prom counter_after rseqctl stats --format prometheus || fail "prometheus after"
	after=$(awk '$1 == "rseq_cid_mode_switches_total" { print $2 }' /tmp/doc)
	[ -n "$before" ] && [ -n "$after" ] || fail "no rseq_cid_mode_switches_total sample"
	[ "$after" -gt "$before" ] || fail "mode switches $before -> $after after a switching process exited"
	grep -q '^# TYPE rseq_cid_transitions gauge$' /tmp/doc || fail "transitions sum is not a gauge"
	expect '{"counter": ["counter_before", "counter_after"]}'
	doc counter_stats rseqctl -j stats || fail "stats -j"
	echo "counter: mode switches $before -> $after across a process exit"
}

# Names that are not plain text: one table row each, valid JSON, escaped.
test_hostile() {
	load
	pids=
	# printf format of the name, and its bytes in hex for the host
	for name in 'evil\n4242 fake:6576696c0a343234322066616b65' \
		    'q"\047te\\:71222774655c' 'bad\377\376\303:626164fffec3' \
		    'tab\tname\033:746162096e616d651b'; do
		# shellcheck disable=SC2059
		threads -n "$(printf "${name%:*}")" 2
		pids="$pids $P"
		echo "@@EXPECT {\"comm_of\": $P, \"hex\": \"${name##*:}\"}" > $OUT
	done
	rseqctl mm list > /tmp/t || fail "mm list"
	for p in $pids; do
		[ "$(grep -c "^$p " /tmp/t)" -eq 1 ] || fail "mm list: pid $p not exactly one row"
	done
	grep -q "^4242 " /tmp/t && fail "mm list: a comm forged a row"
	grep -q '^[0-9]* *evil\\n4242 fake ' /tmp/t || fail "mm list: newline not shown as \\n"
	grep -q 'bad\\xff\\xfe\\xc3' /tmp/t || fail "mm list: invalid UTF-8 not shown as \\xNN"
	doc hostile_list rseqctl -j mm list || fail "mm list -j"
	for p in $pids; do
		rseqctl mm show "$p" > /tmp/t || fail "mm show $p"
		[ "$(grep -c '^pid ' /tmp/t)" -eq 1 ] || fail "mm show $p: a comm forged a line"
		doc "hostile_show_$p" rseqctl -j mm show "$p" || fail "mm show -j $p"
	done
	kill $pids
	echo "hostile: newline, quotes, invalid UTF-8, control characters escaped"
}

# mm show at real shapes: the task list is complete at any thread count.
test_shapes() {
	load
	for n in 1 100 1000 5000; do
		threads "$n"
		if [ "$n" = 5000 ]; then
			t=$(ms /tmp/t rseqctl -j mm show "$P") || fail "mm show of $n threads"
			echo "@@PERF mm_show_5000 $t ms" > $OUT
			# where the time goes: the same exchange, text output
			t=$(ms /tmp/t rseqctl mm show "$P") || fail "mm show text of $n threads"
			echo "@@PERF mm_show_5000_text $t ms" > $OUT
		fi
		doc "shape_$n" rseqctl -j mm show "$P" || fail "mm show of $n threads"
		expect "{\"doc\": \"shape_$n\", \"pid\": $P, \"tasks\": $n}"
		rseqctl mm show "$P" > /tmp/t || fail "mm show text of $n threads"
		[ "$(grep -c '^  task ' /tmp/t)" -eq "$n" ] || fail "mm show text: want $n tasks"
		kill "$P"
		wait
	done
	threads -l 5
	doc leader_exited rseqctl -j mm show "$P" || fail "mm show of a leader-exited process"
	expect "{\"doc\": \"leader_exited\", \"pid\": $P, \"tasks\": 4}"
	rseqctl -j mm list > /tmp/t || fail "mm list with a leader-exited process"
	grep -q "\"pid\":$P," /tmp/t || fail "mm list lacks the leader-exited process"
	kill "$P"
	echo "shapes: 1, 100, 1000, 5000 threads, a leader-exited process"
}

# mm list over 2,000 processes (and one of 1,000 threads, which a dump
# message cannot hold): every process listed.  Guest time in the log.
test_scale() {
	load
	threads 1000
	big=$P
	pids=
	for i in $(seq 2000); do
		sleep 600 &
		pids="$pids $!"
	done
	sleep 1
	t=$(ms /tmp/big rseqctl -j mm list) || fail "mm list over 2000 processes"
	n=$(grep -o '"pid":' /tmp/big | wc -l)
	echo "@@PERF mm_list_2000 $n mms $t ms" > $OUT
	doc scale_list rseqctl -j mm list || fail "mm list over 2000 processes"
	echo "@@EXPECT {\"doc\": \"scale_list\", \"pids\": [$(echo $big $pids | tr ' ' ',')]}" > $OUT
	kill $pids $big 2> /dev/null
	[ "$n" -ge 2001 ] || fail "mm list saw $n mms, want >= 2001"
	echo "scale: $n mms listed in $t ms"
}

# An unprivileged user sees exactly what /proc/PID/status would show it:
# its own dumpable processes, not another user's, not a setuid or a
# non-dumpable one of its own.
test_unprivileged() {
	load
	cp /tests/bin/tgroup /tmp/tgroup-suid
	chmod 4755 /tmp/tgroup-suid
	threads 2; other=$P
	threads runas 1000 2; own=$P
	TGROUP=/tmp/tgroup-suid
	threads runas 1000 2; suid=$P
	TGROUP=
	threads runas 1000 -d 2; nodump=$P

	runas 1000 rseqctl mm show "$own" > /tmp/t || fail "uid 1000 cannot see its own process"
	doc unpriv_own runas 1000 rseqctl -j mm show "$own" || fail "uid 1000 -j own process"
	for p in "$other" "$suid" "$nodump"; do
		runas 1000 rseqctl mm show "$p" > /tmp/t 2> /tmp/err
		[ $? -eq 1 ] || fail "uid 1000 mm show $p: want exit 1"
		[ -s /tmp/t ] && fail "uid 1000 mm show $p printed output"
		one_line_err "uid 1000 mm show $p" "mm show $p"
		doc "unpriv_hidden_$p" runas 1000 rseqctl -j mm show "$p"
	done
	doc unpriv_list runas 1000 rseqctl -j mm list || fail "uid 1000 mm list"
	echo "@@EXPECT {\"doc\": \"unpriv_list\", \"pids\": [$own], \"absent\": [$other,$suid,$nodump]}" > $OUT
	runas 1000 rseqctl -j stats > /dev/null || fail "uid 1000 stats"
	kill "$other" "$own" "$suid" "$nodump"
	echo "unprivileged: own dumpable process only"
}

# The smoke plan's part (any architecture): the JSON of stats and mm
# list for two workloads, checked on the host by check-json.py --subset
# (schema and the @@EXPECT lines), the text here, and that the rseq
# exits to user space are counted (arm64 counts them on its own exit path).
test_smoke() {
	load
	A=$(start_hold 2)
	B=$(start_hold 8)
	sleep 0.3
	doc smoke_stats rseqctl -j stats || fail "stats -j"
	doc smoke_list rseqctl -j mm list || fail "mm list -j"
	expect "{\"doc\": \"smoke_list\", \"pids\": [$A,$B]}"
	doc smoke_show_a rseqctl -j mm show "$A" || fail "mm show A -j"
	expect "{\"doc\": \"smoke_show_a\", \"pid\": $A, \"tasks\": 3}"
	doc smoke_show_b rseqctl -j mm show "$B" || fail "mm show B -j"
	expect "{\"doc\": \"smoke_show_b\", \"pid\": $B, \"tasks\": 9}"
	rseqctl mm list > /tmp/t || fail "mm list"
	grep -q "^$A *mm_cid_test *per-task *3 *3 *3$" /tmp/t || fail "mm list row of $A"
	grep -q "^$B *mm_cid_test *per-cpu *9 *$(pcpu_max_cids) " /tmp/t || fail "mm list row of $B"
	rseqctl stats > /tmp/t || fail "stats"
	grep -q '^rseq exit  *[1-9][0-9]*$' /tmp/t || fail "stats text: rseq exits"
	kill "$A" "$B"
	echo "smoke: stats, mm list, mm show"
}

case "$1" in
errors|queries|monitor|write_errors|counter|hostile|shapes|scale|unprivileged|smoke) test_"$1" ;;
*) echo "usage: cli-tests.sh errors|queries|monitor|write_errors|counter|hostile|shapes|scale|unprivileged|smoke"; exit 2 ;;
esac
