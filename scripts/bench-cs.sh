#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-cs.sh [RUNS]
#
# Context-switch benchmark, stock vs patched kernel: boots each kernel
# RUNS times (default 3) under QEMU -icount with a different fixed RTC
# date each time (the date seeds the guest and moves multi-threaded
# results; see shared notes on -icount), runs the bench-cs plan and
# prints a markdown table of the per-case medians and their ratios to
# stock.  Guest time under -icount counts instructions (1 ns each).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
out=$P_BUILD/bench/cs
mkdir -p "$out"

# Variants: stock, patched as is (glibc's 32-byte registrations are
# legacy), and patched with rseq_optimize=1 (they are optimized).
# BENCH_VARIANTS="patched-opt" reruns only some; the table then takes the
# others from their last run (build/bench/cs/VARIANT.txt).
all=(stock patched patched-opt)
read -r -a variants <<< "${BENCH_VARIANTS:-${all[*]}}"

for v in "${variants[@]}"; do
	k=${v%-opt}
	args=()
	[ "$v" = patched-opt ] && args=(--append rseq_optimize=1)
	for ((i = 0; i < runs; i++)); do
		date=$(printf '2024-%02d-01T00:00:00' $((1 + i % 12)))
		"$top/tests/vm/run-vm.sh" --variant "$k" --plan bench-cs \
			--icount --rtc "$date" --out "$out/$v-$i" --label "bench-$v-$i" \
			"${args[@]}" > "$out/$v-$i.tap" || { cat "$out/$v-$i.tap" >&2; exit 1; }
		tr -d '\r' < "$out/$v-$i/output.txt" | sed "s/^/$v /"
	done > "$out/$v.txt"
done
for v in "${all[@]}"; do
	[ -r "$out/$v.txt" ] || { echo "bench-cs: no results for $v; run it" >&2; exit 1; }
	cat "$out/$v.txt"
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
	print "| case | stock ns/op | patched ns/op | patched/stock | patched rseq_optimize=1 ns/op | optimized/stock | stock range | patched range | optimized range |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (c = 1; c <= ncases; c++) {
		s = median("stock " order[c]); p = median("patched " order[c])
		o = median("patched-opt " order[c])
		printf "| %s | %.1f | %.1f | %.3f | %.1f | %.3f | %s | %s | %s |\n", order[c], s, p,
			p / s, o, o / s, range("stock " order[c]), range("patched " order[c]),
			range("patched-opt " order[c])
	}
}' "$out/results.txt"
