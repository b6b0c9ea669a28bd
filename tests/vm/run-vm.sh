#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [--arch ARCH] {--variant V | --kernel IMAGE --initrd FILE} --plan NAME [options]
#
# Boot a kernel under QEMU TCG with the test initramfs, run test plan NAME
# (tests/vm/plans/NAME.plan) inside and judge the run: every test's KTAP
# result, the end marker, and a kernel log free of oops/WARN/BUG/lockdep/
# KASAN reports.  Prints TAP lines and exits 0 only if all of that holds.
# --plan shell boots to an interactive shell instead.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
usage() {
	cat <<USAGE
usage: run-vm.sh {--variant V | --kernel IMAGE --initrd FILE} --plan NAME [options]
  --arch ARCH         x86_64 (default, or \$ARCH), arm64 (qemu-system-aarch64
                      -M virt -cpu max) or riscv64 (qemu-system-riscv64 -M virt,
                      OpenSBI; no shell in the guest, so no --plan shell)
  --variant V         stock, patched or debug: the kernel and initramfs that
                      'make' built for ARCH (scripts/lib/paths.sh)
  --kernel IMAGE      kernel image to boot (bzImage, arm64 Image)
  --initrd FILE       initramfs to boot
  --timeout SECS      kill the guest after SECS (default 900)
  --test-timeout SECS default per-test timeout inside the guest (default 300)
  --timeout-scale N   multiply every per-test timeout of the plan by N
                      (default 1; the limits are sized on x86_64, arm64
                      under TCG runs several times slower)
  --smp N             virtual CPUs (default 4)
  --maxcpus N         N possible CPUs, the first S of them online (default
                      S).  x86_64: a second MADT (tests/vm/madt.py), at most
                      255, the xAPIC limit; arm64, riscv64: a device tree
                      with N cpu nodes (tests/vm/possible-dtb.sh)
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

arch=${ARCH:-x86_64} variant= kernel= plan= initrd= out=
timeout=900 test_timeout=300 timeout_scale=1 smp=4 maxcpus= mem=1024 icount=0
rtc=2024-01-01T00:00:00 append= label= verbose=0
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=${2:-}; shift ;;
	--variant) variant=${2:-}; shift ;;
	--kernel) kernel=${2:-}; shift ;;
	--plan) plan=${2:-}; shift ;;
	--initrd) initrd=${2:-}; shift ;;
	--timeout) timeout=${2:-}; shift ;;
	--test-timeout) test_timeout=${2:-}; shift ;;
	--timeout-scale) timeout_scale=${2:-}; shift ;;
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

. "$top/scripts/lib/paths.sh"
paths_arch "$arch" 2> /dev/null || die "unknown architecture '$arch' (have: $P_ARCHES)"
if [ -n "$variant" ]; then
	paths_variant "$variant" 2> /dev/null || die "unknown variant '$variant' (stock, patched, debug)"
	kernel=${kernel:-$P_IMAGE}
	initrd=${initrd:-$P_INITRD}
fi
[ -n "$kernel" ] || die "no --kernel or --variant given (see --help)"
[ -f "$kernel" ] || die "no kernel image at $kernel (build it with 'make kernel')"
[ -n "$plan" ] || die "no --plan given (see --help)"
if [ "$plan" != shell ] && [ ! -f "$top/tests/vm/plans/$plan.plan" ]; then
	die "unknown plan '$plan' (have: $(cd "$top/tests/vm/plans" && ls -- *.plan | sed 's/\.plan$//' | tr '\n' ' ')shell)"
fi
if [ "$plan" = shell ] && [ -z "$P_TOOLS" ]; then
	die "--plan shell: the $arch guest has no shell (ktap-init only runs plans)"
fi
[ -n "$initrd" ] || die "no --initrd or --variant given (see --help)"
[ -f "$initrd" ] || die "no initramfs at $initrd (build it with 'make initramfs')"
for n in "$timeout" "$test_timeout" "$timeout_scale" "$smp" "$mem" ${maxcpus:+"$maxcpus"}; do
	case "$n" in ''|*[!0-9]*|0) die "'$n' is not a positive number" ;; esac
done
if [ "$timeout_scale" != 1 ] && [ "$arch" = riscv64 ]; then
	die "--timeout-scale: the riscv64 guest's ktap-init has fixed limits"
fi
if [ -n "$maxcpus" ] && { [ "$maxcpus" -lt "$smp" ] ||
	{ [ "$arch" = x86_64 ] && [ "$maxcpus" -gt 255 ]; }; }; then
	die "--maxcpus $maxcpus: must be from --smp ($smp) to 255 on x86_64, the xAPIC limit"
fi
command -v "$P_QEMU" >/dev/null || die "$P_QEMU missing (make deps)"

label=${label:-$plan}
out=${out:-$P_VM/$label}
mkdir -p "$out"
console=$out/console.log
results=$out/results.ktap
output=$out/output.txt
: > "$console"
: > "$results"
: > "$output"

# Per architecture: the machine, the console tty and the two channels to
# the host (KTAP results, free-form output) as the guest names them;
# channel NAME FILE adds the QEMU options of the next channel, written
# to FILE.
case "$arch" in
x86_64)
	qemu=("$P_QEMU" -accel tcg)
	tty=ttyS0 ktap_tty=ttyS1 out_tty=ttyS2
	# Under TCG on a loaded host the IO-APIC timer check can miss its
	# ticks and panic the boot ("IO-APIC + timer doesn't work!", seen
	# at load 12 by check-series); QEMU's timer is known to work.
	append+=" no_timer_check"
	channel() { qemu+=(-serial "file:$2"); } ;;
arm64)
	qemu=("$P_QEMU" -M virt,gic-version=3 -cpu max -accel tcg
		-device virtio-serial-device)
	tty=ttyAMA0 ktap_tty=hvc0 out_tty=hvc1
	channel() {
		qemu+=(-chardev "file,id=$1,path=$2" -device "virtconsole,chardev=$1")
	} ;;
riscv64)
	# QEMU's default firmware for virt is OpenSBI (fw_dynamic); the
	# ns16550a UART is the console, the channels virtio consoles.
	qemu=("$P_QEMU" -M virt -accel tcg -device virtio-serial-device)
	tty=ttyS0 ktap_tty=hvc0 out_tty=hvc1
	channel() {
		qemu+=(-chardev "file,id=$1,path=$2" -device "virtconsole,chardev=$1")
	} ;;
esac
qemu+=(-smp "$smp" -m "$mem"
	-no-reboot -nic none -kernel "$kernel" -initrd "$initrd")
if [ "$icount" = 1 ]; then
	qemu+=(-icount shift=0,align=off,sleep=off -rtc "base=$rtc,clock=vm")
fi
# Possible CPUs beyond the online ones: firmware tables that list them,
# and maxcpus= so that only the S CPUs QEMU has come up.  QEMU's own
# -smp S,maxcpus=N is not enough (tests/vm/madt.py says why).
if [ -n "$maxcpus" ]; then
	case "$arch" in
	x86_64)
		"$top/tests/vm/madt.py" "$maxcpus" "$out/madt.bin" ||
			die "cannot write $out/madt.bin"
		qemu+=(-acpitable "sig=APIC,rev=3,data=$out/madt.bin")
		append+=" acpi_apic_instance=2" ;;
	arm64|riscv64)
		"$top/tests/vm/possible-dtb.sh" "$out/possible.dtb" "$maxcpus" "${qemu[@]}" ||
			die "cannot make a device tree with $maxcpus CPUs"
		qemu+=(-dtb "$out/possible.dtb") ;;
	esac
	append+=" maxcpus=$smp"
fi
cmdline="console=$tty loglevel=5 panic=-1 oops=panic panic_on_warn=1"
cmdline+=" rseqtest.plan=$plan rseqtest.timeout=$test_timeout"
[ "$timeout_scale" = 1 ] || cmdline+=" rseqtest.timeout_scale=$timeout_scale"
cmdline+=" rseqtest.ktap=$ktap_tty rseqtest.out=$out_tty $append"

if [ "$plan" = shell ]; then
	exec "${qemu[@]}" -nographic -serial mon:stdio -append "$cmdline"
fi

# The console, the KTAP results, free-form output for the host (the
# demo's JSON, benchmark numbers).
qemu+=(-display none -monitor none -serial "file:$console")
channel ktap "$results"
channel out "$output"
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
