#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-cs.sh [RUNS]
#
# Context-switch benchmark, stock vs patched kernel: boots each kernel
# RUNS times (default 3) under QEMU -icount with a different fixed RTC
# date each time (the date seeds the guest and moves multi-threaded
# results; see shared notes on -icount), runs the bench-cs plan and
# prints a markdown table of the per-case medians and the patched/stock
# ratio.  Guest time under -icount counts instructions (1 ns each).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
out=$top/build/bench/cs
mkdir -p "$out"

for k in stock patched; do
	for ((i = 0; i < runs; i++)); do
		date=$(printf '2024-%02d-01T00:00:00' $((1 + i % 12)))
		"$top/tests/vm/run-vm.sh" --kernel "$top/build/kernel/$k/bzImage" \
			--initrd "$top/build/vm/$k/initramfs.cpio.gz" --plan bench-cs \
			--icount --rtc "$date" --out "$out/$k-$i" --label "bench-$k-$i" \
			> "$out/$k-$i.tap" || { cat "$out/$k-$i.tap" >&2; exit 1; }
		tr -d '\r' < "$out/$k-$i/output.txt" | sed "s/^/$k /"
	done
done > "$out/results.txt"

awk '
# sorted values of key into a[1..n]; returns n
function sorted(key, a,   n, i, j, t) {
	n = split(vals[key], a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n
}
function median(key,   n, a) {
	n = sorted(key, a)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function range(key,   n, a) {
	n = sorted(key, a)
	return sprintf("%.0f-%.0f", a[1], a[n])
}
{
	key = $1 " " $2
	vals[key] = vals[key] " " $3
	if (!($2 in seen)) { seen[$2] = 1; order[++ncases] = $2 }
}
END {
	print "| case | stock ns/op (median) | patched ns/op (median) | patched/stock | stock range | patched range |"
	print "|---|---:|---:|---:|---:|---:|"
	for (c = 1; c <= ncases; c++) {
		s = median("stock " order[c]); p = median("patched " order[c])
		printf "| %s | %.1f | %.1f | %.3f | %s | %s |\n", order[c], s, p, p / s,
			range("stock " order[c]), range("patched " order[c])
	}
}' "$out/results.txt"
