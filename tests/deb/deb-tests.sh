#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-tests.sh: the packages of docs/install.md, built and checked on the
# host (no kernel packages, no VM).  Builds rseqctl and rseq-cid-dkms
# (scripts/deb-userland.sh) in build/deb, runs lintian,
# compares the file lists with tests/deb/*.files, checks 'make install'
# into a scratch DESTDIR, the Grafana dashboard, the systemd units and
# the textfile writer, and that the packaged module sources stop with
# one sentence on a kernel without the series (build/linux-stock) and
# build on build/linux-patched.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tap_prefix=deb
here=$top/tests/deb
out=$top/build/deb
stock=$top/build/linux-stock
patched=$top/build/linux-patched
# The trees' kernel releases, and the stock one as a regex.
stock_rel=$(cat "$stock/include/config/kernel.release")
patched_rel=$(cat "$patched/include/config/kernel.release")
stock_re=${stock_rel//./\\.}
# The sentence of module/Kbuild and the dkms.conf.
needs='rseq_cid needs Linux 6.12 with the rseq/MM CID backport series \(kernel/series\) and CONFIG_SCHED_MM_CID=y'

rm -rf "$out"
mkdir -p "$out/x"
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
rseqctl_deb=$out/rseqctl_${version}_$arch.deb
dkms_deb=$out/rseq-cid-dkms_${version}_all.deb

expect_eq "debian/changelog has rseqctl's version" \
	"$(sed -n 's/^#define RSEQCTL_VERSION[[:space:]]*"\(.*\)"$/\1/p' "$top/cli/rseqctl.c")" \
	"$version"

# expect_files DESC LISTFILE GOT
expect_files() {
	local d
	d=$(diff <(sed -e "s|@VERSION@|$version|g" -e "s|@PREFIX@|$prefix|g" "$2") \
		<(printf '%s\n' "$3"))
	if [ -z "$d" ]; then
		pass "$1"
	else
		fail "$1" "diff want got:" "$(printf '%s\n' "$d" | head -20)"
	fi
}

# --- the packages -----------------------------------------------------------
debs=$("$top/scripts/deb-userland.sh" "$out" 2>&1)
if [ "$debs" = "$rseqctl_deb
$dkms_deb" ]; then
	pass "dpkg-buildpackage builds rseqctl and rseq-cid-dkms"
else
	fail "dpkg-buildpackage builds rseqctl and rseq-cid-dkms" "$debs"
	tap_done
	exit
fi

# Every tag that is not overridden (debian/*.lintian-overrides) fails.
lint=$(lintian -I --pedantic --fail-on none "$rseqctl_deb" "$dkms_deb" 2>&1)
tags=$(printf '%s\n' "$lint" | grep -E '^[EWIPX]: ')
if [ -z "$tags" ]; then
	pass "lintian -I --pedantic: no tag that is not overridden"
else
	fail "lintian -I --pedantic: no tag that is not overridden" "$tags"
fi

prefix=
expect_files "rseqctl's files" "$here/rseqctl.files" \
	"$(dpkg-deb -c "$rseqctl_deb" | awk '$1 !~ /^d/ { print $6 }' | sort)"
expect_files "rseq-cid-dkms's files" "$here/rseq-cid-dkms.files" \
	"$(dpkg-deb -c "$dkms_deb" | awk '$1 !~ /^d/ { print $6 }' | sort)"
expect_match "rseqctl depends on libmnl and jansson" 'libjansson4.*libmnl0|libmnl0.*libjansson4' \
	"$(dpkg-deb -f "$rseqctl_deb" Depends)"
expect_match "rseq-cid-dkms depends on dkms" '^dkms' "$(dpkg-deb -f "$dkms_deb" Depends)"

# --- dkms.conf --------------------------------------------------------------
dpkg-deb -x "$rseqctl_deb" "$out/x"
dpkg-deb -x "$dkms_deb" "$out/x"
# What dkms sees on a machine: the layout of a linux-headers package of
# kbuild's bindeb-pkg (no .config, no sources), made from the trees by
# the script bindeb-pkg uses.  The VM kernels are x86.
headers() {
	(cd "$1" && srctree=. SRCARCH=x86 CC=gcc HOSTCC=gcc MAKE=make \
		sh scripts/package/install-extmod-build "$2") > "$2.log" 2>&1
}
hdr_stock=$out/headers-stock
hdr_patched=$out/headers-patched
headers "$stock" "$hdr_stock" && headers "$patched" "$hdr_patched"
expect_eq "headers-package layouts of both trees, without .config" "0 yes yes" \
	"$? $([ -f "$hdr_patched/include/config/auto.conf" ] && [ ! -e "$hdr_patched/.config" ] && echo yes) \
$([ -f "$hdr_stock/Module.symvers" ] && [ ! -e "$hdr_stock/.config" ] && echo yes)"
dkms_src=$out/x/usr/src/rseq-cid-$version
conf=$dkms_src/dkms.conf
# What dkms reads from it for a kernel: dkms sources it with these set.
gate() {
	(kernelver=$1 kernel_source_dir=$2
	 . "$conf"
	 echo "version=$PACKAGE_VERSION autoinstall=${AUTOINSTALL:-} exclusive=${BUILD_EXCLUSIVE_KERNEL:-}")
}
got=$(gate "$patched_rel" "$hdr_patched" 2>"$out/gate.err")
expect_eq "dkms.conf: a kernel with the series autoinstalls" \
	"version=$version autoinstall=yes exclusive=" "$got"
expect_eq "dkms.conf: and says nothing" "" "$(cat "$out/gate.err")"
got=$(gate "$stock_rel" "$hdr_stock" 2>"$out/gate.err")
expect_eq "dkms.conf: a kernel without the series is excluded, not autoinstalled" \
	"version=$version autoinstall= exclusive=^\$" "$got"
expect_match "dkms.conf: and names the kernel it needs" "^rseq-cid: not built for $stock_re: $needs\.\$" \
	"$(cat "$out/gate.err")"
got=$(gate 6.1.0-28-amd64 /nonexistent 2>/dev/null)
expect_eq "dkms.conf: no headers: excluded" \
	"version=$version autoinstall= exclusive=^\$" "$got"

# --- the packaged module sources against both kernels ----------------------
cp -r "$dkms_src" "$out/mod-stock"
err=$(make -C "$stock" M="$out/mod-stock" modules 2>&1)
rc=$?
expect_eq "module on a kernel without the series: build fails" 1 "$([ $rc != 0 ] && echo 1)"
expect_match "module on a kernel without the series: one sentence naming the kernel it needs" \
	"\*\*\* $needs, but $stock_re \($(cd "$stock" && pwd -P)\) lacks them" "$err"
expect_eq "module on a kernel without the series: no compiler run" "" \
	"$(printf '%s\n' "$err" | grep -E ' CC |error:')"
make -s -C "$stock" M="$out/mod-stock" clean > "$out/clean.log" 2>&1
expect_eq "module on a kernel without the series: clean still works" 0 "$?"

# --- dkms itself, in scratch trees (it installs nothing with 'build') -------
# dkms 3.0.10 as in bookworm: the packaged dkms.conf against both kernels.
# Kernel names without a dot: dkms looks for sign-file under
# /usr/lib/linux-kbuild-${kernelver%.*} and /lib/modules/$kernelver, and if
# it found one it would make a MOK key in /var/lib/dkms.
dk=$out/dkms
mkdir -p "$dk/tree" "$dk/src"
cp -r "$dkms_src" "$dk/src/"
dkms_do() {
	dkms "$@" -m rseq-cid -v "$version" --dkmstree "$dk/tree" --sourcetree "$dk/src"
}
dkms_do add > "$dk/add.log" 2>&1
expect_eq "dkms add" 0 "$?"
kver=rseqtest-patched
dkms_do build -k "$kver" --kernelsourcedir "$hdr_patched" > "$dk/patched.log" 2>&1
expect_eq "dkms build on the patched kernel's headers: rseq_cid.ko" "0 yes" \
	"$? $([ -f "$dk/tree/rseq-cid/$version/$kver/$(uname -m)/module/rseq_cid.ko" ] && echo yes)"
kver=rseqtest-stock
err=$(dkms_do build -k "$kver" --kernelsourcedir "$hdr_stock" 2>&1)
expect_eq "dkms build on the headers of a kernel without the series: skipped (77)" 77 "$?"
expect_eq "dkms build on the headers of a kernel without the series: the sentence, once" 1 \
	"$(printf '%s\n' "$err" | grep -cE "^rseq-cid: not built for $kver: $needs\.\$")"
# The 3.0.10 trap: a failing autoinstall fails every other kernel's postinst.
dkms autoinstall -k "$kver" --kernelsourcedir "$hdr_stock" --dkmstree "$dk/tree" \
	--sourcetree "$dk/src" > "$dk/autoinstall.log" 2>&1
expect_eq "dkms autoinstall for a kernel without the series succeeds" 0 "$?"

# --- make install -----------------------------------------------------------
prefix=/usr/local
make -s -C "$top/cli" install OUT="$out/cli" DESTDIR="$out/destdir" > "$out/install.log" 2>&1
expect_eq "make install (DESTDIR, default PREFIX) succeeds" 0 "$?"
expect_files "make install's files" "$here/make-install.files" \
	"$(cd "$out/destdir" && find . -type f | sed 's|^\.||' | sort)"
expect_eq "make install: no @NAME@ left in the installed files" "" \
	"$(grep -rlE '@[A-Z_]+@' "$out/destdir" --exclude=rseqctl)"
expect_match "make install: the service runs PREFIX's rseqctl" \
	"^ExecStart=/bin/sh -c '/usr/local/bin/rseqctl stats --format prometheus " \
	"$(cat "$out/destdir/usr/local/lib/systemd/system/rseqctl-textfile.service")"

bash -n "$out/destdir/usr/local/share/bash-completion/completions/rseqctl" 2>"$out/completion.err"
expect_eq "bash completion parses" "0 " "$? $(cat "$out/completion.err")"
got=$(bash -c '. /usr/share/bash-completion/bash_completion
	. "$1"
	COMP_WORDS=(rseqctl mm ""); COMP_CWORD=2; COMP_LINE="rseqctl mm "; COMP_POINT=${#COMP_LINE}
	_rseqctl rseqctl "" mm; echo "${COMPREPLY[*]}"' _ \
	"$out/destdir/usr/local/share/bash-completion/completions/rseqctl" 2>&1)
expect_eq "bash completion: rseqctl mm <TAB>" "list show" "$got"

# --- Grafana ----------------------------------------------------------------
got=$(python3 "$here/check-grafana.py" "$out/x/usr/share/rseqctl/grafana" "$top/cli/stats.c" 2>&1)
expect_eq "Grafana dashboard: valid, and only rseqctl's metrics" "ok" "$got"

# --- systemd ----------------------------------------------------------------
units=$out/x/lib/systemd/system
got=$(systemd-analyze verify --man=no "$units/rseqctl-textfile.timer" \
	"$units/rseqctl-textfile.service" 2>&1; echo "rc=$?")
expect_eq "systemd-analyze verify: the units are clean" "rc=0" "$got"
expect_eq "the timer is enabled by the package" 1 \
	"$(dpkg-deb -I "$rseqctl_deb" postinst | grep -c "deb-systemd-helper enable 'rseqctl-textfile.timer'")"
expect_eq "removing the package removes the textfile" 1 \
	"$(dpkg-deb -I "$rseqctl_deb" postrm | grep -c "rm -f /var/lib/prometheus/node-exporter/rseq_cid.prom")"

# The service's script, run with a stand-in for rseqctl: an atomic
# rename on success; on failure no .prom (no stale values) and its status.
script=$(sed -n "s|^ExecStart=/bin/sh -c '\(.*\)'\$|\1|p" "$units/rseqctl-textfile.service" |
	sed -e 's/\$\$/$/g' -e "s|/usr/bin/rseqctl|$out/fake-rseqctl|")
prom=$out/textfile/rseq_cid.prom
mkdir -p "$out/textfile"
printf '#!/bin/sh\necho "rseq_cid_mms 3"\nexit ${FAKE_RC:-0}\n' > "$out/fake-rseqctl"
chmod +x "$out/fake-rseqctl"
PROM=$prom sh -c "$script"
expect_eq "textfile writer: rseqctl's output in the .prom, no .tmp left" \
	"0 rseq_cid_mms 3 " "$? $(cat "$prom" 2>&1) $(ls "$out/textfile" | grep tmp)"
FAKE_RC=2 PROM=$prom sh -c "$script"
expect_eq "textfile writer: rseqctl fails: its status, no .prom, no .tmp" \
	"2 " "$? $(ls "$out/textfile")"

tap_done
