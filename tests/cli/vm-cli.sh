#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-cli.sh: run the cli plan on the patched kernel, QEMU asked for 255
# possible CPUs (a server's shape; its pc machine has no more), then check
# the JSON and Prometheus text it produced on the host.  TAP lines from
# both.  Note: under TCG the 6.12 guest still counts 4 possible CPUs
# ("Allowing 4 present CPUs plus 0 hotplug CPUs"): acpi_is_processor_usable()
# takes QEMU's disabled MADT entries only when a hypervisor is detected.
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
"$top/tests/vm/run-vm.sh" --kernel "$top/build/kernel/patched/bzImage" \
	--initrd "$top/build/vm/patched/initramfs.cpio.gz" --plan cli \
	--label patched-cli --maxcpus 255 || rc=1
PATH=/usr/bin:$PATH python3 "$top/tests/cli/check-json.py" \
	"$top/build/vm/patched-cli/output.txt" "$top/docs/rseqctl-schema.json" || rc=1
grep -a '^@@PERF' "$top/build/vm/patched-cli/output.txt" | tr -d '\r' | sed 's/^@@PERF /# perf: /'
exit $rc
