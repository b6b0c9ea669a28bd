#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-deb.sh vm|distro [--config-only]
#
# The linux-image and linux-headers packages of the patched 6.12 kernel,
# made by kbuild's bindeb-pkg, into build/packages/CONFIG (names and
# paths: scripts/lib/deb.sh):
#   vm      the x86_64 patched kernel of make test (kernel-build.sh
#           patched; boots a Debian 12 systemd userland under QEMU without
#           an initrd), packaged from its tree: minutes
#   distro  Debian's amd64 config (linux-config-6.12) plus
#           kernel/config/patched.config and distro.config, in its own
#           tree: the kernel for test machines, about 7 hours on 2 cores
#           (--config-only stops after the configuration check)
# The package version is the kernel version plus the revision D_KREV; the
# linux-libc-dev package bindeb-pkg also makes is deleted, never shipped.
# Keyed by the kernel's content, so a run with nothing changed returns at
# once.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
config=${1:?usage: kernel-deb.sh vm|distro [--config-only]}
config_only=${2:-}
jobs=${JOBS:-$(nproc)}

export ARCH=x86_64
. "$top/scripts/lib/paths.sh"
. "$top/scripts/lib/deb.sh"
. "$top/scripts/kernel-source.sh"
paths_variant patched || exit 2
deb_kernel "$config" || exit 2
paths_kcc

command -v dh_testdir >/dev/null || {
	echo "kernel-deb.sh: debhelper missing (make deps)" >&2
	exit 2
}
# O= only for an output tree of its own (distro).
oarg=()
[ "$D_KOBJ" = "$D_KSRC" ] || oarg=(O="$D_KOBJ")
kmake() {
	paths_kmake "$D_KSRC" "${oarg[@]}" -j"$jobs" CC="$P_KCC" HOSTCC="$P_KHOSTCC" "$@"
}

case "$config" in
vm)
	"$top/scripts/kernel-build.sh" patched
	key=$( { cat "$P_KOUT/stamp" "$0" "$top/scripts/lib/deb.sh"; } | sha256sum | cut -c1-16)
	;;
distro)
	kernel_source_check kernel-deb.sh
	[ -r "$D_DISTRO_CONFIG" ] || {
		echo "kernel-deb.sh: $D_DISTRO_CONFIG missing (apt-get install linux-config-6.12)" >&2
		exit 2
	}
	# Without pahole, olddefconfig silently drops BTF.
	command -v pahole >/dev/null || {
		echo "kernel-deb.sh: pahole missing (apt-get install dwarves)" >&2
		exit 2
	}
	patches=()
	kernel_series_patches patches
	src_hash=$(kernel_source_hash "${patches[@]}")
	frags=("$top/kernel/config/patched.config" "$top/kernel/config/distro.config")
	key=$( { echo "$src_hash"; cat "$D_DISTRO_CONFIG" "${frags[@]}" "$0" \
		"$top/scripts/lib/deb.sh" "$top/scripts/check-config.sh"; } | sha256sum | cut -c1-16)
	kernel_source_tree "$D_KSRC" "kernel distro" "$src_hash" "${patches[@]}"
	mkdir -p "$D_KOBJ"
	echo "kernel distro: configuring (Debian's amd64 config + ${frags[*]##*/})"
	xz -dc "$D_DISTRO_CONFIG" > "$D_KOBJ/.config"
	(cd "$D_KSRC" && scripts/kconfig/merge_config.sh -O "$D_KOBJ" -m "$D_KOBJ/.config" \
		"${frags[@]}" > /dev/null)
	kmake -s olddefconfig > /dev/null
	"$top/scripts/check-config.sh" "$D_KOBJ/.config" "${frags[@]}"
	if [ "$config_only" = --config-only ]; then
		echo "kernel distro: configured: ${D_KOBJ#"$top"/}/.config"
		exit 0
	fi
	;;
esac

if [ -f "$D_KDIR/stamp" ] && [ "$(cat "$D_KDIR/stamp")" = "$key" ]; then
	deb_kernel_files
	if [ -f "${D_KFILES[0]}" ] && [ -f "${D_KFILES[1]}" ]; then
		echo "kernel packages $config: up to date ($key)"
		exit 0
	fi
fi

rm -rf "$D_KDIR"
mkdir -p "$D_KDIR"
version=$(kmake -s kernelversion)
echo "kernel packages $config: bindeb-pkg $version-$D_KREV with $jobs jobs (log: ${D_KLOG#"$top"/})"
# bindeb-pkg writes the .debs, .buildinfo and .changes next to the
# output tree.
parent=$(dirname "$D_KOBJ")
export DEBFULLNAME="${D_KMAINT% <*}" DEBEMAIL="${D_KMAINT##* <}"
DEBEMAIL=${DEBEMAIL%>}
if ! kmake bindeb-pkg KDEB_PKGVERSION="$version-$D_KREV" KDEB_CHANGELOG_DIST="$D_KDIST" \
	KBUILD_VERBOSE=0 DPKG_FLAGS=-Ppkg.linux-upstream.nokerneldbg > "$D_KLOG" 2>&1; then
	echo "kernel-deb.sh: bindeb-pkg failed, see ${D_KLOG#"$top"/}" >&2
	tail -n 10 "$D_KLOG" >&2
	exit 1
fi
deb_kernel_files
for f in "${D_KFILES[@]}"; do
	mv "$parent/${f##*/}" "$D_KDIR/"
done
rm -f "$parent"/linux-libc-dev_*.deb "$parent"/linux-upstream_*.buildinfo \
	"$parent"/linux-upstream_*.changes
echo "$key" > "$D_KDIR/stamp"
echo "kernel packages $config: done -> ${D_KDIR#"$top"/}: $D_KPKGS"
