#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module-build.sh VARIANT
#
# Build the inspection module against build/linux-VARIANT (patched or
# debug).  The sources are copied to build/mod/VARIANT first, so builds
# for several kernels do not share objects; the result is
# build/guest/VARIANT/rseq_cid.ko, which that variant's initramfs carries.
# The build fails when the files generated from the netlink spec
# (include/rseq_cid.h, module/nl-gen.[ch]) are stale: regenerate them
# with scripts/ynl-header.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:?usage: module-build.sh patched|debug}
kdir=$top/build/linux-$variant
src=$top/build/mod/$variant

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
mkdir -p "$src" "$top/build/guest/$variant"
cp -r "$top/Kbuild" "$top/module" "$top/include" "$src/"
make -s -C "$kdir" M="$src" modules
cp "$src/module/rseq_cid.ko" "$top/build/guest/$variant/rseq_cid.ko"
