#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark tables (scripts/lib/bench-stats.awk): differences, ratios,
# range overlap and the Mann-Whitney U p value on made-up results; and the
# guest's case filter (tests/guest/bench-case.sh).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/results" <<'RES'
stock null 250.00
stock null 250.00
patched null 249.00
patched null 249.00
patched-opt null 252.50
patched-opt null 252.50
stock yield-8 3000
stock yield-8 7000
stock yield-8 4000
patched yield-8 3000
patched yield-8 7000
patched yield-8 4000
patched-opt yield-8 2900
patched-opt yield-8 2950
patched-opt yield-8 2980
RES
out=$(awk -f "$top/scripts/lib/bench-stats.awk" "$tmp/results")
expect_eq "awk exits 0" 0 "$?"
expect_match "path row: counts, differences and ratios" \
	'^\| null \| 250\.00 \| 249\.00 \| -1\.00 \| 0\.996 \| 252\.50 \| \+2\.50 \| 1\.010 \| 0\.00 \|$' "$out"
expect_match "equal samples: ranges overlap, p = 1" \
	'^\| yield-8 \| 3 \| 3000 / 4000 / 7000 \| 3000 / 4000 / 7000 \| 1\.000 \| yes \| 1 \|' "$out"
# 3 against 3, all lower: U = 0, z = (4.5 - 0.5) / sqrt(63 / 12), p = 0.081
expect_match "separate samples: no overlap, p of U = 0" \
	'\| 2900 / 2950 / 2980 \| 0\.738 \| no \| 0\.081 \|$' "$out"

echo "x bench.case=null y" > "$tmp/cmdline"
got=$(BENCH_CMDLINE=$tmp/cmdline sh "$top/tests/guest/bench-case.sh" paths,null echo ran)
expect_eq "bench.case runs a line that lists the case" ran "$got"
got=$(BENCH_CMDLINE=$tmp/cmdline sh "$top/tests/guest/bench-case.sh" pingpong echo ran)
expect_eq "bench.case skips other lines" "" "$got"
echo "x y" > "$tmp/cmdline"
got=$(BENCH_CMDLINE=$tmp/cmdline sh "$top/tests/guest/bench-case.sh" pingpong echo ran)
expect_eq "without bench.case every line runs" ran "$got"

tap_done
