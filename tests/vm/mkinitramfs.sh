#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh [--ynl KERNEL_TREE] OUTPUT.cpio.gz [DIR...]
#
# Pack the test VM's initramfs: static busybox with its applets, bash
# (run_param_test.sh needs it) with its shared libraries, the guest init
# and plan runner, every plan in tests/vm/plans, and the files of each DIR
# (test binaries, module, rseqctl) under /tests/bin.  Dynamic binaries
# found in the DIRs get their libraries copied too.  --ynl adds Debian's
# python3 (standard library without tests and GUI parts, PyYAML) and the
# kernel's ynl CLI with the rseq-cid spec under /opt/ynl.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ynl_tree=
if [ "${1:-}" = --ynl ]; then
	ynl_tree=${2:?--ynl needs a kernel tree}
	shift 2
fi
output=${1:?usage: mkinitramfs.sh [--ynl KERNEL_TREE] OUTPUT.cpio.gz [DIR...]}
shift
busybox=${BUSYBOX:-/bin/busybox}

if ! "$busybox" --list >/dev/null 2>&1 || ldd "$busybox" >/dev/null 2>&1; then
	echo "mkinitramfs: need a static busybox at $busybox (apt-get install busybox-static)" >&2
	exit 2
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/rseq-initramfs.XXXXXX")
# mktemp makes it 0700, and it becomes the guest's root directory.
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,tests/bin,tests/plans}
install -m 0755 "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done

# Copy a dynamic executable's libraries (and the loader) into the stage.
copy_libs() {
	local lib
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

rm -f "$stage/bin/bash" "$stage/bin/sh"
install -m 0755 /bin/bash "$stage/bin/bash"
copy_libs /bin/bash
ln -s busybox "$stage/bin/sh"

install -m 0755 "$top/tests/vm/guest/init" "$stage/init"
install -m 0755 "$top/tests/vm/guest/run-plan" "$stage/tests/bin/run-plan"
cp "$top"/tests/vm/plans/*.plan "$stage/tests/plans/"
echo 'root:x:0:0:root:/root:/bin/sh' > "$stage/etc/passwd"
echo 'root:x:0:' > "$stage/etc/group"

for dir in "$@"; do
	[ -d "$dir" ] || continue
	cp -a "$dir"/. "$stage/tests/bin/"
	for f in "$dir"/*; do
		if [ -f "$f" ] && [ -x "$f" ] && ldd "$f" >/dev/null 2>&1; then
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

mkdir -p "$(dirname "$output")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$output.tmp"
mv "$output.tmp" "$output"
