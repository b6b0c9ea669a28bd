#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-userland.sh [OUTDIR]: the rseqctl and rseq-cid-dkms packages
# (debian/), built with dpkg-buildpackage from an export of the tree
# (tracked and untracked, not ignored, files: build/ is never packaged)
# in OUTDIR/src.  The .debs land in OUTDIR (default: build/packages,
# scripts/lib/deb.sh), the log in OUTDIR/build.log; prints the two .deb
# paths, rseqctl's first.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/deb.sh"
out=${1:-$D_OUT}

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
rseqctl_deb=$out/rseqctl_${version}_$arch.deb
dkms_deb=$out/rseq-cid-dkms_${version}_all.deb

rm -rf "$out/src" "$rseqctl_deb" "$dkms_deb"
mkdir -p "$out/src"
(cd "$top" && git ls-files -z -co --exclude-standard |
	tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$out/src" -xf -
if ! (cd "$out/src" && dpkg-buildpackage -b -uc -us) > "$out/build.log" 2>&1 ||
	[ ! -f "$rseqctl_deb" ] || [ ! -f "$dkms_deb" ]; then
	echo "deb-userland.sh: dpkg-buildpackage failed, see ${out#"$top"/}/build.log" >&2
	tail -n 5 "$out/build.log" >&2
	exit 1
fi
echo "$rseqctl_deb"
echo "$dkms_deb"
