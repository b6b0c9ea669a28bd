#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The shell-less guest init (tests/vm/guest/ktap-init.c), built for the
# host and run as a plain plan runner: KTAP shape, pass/fail, exit
# status and signals, timeouts that kill the whole process group,
# VAR=VALUE words, diagnostics, a missing plan.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! gcc -O2 -Wall -Werror -static "$top/tests/vm/guest/ktap-init.c" -o "$tmp/ktap-init" 2> "$tmp/cc.log"; then
	fail "ktap-init builds" "$(cat "$tmp/cc.log")"
	tap_done
	exit
fi
pass "ktap-init builds without warnings"

# No shell parses plan lines, so the tests with shell syntax are scripts.
printf '#!/bin/sh\necho out-of-fails\nexit 3\n' > "$tmp/fails"
printf '#!/bin/sh\nsleep 30 &\nsleep 30\n' > "$tmp/hangs"
# shellcheck disable=SC2016 # expanded by the test script
printf '#!/bin/sh\ntest "$KTAP_X$KTAP_Y" = 12\n' > "$tmp/env"
printf '#!/bin/sh\nkill -9 $$\n' > "$tmp/killed"
chmod +x "$tmp/fails" "$tmp/hangs" "$tmp/env" "$tmp/killed"
sed "s|@T@|$tmp|g" > "$tmp/p.plan" <<'PLAN'
# a comment, then a blank line

passes		5	true
fails		5	@T@/fails
times_out	1	@T@/hangs
env_words	0	KTAP_X=1 KTAP_Y=2 @T@/env
killed		5	@T@/killed
no_cmd		5
missing		5	no-such-program-here
PLAN

start=$SECONDS
out=$(KTAP_INIT_OUT=$tmp/out "$tmp/ktap-init" "$tmp/p.plan" 7 2> "$tmp/console")
rc=$?
expect_eq "exits non-zero when a test fails" 1 "$rc"
expect_eq "starts with the KTAP header" "KTAP version 1" "$(head -n 1 <<< "$out")"
expect_match "names the plan" '^# plan p$' "$out"
expect_match "plans the 7 non-comment lines" '^1\.\.7$' "$out"
expect_match "passing test" '^ok 1 passes # time=' "$out"
expect_match "failing test with exit status" '^not ok 2 fails # exit 3$' "$out"
expect_match "failing test output copied as diagnostics" '^#   out-of-fails$' "$out"
expect_match "timeout reported as such" '^not ok 3 times_out # timeout after 1s$' "$out"
expect_eq "the timeout kills the process group at once" 1 "$((SECONDS - start < 10))"
expect_match "VAR=VALUE words go into the environment" '^ok 4 env_words' "$out"
expect_match "a signal is reported" '^not ok 5 killed # exit 137$' "$out"
expect_match "a line without a command fails" '^not ok 6 no_cmd # no command' "$out"
expect_match "a missing program fails with 127" '^not ok 7 missing # exit 127$' "$out"
expect_match "test output goes to the console" 'out-of-fails' "$(cat "$tmp/console")"

printf 'one 5 true\n' > "$tmp/q.plan"
KTAP_INIT_OUT=$tmp/out "$tmp/ktap-init" "$tmp/q.plan" > /dev/null 2>&1
expect_eq "exits 0 when all pass" 0 "$?"

out=$("$tmp/ktap-init" "$tmp/none.plan" 2>&1)
expect_eq "a missing plan file fails" 1 "$?"
expect_match "a missing plan file is a SKIP line" '^1\.\.0 # SKIP no plan' "$out"

"$tmp/ktap-init" > /dev/null 2>&1
expect_eq "no arguments outside PID 1 is a usage error" 2 "$?"

tap_done
