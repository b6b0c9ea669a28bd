#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-case.sh CASES COMMAND [ARGS...]
#
# Run a benchmark of the bench-cs plan unless the kernel command line
# picks another case: with bench.case=NAME (scripts/bench-cs.sh, make
# bench CASE=NAME) only the lines whose comma-separated CASES (the names
# COMMAND prints) include NAME run.  BENCH_CMDLINE replaces
# /proc/cmdline for the host-side test.
want=$(tr ' ' '\n' < "${BENCH_CMDLINE:-/proc/cmdline}" | sed -n 's/^bench\.case=//p')
if [ -n "$want" ]; then
	case ",$1," in
	*",$want,"*) ;;
	*) exit 0 ;;
	esac
fi
shift
exec "$@"
