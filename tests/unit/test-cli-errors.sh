#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input to the project's commands gets one line on stderr and a
# non-zero exit: the VM runner, the kernel build and the test driver.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/bzImage" "$tmp/initrd"

# one_line_error DESC WANT_REGEX CMD... : exit 2, exactly one stderr line
one_line_error() {
	local desc=$1 want=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	expect_eq "$desc: exit 2" 2 "$rc"
	expect_eq "$desc: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
	expect_match "$desc: message" "$want" "$err"
}

vm=$top/tests/vm/run-vm.sh
one_line_error "run-vm missing kernel" '^run-vm: no kernel image at /nonexistent' \
	"$vm" --kernel /nonexistent --plan boot
one_line_error "run-vm unknown plan" "^run-vm: unknown plan 'nosuch' \(have: .*boot" \
	"$vm" --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan nosuch
one_line_error "run-vm no plan" '^run-vm: no --plan' "$vm" --kernel "$tmp/bzImage"
one_line_error "run-vm unknown option" "^run-vm: unknown option '--bogus'" "$vm" --bogus
one_line_error "run-vm bad timeout" "^run-vm: 'soon' is not a positive number" \
	"$vm" --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan boot --timeout soon
one_line_error "run-vm missing initramfs" '^run-vm: no initramfs at' \
	"$vm" --kernel "$tmp/bzImage" --initrd "$tmp/none" --plan boot
one_line_error "run-vm too many possible CPUs" '^run-vm: --maxcpus 256: must be from --smp \(4\) to 255' \
	"$vm" --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan boot --maxcpus 256
one_line_error "run-vm fewer possible than online CPUs" '^run-vm: --maxcpus 2: must be from --smp \(4\)' \
	"$vm" --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan boot --maxcpus 2
one_line_error "run-vm unknown architecture" "^run-vm: unknown architecture 'vax' \(have: x86_64 arm64 riscv64\)" \
	"$vm" --arch vax --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan boot
one_line_error "run-vm no shell on riscv64" '^run-vm: --plan shell: the riscv64 guest has no shell' \
	"$vm" --arch riscv64 --kernel "$tmp/bzImage" --initrd "$tmp/initrd" --plan shell
one_line_error "run-vm unknown variant" "^run-vm: unknown variant 'fancy'" \
	"$vm" --variant fancy --plan boot
one_line_error "run-vm no initramfs" '^run-vm: no --initrd or --variant' \
	"$vm" --kernel "$tmp/bzImage" --plan boot
one_line_error "kernel-build unknown architecture" "^kernel-build.sh: unknown architecture 'vax'" \
	env ARCH=vax "$top/scripts/kernel-build.sh" patched
one_line_error "mkinitramfs ynl on arm64" '^mkinitramfs: --ynl is for x86_64 only' \
	env ARCH=arm64 "$top/tests/vm/mkinitramfs.sh" --ynl patched
one_line_error "build-matrix bad --skip" "^build-matrix.sh: --skip needs an architecture" \
	"$top/scripts/build-matrix.sh" compile --skip vax
one_line_error "kernel-build unknown variant" "unknown variant 'fancy'" \
	"$top/scripts/kernel-build.sh" fancy
one_line_error "kernel-build missing source" 'missing; run .make deps.' \
	env LINUX_SOURCE_TARBALL=/nonexistent.tar.xz "$top/scripts/kernel-build.sh" stock
one_line_error "build-matrix unknown architecture" "^build-matrix.sh: unknown architecture 'vax' \(amd64 " \
	"$top/scripts/build-matrix.sh" compile vax
one_line_error "build-matrix unknown variant" "^build-matrix.sh: unknown variant 'fast' \(.*no-rseq" \
	"$top/scripts/build-matrix.sh" link amd64:fast
one_line_error "build-matrix variant in compile" "^build-matrix.sh: compile takes architectures only" \
	"$top/scripts/build-matrix.sh" compile amd64:rt
one_line_error "build-matrix no mode" "^usage: build-matrix.sh" "$top/scripts/build-matrix.sh"
one_line_error "run-tests unknown suite" "^run-tests: unknown suite 'nosuch'" \
	"$top/tests/run-tests.sh" nosuch

tap_done
