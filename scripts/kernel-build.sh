#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [ARCH=x86_64|arm64] kernel-build.sh VARIANT
#
# Build one kernel variant for ARCH (default x86_64; arm64 with Debian's
# aarch64-linux-gnu cross compiler) from Debian's linux-source-6.12
# tarball:
#   stock    - the unmodified source, the baseline of every benchmark
#   patched  - the source with kernel/series applied, plus patched.config
#              (and on x86_64 vm-systemd.config: it also boots systemd
#              from a virtio disk, for its kernel packages)
#   debug    - patched plus kernel/config/debug.config (lockdep, KASAN, ...)
#
# The tree lives in build/linux-VARIANT (build/ARCH/linux-VARIANT for
# other architectures, scripts/lib/paths.sh) and stays there, because the
# out-of-tree module is built against it.  The result (bzImage or Image,
# .config) goes to build/kernel/VARIANT.  Both are keyed by a content hash of the
# source version, the patches, the config fragments and this script, so a
# rebuild with nothing changed returns at once.  When only the patches
# change, the old series is reversed and the new one applied, so make
# rebuilds only what the patches touch.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?usage: kernel-build.sh stock|patched|debug}
jobs=${JOBS:-$(nproc)}

. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
paths_variant "$variant" || exit 2

arch_frag=arch/$P_ARCH.config
case "$variant" in
stock)	 frags=(base.config "$arch_frag"); use_series=0 ;;
patched) frags=(base.config "$arch_frag" patched.config ${P_BOOT_FRAG:+"$P_BOOT_FRAG"}); use_series=1 ;;
debug)	 frags=(base.config "$arch_frag" patched.config debug.config); use_series=1 ;;
esac

. "$top/scripts/kernel-source.sh"
kernel_source_check kernel-build.sh

tree=$P_SRC
out=$P_KOUT
image=$P_IMAGE_NAME
# The patches of this variant, in series order.
patches=()
if [ "$use_series" = 1 ]; then
	kernel_series_patches patches
fi
src_hash=$(kernel_source_hash "${patches[@]}")
full_hash=$( { echo "$src_hash"; for f in "${frags[@]}"; do cat "$top/kernel/config/$f"; done;
	cat "$0" "$top/scripts/kernel-source.sh" "$top/scripts/check-config.sh" "$top/scripts/lib/paths.sh"; } | sha256sum | cut -c1-16)

if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$full_hash" ] && [ -f "$out/$image" ]; then
	echo "kernel $P_ARCH $variant: up to date ($full_hash)"
	exit 0
fi

kernel_source_tree "$tree" "kernel $P_ARCH $variant" "$src_hash" "${patches[@]}"

command -v "$P_CC" >/dev/null || {
	echo "kernel-build.sh: $P_CC missing (make deps)" >&2
	exit 2
}
paths_kcc
kmake() {
	paths_kmake "$tree" -s -j"$jobs" CC="$P_KCC" HOSTCC="$P_KHOSTCC" "$@"
}

echo "kernel $P_ARCH $variant: configuring (tinyconfig + ${frags[*]})"
kmake tinyconfig >/dev/null
frag_paths=()
for f in "${frags[@]}"; do
	frag_paths+=("$top/kernel/config/$f")
done
(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "${frag_paths[@]}" >/dev/null)
kmake olddefconfig >/dev/null
"$top/scripts/check-config.sh" "$tree/.config" "${frag_paths[@]}"

echo "kernel $P_ARCH $variant: building $image and modules with $jobs jobs"
kmake "$image" modules

mkdir -p "$out"
cp "$tree/arch/$P_KARCH/boot/$image" "$out/$image"
cp "$tree/.config" "$out/config"
echo "$full_hash" > "$out/stamp"
echo "kernel $P_ARCH $variant: done -> ${out#"$top"/}/$image"
