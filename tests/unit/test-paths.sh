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
expect_eq "x86_64 patched boots systemd: its fragment exists" yes \
	"$([ -n "$P_BOOT_FRAG" ] && [ -f "$top/kernel/config/$P_BOOT_FRAG" ] && echo yes)"

ARCH=arm64 paths_arch
paths_variant debug
expect_eq "arm64 from \$ARCH" arm64 "$P_ARCH"
expect_eq "arm64 tree" "$top/build/arm64/linux-debug" "$P_SRC"
expect_eq "arm64 image" "$top/build/arm64/kernel/debug/Image" "$P_IMAGE"
expect_eq "arm64 initramfs" "$top/build/arm64/vm/debug/initramfs.cpio.gz" "$P_INITRD"
expect_eq "arm64 guest bin" "$top/build/arm64/guest/bin" "$P_GUEST_BIN"
expect_eq "arm64 compiler" aarch64-linux-gnu-gcc "$P_CC"
expect_eq "arm64 qemu" qemu-system-aarch64 "$P_QEMU"
expect_eq "arm64 has no boot fragment" "" "$P_BOOT_FRAG"
ARCH=riscv64 paths_arch
paths_variant patched
expect_eq "riscv64 kernel ARCH" riscv "$P_KARCH"
expect_eq "riscv64 image" "$top/build/riscv64/kernel/patched/Image" "$P_IMAGE"
expect_eq "riscv64 initramfs" "$top/build/riscv64/vm/patched/initramfs.cpio.gz" "$P_INITRD"
expect_eq "riscv64 compiler" riscv64-linux-gnu-gcc "$P_CC"
expect_eq "riscv64 qemu" qemu-system-riscv64 "$P_QEMU"
expect_eq "riscv64 has no busybox and bash (no shell)" "" "$P_TOOLS"
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

# scripts/lib/deb.sh: the kernel packages of make deb.
. "$top/scripts/lib/deb.sh"
paths_arch x86_64
paths_variant patched
deb_kernel vm
expect_eq "deb vm: packaged from the patched tree" "$top/build/linux-patched $top/build/linux-patched" \
	"$D_KSRC $D_KOBJ"
expect_eq "deb vm: packages in build/packages/vm" "$top/build/packages/vm" "$D_KDIR"
deb_kernel distro
expect_eq "deb distro: its own output tree" "$top/build/kdeb-distro/obj" "$D_KOBJ"
err=$(deb_kernel fancy 2>&1)
expect_eq "unknown kernel config fails" 2 $?
expect_match "unknown kernel config message" "unknown kernel config 'fancy' \\(have: vm distro\\)" "$err"
# deb_kernel_files on a fake output tree.
fake=$(mktemp -d)
mkdir -p "$fake/include/config"
echo 6.12.117-rseqcid-vm > "$fake/include/config/kernel.release"
D_KOBJ=$fake deb_kernel_files
expect_eq "package version: kernel version and the series' revision" "6.12.117-$D_KREV" "$D_KVER"
expect_eq "package names" "linux-image-6.12.117-rseqcid-vm linux-headers-6.12.117-rseqcid-vm" "$D_KPKGS"
expect_eq "headers file" "$D_KDIR/linux-headers-6.12.117-rseqcid-vm_6.12.117-${D_KREV}_$(dpkg --print-architecture).deb" \
	"${D_KFILES[1]}"
rm -rf "$fake"

tap_done
