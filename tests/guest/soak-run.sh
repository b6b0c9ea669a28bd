#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# soak-run.sh [SECONDS [nokmemleak]]: the soak of docs/testing.md, in the
# debug kernel's VM.  For SECONDS (default: rseqtest.soak= on the kernel
# command line, else 30) these run at the same time:
#   - the CID collision detector with thread and affinity churn
#     (mm_cid_test soak),
#   - CPU hotplug of the present and online CPUs other than 0,
#   - fork/vfork/spawn/exec storms (mm_cid_test forkstorm, exec, execaff,
#     which assert the CIDs they see),
#   - netlink queries (rseqctl mm list, mm show, stats) and debugfs reads,
#   - insmod/rmmod cycles of the rseq_cid module.
# Then a kmemleak scan (unless "nokmemleak"), and the counts as
# "soak: KEY VALUE" lines on stdout and on /dev/hostout for tests/vm/soak.sh.
# Exits 1 on any collision, out-of-range CID, failed storm, hotplug or
# module cycle, or leaked object.  Kernel reports are judged on the host.

KO=/tests/bin/rseq_cid.ko
DBG=/sys/kernel/debug/rseq_cid
dir=/tmp/soak

secs=$1
kmemleak=${2:-kmemleak}
if [ -z "$secs" ]; then
	for arg in $(cat /proc/cmdline); do
		case "$arg" in rseqtest.soak=*) secs=${arg#rseqtest.soak=} ;; esac
	done
fi
secs=${secs:-30}
case "$secs" in ''|*[!0-9]*) echo "soak-run: bad duration '$secs'"; exit 2 ;; esac

rm -rf "$dir"
mkdir -p "$dir"
end=$(($(date +%s) + secs))

running() {
	[ "$(date +%s)" -lt "$end" ]
}

# cpu_list FILE: the CPUs of a list like "0-3" or "0,2-5", one a line.
cpu_list() {
	tr ',' '\n' < "$1" | while IFS=- read -r a b; do
		seq "$a" "${b:-$a}"
	done
}

# The CPUs but 0 that are present and online now: a VM may have more
# possible (and, with a second MADT, present) CPUs than ever come online.
hotplug_cpus() {
	cpu_list /sys/devices/system/cpu/online > "$dir/online"
	cpu_list /sys/devices/system/cpu/present | grep -vx 0 | grep -Fx -f "$dir/online"
}

hotplug_loop() {
	ok=0 bad=0
	cpus=$(hotplug_cpus)
	while [ -n "$cpus" ] && running; do
		for c in $cpus; do
			f=/sys/devices/system/cpu/cpu$c/online
			if echo 0 > "$f" && sleep 0.05 && echo 1 > "$f"; then
				ok=$((ok + 1))
			else
				bad=$((bad + 1))
				echo 1 > "$f"
			fi
			sleep 0.1
		done
	done
	echo "$ok $bad" > "$dir/hotplug"
}

storm_loop() {
	ok=0 bad=0
	while running; do
		for t in "forkstorm 20" "exec 3" "execaff 10"; do
			# shellcheck disable=SC2086
			if mm_cid_test $t > "$dir/storm.out" 2>&1; then
				ok=$((ok + 1))
			else
				bad=$((bad + 1))
				echo "soak: mm_cid_test $t failed:"
				tail -n 5 "$dir/storm.out"
			fi
		done
	done
	echo "$ok $bad" > "$dir/storm"
}

# Queries fail while the module is unloaded; they must succeed sometimes.
netlink_loop() {
	ok=0 bad=0
	while running; do
		for q in "mm list" "mm show $1" "-j stats"; do
			# shellcheck disable=SC2086
			if rseqctl $q > /dev/null 2>&1; then
				ok=$((ok + 1))
			else
				bad=$((bad + 1))
			fi
		done
		cat "$DBG/summary" "$DBG/mms" > /dev/null 2>&1
	done
	echo "$ok $bad" > "$dir/netlink"
}

# Loaded for a second each time, so that queries get through; rmmod
# fails with EBUSY while a netlink dump holds the module: retry.
module_loop() {
	ok=0 bad=0 busy=0
	while running; do
		if ! insmod "$KO"; then
			bad=$((bad + 1))
			sleep 1
			continue
		fi
		sleep 1
		i=0
		until rmmod rseq_cid 2> /dev/null; do
			i=$((i + 1))
			busy=$((busy + 1))
			[ $i -lt 100 ] || break
			sleep 0.1
		done
		if [ $i -lt 100 ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			echo "soak: rmmod rseq_cid failed 100 times"
		fi
	done
	echo "$ok $bad $busy" > "$dir/module"
}

grep -q '^rseq_cid ' /proc/modules && rmmod rseq_cid
mm_cid_test soak "$secs" 12 > "$dir/detector" 2>&1 &
detector=$!
hotplug_loop &
storm_loop &
netlink_loop "$detector" &
module_loop &
wait

# field FILE N: the Nth word of FILE, 0 if it is missing.
field() {
	v=$(awk -v n="$2" '{ print $n }' "$1" 2> /dev/null)
	echo "${v:-0}"
}

# The detector's line: "samples N collisions N out_of_range N threads N
# rounds N affinity_changes N"; anything else it printed goes first.
grep -v '^samples ' "$dir/detector"
grep '^samples ' "$dir/detector" > "$dir/counts"
detector_ok=1
[ -s "$dir/counts" ] || detector_ok=0

leaks=0
if [ "$kmemleak" != nokmemleak ]; then
	# It scans and shows the first reports; count them all.
	kmemleak-check.sh > "$dir/kmemleak" 2>&1
	leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak 2> /dev/null)
	if [ "$leaks" = 0 ] && ! grep -q 'no leaks' "$dir/kmemleak"; then
		leaks=unknown
	fi
	[ "$leaks" = 0 ] || cat "$dir/kmemleak"
fi

summary() {
	echo "seconds $secs"
	echo "samples $(field "$dir/counts" 2)"
	echo "collisions $(field "$dir/counts" 4)"
	echo "out_of_range $(field "$dir/counts" 6)"
	echo "detector_threads $(field "$dir/counts" 8)"
	echo "affinity_changes $(field "$dir/counts" 12)"
	echo "hotplug_cycles $(field "$dir/hotplug" 1) failed $(field "$dir/hotplug" 2)"
	echo "storm_runs $(field "$dir/storm" 1) failed $(field "$dir/storm" 2)"
	echo "netlink_queries $(field "$dir/netlink" 1) failed $(field "$dir/netlink" 2)"
	echo "module_cycles $(field "$dir/module" 1) failed $(field "$dir/module" 2) busy_retries $(field "$dir/module" 3)"
	echo "kmemleak_leaks $leaks"
}
summary | sed 's/^/soak: /' > "$dir/summary"
cat "$dir/summary"
[ -w /dev/hostout ] && cat "$dir/summary" > /dev/hostout

[ "$detector_ok" = 1 ] || { echo "soak: the detector gave no result"; exit 1; }
[ "$(field "$dir/counts" 2)" -gt 0 ] || { echo "soak: no clean sample"; exit 1; }
[ "$(field "$dir/counts" 4)" = 0 ] || exit 1
[ "$(field "$dir/counts" 6)" = 0 ] || exit 1
[ "$(field "$dir/hotplug" 2)" = 0 ] || exit 1
[ "$(field "$dir/storm" 2)" = 0 ] || exit 1
[ "$(field "$dir/module" 2)" = 0 ] || exit 1
[ "$(field "$dir/netlink" 1)" -gt 0 ] || { echo "soak: no netlink query succeeded"; exit 1; }
[ "$leaks" = 0 ]
