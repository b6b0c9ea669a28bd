#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/guest/lib.sh under busybox sh, as the guest runs it: fail() and
# its on_fail hook, wait_until and wait_ready.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$top/tests/guest/lib.sh" "$tmp/"

# guest SCRIPT: run SCRIPT (which sources lib.sh) under busybox sh.
guest() {
	printf '. "$(dirname "$0")/lib.sh"\n%s\n' "$1" > "$tmp/t.sh"
	busybox sh "$tmp/t.sh" 2>&1
}

out=$(guest 'fail "it broke"; echo after')
expect_eq "fail exits 1" 1 $?
expect_eq "fail prints one FAIL line" "FAIL: it broke" "$out"
out=$(guest 'on_fail() { echo restored; }; fail x')
expect_eq "fail runs on_fail" "FAIL: x
restored" "$out"
out=$(guest 'wait_until 3 "the impossible" false')
expect_eq "wait_until gives up" 1 $?
expect_eq "wait_until says what" "FAIL: the impossible did not happen" "$out"
out=$(guest "(sleep 0.2; echo 'ready 1234' > $tmp/r) & wait_ready $tmp/r worker; echo \$READY")
expect_eq "wait_ready sets READY" 1234 "$out"
out=$(guest "wait_ready $tmp/none worker 2")
expect_eq "wait_ready gives up" "FAIL: worker did not start" "$out"

tap_done
