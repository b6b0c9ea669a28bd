# shellcheck shell=bash disable=SC2034,SC2154,SC2120,SC2119 # variables for the sourcing script; $top from it; ARCH optional
# SPDX-License-Identifier: GPL-2.0
#
# paths.sh: sourced, not run.  The one place that turns an architecture
# (ARCH: x86_64, arm64 or riscv64, default x86_64) and a kernel variant (stock,
# patched, debug) into every path and tool the harness uses.  Expects
# $top (the repository) to be set.
#
#   paths_arch [ARCH]          check ARCH (default $ARCH or x86_64) and set
#                              P_ARCH, P_KARCH (kernel ARCH=), P_CROSS
#                              (CROSS_COMPILE=), P_CC, P_QEMU, P_IMAGE_NAME,
#                              P_BUILD (the arch's build dir), P_GUEST_BIN,
#                              P_VM (VM output dirs), P_INITRD_YNL (the
#                              ynl VM's initramfs), P_FRAGS (arch config),
#                              P_GUEST_CFLAGS (extra flags for the static
#                              guest programs), P_TOOLS (where busybox and
#                              bash for the guest are), P_LIBDIRS (where
#                              the guest's shared libraries come from,
#                              empty: the host's, found with ldd),
#                              P_BOOT_FRAG (the fragment that lets the
#                              patched kernel boot systemd from a disk,
#                              for its kernel packages; x86_64 only)
#   paths_variant VARIANT      also set P_VARIANT, P_SRC (kernel tree),
#                              P_KOUT (kernel result dir), P_IMAGE (kernel
#                              image), P_MODSRC (module build dir),
#                              P_GUEST_MOD (the module for this kernel),
#                              P_INITRD (its initramfs)
#
# x86_64 keeps the historical layout (build/linux-VARIANT, build/kernel/
# VARIANT/bzImage, build/guest/bin, build/vm/...); every other
# architecture gets the same layout under build/ARCH/.

# The architectures the harness knows, for messages.
P_ARCHES="x86_64 arm64 riscv64"
# The 6.12 rseq selftest sources (any architecture builds from them).
P_SELFTESTS_SRC=$top/build/selftests-src

paths_arch() {
	P_ARCH=${1:-${ARCH:-x86_64}}
	case "$P_ARCH" in
	x86_64)
		P_KARCH=x86 P_CROSS='' P_IMAGE_NAME=bzImage
		P_QEMU=qemu-system-x86_64
		P_BUILD=$top/build
		P_GUEST_CFLAGS='' P_LIBDIRS=''
		P_TOOLS=/bin
		P_BOOT_FRAG=vm-systemd.config ;;
	arm64)
		P_KARCH=arm64 P_CROSS=aarch64-linux-gnu- P_IMAGE_NAME=Image
		P_QEMU=qemu-system-aarch64
		P_BUILD=$top/build/arm64
		# Debian 12's cross glibc (2.36-8cross) lacks the rseq auxv
		# types that 6.12's selftest rseq.c asks for.
		P_GUEST_CFLAGS="-DAT_RSEQ_FEATURE_SIZE=27 -DAT_RSEQ_ALIGN=28"
		P_LIBDIRS="/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu"
		# Debian's arm64 busybox-static and bash-static, unpacked by
		# scripts/guest-tools.sh.
		P_TOOLS=$P_BUILD/tools/bin
		P_BOOT_FRAG='' ;;
	riscv64)
		P_KARCH=riscv P_CROSS=riscv64-linux-gnu- P_IMAGE_NAME=Image
		P_QEMU=qemu-system-riscv64
		P_BUILD=$top/build/riscv64
		# The same cross glibc as arm64's, with the same gap.
		P_GUEST_CFLAGS="-DAT_RSEQ_FEATURE_SIZE=27 -DAT_RSEQ_ALIGN=28"
		P_LIBDIRS="/usr/riscv64-linux-gnu/lib"
		# Debian 12 has no riscv64 port: no busybox or bash to
		# borrow, so the guest is static C programs only
		# (tests/vm/guest/ktap-init.c is PID 1).
		P_TOOLS=''
		P_BOOT_FRAG='' ;;
	*)
		echo "${0##*/}: unknown architecture '$P_ARCH' (have: $P_ARCHES)" >&2
		return 2 ;;
	esac
	P_CC=${P_CROSS}gcc
	P_GUEST_BIN=$P_BUILD/guest/bin
	P_VM=$P_BUILD/vm
	P_INITRD_YNL=$P_VM/ynl/initramfs.cpio.gz
	P_FRAGS=$top/kernel/config/arch/$P_ARCH.config
}

paths_variant() {
	[ -n "${P_ARCH:-}" ] || paths_arch || return
	P_VARIANT=$1
	case "$P_VARIANT" in
	stock|patched|debug) ;;
	*)	echo "${0##*/}: unknown variant '$P_VARIANT' (stock, patched, debug)" >&2
		return 2 ;;
	esac
	P_SRC=$P_BUILD/linux-$P_VARIANT
	P_KOUT=$P_BUILD/kernel/$P_VARIANT
	P_IMAGE=$P_KOUT/$P_IMAGE_NAME
	P_MODSRC=$P_BUILD/mod/$P_VARIANT
	P_GUEST_MOD=$P_BUILD/guest/$P_VARIANT
	P_INITRD=$P_VM/$P_VARIANT/initramfs.cpio.gz
}

# paths_kcc: P_KCC and P_KHOSTCC, the compilers of every kernel build
# (through ccache when it is there; kept equal, so that the headers of
# kbuild's packages get host tools, docs/install.md), and the build
# identity of every kernel image (reproducible version strings).
paths_kcc() {
	P_KCC=$P_CC P_KHOSTCC=gcc
	if command -v ccache >/dev/null; then
		P_KCC="ccache $P_CC" P_KHOSTCC="ccache gcc"
	fi
	export KBUILD_BUILD_TIMESTAMP="2024-01-01" KBUILD_BUILD_USER=rseq-cid KBUILD_BUILD_HOST=build
}

# paths_kmake TREE ARGS...: make in a kernel tree for P_ARCH.
paths_kmake() {
	local tree=$1
	shift
	make -C "$tree" ARCH="$P_KARCH" ${P_CROSS:+CROSS_COMPILE="$P_CROSS"} "$@"
}
