#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-check.sh RELEASE: run by rseq-install-check.service in the
# install test's Debian 12 guest, once systemd reached multi-user.
# Writes KTAP to the second serial port (ttyS1) and "@@END rc=N", and
# rseqctl's documents (check-json.py's format) to /var/tmp/rseq-install/
# out.txt, which the host reads from the disk image afterwards.  Then
# powers off.  The kernel does not enforce module signatures, so the
# module that dkms signed with its (untrusted) key loads and taints it.
rel=${1:?usage: guest-check.sh RELEASE}
res=/var/tmp/rseq-install
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

echo "KTAP version 1"
echo "1..10"
check "the running kernel is the installed package's ($rel)" test "$(uname -r)" = "$rel"
check "systemd reached multi-user.target" systemctl is-active multi-user.target
check "dkms status: rseq-cid installed for $rel" \
	sh -c "dkms status rseq-cid -k '$rel' | grep -q ': installed'"
check "modprobe rseq_cid" modprobe rseq_cid
check "signed by a key the kernel does not trust: it loads, with the E taint" \
	test $(( $(cat /proc/sys/kernel/tainted) & 8192 )) = 8192
check "rseqctl -j stats" sh -c "{ echo '@@DOC stats'; rseqctl -j stats; } > $res/stats.txt"
check "rseqctl -j mm list" sh -c "{ echo '@@DOC mm_list'; rseqctl -j mm list; } > $res/mm.txt"
check "the package enabled rseqctl-textfile.timer" systemctl is-enabled rseqctl-textfile.timer
check "rseqctl-textfile.service runs" systemctl start rseqctl-textfile.service
check "it wrote $prom" sh -c "{ echo '@@PROM textfile'; cat $prom; } > $res/prom.txt && test -s $prom"
cat "$res"/stats.txt "$res"/mm.txt "$res"/prom.txt > "$res/out.txt" 2>/dev/null
sync
echo "@@END rc=$failed"
systemctl poweroff --no-block
