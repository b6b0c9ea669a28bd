#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install-test.sh [--quick]: the end-to-end install test of
# docs/install.md ('make test-install'; --quick is the part in make test,
# see below).  The vm-config kernel packages (scripts/kernel-deb.sh
# vm), rseq-cid-dkms and rseqctl (scripts/deb-userland.sh) are installed
# with dpkg into a Debian 12 root filesystem (tests/install/rootfs.sh,
# cached) in a chroot on this host, where the kernel's postinst has DKMS
# build the module.  The tree becomes an ext4 image (mkfs.ext4 -d), and QEMU boots
# the installed /boot/vmlinuz-RELEASE with systemd, without an initrd;
# guest-check.sh reports KTAP on the second serial port.  Meanwhile the
# packages are purged in the chroot, which must leave no file behind
# that was not there before the install.  Results in build/install.
#
# --quick stops after the packages: their names and versions, and dkms
# building the packaged module against the files of the real
# linux-headers package (scratch dkms tree, nothing installed).  No root
# filesystem, no VM: what fits into make test's budget.
set -u
quick=0
[ "${1:-}" = --quick ] && quick=1
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tap_prefix=install
here=$top/tests/install
export ARCH=x86_64
. "$top/scripts/lib/paths.sh"
. "$top/scripts/lib/deb.sh"
paths_variant patched || exit 2
out=$top/build/install
root=$out/root
img=$out/disk.img
timeout=${INSTALL_TIMEOUT:-600}
start=$SECONDS
mkdir -p "$out"

# What a purge may leave: dkms's module signing key (no package owns
# it; only made when openssl is there), and the logs and caches.
leftover_ok='^/var/lib/dkms/mok\.(key|pub)$'
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev \
		-o -path ./run -o -path ./tmp -o -path ./var/log -o -path ./var/cache \
		-o -path ./root \) -prune -o -print) | sed 's|^\.||' | sort
}
# in_root CMD...: CMD in the root filesystem, with /proc (dkms reads it)
# mounted in a mount namespace of its own, so nothing stays mounted.
in_root() {
	# shellcheck disable=SC2016 # expanded by that sh
	unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"
}
step() {
	echo "# install: $1 ($((SECONDS - start)) s)"
}

# --- the packages ---------------------------------------------------------
step "kernel packages"
if "$top/scripts/kernel-deb.sh" vm > "$out/kdeb.log" 2>&1; then
	pass "kernel-deb.sh vm: bindeb-pkg packages of the patched kernel"
else
	fail "kernel-deb.sh vm: bindeb-pkg packages of the patched kernel" \
		"$(tail -n 10 "$out/kdeb.log")"
	tap_done
	exit
fi
deb_kernel vm
deb_kernel_files
expect_match "the kernel release names the series" "-rseqcid" "$D_KREL"
expect_eq "package versions: kernel version and $D_KREV" "$D_KVER $D_KVER" \
	"$(dpkg-deb -f "${D_KFILES[0]}" Version) $(dpkg-deb -f "${D_KFILES[1]}" Version)"
expect_eq "no linux-libc-dev shipped or left behind" "" \
	"$(find "$D_KDIR" "$(dirname "$D_KOBJ")" -maxdepth 1 -name 'linux-libc-dev*')"
hdr_files=$(dpkg-deb -c "${D_KFILES[1]}" | awk '{ print $6 }')
expect_eq "headers package: auto.conf, Module.symvers, sign-file, no .config" "1 1 1 0" \
	"$(grep -c "/usr/src/linux-headers-$D_KREL/include/config/auto.conf\$" <<< "$hdr_files") \
$(grep -c "/usr/src/linux-headers-$D_KREL/Module.symvers\$" <<< "$hdr_files") \
$(grep -c "/usr/src/linux-headers-$D_KREL/scripts/sign-file\$" <<< "$hdr_files") \
$(grep -c "/usr/src/linux-headers-$D_KREL/.config\$" <<< "$hdr_files")"

# kbuild's packaging, which the project does not patch: every tag lintian
# gives must be in lintian-kernel.tags, which says why for each.
step "lintian on the kernel packages"
ktags=$here/lintian-kernel.tags
lint=$(lintian -I --pedantic --fail-on none --suppress-tags-from-file "$ktags" \
	"${D_KFILES[@]}" 2>&1)
expect_eq "lintian -I --pedantic on the kernel packages: no tag outside ${ktags#"$top"/}" "" \
	"$(grep -E '^[EWIPX]: ' <<< "$lint")"

step "rseqctl and rseq-cid-dkms"
mkdir -p "$out/userland"
if mapfile -t user_debs < <("$top/scripts/deb-userland.sh" "$out/userland" 2> "$out/userland.err") &&
	[ ${#user_debs[@]} = 2 ]; then
	pass "rseqctl and rseq-cid-dkms packages"
else
	fail "rseqctl and rseq-cid-dkms packages" "$(cat "$out/userland.err")"
	tap_done
	exit
fi

# dkms 3.0.10 on the real headers package, in scratch trees.
step "dkms build against the headers package"
x=$out/x
rm -rf "$x" "$out/dkms"
mkdir -p "$x" "$out/dkms/tree" "$out/dkms/src"
dpkg-deb -x "${D_KFILES[1]}" "$x"
dpkg-deb -x "${user_debs[1]}" "$x"
cp -r "$x"/usr/src/rseq-cid-* "$out/dkms/src/"
mver=$(dpkg-deb -f "${user_debs[1]}" Version)
dkms_do() {
	dkms "$@" -m rseq-cid -v "$mver" --dkmstree "$out/dkms/tree" --sourcetree "$out/dkms/src"
}
dkms_do add > "$out/dkms/add.log" 2>&1
# dkms signs with the headers' sign-file and its MOK key as on a test
# machine, here with a scratch key: dkms takes these framework.conf
# variables from the environment when no framework.conf sets them.
sign_file=$x/usr/src/linux-headers-$D_KREL/scripts/sign-file \
	mok_signing_key=$out/dkms/mok.key mok_certificate=$out/dkms/mok.pub \
	dkms_do build -k "$D_KREL" --kernelsourcedir "$x/usr/src/linux-headers-$D_KREL" \
	> "$out/dkms/build.log" 2>&1
ko=$out/dkms/tree/rseq-cid/$mver/$D_KREL/$(uname -m)/module/rseq_cid.ko
expect_eq "dkms build of rseq-cid-dkms on the linux-headers package: rseq_cid.ko" "0 yes" \
	"$? $([ -f "$ko" ] && echo yes)"
expect_eq "its vermagic is the package's release" "$D_KREL" \
	"$(modinfo -F vermagic "$ko" 2>&1 | cut -d' ' -f1)"
expect_eq "dkms signed it with its MOK key (the headers carry sign-file)" \
	"DKMS module signing key sha512" "$(modinfo -F signer "$ko") $(modinfo -F sig_hashalgo "$ko")"
"$here/modsig.sh" verify "$ko" "$out/dkms/mok.pub"
expect_eq "the signature verifies against dkms's mok.pub" 0 "$?"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=other -days 1 -outform DER \
	-keyout "$out/dkms/other.key" -out "$out/dkms/other.der" > /dev/null 2>&1
"$here/modsig.sh" verify "$ko" "$out/dkms/other.der" 2> /dev/null
expect_eq "and not against another key's certificate" 1 "$?"
if [ "$quick" = 1 ]; then
	step "done (--quick)"
	tap_done
	exit
fi

# --- the root filesystem --------------------------------------------------
step "root filesystem"
if "$here/rootfs.sh" "$out/rootfs.tar" > "$out/rootfs.log" 2>&1; then
	pass "Debian 12 root filesystem ($(readlink "$out/rootfs.tar"))"
else
	fail "Debian 12 root filesystem" "$(tail -n 5 "$out/rootfs.log")"
	tap_done
	exit
fi
rm -rf "$root" "$img"
mkdir -p "$root"
tar -C "$root" --numeric-owner -xpf "$out/rootfs.tar"
# The test's own files, in both snapshots: the guest's checks, no root
# password for the serial console, no first-boot questions, and no
# service starts in the chroot.
install -m 755 "$here/guest-check.sh" "$root/usr/local/sbin/rseq-install-check"
sed "s/@RELEASE@/$D_KREL/" "$here/rseq-install-check.service" \
	> "$root/etc/systemd/system/rseq-install-check.service"
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -s /etc/systemd/system/rseq-install-check.service \
	"$root/etc/systemd/system/multi-user.target.wants/rseq-install-check.service"
in_root passwd -dq root
# The image has no machine-id, so systemd sees a first boot; its
# systemd-firstboot would wait for answers on the console.
ln -s /dev/null "$root/etc/systemd/system/systemd-firstboot.service"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
snapshot > "$out/before.files"

# --- install in the chroot ------------------------------------------------
step "dpkg -i in the chroot"
mkdir -p "$root/tmp/debs"
cp "${D_KFILES[@]}" "${user_debs[@]}" "$root/tmp/debs/"
# Image, headers and the DKMS package in one call: the image's postinst
# has dkms build the module (the headers package has no scripts).
in_root sh -c 'dpkg -i /tmp/debs/*.deb' > "$out/dpkg-install.log" 2>&1
expect_eq "dpkg -i of the kernel packages, rseq-cid-dkms and rseqctl" 0 "$?"
rm -rf "$root/tmp/debs"
expect_match "dkms status: built and installed for $D_KREL" \
	"^rseq-cid/[^,]+, $D_KREL, [^:]+: installed" "$(in_root dkms status rseq-cid 2>&1)"
expect_eq "the module is in the kernel's updates/dkms" yes \
	"$([ -f "$root/lib/modules/$D_KREL/updates/dkms/rseq_cid.ko" ] && echo yes)"
expect_eq "no initrd: the kernel boots without one" "" \
	"$(find "$root/boot" -name 'initrd*')"
ko=$root/lib/modules/$D_KREL/updates/dkms/rseq_cid.ko
expect_eq "dkms made its MOK key, /var/lib/dkms/mok.key and mok.pub" "yes yes" \
	"$([ -s "$root/var/lib/dkms/mok.key" ] && echo yes) $([ -s "$root/var/lib/dkms/mok.pub" ] && echo yes)"
expect_eq "the installed module is signed by the DKMS key" "DKMS module signing key" \
	"$(modinfo -F signer "$ko" 2>&1)"
"$here/modsig.sh" verify "$ko" "$root/var/lib/dkms/mok.pub"
expect_eq "its signature verifies against /var/lib/dkms/mok.pub" 0 "$?"

# --- boot it --------------------------------------------------------------
step "mkfs.ext4 and boot"
rm -f "$root/usr/sbin/policy-rc.d"
mkfs.ext4 -q -F -L root -d "$root" "$img" 2G > "$out/mkfs.log" 2>&1
expect_eq "mkfs.ext4 -d of the installed tree" 0 "$?"
: > "$out/ktap.log"
timeout "$timeout" "$P_QEMU" -accel tcg -smp 2 -m 1024 -nographic -no-reboot -nic none \
	-kernel "$root/boot/vmlinuz-$D_KREL" \
	-append "root=/dev/vda rw rootfstype=ext4 console=ttyS0 panic=-1" \
	-drive file="$img",format=raw,if=virtio \
	-serial file:"$out/console.log" -serial file:"$out/ktap.log" \
	-monitor none < /dev/null > "$out/qemu.log" 2>&1 &
qemu=$!

# --- purge in the chroot, while the guest runs ----------------------------
step "purge in the chroot"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# shellcheck disable=SC2086 # two package names
in_root dpkg --purge rseqctl rseq-cid-dkms $D_KPKGS > "$out/dpkg-purge.log" 2>&1
expect_eq "dpkg --purge of all four packages" 0 "$?"
snapshot > "$out/after.files"
left=$(comm -13 "$out/before.files" "$out/after.files" | grep -Ev "$leftover_ok")
expect_eq "purge leaves no file that was not there before the install" "" \
	"$(printf '%s\n' "$left" | head -n 20)"
expect_eq "purge removes no file that was there before" "" \
	"$(comm -23 "$out/before.files" "$out/after.files" | head -n 20)"

# --- the guest's results --------------------------------------------------
step "waiting for the guest"
wait "$qemu"
rc=$?
step "guest done"
expect_eq "the guest powered off (qemu exit 0, not the ${timeout} s timeout)" 0 "$rc"
ktap=$(tr -d '\r' < "$out/ktap.log")
while IFS= read -r line; do
	case "$line" in
	"ok "*) pass "guest: ${line#ok [0-9]* }" ;;
	"not ok "*) fail "guest: ${line#not ok [0-9]* }" ;;
	"# "*) echo "#   $line" ;;
	esac
done <<< "$ktap"
expect_eq "guest: all checks ran and passed" "@@END rc=0" "$(grep '^@@END' <<< "$ktap")"
debugfs -R "dump /var/tmp/rseq-install/out.txt $out/guest-out.txt" "$img" > /dev/null 2>&1
if [ -s "$out/guest-out.txt" ]; then
	PATH=/usr/bin:$PATH python3 "$top/tests/cli/check-json.py" --schema-only \
		"$out/guest-out.txt" "$top/docs/rseqctl-schema.json"
	expect_eq "rseqctl's documents and the .prom validate (schema, promtool)" 0 "$?"
else
	fail "the guest's rseqctl output is on the disk image" "see build/install/console.log"
fi
step "done"
tap_done
