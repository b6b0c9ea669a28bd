#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh SECONDS: 'make soak DURATION=SECONDS' (docs/testing.md).
#
# Boots the debug kernel (KASAN, lockdep, kmemleak, DEBUG_RSEQ) with plan
# soak: tests/guest/soak-run.sh runs the CID collision detector under
# thread and affinity churn next to CPU hotplug, fork/exec storms,
# netlink queries and module insmod/rmmod cycles for SECONDS, then scans
# for leaks.  Prints the guest's TAP lines and the counts, with the
# kernel report lines of the console (check-log.sh --reports), and exits
# non-zero on any collision, out-of-range CID, report or leak.  The VM's
# files stay in build/vm/soak.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-}
case "$secs" in
''|*[!0-9]*) echo "soak: usage: soak.sh SECONDS (got '$secs')" >&2; exit 2 ;;
esac
kernel=$top/build/kernel/debug/bzImage
initrd=$top/build/vm/debug/initramfs.cpio.gz
out=$top/build/vm/soak

# Boot, the kmemleak scan and teardown of a KASAN kernel under TCG take
# minutes on a loaded host.
start=$SECONDS
"$top/tests/vm/run-vm.sh" --kernel "$kernel" --initrd "$initrd" --plan soak \
	--label soak --append "rseqtest.soak=$secs" \
	--test-timeout $((secs + 900)) --timeout $((secs + 1500))
rc=$?
wall=$((SECONDS - start))

echo "# soak: $secs s asked, $wall s of wall time in all"
summary=$(tr -d '\r' < "$out/output.txt" | sed -n 's/^soak: //p')
if [ -z "$summary" ]; then
	echo "# soak: the guest printed no counts (see $out/console.log)"
	rc=1
fi
sed 's/^/# soak: /' <<< "$summary"
reports=$("$top/tests/vm/check-log.sh" --reports "$out/console.log" | wc -l)
echo "# soak: kernel_report_lines $reports"
[ "$reports" = 0 ] || rc=1
exit "$rc"
