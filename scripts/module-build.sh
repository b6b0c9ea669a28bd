#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [ARCH=x86_64|arm64] module-build.sh VARIANT
#
# Build the inspection module against the ARCH kernel tree of VARIANT
# (patched or debug; build/linux-VARIANT for x86_64, paths in
# scripts/lib/paths.sh).  The sources are copied to the variant's module
# build directory (build/mod/VARIANT) first, so builds for several
# kernels do not share objects; the result is rseq_cid.ko in the
# variant's guest directory (build/guest/VARIANT), which that variant's
# initramfs carries.
# The build fails when the files generated from the netlink spec
# (include/rseq_cid.h, module/nl-gen.[ch]) are stale: regenerate them
# with scripts/ynl-header.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?usage: module-build.sh patched|debug}
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
paths_variant "$variant" || exit 2
kdir=$P_SRC
src=$P_MODSRC

[ -f "$kdir/Module.symvers" ] || {
	echo "module-build: no built kernel in $kdir (make kernel)" >&2
	exit 2
}
# The kernel tree's ynl-gen (tools/net/ynl) is what generated them.
"$top/scripts/ynl-header.sh" "$kdir" check >&2 || {
	echo "module-build: generated netlink files are stale (run scripts/ynl-header.sh $kdir)" >&2
	exit 1
}
rm -rf "$src"
mkdir -p "$src" "$P_GUEST_MOD"
cp -r "$top/Kbuild" "$top/module" "$top/include" "$src/"
paths_kmake "$kdir" -s M="$src" modules
cp "$src/module/rseq_cid.ko" "$P_GUEST_MOD/rseq_cid.ko"
