#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kunit-check.sh SUITE: pass when the built-in KUnit suite SUITE ran at
# boot and every case passed (needs CONFIG_KUNIT_DEBUGFS).
results=/sys/kernel/debug/kunit/$1/results
if [ ! -r "$results" ]; then
	echo "no KUnit results for suite '$1' at $results"
	exit 1
fi
cat "$results"
grep -q "not ok" "$results" && exit 1
grep -q "^ok [0-9]* $1" "$results" || { echo "suite '$1' has no final ok"; exit 1; }
exit 0
