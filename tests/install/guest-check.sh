#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-check.sh RELEASE: run by rseq-install-check.service in the
# install test's Debian 12 guest, once systemd reached multi-user.
# Writes KTAP to the second serial port (ttyS1) and "@@END rc=N", and
# rseqctl's documents (check-json.py's format) to /var/tmp/rseq-install/
# out.txt, which the host reads from the disk image afterwards.  Then
# powers off.  The kernel enforces module signatures
# (module.sig_enforce=1): the module that dkms signed loads only once
# the DKMS key is trusted, through a certificate for it that the
# kernel's build key signed (install-test.sh puts it and an unsigned
# copy of the module into /var/tmp/rseq-install-in).
rel=${1:?usage: guest-check.sh RELEASE}
res=/var/tmp/rseq-install
gin=/var/tmp/rseq-install-in
prom=/var/lib/prometheus/node-exporter/rseq_cid.prom
mkdir -p "$res"
exec > /dev/ttyS1 2>&1

n=0
failed=0
# check DESC CMD...: one KTAP line; the command's output on failure.
check() {
	desc=$1
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		printf '%s\n' "$out" | head -n 10 | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# refused CMD...: CMD fails because the kernel rejects the module's key
# (EKEYREJECTED).
refused() {
	if out=$("$@" 2>&1) || ! printf '%s\n' "$out" | grep -q 'Key was rejected by service'; then
		echo "not refused for its key: $out"
		return 1
	fi
}

echo "KTAP version 1"
echo "1..14"
check "the running kernel is the installed package's ($rel)" test "$(uname -r)" = "$rel"
check "systemd reached multi-user.target" systemctl is-active multi-user.target
check "dkms status: rseq-cid installed for $rel" \
	sh -c "dkms status rseq-cid -k '$rel' | grep -q ': installed'"
check "module signatures are enforced (module.sig_enforce=1)" \
	test "$(cat /sys/module/module/parameters/sig_enforce)" = Y
check "an unsigned copy of rseq_cid.ko is refused" refused insmod "$gin/rseq_cid-unsigned.ko"
check "rseq_cid signed by the DKMS key is refused while the key is not trusted" \
	refused modprobe rseq_cid
check "the DKMS key, vouched for by the kernel's key, goes into .secondary_trusted_keys" \
	sh -c "keyctl padd asymmetric '' %:.secondary_trusted_keys < $gin/dkms-vouched.der"
check "modprobe rseq_cid" modprobe rseq_cid
check "no unsigned-module taint (E)" \
	test $(( $(cat /proc/sys/kernel/tainted) & 8192 )) = 0
check "rseqctl -j stats" sh -c "{ echo '@@DOC stats'; rseqctl -j stats; } > $res/stats.txt"
check "rseqctl -j mm list" sh -c "{ echo '@@DOC mm_list'; rseqctl -j mm list; } > $res/mm.txt"
check "the package enabled rseqctl-textfile.timer" systemctl is-enabled rseqctl-textfile.timer
check "rseqctl-textfile.service runs" systemctl start rseqctl-textfile.service
check "it wrote $prom" sh -c "{ echo '@@PROM textfile'; cat $prom; } > $res/prom.txt && test -s $prom"
cat "$res"/stats.txt "$res"/mm.txt "$res"/prom.txt > "$res/out.txt" 2>/dev/null
sync
echo "@@END rc=$failed"
systemctl poweroff --no-block
