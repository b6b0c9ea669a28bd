#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module-tests.sh TEST: checks of the rseq_cid module in the VM, each
# exiting non-zero with a FAIL line on the first violation.
#
# The workloads are mm_cid_test hold processes in known states on the 4
# online vCPUs: 2 threads (3 users) stay per-task with 3 CIDs in use; 8
# threads (9 users > 4 CPUs) are per-CPU with max_cids min(4 + 1, P),
# switch-back threshold min(4 - 1, P / 2) for P possible CPUs, and at
# most 4 CIDs (one per CPU).  tgroup
# processes are the cheap ones: thousands of blocked threads, odd comms,
# non-dumpable, leader exited.  nltest checks every reply against the
# protocol (bitmap, cpu entries, tid order, continued messages) itself.

KO=/tests/bin/rseq_cid.ko
# The VM has 4 online CPUs of 255 possible, and a task may run on every
# possible CPU by default, which makes an mm's CPU union 255 wide.  The
# workloads in known states run on the online CPUs, like a job pinned to
# part of a server; test_known_state checks an unpinned one as well.
PIN="taskset -c $(cat /sys/devices/system/cpu/online)"
DBG=/sys/kernel/debug/rseq_cid

. "$(dirname "$0")/lib.sh"

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

# tg [runas UID] [tgroup options] TASKS: start a tgroup process, set $TG.
TGN=0
tg() {
	TGN=$((TGN + 1))
	rm -f /tmp/tg.$TGN
	if [ "$1" = runas ]; then
		u=$2
		shift 2
		runas "$u" tgroup "$@" > /tmp/tg.$TGN &
	else
		tgroup "$@" > /tmp/tg.$TGN &
	fi
	wait_ready /tmp/tg.$TGN "tgroup $*"
	TG=$READY
}

# hold THREADS [UID]: start a workload, wait until it runs, set $HOLD.
hold() {
	rm -f /tmp/hold.out
	if [ -n "$2" ]; then
		$PIN runas "$2" mm_cid_test hold "$1" 120 > /tmp/hold.out &
	else
		$PIN mm_cid_test hold "$1" 120 > /tmp/hold.out &
	fi
	HOLD=$!
	wait_ready /tmp/hold.out "workload with $1 threads" 100
}

test_load_unload() {
	for i in $(seq 20); do
		load
		[ -r $DBG/summary ] || fail "no $DBG/summary after insmod ($i)"
		nltest stats > /dev/null || fail "stats failed after insmod ($i)"
		[ "$(stat -c %a $DBG/mms $DBG/summary | sort -u)" = 400 ] ||
			fail "debugfs files are not 0400"
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
	# nr_cpu_ids is the number of possible CPUs here (0-N, no holes).
	expect /tmp/a nr_cpu_ids $(($(cut -d- -f2 /sys/devices/system/cpu/possible) + 1))
	[ "$(grep -c '^task ' /tmp/a)" = 3 ] || fail "mm $A: want 3 tasks"
	# Per-task mode: no CPU owns a CID, so no cpu entries at all.
	[ "$(grep -c '^cpu' /tmp/a)" = 0 ] || fail "mm $A: want no cpu entries"

	nltest mm $B > /tmp/b || fail "mm-get $B"
	expect /tmp/b mode 1
	expect /tmp/b users 9
	np=$(field /tmp/a nr_cpu_ids)
	thr=3
	[ "$((np / 2))" -ge 3 ] || thr=$((np / 2))
	expect /tmp/b max_cids "$(pcpu_max_cids)"
	expect /tmp/b pcpu_thrs $thr
	w=$(field /tmp/b bitmap_weight)
	[ "$w" -ge 1 ] && [ "$w" -le 4 ] || fail "mm $B: $w CIDs in use, want 1-4"
	c=$(grep -c '^cpu' /tmp/b)
	[ "$c" -ge 1 ] && [ "$c" -le 4 ] || fail "mm $B: $c cpu entries, want 1-4"
	expect /tmp/b transitions 1

	# Unpinned, 9 users may run on every possible CPU: with 255 of them
	# (run-tests.sh; the debug plan boots with 4) they stay per-task, with
	# max_cids = min(9 + 9 / 4, 255) = 11.
	if [ "$(field /tmp/a nr_cpu_ids)" = 255 ]; then
		pin=$PIN
		PIN=
		hold 8; U=$HOLD
		PIN=$pin
		nltest mm $U > /tmp/u || fail "mm-get $U"
		expect /tmp/u mode 0
		expect /tmp/u users 9
		expect /tmp/u nr_cpus_allowed 255
		expect /tmp/u max_cids 11
		# Gone before the dump and the stats below count the mms.
		kill $U
		wait $U
	fi

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
	# A dump filtered by pid has exactly that process.
	nltest dump $B > /tmp/f || fail "dump of $B"
	[ "$(grep -c '^pid' /tmp/f)" = 1 ] && grep -q "^pid $B .*users 9 " /tmp/f ||
		fail "dump filtered to $B"


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
	$PIN mm_cid_test hold 6 1 > /tmp/hold.out
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

# fuzz [COUNT]: COUNT (default 4000) random and malformed requests with
# two seeds; the kernel log check catches any splat.
test_fuzz() {
	n=${1:-4000}
	load
	start=$(date +%s)
	nltest fuzz $n 1 || fail "fuzz seed 1"
	nltest fuzz $n 2 || fail "fuzz seed 2"
	nltest stats > /dev/null || fail "stats after fuzzing"
	unload
	echo "fuzz: $((2 * n)) requests in $(($(date +%s) - start)) s"
}

test_unprivileged() {
	load
	hold 2; A=$HOLD
	hold 2 1000; U=$HOLD
	sleep 0.2
	runas 1000 nltest mm $A 2> /tmp/err
	[ $? -eq 4 ] || fail "uid 1000 read root's process: want EPERM"
	grep -q "extack: not permitted to inspect process $A" /tmp/err || fail "EPERM extack"
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


# The protocol's strictness: junk attributes, out-of-range pids and any
# attribute on stats-get are rejected with EINVAL and an extack.
test_strict() {
	load
	nltest strict || fail "a request the policy must reject was accepted"
}

# mm-get of processes of 1, 100, 1000 and 5000 tasks, as do (one
# message) and as a dump filtered to the process (continued messages),
# each checked against the thread list in /proc.  nltest checks the tid
# order and the continued messages itself.
test_threads() {
	load
	free -m | awk '/Mem:/ { print "memory before: " $3 " MiB used of " $2 }'
	for n in 1 100 1000 5000; do
		tg -s 300 $n
		P=$TG
		t=$(ls /proc/$P/task | wc -l)
		[ "$t" = $n ] || fail "tgroup $n has $t tasks"
		ls /proc/$P/task | sort -n > /tmp/proc.tids
		nltest mm $P > /tmp/m || fail "mm-get of $n tasks"
		expect /tmp/m users $n
		expect /tmp/m tasks $n
		expect /tmp/m msgs 1
		awk '/^task / { split($2, a, ":"); print a[2] }' /tmp/m > /tmp/nl.tids
		cmp -s /tmp/proc.tids /tmp/nl.tids || fail "mm-get of $n tasks: tids differ from /proc"
		nltest dump $P > /tmp/d || fail "dump of $n tasks"
		grep -q "^pid $P .*users $n .*tasks $n msgs " /tmp/d || fail "dump of $n tasks: $(head -c 300 /tmp/d)"
		msgs=$(awk '/^pid/ { print $NF }' /tmp/d)
		if [ $n -ge 1000 ]; then
			[ "$msgs" -ge 2 ] || fail "dump of $n tasks in $msgs message(s), want continued ones"
		fi
		# The same process within the whole dump.
		nltest dump > /tmp/all || fail "dump with $n tasks"
		grep -q "^pid $P .*tasks $n msgs " /tmp/all || fail "full dump lacks the $n tasks"
		[ $n = 5000 ] && free -m | awk '/Mem:/ { print "memory with 5000 threads: " $3 " MiB used" }'
		[ $n = 5000 ] && nltest time 3 mm $P 2>&1 | sed 's/^/bench: mm-get do of 5000 tasks: /'
		[ $n = 5000 ] && nltest time 3 dump $P 2>&1 | sed 's/^/bench: mm-get dump of 5000 tasks: /'
		echo "$n tasks: do 1 message, dump $msgs message(s)"
		kill $P
		wait
	done
}

# 2000 single-threaded processes, all in one dump, none lost or doubled.
test_processes() {
	load
	i=0
	while [ $i -lt 2000 ]; do
		tgroup -n many -s 300 1 > /dev/null &
		i=$((i + 1))
	done
	i=0
	until [ "$(nltest dump | grep -c ' comm many ')" = 2000 ]; do
		i=$((i + 1))
		[ $i -lt 120 ] || fail "2000 processes did not all show up"
		sleep 1
	done
	nltest dump > /tmp/d || fail "dump"
	grep ' comm many ' /tmp/d | awk '{ print $2 }' > /tmp/dump.pids
	grep -lx many /proc/[0-9]*/comm | cut -d/ -f3 | sort -n > /tmp/proc.pids
	[ "$(wc -l < /tmp/proc.pids)" = 2000 ] || fail "/proc has $(wc -l < /tmp/proc.pids) processes named many"
	cmp -s /tmp/dump.pids /tmp/proc.pids || fail "dump pids differ from /proc"
	[ "$(awk '/^pid/ { print $2 }' /tmp/d | uniq -d | wc -l)" = 0 ] || fail "a pid twice"
	nltest time 3 dump 2>&1 | sed 's/^/bench: mm-get dump of 2000+ processes: /'
	kill $(cat /tmp/proc.pids)
	wait
	echo "2000 processes in one dump"
}

# A group whose leader called pthread_exit() is found by its tgid.
test_leader_exited() {
	load
	tg -l -s 120 4
	P=$TG
	wait_until 100 "exit of the leader of $P" grep -q '^State:.*Z' /proc/$P/status
	nltest mm $P > /tmp/m || fail "mm-get of $P after its leader exited"
	expect /tmp/m users 3
	expect /tmp/m tasks 3
	grep -q "^task 1:$P " /tmp/m && fail "the exited leader is listed"
	nltest dump > /tmp/d || fail "dump"
	grep -q "^pid $P .*users 3 " /tmp/d || fail "dump lacks $P"
	grep -q "^pid $P comm tgroup " $DBG/mms || fail "debugfs lacks $P"
	tg runas 1000 -l -s 120 3
	U=$TG
	sleep 0.5
	runas 1000 nltest mm $U > /dev/null || fail "uid 1000 cannot see its own leader-exited $U"
	runas 1000 nltest mm $P 2> /dev/null
	[ $? -eq 4 ] || fail "uid 1000 sees root's leader-exited $P"
	kill $P $U
	wait
	echo "leader exited: $P found by tgid"
}

# Comms with newline, quotes, backslash, space and invalid UTF-8: one
# escaped field in debugfs (\n \" \\ \ooo), raw bytes in netlink.
test_hostile() {
	load
	# NAME (printf format) | debugfs form | nltest form (\ooo of the raw bytes)
	for c in 'a\nb|a\nb|a\012b' 'q"t"|q\"t\"|q\042t\042' 'b\\s|b\\s|b\134s' \
		 '\377\376x|\377\376x|\377\376x' 'sp ace|sp\040ace|sp\040ace' \
		 'x\npid 1 comm forged|x\npid\0401\040comm\040fo|x\012pid\0401\040comm\040fo'; do
		name=$(printf "${c%%|*}")
		rest=${c#*|}
		want_dbg=${rest%%|*}
		want_nl=${rest#*|}
		tg -n "$name" -s 60 1
		P=$TG
		grep -qF "pid $P comm $want_dbg mode " $DBG/mms ||
			fail "debugfs comm of $P: $(grep -aF "pid $P " $DBG/mms | head -c 200)"
		nltest mm $P > /tmp/m || fail "mm-get $P"
		grep -qxF "comm $want_nl" /tmp/m || fail "netlink comm of $P: $(grep -a '^comm' /tmp/m)"
		nltest dump > /tmp/d || fail "dump with hostile comm"
		grep -qF "pid $P comm $want_nl " /tmp/d || fail "dump comm of $P"
		kill $P
		wait
	done
	# Every row of the mms file is a pid, cpu or task row.
	tg -n "$(printf 'x\npid 1 comm y')" -s 60 1
	grep -av '^pid [0-9]* comm [^ ]* mode \|^  cpu \|^  task ' $DBG/mms > /tmp/bad &&
		fail "forged row in debugfs: $(head -c 200 /tmp/bad)"
	[ "$(grep -c '^pid 1 ' $DBG/mms)" -le 1 ] || fail "pid 1 twice in debugfs"
	kill $TG
	wait
	echo "hostile comms escaped"
}

# Visibility is /proc's: uid 1000 sees exactly the processes whose
# /proc/PID/maps it may read (ptrace read check), root sees all.
test_visibility() {
	load
	cp /tests/bin/tgroup /tmp/tgroup-suid
	chmod 4755 /tmp/tgroup-suid
	tg -s 120 2;			ROOT=$TG
	tg runas 1000 -s 120 2;		OWN=$TG
	tg runas 1001 -s 120 2;		OTHER=$TG
	tg runas 1000 -d -s 120 2;	NODUMP=$TG
	rm -f /tmp/suid.out
	runas 1000 /tmp/tgroup-suid -s 120 2 > /tmp/suid.out &
	wait_ready /tmp/suid.out "setuid tgroup"
	SUID=$READY
	for p in $ROOT $OWN $OTHER $NODUMP $SUID; do
		nltest mm $p > /dev/null || fail "root cannot see $p"
	done
	for c in "own:$OWN:0" "root:$ROOT:4" "other-user:$OTHER:4" "non-dumpable:$NODUMP:4" \
		 "setuid:$SUID:4"; do
		what=${c%%:*}
		rest=${c#*:}
		p=${rest%%:*}
		want=${rest#*:}
		runas 1000 nltest mm $p > /dev/null 2>&1
		got=$?
		[ $got = $want ] || fail "uid 1000 mm-get of $what $p: exit $got, want $want"
		runas 1000 cat /proc/$p/maps > /dev/null 2>&1
		proc=$?
		{ [ $proc = 0 ] && [ $want = 0 ]; } || { [ $proc != 0 ] && [ $want != 0 ]; } ||
			fail "$what: /proc/$p/maps readable: $proc, netlink: $got"
		runas 1000 nltest dump > /tmp/d || fail "uid 1000 dump"
		if [ $want = 0 ]; then
			grep -q "^pid $p " /tmp/d || fail "uid 1000 dump lacks $what $p"
		else
			grep -q "^pid $p " /tmp/d && fail "uid 1000 dump shows $what $p"
		fi
		runas 1000 nltest dump $p > /tmp/d || fail "uid 1000 filtered dump of $p"
		[ "$(grep -c '^pid' /tmp/d)" = $((1 - want / 4)) ] || fail "uid 1000 filtered dump of $what"
	done
	runas 1000 nltest stats > /tmp/s || fail "uid 1000 stats"
	nltest stats > /tmp/r || fail "root stats"
	[ "$(field /tmp/s mms)" -lt "$(field /tmp/r mms)" ] || fail "uid 1000 stats count all mms"
	runas 1000 nltest monitor 1 > /dev/null 2>&1 && fail "uid 1000 joined the monitor group"
	runas 1000 cat $DBG/summary > /dev/null 2>&1 && fail "uid 1000 read debugfs"
	kill $ROOT $OWN $OTHER $NODUMP $SUID
	wait
	echo "visibility: own visible; root's, other user's, non-dumpable, setuid hidden"
}

# mode-switches counts every switch while the module is loaded: its delta
# over a workload is the workload's own transitions, and it does not go
# down when the workload exits (the live transitions sum does).
test_mode_switches() {
	load
	nltest stats > /tmp/s0 || fail "stats"
	hold 8; B=$HOLD
	sleep 0.2
	nltest mm $B > /tmp/b || fail "mm-get $B"
	nltest stats > /tmp/s1 || fail "stats"
	t=$(field /tmp/b transitions)
	[ "$t" -ge 1 ] || fail "workload $B did not switch modes"
	d=$(($(field /tmp/s1 mode_switches) - $(field /tmp/s0 mode_switches)))
	[ "$d" = "$t" ] || fail "mode_switches grew by $d, the workload switched $t times"
	kill $B
	wait
	nltest stats > /tmp/s2 || fail "stats"
	[ "$(field /tmp/s2 mode_switches)" -ge "$(field /tmp/s1 mode_switches)" ] ||
		fail "mode_switches went down when $B exited"
	[ "$(field /tmp/s2 transitions)" -lt "$(field /tmp/s1 transitions)" ] ||
		fail "the live transitions sum did not drop with $B"
	[ "$(field $DBG/summary mode_switches)" -ge "$(field /tmp/s2 mode_switches)" ] ||
		fail "debugfs mode_switches behind netlink"
	echo "mode switches: +$d for $t transitions, $(field /tmp/s2 mode_switches) after exit"
}

# Booted with debugfs=off: the module loads, logs once and serves netlink.
test_no_debugfs() {
	[ ! -d /sys/kernel/debug/rseq ] || fail "debugfs is mounted; boot with debugfs=off"
	dmesg -c > /dev/null
	load
	[ "$(dmesg | grep -c 'rseq_cid: no debugfs')" = 1 ] || fail "no single log line: $(dmesg | tail -n 3)"
	hold 8; B=$HOLD
	nltest stats > /tmp/s || fail "stats without debugfs"
	nltest mm $B > /tmp/b || fail "mm-get without debugfs"
	expect /tmp/b users 9
	nltest dump > /dev/null || fail "dump without debugfs"
	kill $B
	wait
	unload
	echo "netlink without debugfs"
}

TESTS="load_unload known_state rseq_stats monitor fuzz unprivileged rmmod_busy strict threads
processes leader_exited hostile visibility mode_switches no_debugfs"
for t in $TESTS; do
	if [ "$1" = "$t" ]; then
		shift
		test_"$t" "$@"
		exit $?
	fi
done
echo "usage: module-tests.sh TEST [ARGS] (TEST: $(echo $TESTS))"
exit 2
