#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ynl-header.sh KERNEL_TREE [check]
#
# Everything generated from include/rseq-cid.yaml by the kernel's ynl-gen-c
# (tools/net/ynl/ynl-gen-c.py of KERNEL_TREE), like the kernel's own
# netlink families:
#   include/rseq_cid.h    the UAPI header (--mode uapi)
#   module/nl-gen.h       the module's op table declaration and handler
#   module/nl-gen.c       prototypes, and the request policies and the
#                         op table (--mode kernel)
# Without "check" this regenerates them; with "check" it prints one TAP
# line saying whether the committed files match the spec and exits 1 if
# they do not (module-build.sh and the style suite run it).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: ynl-header.sh KERNEL_TREE [check]}
spec=$top/include/rseq-cid.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ynl-gen-c looks for the kernel root above the spec (it loops forever
# without a MAINTAINERS file there) and for the schema of the spec's
# protocol level two levels up.
mkdir -p "$tmp/Documentation/netlink/specs" "$tmp/out"
touch "$tmp/MAINTAINERS"
cp "$tree"/Documentation/netlink/*.yaml "$tmp/Documentation/netlink/"
cp "$spec" "$tmp/Documentation/netlink/specs/rseq-cid.yaml"

# gen MODE header|source OUTPUT: one run of the generator.  The generated
# code names the spec by its place in a kernel tree and includes the UAPI
# header as <uapi/linux/rseq_cid.h>; here they are include/rseq-cid.yaml
# and <rseq_cid.h> (the module builds with -I include).
gen() {
	PATH=/usr/bin:$PATH timeout 60 python3 "$tree/tools/net/ynl/ynl-gen-c.py" \
		--mode "$1" "--$2" --spec "$tmp/Documentation/netlink/specs/rseq-cid.yaml" \
		-o "$tmp/out/$3" > /dev/null
	sed -i -e 's|^/\*\tDocumentation/netlink/specs/rseq-cid.yaml \*/$|/*\tinclude/rseq-cid.yaml */|' \
	       -e 's|^#include <uapi/linux/rseq_cid.h>$|#include <rseq_cid.h>|' "$tmp/out/$3"
}

gen uapi header rseq_cid.h
gen kernel header nl-gen.h
gen kernel source nl-gen.c

files=("include/rseq_cid.h:rseq_cid.h" "module/nl-gen.h:nl-gen.h" "module/nl-gen.c:nl-gen.c")
if [ "${2:-}" = check ]; then
	stale=()
	for f in "${files[@]}"; do
		cmp -s "$tmp/out/${f#*:}" "$top/${f%%:*}" || stale+=("${f%%:*}")
	done
	if [ ${#stale[@]} = 0 ]; then
		echo "ok style: include/rseq_cid.h, module/nl-gen.[ch] match include/rseq-cid.yaml"
	else
		echo "not ok style: ${stale[*]} stale versus include/rseq-cid.yaml # run scripts/ynl-header.sh"
		for f in "${files[@]}"; do
			diff "$top/${f%%:*}" "$tmp/out/${f#*:}" 2>&1 | sed 's/^/#   /' | head -20
		done
		exit 1
	fi
else
	for f in "${files[@]}"; do
		cp "$tmp/out/${f#*:}" "$top/${f%%:*}"
	done
fi
