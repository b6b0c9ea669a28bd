#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-build.sh VARIANT
#
# Build one kernel variant from Debian's linux-source-6.12 tarball:
#   stock    - the unmodified source, the baseline of every benchmark
#   patched  - the source with kernel/series applied, plus patched.config
#   debug    - patched plus kernel/config/debug.config (lockdep, KASAN, ...)
#
# The tree lives in build/linux-VARIANT and stays there, because the
# out-of-tree module is built against it.  The result (bzImage, .config)
# goes to build/kernel/VARIANT.  Both are keyed by a content hash of the
# source version, the patches, the config fragments and this script, so a
# rebuild with nothing changed returns at once.  When only the patches
# change, the old series is reversed and the new one applied, so make
# rebuilds only what the patches touch.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?usage: kernel-build.sh stock|patched|debug}
jobs=${JOBS:-$(nproc)}

case "$variant" in
stock)	 frags=(base.config); use_series=0 ;;
patched) frags=(base.config patched.config); use_series=1 ;;
debug)	 frags=(base.config patched.config debug.config); use_series=1 ;;
*)	echo "kernel-build.sh: unknown variant '$variant' (stock, patched, debug)" >&2
	exit 2 ;;
esac

. "$top/scripts/kernel-source.sh"
kernel_source_check kernel-build.sh

tree=$top/build/linux-$variant
out=$top/build/kernel/$variant
# The patches of this variant, in series order.
patches=()
if [ "$use_series" = 1 ]; then
	kernel_series_patches patches
fi
src_hash=$(kernel_source_hash "${patches[@]}")
full_hash=$( { echo "$src_hash"; for f in "${frags[@]}"; do cat "$top/kernel/config/$f"; done;
	cat "$0" "$top/scripts/kernel-source.sh" "$top/scripts/check-config.sh"; } | sha256sum | cut -c1-16)

if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$full_hash" ] && [ -f "$out/bzImage" ]; then
	echo "kernel $variant: up to date ($full_hash)"
	exit 0
fi

kernel_source_tree "$tree" "kernel $variant" "$src_hash" "${patches[@]}"

cc=gcc
if command -v ccache >/dev/null; then
	cc="ccache gcc"
fi
export KBUILD_BUILD_TIMESTAMP="2024-01-01" KBUILD_BUILD_USER=rseq-cid KBUILD_BUILD_HOST=build
kmake() {
	make -C "$tree" -s -j"$jobs" CC="$cc" HOSTCC="$cc" "$@"
}

echo "kernel $variant: configuring (tinyconfig + ${frags[*]})"
kmake tinyconfig >/dev/null
frag_paths=()
for f in "${frags[@]}"; do
	frag_paths+=("$top/kernel/config/$f")
done
(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "${frag_paths[@]}" >/dev/null)
kmake olddefconfig >/dev/null
"$top/scripts/check-config.sh" "$tree/.config" "${frag_paths[@]}"

echo "kernel $variant: building bzImage and modules with $jobs jobs"
kmake bzImage modules

mkdir -p "$out"
cp "$tree/arch/x86/boot/bzImage" "$out/bzImage"
cp "$tree/.config" "$out/config"
echo "$full_hash" > "$out/stamp"
echo "kernel $variant: done -> ${out#"$top"/}/bzImage"
