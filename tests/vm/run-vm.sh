#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh --kernel BZIMAGE --plan NAME [options]
#
# Boot BZIMAGE under QEMU TCG with the test initramfs, run test plan NAME
# (tests/vm/plans/NAME.plan) inside and judge the run: every test's KTAP
# result, the end marker, and a kernel log free of oops/WARN/BUG/lockdep/
# KASAN reports.  Prints TAP lines and exits 0 only if all of that holds.
# --plan shell boots to an interactive shell instead.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
usage() {
	cat <<USAGE
usage: run-vm.sh --kernel BZIMAGE --plan NAME [options]
  --initrd FILE       initramfs to boot (default: build/vm/initramfs.cpio.gz)
  --timeout SECS      kill the guest after SECS (default 900)
  --test-timeout SECS default per-test timeout inside the guest (default 300)
  --smp N             virtual CPUs (default 4)
  --maxcpus N         possible CPUs (default S): a second MADT with N CPUs
                      (tests/vm/madt.py), of which the first S come online.
                      At most 255, the xAPIC limit
  --mem MB            guest memory (default 1024)
  --icount            deterministic timing: -icount and a fixed RTC
  --rtc DATE          RTC base date with --icount (default 2024-01-01T00:00:00)
  --append ARGS       extra kernel command line (may be repeated)
  --out DIR           where console.log and results.ktap go
  --label TEXT        name used in the TAP lines (default: plan name)
  -v                  copy the guest console to stderr while it runs
plans: $(cd "$top/tests/vm/plans" && ls -- *.plan | sed 's/\.plan$//' | tr '\n' ' ')shell
USAGE
}

die() {
	echo "run-vm: $*" >&2
	exit 2
}

kernel= plan= initrd=$top/build/vm/initramfs.cpio.gz out=
timeout=900 test_timeout=300 smp=4 maxcpus= mem=1024 icount=0
rtc=2024-01-01T00:00:00 append= label= verbose=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:-}; shift ;;
	--plan) plan=${2:-}; shift ;;
	--initrd) initrd=${2:-}; shift ;;
	--timeout) timeout=${2:-}; shift ;;
	--test-timeout) test_timeout=${2:-}; shift ;;
	--smp) smp=${2:-}; shift ;;
	--maxcpus) maxcpus=${2:-}; shift ;;
	--mem) mem=${2:-}; shift ;;
	--icount) icount=1 ;;
	--rtc) rtc=${2:-}; shift ;;
	--append) append="$append ${2:-}"; shift ;;
	--out) out=${2:-}; shift ;;
	--label) label=${2:-}; shift ;;
	-v) verbose=1 ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done

[ -n "$kernel" ] || die "no --kernel given (see --help)"
[ -f "$kernel" ] || die "no kernel image at $kernel (build it with 'make kernel')"
[ -n "$plan" ] || die "no --plan given (see --help)"
if [ "$plan" != shell ] && [ ! -f "$top/tests/vm/plans/$plan.plan" ]; then
	die "unknown plan '$plan' (have: $(cd "$top/tests/vm/plans" && ls -- *.plan | sed 's/\.plan$//' | tr '\n' ' ')shell)"
fi
[ -f "$initrd" ] || die "no initramfs at $initrd (build it with 'make initramfs')"
for n in "$timeout" "$test_timeout" "$smp" "$mem" ${maxcpus:+"$maxcpus"}; do
	case "$n" in ''|*[!0-9]*) die "'$n' is not a positive number" ;; esac
done
if [ -n "$maxcpus" ] && { [ "$maxcpus" -lt "$smp" ] || [ "$maxcpus" -gt 255 ]; }; then
	die "--maxcpus $maxcpus: must be from --smp ($smp) to 255, the xAPIC limit"
fi
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"

label=${label:-$plan}
out=${out:-$top/build/vm/$label}
mkdir -p "$out"
console=$out/console.log
results=$out/results.ktap
output=$out/output.txt
: > "$console"
: > "$results"
: > "$output"

qemu=(qemu-system-x86_64 -accel tcg -smp "$smp" -m "$mem"
	-no-reboot -nic none -kernel "$kernel" -initrd "$initrd")
if [ "$icount" = 1 ]; then
	qemu+=(-icount shift=0,align=off,sleep=off -rtc "base=$rtc,clock=vm")
fi
cmdline="console=ttyS0 loglevel=5 panic=-1 oops=panic panic_on_warn=1"
cmdline+=" rseqtest.plan=$plan rseqtest.timeout=$test_timeout"
# Possible CPUs beyond the online ones come from a second MADT that the
# kernel is told to use (why QEMU's own is not enough: madt.py).
if [ -n "$maxcpus" ]; then
	"$top/tests/vm/madt.py" "$maxcpus" "$out/madt.bin" || die "cannot write $out/madt.bin"
	qemu+=(-acpitable "sig=APIC,rev=3,data=$out/madt.bin")
	cmdline+=" acpi_apic_instance=2 maxcpus=$smp"
fi
cmdline+=" $append"

if [ "$plan" = shell ]; then
	exec "${qemu[@]}" -nographic -serial mon:stdio -append "$cmdline"
fi

# ttyS0 console, ttyS1 KTAP results, ttyS2 free-form output for the host
# (the demo's JSON, benchmark numbers).
qemu+=(-display none -monitor none -serial "file:$console" -serial "file:$results"
	-serial "file:$output")
set +e
if [ "$verbose" = 1 ]; then
	tail -n +1 -F "$console" >&2 2>/dev/null &
	tailpid=$!
fi
timeout -k 10 "$timeout" "${qemu[@]}" -append "$cmdline" < /dev/null > "$out/qemu.log" 2>&1
qemu_rc=$?
[ "$verbose" = 1 ] && kill "$tailpid" 2>/dev/null
set -e
if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	echo "guest killed after ${timeout}s" >> "$console"
fi
"$top/tests/vm/check-log.sh" "$label" "$console" "$results"
