#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# shell-smoke.sh: 'make shell' boots to a shell that takes commands: feed
# it a few on stdin and check their output.  One TAP line.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
mkdir -p "$P_VM"
out=$P_VM/shell-smoke.log
cmds='echo smoke-$((6 * 7)); insmod /tests/bin/rseq_cid.ko && rseqctl mm list | head -n 1; poweroff -f'
( sleep 8; echo "$cmds" ) | timeout 120 "$top/tests/vm/run-vm.sh" \
	--variant patched --plan shell > "$out" 2>&1
if grep -q '^smoke-42' "$out" && grep -q '^PID *COMM *MODE' "$out"; then
	echo "ok shell: interactive shell runs commands"
else
	echo "not ok shell: interactive shell runs commands # see ${out#"$top"/}"
	tail -n 5 "$out" | sed 's/^/#   /'
	exit 1
fi
