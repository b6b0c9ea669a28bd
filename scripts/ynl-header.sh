#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl-header.sh KERNEL_TREE [check]
#
# include/rseq_cid.h is generated from include/rseq-cid.yaml by the
# kernel's ynl-gen-c, like the kernel's own netlink UAPI headers.  Without
# "check" this regenerates it; with "check" it prints one TAP line saying
# whether the committed header matches the spec.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: ynl-header.sh KERNEL_TREE [check]}
spec=$top/include/rseq-cid.yaml
header=$top/include/rseq_cid.h
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ynl-gen-c looks for the kernel root above the spec (it loops forever
# without a MAINTAINERS file there) and for the schema of the spec's
# protocol level two levels up.
mkdir -p "$tmp/Documentation/netlink/specs"
touch "$tmp/MAINTAINERS"
cp "$tree"/Documentation/netlink/*.yaml "$tmp/Documentation/netlink/"
cp "$spec" "$tmp/Documentation/netlink/specs/rseq-cid.yaml"
PATH=/usr/bin:$PATH timeout 60 python3 "$tree/tools/net/ynl/ynl-gen-c.py" --mode uapi \
	--header --spec "$tmp/Documentation/netlink/specs/rseq-cid.yaml" \
	-o "$tmp/out.h" > /dev/null
sed -i 's|^/\*\tDocumentation/netlink/specs/rseq-cid.yaml \*/$|/*\tinclude/rseq-cid.yaml */|' "$tmp/out.h"

if [ "${2:-}" = check ]; then
	if cmp -s "$tmp/out.h" "$header"; then
		echo "ok style: include/rseq_cid.h matches include/rseq-cid.yaml"
	else
		echo "not ok style: include/rseq_cid.h matches include/rseq-cid.yaml # run scripts/ynl-header.sh"
		diff "$header" "$tmp/out.h" | sed 's/^/#   /' | head -20
		exit 1
	fi
else
	cp "$tmp/out.h" "$header"
fi
