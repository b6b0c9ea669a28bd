#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install the Debian 12 packages the build and the tests need.
# (prometheus: promtool checks rseqctl's Prometheus output; debhelper,
# dh-dkms, dkms, lintian, systemd's systemd-analyze and bash-completion:
# the deb suite; mmdebstrap and e2fsprogs: make test-install's Debian
# root filesystem and its disk image; openssl: the x86_64 patched
# kernel's module signing key; rsync: in the Build-Depends of kbuild's
# bindeb-pkg, which checks them.)  The arm64 VM needs
# qemu-system-arm and arm64's libmnl and jansson for rseqctl, so dpkg
# learns the arm64 architecture (its busybox and bash are fetched by
# scripts/guest-tools.sh) and the cross glibc for its static programs
# (apt-get's recommends would bring it with gcc-aarch64-linux-gnu, but
# they are off).  The riscv64 VM needs qemu-system-misc
# (qemu-system-riscv64 and OpenSBI) and the cross glibc for its static
# programs.
# Installs with apt-get when run as root; otherwise names what is missing
# and fails.  Quiet when everything is there.
set -euo pipefail

pkgs=(gcc make libc6-dev patch xz-utils bc bison flex libelf-dev libssl-dev openssl
      cpio kmod linux-source-6.12 qemu-system-x86 busybox-static bash
      libmnl-dev libjansson-dev pkg-config perl python3 python3-yaml
      python3-ply python3-git python3-jsonschema linux-config-6.12 spin
      prometheus debhelper dh-dkms dkms lintian systemd bash-completion
      qemu-system-arm device-tree-compiler libmnl-dev:arm64 libjansson-dev:arm64
      libc6-dev-arm64-cross mmdebstrap e2fsprogs qemu-system-misc
      libc6-dev-riscv64-cross rsync)
foreign=arm64
# Debian's cross compilers of the build matrix (scripts/build-matrix.sh).
while read -r _ _ triplet; do
	case "$triplet" in ''|-) ;; *) pkgs+=("gcc-$triplet") ;; esac
done < <(grep -v '^#' "$(dirname "$0")/../kernel/config/matrix/arches")

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: run 'sudo apt-get install ${missing[*]}' (or 'sudo make deps')" >&2
	exit 2
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx "$foreign" || dpkg --add-architecture "$foreign"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
