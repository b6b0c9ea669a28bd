#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/lib/paths.sh: x86_64 keeps the historical build/ layout, other
# architectures get the same layout under build/ARCH, and bad names fail.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
. "$top/scripts/lib/paths.sh"

unset ARCH
paths_arch
paths_variant patched
expect_eq "default arch" x86_64 "$P_ARCH"
expect_eq "x86_64 tree" "$top/build/linux-patched" "$P_SRC"
expect_eq "x86_64 image" "$top/build/kernel/patched/bzImage" "$P_IMAGE"
expect_eq "x86_64 initramfs" "$top/build/vm/patched/initramfs.cpio.gz" "$P_INITRD"
expect_eq "x86_64 guest bin" "$top/build/guest/bin" "$P_GUEST_BIN"
expect_eq "x86_64 module" "$top/build/guest/patched" "$P_GUEST_MOD"
expect_eq "x86_64 module build" "$top/build/mod/patched" "$P_MODSRC"
expect_eq "x86_64 kernel ARCH" x86 "$P_KARCH"
expect_eq "x86_64 no cross compiler" gcc "$P_CC"

ARCH=arm64 paths_arch
paths_variant debug
expect_eq "arm64 from \$ARCH" arm64 "$P_ARCH"
expect_eq "arm64 tree" "$top/build/arm64/linux-debug" "$P_SRC"
expect_eq "arm64 image" "$top/build/arm64/kernel/debug/Image" "$P_IMAGE"
expect_eq "arm64 initramfs" "$top/build/arm64/vm/debug/initramfs.cpio.gz" "$P_INITRD"
expect_eq "arm64 guest bin" "$top/build/arm64/guest/bin" "$P_GUEST_BIN"
expect_eq "arm64 compiler" aarch64-linux-gnu-gcc "$P_CC"
expect_eq "arm64 qemu" qemu-system-aarch64 "$P_QEMU"
for a in $P_ARCHES; do
	[ -f "$top/kernel/config/arch/$a.config" ]
	expect_eq "$a has a config fragment" 0 $?
done

err=$(paths_arch vax 2>&1)
expect_eq "unknown arch fails" 2 $?
expect_match "unknown arch message" "unknown architecture 'vax'" "$err"
err=$(paths_variant fancy 2>&1)
expect_eq "unknown variant fails" 2 $?
expect_match "unknown variant message" "unknown variant 'fancy'" "$err"

tap_done
