#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [ARCH=arm64|riscv64] guest-tools.sh: the static busybox and bash the initramfs
# of a foreign architecture needs.  Debian's busybox-static and
# bash-static for ARCH are downloaded with apt-get (the architecture must
# be known to dpkg: scripts/deps.sh adds it) and unpacked into P_TOOLS
# (scripts/lib/paths.sh), named busybox and bash.  The foreign busybox
# cannot run here to list its applets, so busybox.applets is the host
# busybox-static's list, which must come from the same Debian source
# version.  Nothing to do for x86_64, which uses the host's, nor for an
# architecture without a Debian port (riscv64: empty P_TOOLS), whose
# guest has no shell.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
[ "$P_ARCH" = x86_64 ] && exit 0
[ -z "$P_TOOLS" ] && exit 0

darch=$P_ARCH
[ -x "$P_TOOLS/busybox" ] && [ -x "$P_TOOLS/bash" ] && [ -s "$P_TOOLS/busybox.applets" ] && exit 0
if ! dpkg --print-foreign-architectures | grep -qx "$darch"; then
	echo "guest-tools: dpkg does not know $darch; run 'make deps' (as root)" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/guest-tools.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "busybox-static:$darch" "bash-static:$darch" >/dev/null) || {
	echo "guest-tools: apt-get download busybox-static:$darch bash-static:$darch failed" >&2
	exit 1
}
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
# Source versions: without a binNMU suffix (+bN).
srcver() {
	sed 's/+b[0-9]*$//'
}
host=$(dpkg-query -W -f='${Version}' busybox-static | srcver)
foreign=$(dpkg-deb -f "$work"/busybox-static_*.deb Version | srcver)
if [ "$host" != "$foreign" ]; then
	echo "guest-tools: host busybox-static $host differs from $darch's $foreign; cannot list its applets" >&2
	exit 1
fi
mkdir -p "$P_TOOLS"
install -m 0755 "$work/root/bin/busybox" "$P_TOOLS/busybox"
install -m 0755 "$work/root/bin/bash-static" "$P_TOOLS/bash"
/bin/busybox --list > "$P_TOOLS/busybox.applets"
echo "guest-tools: busybox and bash for $darch in ${P_TOOLS#"$top"/}"
