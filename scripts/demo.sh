#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the main job behind 'make run'.  Boots the patched kernel in
# QEMU, runs the demo plan (a workload crossing per-task and per-CPU CID
# mode) and prints what the guest reported on this terminal.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
out=$P_VM/demo
echo "demo: booting the patched kernel (QEMU TCG, 4 CPUs)"
rc=0
mkdir -p "$P_VM"
"$top/tests/vm/run-vm.sh" --variant patched --plan demo \
	--out "$out" > "$out.tap" 2>&1 || rc=$?
tr -d '\r' < "$out/output.txt"
if [ "$rc" != 0 ]; then
	echo "demo: the guest run failed; results:" >&2
	grep -v '^ok ' "$out.tap" >&2
	exit 1
fi
