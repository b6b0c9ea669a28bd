#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# param-matrix.sh REPS THREADS [PARAM_TEST_ARGS...]
#
# One row of run_param_test.sh's matrix: every test type (-T s l b b -M m
# m -M i r) through all four param_test builds (plain, compare_twice,
# mm_cid, mm_cid_compare_twice) with the given repetitions, thread count
# and injection arguments.  Stops at the first failure and says which.
# The busybox shell runs it, so the plan need not go through bash.

reps=$1
threads=$2
shift 2

for type in "s" "l" "b" "b -M" "m" "m -M" "i" "r"; do
	for bin in param_test param_test_compare_twice param_test_mm_cid \
		   param_test_mm_cid_compare_twice; do
		# $type holds two words for the barrier variants.
		# shellcheck disable=SC2086
		if ! $bin -T $type -r "$reps" -t "$threads" "$@"; then
			echo "FAIL: $bin -T $type -r $reps -t $threads $*"
			exit 1
		fi
	done
done
echo "param matrix passed: $reps reps, $threads threads, args '$*'"
