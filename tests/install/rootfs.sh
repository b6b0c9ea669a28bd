#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rootfs.sh OUT.tar: a Debian 12 minbase root filesystem with what the
# install test's packages need (tests/install/packages), made by
# mmdebstrap from the Debian mirrors this machine's apt is configured
# for, and cached as build/install/rootfs-HASH.tar, keyed by the package
# list, the mirrors and this script.  OUT.tar becomes a link to it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: rootfs.sh OUT.tar}
cache=$(dirname "$out")

# One "deb URI SUITE COMPONENT" line per Debian release apt knows
# (bookworm, -updates, -security), never another vendor's repository.
mirrors=$(apt-cache policy | awk -v arch="$(dpkg --print-architecture)" '
	$1 ~ /^[0-9]+$/ && $2 ~ /:\/\// { uri = $2; dist = $3; a = $4; next }
	$1 == "release" && $2 ~ /(^|,)o=Debian(,|$)/ && a == arch && split(dist, d, "/") == 2 {
		print "deb " uri " " d[1] " " d[2]
	}' | sort -u)
if [ -z "$mirrors" ]; then
	echo "rootfs.sh: apt knows no Debian mirror (apt-get update, /etc/apt/sources.list*)" >&2
	exit 2
fi
grep -q ' bookworm ' <<< "$mirrors" || {
	echo "rootfs.sh: apt has no Debian bookworm source" >&2
	exit 2
}
include=$(grep -v '^#' "$here/packages" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
key=$( { echo "$include"; echo "$mirrors"; cat "$0"; } | sha256sum | cut -c1-16)
tar=$cache/rootfs-$key.tar
# mmdebstrap picks the format from the name: a .tar.
tmp=$cache/tmp-rootfs.tar

mkdir -p "$cache"
if [ ! -s "$tar" ]; then
	rm -f "$cache"/rootfs-*.tar
	echo "rootfs.sh: mmdebstrap bookworm minbase (+ $include)"
	printf '%s\n' "$mirrors" |
		mmdebstrap --quiet --variant=minbase --include="$include" \
			bookworm "$tmp" - > "$cache/mmdebstrap.log" 2>&1 || {
		echo "rootfs.sh: mmdebstrap failed, see ${cache}/mmdebstrap.log" >&2
		tail -n 5 "$cache/mmdebstrap.log" >&2
		rm -f "$tmp"
		exit 1
	}
	mv "$tmp" "$tar"
fi
ln -sfn "$(basename "$tar")" "$out"
