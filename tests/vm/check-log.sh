#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-log.sh LABEL CONSOLE_LOG RESULTS_KTAP
#
# Judge a finished guest run and print it as TAP lines:
#   - one line per KTAP result the guest wrote (prefixed with LABEL),
#   - "guest finished": the results end with "@@END rc=0" and the number of
#     results matches the plan,
#   - "kernel log clean": no oops, WARN, BUG, lockdep, KASAN, RCU stall or
#     hung-task report in the console log.
# Exit status 0 only when every line is "ok".
#
# check-log.sh --reports CONSOLE_LOG prints every such kernel report line
# (for counting; tests/vm/soak.sh) and exits 0.
set -u

# Only kernel lines (printk timestamp prefix) count; test output can say
# anything.
splat='(Kernel panic|Oops|BUG:|WARNING:|general protection fault|KASAN:|UBSAN:|'
splat+='possible (circular|recursive) locking|inconsistent lock state|'
splat+='lock held when returning|suspicious RCU usage|rcu_sched detected stall|'
splat+='rcu: INFO|INFO: task .* blocked for more|unreferenced object|'
splat+='Call Trace:|DEBUG_LOCKS_WARN_ON)'

# reports CONSOLE_LOG: the report lines, and a killed guest.
reports() {
	grep -a -E "^\[ *[0-9]+\.[0-9]+\] .*$splat|^guest killed after" "$1"
}

if [ "${1:-}" = --reports ]; then
	reports "$2"
	exit 0
fi

label=$1
console=$2
results=$3
failed=0
# The guest's serial port turns "\n" into "\r\n".
ktap=$(tr -d '\r' < "$results")

while IFS= read -r line; do
	case "$line" in
	"ok "*|"not ok "*)
		num=${line#ok }
		num=${num#not ok }
		case "$line" in "not ok "*) failed=$((failed + 1)) ;; esac
		status=${line%% [0-9]*}
		echo "$status $label: ${num#* }"
		;;
	"# "*) echo "$line" ;;
	esac
done < <(grep -a -E '^(ok|not ok) [0-9]+|^# ' <<< "$ktap")

planned=$(grep -a -m1 -E '^1\.\.[0-9]+' <<< "$ktap" | sed 's/^1\.\.\([0-9]*\).*/\1/')
reported=$(grep -a -c -E '^(ok|not ok) [0-9]+' <<< "$ktap")
end=$(grep -a -m1 -E '^@@END rc=' <<< "$ktap" | sed 's/^@@END rc=//')
if [ -z "$end" ]; then
	echo "not ok $label: guest finished # no end marker: panic, hang or timeout"
	failed=$((failed + 1))
elif [ -z "$planned" ] || [ "$planned" != "$reported" ]; then
	echo "not ok $label: guest finished # planned ${planned:-none}, reported $reported"
	failed=$((failed + 1))
elif [ "$end" != 0 ] && [ "$failed" = 0 ]; then
	echo "not ok $label: guest finished # plan runner exited $end"
	failed=$((failed + 1))
else
	echo "ok $label: guest finished"
fi

reports=$(reports "$console" | head -n 5)
if [ -n "$reports" ]; then
	echo "not ok $label: kernel log clean"
	echo "$reports" | sed 's/^/#   /'
	failed=$((failed + 1))
else
	echo "ok $label: kernel log clean"
fi

[ "$failed" = 0 ]
