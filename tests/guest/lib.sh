# shellcheck shell=sh disable=SC2034 # READY is for the sourcing script
# SPDX-License-Identifier: GPL-2.0
#
# lib.sh: what the guest test scripts share.  Installed next to them in
# /tests/bin and sourced with
#
#	. "$(dirname "$0")/lib.sh"
#
# fail MSG...            print "FAIL: MSG" and exit 1; runs the script's
#                        on_fail function first, when it defines one
#                        (to restore a knob it changed)
# wait_until TENTHS WHAT CMD...
#                        run CMD every 0.1 s until it succeeds; fail with
#                        "WHAT did not happen" after TENTHS tries
# wait_ready FILE WHAT [TENTHS]
#                        until FILE has a "ready PID" line (the test
#                        workloads print one); set READY to PID.  Fails
#                        after TENTHS tries (default 600, one minute)
# pcpu_max_cids          max_cids of the tests' per-CPU workload: 9 users
#                        pinned to the 4 online CPUs, so min(4 + 4 / 4,
#                        possible CPUs)

fail() {
	echo "FAIL: $*"
	if command -v on_fail > /dev/null 2>&1; then
		on_fail
	fi
	exit 1
}

wait_until() {
	_wu_max=$1 _wu_what=$2
	shift 2
	_wu_i=0
	until "$@"; do
		_wu_i=$((_wu_i + 1))
		[ $_wu_i -lt "$_wu_max" ] || fail "$_wu_what did not happen"
		sleep 0.1
	done
}

wait_ready() {
	_wr_i=0
	until grep -q ready "$1" 2> /dev/null; do
		_wr_i=$((_wr_i + 1))
		[ $_wr_i -lt "${3:-600}" ] || fail "$2 did not start"
		sleep 0.1
	done
	READY=$(awk '/ready/ { print $2; exit }' "$1")
}

pcpu_max_cids() {
	_pm_n=$(($(cut -d- -f2 /sys/devices/system/cpu/possible) + 1))
	[ "$_pm_n" -le 5 ] || _pm_n=5
	echo "$_pm_n"
}
