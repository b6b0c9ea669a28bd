# shellcheck shell=bash disable=SC2034,SC2154 # variables for the sourcing script; $top from it
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh: sourced, not run.  The one place that names the packages of
# 'make deb' (docs/install.md) and where they go.  Expects $top.
#
#   deb_kernel CONFIG   (after paths_variant patched) check CONFIG (vm
#                       or distro) and set D_KCONFIG, D_KDIR (where its
#                       packages go), D_KSRC (kernel source
#                       tree), D_KOBJ (its output tree; the source tree
#                       itself for vm), D_KLOG (the build log)
#   deb_kernel_files    after a build: set D_KREL (kernel release, read
#                       from D_KOBJ), D_KVER (package version), D_KPKGS
#                       (package names: image, headers) and D_KFILES
#                       (their .deb files)

# Every package of 'make deb' lands here; kernel packages in CONFIG/.
D_OUT=$top/build/packages
# The Debian revision of the kernel packages: names the series.
D_KREV=1rseqcid1
D_KDIST=bookworm
# The kernel packages' Maintainer (bindeb-pkg takes it from DEBFULLNAME
# and DEBEMAIL; else user@host): debian/control's, "Name <address>".
D_KMAINT=$(sed -n 's/^Maintainer: //p' "$top/debian/control")
# The two kernel configs: vm is the x86_64 patched kernel of make test
# (kernel/config/vm-systemd.config: boots systemd from a virtio disk);
# distro is Debian's own config plus the series' fragment.
D_KCONFIGS="vm distro"
# Debian's amd64 config, for distro.
D_DISTRO_CONFIG=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz

deb_kernel() {
	D_KCONFIG=$1
	case "$D_KCONFIG" in
	vm)	D_KSRC=$P_SRC D_KOBJ=$P_SRC ;;
	distro) D_KSRC=$top/build/linux-distro-src D_KOBJ=$top/build/kdeb-distro/obj ;;
	*)	echo "${0##*/}: unknown kernel config '$D_KCONFIG' (have: $D_KCONFIGS)" >&2
		return 2 ;;
	esac
	D_KDIR=$D_OUT/$D_KCONFIG
	D_KLOG=$D_OUT/$D_KCONFIG.log
}

deb_kernel_files() {
	local arch
	arch=$(dpkg --print-architecture)
	D_KREL=$(cat "$D_KOBJ/include/config/kernel.release")
	D_KVER=${D_KREL%%[-+]*}-$D_KREV
	D_KPKGS="linux-image-$D_KREL linux-headers-$D_KREL"
	D_KFILES=("$D_KDIR/linux-image-${D_KREL}_${D_KVER}_$arch.deb"
		"$D_KDIR/linux-headers-${D_KREL}_${D_KVER}_$arch.deb")
}
