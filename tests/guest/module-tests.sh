#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module-tests.sh TEST: checks of the rseq_cid module in the VM, each
# exiting non-zero with a FAIL line on the first violation.
#
# The workloads are mm_cid_test hold processes in known states on the 4
# vCPUs: 2 threads (3 users) stay per-task with 3 CIDs in use; 8 threads
# (9 users > 4 CPUs) are per-CPU with max_cids 4, switch-back threshold
# min(4 - 1, 4 / 2) = 2 and at most 4 CIDs (one per CPU).

KO=/tests/bin/rseq_cid.ko
DBG=/sys/kernel/debug/rseq_cid

fail() {
	echo "FAIL: $*"
	exit 1
}

# field FILE KEY: the value after KEY in a "key value" listing.
field() {
	awk -v k="$2" '$1 == k { print $2; exit }' "$1"
}

# expect FILE KEY VALUE
expect() {
	got=$(field "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: $2 is '$got', want '$3'"
}

load() {
	grep -q '^rseq_cid ' /proc/modules || insmod "$KO" || fail "insmod"
}

unload() {
	rmmod rseq_cid || fail "rmmod"
}

# hold THREADS [UID]: start a workload, wait until it runs, set $HOLD.
hold() {
	rm -f /tmp/hold.out
	if [ -n "$2" ]; then
		runas "$2" mm_cid_test hold "$1" 120 > /tmp/hold.out &
	else
		mm_cid_test hold "$1" 120 > /tmp/hold.out &
	fi
	HOLD=$!
	i=0
	until grep -q ready /tmp/hold.out 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "workload with $1 threads did not start"
		sleep 0.1
	done
}

test_load_unload() {
	for i in $(seq 20); do
		load
		[ -r $DBG/summary ] || fail "no $DBG/summary after insmod ($i)"
		nltest stats > /dev/null || fail "stats failed after insmod ($i)"
		unload
		[ ! -e $DBG ] || fail "$DBG still there after rmmod ($i)"
		nltest stats > /dev/null 2>&1
		[ $? -eq 5 ] || fail "family still registered after rmmod ($i)"
	done
	echo "20 load/unload cycles"
}

test_known_state() {
	load
	hold 2; A=$HOLD
	hold 8; B=$HOLD
	sleep 0.2
	nltest mm $A > /tmp/a || fail "mm-get $A"
	expect /tmp/a pid $A
	expect /tmp/a comm mm_cid_test
	expect /tmp/a mode 0
	expect /tmp/a users 3
	expect /tmp/a max_cids 3
	expect /tmp/a pcpu_thrs 0
	expect /tmp/a nr_cpus_allowed 4
	expect /tmp/a cids_in_use 3
	expect /tmp/a bitmap_weight 3
	[ "$(grep -c '^task' /tmp/a)" = 3 ] || fail "mm $A: want 3 tasks"
	[ "$(grep -c '^cpu' /tmp/a)" = 4 ] || fail "mm $A: want 4 cpu entries"

	nltest mm $B > /tmp/b || fail "mm-get $B"
	expect /tmp/b mode 1
	expect /tmp/b users 9
	expect /tmp/b max_cids 4
	expect /tmp/b pcpu_thrs 2
	w=$(field /tmp/b bitmap_weight)
	[ "$w" -ge 1 ] && [ "$w" -le 4 ] || fail "mm $B: $w CIDs in use, want 1-4"
	expect /tmp/b transitions 1

	nltest dump > /tmp/dump || fail "dump"
	grep -q "^pid $A .*mode 0 users 3 " /tmp/dump || fail "dump lacks $A"
	grep -q "^pid $B .*mode 1 users 9 " /tmp/dump || fail "dump lacks $B"
	n=$(tail -n 1 /tmp/dump | awk '{ print $2 }')
	[ "$n" = "$(grep -c '^pid' /tmp/dump)" ] || fail "dump count"
	awk '/^pid/ { if ($2 + 0 <= last) exit 1; last = $2 + 0 }' /tmp/dump ||
		fail "dump not in pid order"

	nltest stats > /tmp/s || fail "stats"
	[ "$(field /tmp/s mms)" = "$n" ] || fail "stats mms != dump count $n"
	[ "$(field /tmp/s per_cpu_mms)" -ge 1 ] || fail "stats: no per-cpu mm"

	nltest mm 999999 2> /tmp/err
	[ $? -eq 3 ] || fail "unknown pid: want ENOENT"
	grep -q "extack: no process 999999" /tmp/err || fail "unknown pid: no extack"
	nltest mm 2 2> /dev/null
	[ $? -eq 3 ] || fail "kernel thread: want ENOENT"
	nltest mm 0 2> /tmp/err
	[ $? -eq 1 ] || fail "pid 0: want EINVAL from the policy"

	# debugfs shows the same state
	grep "^pid $B " $DBG/mms > /tmp/d || fail "debugfs lacks $B"
	for k in users max_cids pcpu_thrs nr_cpus_allowed transitions; do
		[ "$(tr ' ' '\n' < /tmp/d | grep -A1 "^$k$" | tail -n 1)" = "$(field /tmp/b $k)" ] ||
			fail "debugfs $k differs from netlink"
	done
	grep -q "mode per-cpu" /tmp/d || fail "debugfs mode of $B"
	grep "^pid $A " $DBG/mms | grep -q "mode per-task users 3 " || fail "debugfs $A"
	# Each count includes the one process reading it (nltest, cp); retry
	# if some other short-lived process came or went between the reads.
	for i in 1 2 3 4 5; do
		nltest dump > /tmp/dump2
		cp $DBG/summary /tmp/sum
		n=$(tail -n 1 /tmp/dump2 | awk '{ print $2 }')
		m=$(field /tmp/sum mms)
		[ "$m" = "$n" ] && break
	done
	[ "$m" = "$n" ] || fail "debugfs summary: $m mms, netlink dump: $n"
	kill $A $B
	wait
	echo "known state: per-task $A, per-cpu $B"
}

test_monitor() {
	load
	nltest monitor 6 > /tmp/mon &
	M=$!
	sleep 1
	mm_cid_test hold 6 1 > /tmp/hold.out
	P=$(awk '/ready/ { print $2 }' /tmp/hold.out)
	wait $M
	grep -q "^pid $P .*mode 1 " /tmp/mon || fail "no per-cpu notification for $P"
	grep -q "^pid $P .*mode 0 " /tmp/mon || fail "no per-task notification for $P"
	[ "$(field $DBG/summary notifications)" -ge 2 ] || fail "notification counter"
	echo "monitor: $(grep -c "^pid $P " /tmp/mon) notifications for $P"
}

# The kernel's rseq counters as stats-get and the summary pass them on:
# each read lies between two reads of the kernel's own file (counters
# only grow), and a workload aborting critical sections moves them.
test_rseq_stats() {
	load
	K=/sys/kernel/debug/rseq/stats
	[ -r $K ] || fail "no $K"
	# Its syscall-inside-a-section case is SIGSEGV in debug mode.
	dbg=$(cat /sys/kernel/debug/rseq/debug)
	echo 0 > /sys/kernel/debug/rseq/debug
	GLIBC_TUNABLES=glibc.pthread.rseq=0 rseq_abi_test abort 64 > /dev/null ||
		fail "rseq_abi_test abort 64"
	echo "$dbg" > /sys/kernel/debug/rseq/debug
	cp $K /tmp/k1
	nltest stats > /tmp/n || fail "stats"
	cp $DBG/summary /tmp/s
	cp $K /tmp/k2
	for c in exit:exit signal:signal slowpath:slowp fastpath:fastp ids:ids cs:cs \
		 clear:clear fixup:fixup; do
		ours=${c%%:*}
		kern=${c#*:}:
		lo=$(field /tmp/k1 $kern)
		hi=$(field /tmp/k2 $kern)
		nl=$(field /tmp/n rseq_$ours)
		dbg=$(field /tmp/s rseq_$ours)
		[ -n "$lo" ] && [ -n "$hi" ] || fail "$K lacks $kern"
		[ -n "$nl" ] || fail "stats-get lacks rseq-$ours"
		[ -n "$dbg" ] || fail "summary lacks rseq_$ours"
		[ "$lo" -le "$nl" ] && [ "$nl" -le "$dbg" ] && [ "$dbg" -le "$hi" ] ||
			fail "rseq_$ours: kernel $lo, netlink $nl, debugfs $dbg, kernel $hi"
	done
	[ "$(field /tmp/n rseq_fixup)" -ge 30 ] || fail "rseq_fixup below the workload's aborts"
	[ $(($(field /tmp/n rseq_fastpath) + $(field /tmp/n rseq_slowpath))) -le \
	  "$(field /tmp/n rseq_exit)" ] || fail "fastpath + slowpath > exit"
	echo "rseq stats: exit $(field /tmp/n rseq_exit) fixup $(field /tmp/n rseq_fixup)"
}

test_fuzz() {
	load
	nltest fuzz 4000 1 || fail "fuzz seed 1"
	nltest fuzz 4000 2 || fail "fuzz seed 2"
	nltest stats > /dev/null || fail "stats after fuzzing"
	unload
}

test_unprivileged() {
	load
	hold 2; A=$HOLD
	hold 2 1000; U=$HOLD
	sleep 0.2
	runas 1000 nltest mm $A 2> /tmp/err
	[ $? -eq 4 ] || fail "uid 1000 read root's process: want EPERM"
	grep -q "extack: process belongs to another user" /tmp/err || fail "EPERM extack"
	runas 1000 nltest mm $U > /tmp/u || fail "uid 1000 cannot read its own process"
	expect /tmp/u users 3
	runas 1000 nltest dump > /tmp/dump || fail "uid 1000 dump"
	grep -q "^pid $U " /tmp/dump || fail "uid 1000 dump lacks its process"
	grep -q "^pid $A " /tmp/dump && fail "uid 1000 dump shows root's process"
	runas 1000 nltest monitor 1 > /dev/null 2>&1 && fail "uid 1000 joined the monitor group"
	kill $A $U
	wait
	echo "unprivileged: own process only"
}

test_rmmod_busy() {
	load
	hold 8; B=$HOLD
	nltest monitor 20 > /dev/null &
	M=$!
	( while :; do nltest dump > /dev/null 2>&1; done ) &
	D=$!
	sleep 1
	i=0
	until rmmod rseq_cid 2> /dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "rmmod kept failing while busy"
		sleep 0.05
	done
	kill $D $M $B
	wait
	load
	nltest stats > /dev/null || fail "stats after reload"
	unload
	echo "rmmod while busy: after $i retries"
}

case "$1" in
load_unload|known_state|rseq_stats|monitor|fuzz|unprivileged|rmmod_busy) test_"$1" ;;
*) echo "usage: module-tests.sh load_unload|known_state|rseq_stats|monitor|fuzz|unprivileged|rmmod_busy"; exit 2 ;;
esac
