#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM run verdict (tests/vm/check-log.sh): results, end marker, plan
# count and kernel splats in the console log.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
check=$top/tests/vm/check-log.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verdict NAME CONSOLE_TEXT RESULTS_TEXT -> sets $out and $rc
verdict() {
	printf '%b' "$2" > "$tmp/console"
	printf '%b' "$3" > "$tmp/results"
	out=$("$check" "$1" "$tmp/console" "$tmp/results")
	rc=$?
}

boot='[    0.000000] Linux version 6.12.117\n[    1.393538] reboot: Power down\n'
good='KTAP version 1\r\n1..2\r\nok 1 alpha # time=1s\r\nok 2 beta\r\n@@END rc=0\r\n'

verdict run "$boot" "$good"
expect_eq "all ok exits 0" 0 "$rc"
expect_eq "all ok prints 4 ok lines" 4 "$(grep -c '^ok ' <<< "$out")"
expect_match "results carry the label and name" '^ok run: alpha # time=1s$' "$out"

verdict run "$boot" 'KTAP version 1\n1..2\nok 1 alpha\nnot ok 2 beta # exit 1\n@@END rc=1\n'
expect_eq "a failed test exits 1" 1 "$rc"
expect_match "a failed test is reported by name" '^not ok run: beta # exit 1$' "$out"
expect_match "guest still finished" '^ok run: guest finished$' "$out"

verdict run "$boot" 'KTAP version 1\n1..2\nok 1 alpha\n'
expect_eq "no end marker exits 1" 1 "$rc"
expect_match "no end marker is named" '^not ok run: guest finished # no end marker' "$out"

verdict run "$boot" 'KTAP version 1\n1..3\nok 1 alpha\nok 2 beta\n@@END rc=0\n'
expect_eq "missing results exit 1" 1 "$rc"
expect_match "missing results are named" 'planned 3, reported 2' "$out"

verdict run "$boot" 'KTAP version 1\n1..1\nok 1 alpha\n@@END rc=3\n'
expect_eq "runner failure without failed test exits 1" 1 "$rc"

for splat in \
	'WARNING: CPU: 1 PID: 42 at kernel/sched/core.c:123 foo+0x1/0x2' \
	'BUG: KASAN: slab-use-after-free in mm_cid_fixup+0x10/0x20' \
	'WARNING: possible circular locking dependency detected' \
	'Oops: general protection fault, probably for non-canonical address' \
	'Kernel panic - not syncing: panic_on_warn set ...' \
	'INFO: task kworker/0:1:12 blocked for more than 120 seconds.' \
	'rcu: INFO: rcu_sched detected stalls on CPUs/tasks:'; do
	verdict run "[    0.1] start\n[    2.345678] $splat\n" "$good"
	expect_eq "splat fails the run: ${splat:0:40}" 1 "$rc"
	expect_match "splat is quoted: ${splat:0:40}" "^#   \[    2.345678\] " "$out"
done

verdict run "$boot"'test says WARNING: this is user output\nBUG: not a kernel line\n' "$good"
expect_eq "test output without printk stamp is not a splat" 0 "$rc"

verdict run "$boot"'guest killed after 900s\n' "$good"
expect_eq "a killed guest fails the run" 1 "$rc"

# --reports: every report line, for make soak's count.
printf '%b' "$boot"'[    3.1] WARNING: CPU: 0 PID: 1 at x.c:1 f\n[    3.2] Call Trace:\nWARNING: user\n' > "$tmp/console"
out=$("$check" --reports "$tmp/console")
expect_eq "--reports exits 0" 0 "$?"
expect_eq "--reports prints the kernel report lines only" 2 "$(wc -l <<< "$out")"
printf '%b' "$boot" > "$tmp/console"
expect_eq "--reports of a clean log prints nothing" "" "$("$check" --reports "$tmp/console")"

tap_done
