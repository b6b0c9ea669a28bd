#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# model/check.sh quick|full
#
# Model-check the MM CID ownership protocol (model/mm_cid.pml) with spin.
#   quick  (tests/run-tests.sh suite "model", about a minute): the model
#          exhaustively in two small configurations, the progress check
#          under weak fairness, and every mutant, each of which must yield
#          a counterexample (a mutant that passes fails the check);
#   full   (make model-full, about 10 minutes): the exhaustive 3 tasks x
#          3 CPUs runs, without and with a failed execve; their figures go
#          to build/model/full.result for docs/model.md.
# TAP output; exits non-zero on any failure.  pan runs one at a time and
# stops at MODEL_MEMLIM MiB (default 3500, 5800 for full): a run that
# hits the limit or the depth bound is incomplete and fails.  The quick runs compile pan
# with -O0: gcc -O2 takes 25 s of CPU for pan.c, the search under one;
# the full run uses -O2, where the search dominates.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
model=$top/model/mm_cid.pml
work=$top/build/model
memlim=${MODEL_MEMLIM:-3500}
depth=1000000
hashbits=	# pan -w: 2^N hash slots (pan's default when empty)

# Configurations: tasks x online CPUs, possible CPUs, and the budgets of
# forks, affinity changes, failed execves and preemptions (mm_cid.pml).
# 3x2: 3 users on 2 CPUs go per-CPU (the pool is as small as it gets);
# 3x3: 4 possible CPUs, so the mm also switches back to per-task mode.
declare -A config=(
	[3x2]="-DNT=3 -DNCPU=2 -DNPOS=2 -DFORKS=2 -DAFFS=0 -DEXECS=0 -DPREEMPTS=1"
	[3x3]="-DNT=3 -DNCPU=3 -DNPOS=4 -DFORKS=2 -DAFFS=0 -DEXECS=0 -DPREEMPTS=1"
	[3x3-full]="-DNT=3 -DNCPU=3 -DNPOS=4 -DFORKS=2 -DAFFS=1 -DEXECS=0 -DPREEMPTS=1"
	[3x3-exec]="-DNT=3 -DNCPU=3 -DNPOS=4 -DFORKS=2 -DAFFS=1 -DEXECS=1 -DPREEMPTS=1"
)

# pan's state compression per configuration (default -DCOLLAPSE, exact).
# 3x3-exec: hash compaction, a 96-bit signature per state (12 bytes
# instead of ~70 with COLLAPSE): 54 million states in 2.6 GiB, with a
# chance of about 10^-14 that two share a signature and one is missed.
declare -A compression=(
	[3x3-exec]="-DHC4"
)

# Mutant and the configuration in which it must fail.
mutants=(
	"NO_TRANSIT 3x2"
	"EARLY_SETTLE 3x2"
	"MISSED_FIXUP 3x3"
	"DOUBLE_PUT 3x2"
	"PUT_UNSET 3x2"
	"RUNNING_DROP 3x2"
	"NO_JOIN_CID 3x2"
)

fail=0

die() {
	echo "model: $*" >&2
	exit 2
}

command -v spin >/dev/null || die "spin missing; run 'make deps'"

# run NAME KIND(safety|progress) EXPECT(pass|fail) SPIN-DEFINES...
# Leaves pan's output in $work/NAME/pan.out and one TAP line on stdout.
run() {
	local name=$1 kind=$2 expect=$3
	shift 3
	local dir=$work/$name out
	local -a cflags=("$opt" "${compression[$name]:--DCOLLAPSE}" -DMEMLIM="$memlim") pflags=(-m"$depth" ${hashbits:+-w"$hashbits"})

	rm -rf "$dir"
	mkdir -p "$dir"
	if ! (cd "$dir" && spin -a "$@" "$model" > spin.log 2>&1); then
		echo "not ok model $name # spin failed: $(head -n 1 "$dir/spin.log")"
		fail=1
		return
	fi
	if [ "$kind" = safety ]; then
		cflags+=(-DSAFETY -DNOFAIR)
	else
		# non-progress cycles under weak fairness
		cflags+=(-DNP -DNFAIR=3)
		pflags+=(-l -f)
	fi
	if ! (cd "$dir" && gcc "${cflags[@]}" -o pan pan.c > cc.log 2>&1); then
		echo "not ok model $name # pan did not compile, see $dir/cc.log"
		fail=1
		return
	fi
	(cd "$dir" && ./pan "${pflags[@]}" > pan.out 2>&1)
	out=$dir/pan.out

	local errors states dep mem secs
	errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$out" | tail -n 1)
	states=$(awk '/states, stored/ { print $1; exit }' "$out")
	dep=$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' "$out" | tail -n 1)
	mem=$(awk '/total actual memory usage/ { print $1; exit }' "$out")
	secs=$(sed -n 's/^pan: elapsed time \([0-9.e+]*\).*/\1/p' "$out")
	local figures="$states states, depth $dep, $mem MB, $secs s"

	if [ -z "$errors" ]; then
		echo "not ok model $name # pan gave no result, see $out"
		fail=1
	elif [ "$expect" = pass ]; then
		if [ "$errors" != 0 ]; then
			echo "not ok model $name # $(grep -m 1 -E '^pan:1:|cycle' "$out")"
			fail=1
		elif grep -qE 'MEMLIM|max search depth too small' "$out"; then
			echo "not ok model $name # incomplete: $(grep -m 1 -E 'MEMLIM|max search depth' "$out")"
			fail=1
		else
			echo "ok model $name # exhaustive${compression[$name]:+ (hash compaction)}: $figures"
		fi
	else
		if [ "$errors" = 0 ]; then
			echo "not ok model $name # the mutant passed: no counterexample"
			fail=1
		else
			echo "ok model $name # counterexample: $(grep -m 1 -E '^pan:1:|cycle' "$out")"
		fi
	fi
}

mkdir -p "$work"
case "${1:-}" in
quick)
	opt=-O0
	for c in 3x2 3x3; do
		# shellcheck disable=SC2086
		run "$c" safety pass ${config[$c]}
	done
	# shellcheck disable=SC2086
	run 3x2-progress progress pass ${config[3x2]} -DBUSYWAIT
	# shellcheck disable=SC2086
	run mutant-NO_TRANSIT-progress progress fail ${config[3x2]} -DBUSYWAIT -DMUT_NO_TRANSIT
	for m in "${mutants[@]}"; do
		read -r mut c <<< "$m"
		# shellcheck disable=SC2086
		run "mutant-$mut" safety fail ${config[$c]} -DMUT_"$mut"
	done
	;;
full)
	opt=-O2
	memlim=${MODEL_MEMLIM:-5800}
	hashbits=26	# 512 MiB of slots for ~54 million states
	: > "$work/full.result"
	for c in 3x3-full 3x3-exec; do
		# shellcheck disable=SC2086
		run "$c" safety pass ${config[$c]} > "$work/$c.tap"
		tee -a "$work/full.result" < "$work/$c.tap"
		{
			echo "# $(date -u +%Y-%m-%dT%H:%MZ) spin $(spin -V | awk '{ print $3 }')" \
				"${config[$c]}"
			grep -E 'State-vector|states, stored|transitions|total actual memory|elapsed' \
				"$work/$c/pan.out"
		} >> "$work/full.result"
	done
	;;
*)
	die "usage: model/check.sh quick|full"
	;;
esac
exit "$fail"
