#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's plan runner (tests/vm/guest/run-plan), run on the host under
# busybox sh as in the guest: KTAP shape, pass/fail, timeouts, comments.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/p.plan" <<'PLAN'
# a comment, then a blank line

passes		5	true
fails		5	echo out-of-fails; exit 3
times_out	1	sleep 5
default_limit	0	test "$(echo a b)" = "a b"
PLAN

out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/p.plan" 7)
rc=$?
expect_eq "exits non-zero when a test fails" 1 "$rc"
expect_eq "starts with the KTAP header" "KTAP version 1" "$(head -n 1 <<< "$out")"
expect_match "plans the 4 non-comment lines" '^1\.\.4$' "$out"
expect_match "passing test" '^ok 1 passes # time=' "$out"
expect_match "failing test with exit status" '^not ok 2 fails # exit 3' "$out"
expect_match "failing test output copied as diagnostics" '^#   out-of-fails$' "$out"
expect_match "timeout reported as such" '^not ok 3 times_out # timeout after 1s' "$out"
expect_match "shell syntax in commands and default timeout" '^ok 4 default_limit' "$out"
expect_match "test output goes to the console" 'out-of-fails' "$(cat "$tmp/console")"

printf 'one 5 true\n' > "$tmp/q.plan"
out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/q.plan")
expect_eq "exits 0 when all pass" 0 "$?"

# A slow guest (arm64 TCG) scales every limit: 1 s x 3 lets a 2 s test
# pass, and the timeout message names the scaled limit.
printf 'slow 1 sleep 2\nslower 1 sleep 5\n' > "$tmp/s.plan"
out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/s.plan" 7 3)
expect_match "a scaled limit lets a slow test pass" '^ok 1 slow' "$out"
expect_match "the scaled limit is reported" '^not ok 2 slower # timeout after 3s' "$out"

out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/none.plan")
expect_eq "a missing plan file fails" 1 "$?"

# 'include NAME' expands NAME.plan of the same directory in place, its
# comments dropped and its commands' spacing kept; a missing include or
# a loop fails the plan before any test runs.
cat > "$tmp/inner.plan" <<'PLAN'
# shared
inner_a	5	test "$(echo 'a  b' | wc -c)" = 5
inner_b	5	true
PLAN
printf 'first 5 true\ninclude inner\nlast 5 false\n' > "$tmp/outer.plan"
out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/outer.plan")
expect_eq "an included plan: its lines in place, counted in the plan" \
	"1..4|ok 1 first|ok 2 inner_a|ok 3 inner_b|not ok 4 last" \
	"$(grep -E '^(1\.\.|ok|not ok)' <<< "$out" | sed 's/ #.*//' | paste -sd'|')"
printf 'a 5 true\ninclude nowhere\n' > "$tmp/bad.plan"
out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/bad.plan")
expect_eq "a missing include fails before any test" "1 0" "$? $(grep -c '^ok' <<< "$out")"
printf 'a 5 true\ninclude loop\n' > "$tmp/loop.plan"
out=$(CONSOLE=$tmp/console TMPDIR=$tmp busybox sh "$top/tests/vm/guest/run-plan" "$tmp/loop.plan")
expect_eq "an include loop fails before any test" "1 0" "$? $(grep -c '^ok' <<< "$out")"

tap_done
