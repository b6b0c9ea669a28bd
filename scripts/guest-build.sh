#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [ARCH=x86_64|arm64|riscv64] guest-build.sh: the programs every kernel
# variant's VM carries, built for ARCH into its guest bin directory
# (scripts/lib/paths.sh): the 6.12 rseq selftests, the test programs of
# tests/guest (static; ktap-init among them), rseqctl (dynamic;
# mkinitramfs.sh copies its libraries), and for a foreign architecture
# its busybox and bash (scripts/guest-tools.sh).  An architecture
# without them (riscv64: no Debian port, so no libmnl either) gets no
# rseqctl; its guest runs shell-less plans under ktap-init.  Behind
# 'make guest'.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2

cc=()
if [ -n "$P_CROSS" ]; then
	command -v "$P_CC" >/dev/null || {
		echo "guest-build: $P_CC missing (make deps)" >&2
		exit 2
	}
	"$top/scripts/guest-tools.sh"
	cc=(CC="$P_CC $P_GUEST_CFLAGS")
	# The foreign architecture's libmnl and jansson (scripts/deps.sh).
	export PKG_CONFIG_LIBDIR=/usr/lib/${P_CROSS%-}/pkgconfig:/usr/share/pkgconfig
fi
GUEST_CC="$P_CC $P_GUEST_CFLAGS" "$top/tests/selftests/build.sh" "$P_GUEST_BIN"
if [ -n "$P_TOOLS" ]; then
	make -s -C "$top/cli" OUT="$P_GUEST_BIN" "${cc[@]}"
fi
make -s -C "$top/tests/guest" OUT="$P_GUEST_BIN" "${cc[@]}" \
	RSEQ_DIR="$P_SELFTESTS_SRC/tools/testing/selftests/rseq"
