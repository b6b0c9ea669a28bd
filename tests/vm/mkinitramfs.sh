#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [ARCH=x86_64|arm64|riscv64] mkinitramfs.sh [--ynl] VARIANT
#
# Pack the test VM's initramfs for kernel VARIANT (stock, patched, debug)
# of ARCH: static busybox with its applets, bash (run_param_test.sh needs
# it) with its shared libraries, the guest init and plan runner, every
# plan in tests/vm/plans, the guest programs (test binaries, rseqctl) and
# the module built for that kernel under /tests/bin.  Dynamic binaries get
# their libraries copied too.  An architecture without busybox and bash
# (riscv64, empty P_TOOLS) gets the static ktap-init as /init instead
# and only runs plans written for it (tests/vm/plans/*-noshell.plan).
# Paths come from scripts/lib/paths.sh; the
# result is that variant's initramfs.  --ynl (x86_64) makes the ynl VM
# instead: it adds Debian's python3 (standard library without tests and
# GUI parts, PyYAML) and the stock kernel's ynl CLI with the rseq-cid
# spec under /opt/ynl.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ynl=0
if [ "${1:-}" = --ynl ]; then
	ynl=1
	shift
fi
variant=${1:?usage: mkinitramfs.sh [--ynl] stock|patched|debug}
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
ynl_tree=
if [ "$ynl" = 1 ]; then
	[ "$P_ARCH" = x86_64 ] || { echo "mkinitramfs: --ynl is for x86_64 only" >&2; exit 2; }
	paths_variant stock || exit 2
	ynl_tree=$P_SRC
fi
paths_variant "$variant" || exit 2
output=$P_INITRD
[ "$ynl" = 1 ] && output=$P_INITRD_YNL
dirs=("$P_GUEST_BIN")
[ "$variant" = stock ] || dirs+=("$P_GUEST_MOD")
busybox=${BUSYBOX:-$P_TOOLS/busybox}
bash=$P_TOOLS/bash

if [ -z "$P_TOOLS" ]; then
	if [ ! -x "$P_GUEST_BIN/ktap-init" ]; then
		echo "mkinitramfs: no $P_GUEST_BIN/ktap-init (make ARCH=$P_ARCH guest)" >&2
		exit 2
	fi
elif [ -n "$P_LIBDIRS" ]; then
	# A foreign busybox: its applet list comes from scripts/guest-tools.sh.
	applets=$(cat "$P_TOOLS/busybox.applets" 2>/dev/null) || applets=
	if [ -z "$applets" ] || [ ! -x "$bash" ]; then
		echo "mkinitramfs: no $P_ARCH busybox and bash in $P_TOOLS (make ARCH=$P_ARCH guest)" >&2
		exit 2
	fi
elif ! applets=$("$busybox" --list 2>/dev/null) || ldd "$busybox" >/dev/null 2>&1; then
	echo "mkinitramfs: need a static busybox at $busybox (apt-get install busybox-static)" >&2
	exit 2
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/rseq-initramfs.XXXXXX")
# mktemp makes it 0700, and it becomes the guest's root directory.
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT

# The stage as a gzipped newc cpio at $output.
pack() {
	mkdir -p "$(dirname "$output")"
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$output.tmp"
	mv "$output.tmp" "$output"
}

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,tests/bin,tests/plans}
if [ -z "$P_TOOLS" ]; then
	# No shell: the static programs and the plans, ktap-init as PID 1.
	cp -a "$P_GUEST_BIN"/. "$stage/tests/bin/"
	install -m 0755 "$P_GUEST_BIN/ktap-init" "$stage/init"
	cp "$top"/tests/vm/plans/*.plan "$stage/tests/plans/"
	pack
	exit 0
fi
install -m 0755 "$busybox" "$stage/bin/busybox"
for applet in $applets; do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done

# Copy a dynamic executable's libraries (and the loader) into the stage.
copy_libs() {
	local lib
	if [ -n "$P_LIBDIRS" ]; then
		copy_foreign_libs "$1"
		return
	fi
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

# is_dynamic FILE: an executable with shared libraries.
is_dynamic() {
	if [ -n "$P_LIBDIRS" ]; then
		readelf -d "$1" 2>/dev/null | grep -q '(NEEDED)'
	else
		ldd "$1" >/dev/null 2>&1
	fi
}

# ldd cannot run a foreign binary: follow its interpreter and NEEDED
# entries through P_LIBDIRS instead.
copy_foreign_libs() {
	local interp lib dir found
	interp=$(readelf -l "$1" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$stage$interp" ]; then
		mkdir -p "$stage$(dirname "$interp")"
		cp -L "$interp" "$stage$interp"
	fi
	for lib in $(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for dir in $P_LIBDIRS; do
			[ -e "$dir/$lib" ] && found=$dir/$lib && break
		done
		[ -n "$found" ] || { echo "mkinitramfs: $lib for $1 not in $P_LIBDIRS" >&2; exit 2; }
		[ -e "$stage$found" ] && continue
		mkdir -p "$stage$(dirname "$found")"
		cp -L "$found" "$stage$found"
		copy_foreign_libs "$found"
	done
}

rm -f "$stage/bin/bash" "$stage/bin/sh"
install -m 0755 "$bash" "$stage/bin/bash"
is_dynamic "$bash" && copy_libs "$bash"
ln -s busybox "$stage/bin/sh"

install -m 0755 "$top/tests/vm/guest/init" "$stage/init"
install -m 0755 "$top/tests/vm/guest/run-plan" "$stage/tests/bin/run-plan"
cp "$top"/tests/vm/plans/*.plan "$stage/tests/plans/"
echo 'root:x:0:0:root:/root:/bin/sh' > "$stage/etc/passwd"
echo 'root:x:0:' > "$stage/etc/group"

for dir in "${dirs[@]}"; do
	[ -d "$dir" ] || continue
	cp -a "$dir"/. "$stage/tests/bin/"
	for f in "$dir"/*; do
		if [ -f "$f" ] && [ -x "$f" ] && is_dynamic "$f"; then
			copy_libs "$f"
		fi
	done
done

if [ -n "$ynl_tree" ]; then
	py=/usr/bin/python3.11
	[ -x $py ] || { echo "mkinitramfs: --ynl needs Debian's python3 (make deps)" >&2; exit 2; }
	install -D -m 0755 $py "$stage$py"
	mkdir -p "$stage/usr/lib"
	ln -sf python3.11 "$stage/usr/bin/python3"
	copy_libs $py
	(cd /usr/lib && tar -cf - --exclude=__pycache__ --exclude=test --exclude=tests \
		--exclude=idlelib --exclude=tkinter --exclude=turtledemo --exclude=ensurepip \
		--exclude=lib2to3 --exclude=pydoc_data --exclude=distutils --exclude=config-3.11-x86_64-linux-gnu \
		python3.11) | tar -xf - -C "$stage/usr/lib"
	mkdir -p "$stage/usr/lib/python3/dist-packages"
	cp -r /usr/lib/python3/dist-packages/yaml "$stage/usr/lib/python3/dist-packages/"
	for so in "$stage"/usr/lib/python3.11/lib-dynload/*.so /usr/lib/python3/dist-packages/yaml/*.so; do
		[ -e "$so" ] && copy_libs "$so"
	done
	mkdir -p "$stage/opt/ynl"
	cp -r "$ynl_tree/tools/net/ynl/cli.py" "$ynl_tree/tools/net/ynl/lib" "$stage/opt/ynl/"
	cp "$top/include/rseq-cid.yaml" "$stage/opt/ynl/"
fi

pack
