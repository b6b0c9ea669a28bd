#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ynl-tests.sh stats|mm|dump: the kernel's ynl CLI against the module.
ynl() {
	python3 /opt/ynl/cli.py --spec /opt/ynl/rseq-cid.yaml --no-schema "$@"
}

. "$(dirname "$0")/lib.sh"

case "$1" in
stats)
	ynl --do stats-get > /tmp/y || fail "stats-get"
	cat /tmp/y
	grep -q "'mms': [1-9]" /tmp/y || fail "stats-get without mms"
	grep -q "'mode-switches': [0-9]" /tmp/y || fail "stats-get without mode-switches"
	ynl --do stats-get --json '{"mms": 1}' > /tmp/y 2>&1 && fail "stats-get with an attribute succeeded"
	grep -q "error: -22" /tmp/y || fail "stats-get with an attribute: want EINVAL: $(tail -n 2 /tmp/y)"
	;;
mm)
	ynl --do mm-get --json '{"pid": 1}' > /tmp/y || fail "mm-get pid 1"
	cat /tmp/y
	grep -q "'comm': 'init'" /tmp/y || fail "mm-get: comm of pid 1"
	grep -q "'mode': 'per-task'" /tmp/y || fail "mm-get: mode decoded from the spec's enum"
	ynl --do mm-get --json '{"pid": 999999}' > /tmp/y 2>&1 && fail "mm-get of no process succeeded"
	grep -q "no process 999999" /tmp/y || fail "mm-get: extack not shown"
	;;
dump)
	ynl --dump mm-get > /tmp/y || fail "dump"
	head -c 600 /tmp/y
	grep -q "'pid': 1," /tmp/y || fail "dump lacks pid 1"
	grep -q "'nr-cpu-ids': " /tmp/y || fail "dump lacks nr-cpu-ids"
	ynl --dump mm-get --json '{"pid": 1}' > /tmp/y || fail "dump filtered to pid 1"
	[ "$(grep -o "'pid': [0-9]*" /tmp/y | sort -u)" = "'pid': 1" ] ||
		fail "dump filtered to pid 1 has other pids: $(grep -o "'pid': [0-9]*" /tmp/y | sort -u | head -3)"
	;;
*)
	echo "usage: ynl-tests.sh stats|mm|dump"
	exit 2
	;;
esac
