#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-rseq.sh
#
# The rseq exit-to-user counters of the patched kernel under two
# workloads (tests/guest/rseq-bench.sh: a slice of the rseq selftests and
# a shell pipeline loop), booted under QEMU -icount twice: by default,
# where the 32-byte registrations of glibc and the selftests get the
# legacy behaviour, and with rseq_optimize=1, where they get the
# optimized one.  Prints one markdown table per workload: each counter
# and its share of the exits to user space (cs clear and cs fixup as
# shares of the cs checks), as in the upstream series' tables.
# Needs 'make kernel initramfs-patched'.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
out=$P_BUILD/bench/rseq
mkdir -p "$out"

for mode in legacy optimized; do
	args=()
	[ $mode = optimized ] && args=(--append rseq_optimize=1)
	"$top/tests/vm/run-vm.sh" --variant patched --plan bench-rseq \
		--icount --timeout 3600 --out "$out/$mode" --label "bench-rseq-$mode" \
		"${args[@]}" > "$out/$mode.tap" || { cat "$out/$mode.tap" >&2; exit 1; }
	tr -d '\r' < "$out/$mode/output.txt" | sed "s/^/$mode /"
done > "$out/results.txt"

awk '
{ v[$1, $2, $3] = $4; if (!($2 in seen)) { seen[$2] = 1; w[++nw] = $2 } }
function pct(n, d) { return d ? sprintf("%.4f%%", 100 * n / d) : "-" }
function row(label, key, base,   l, o) {
	l = v["legacy", wl, key]; o = v["optimized", wl, key]
	printf "| %s | %d | %s | %d | %s |\n", label, l, pct(l, v["legacy", wl, base]),
		o, pct(o, v["optimized", wl, base])
}
END {
	for (i = 1; i <= nw; i++) {
		wl = w[i]
		printf "\nWorkload: %s\n\n", wl
		print "| counter | legacy (default) | % | optimized (rseq_optimize=1) | % |"
		print "|---|---:|---:|---:|---:|"
		printf "| exit to user | %d | | %d | |\n", v["legacy", wl, "exit"], v["optimized", wl, "exit"]
		row("signal checks", "signal", "exit")
		row("slowpath runs", "slowp", "exit")
		row("fastpath runs", "fastp", "exit")
		row("id updates", "ids", "exit")
		row("cs checks", "cs", "exit")
		row("  cs cleared (of cs)", "clear", "cs")
		row("  cs fixup (of cs)", "fixup", "cs")
		l = v["legacy", wl, "signal"]; o = v["optimized", wl, "signal"]
		if (l)
			printf "\nsignal checks, optimized vs legacy: %.2f%% fewer\n", 100 * (l - o) / l
	}
}' "$out/results.txt"
