#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-cs.sh [RUNS]   (make bench [RUNS=n] [CASE=name])
#
# Context-switch and kernel path benchmark, stock vs patched: boots the
# stock kernel, the patched kernel (glibc's 32-byte registrations are
# legacy) and the patched kernel with rseq_optimize=1 (optimized), RUNS
# times each (default 10) under QEMU -icount with a different fixed RTC
# date each time (the date seeds the guest and moves multi-threaded
# results), runs the bench-cs plan and prints markdown tables: the exact
# per-path instruction counts, and per case min / median / max of every
# variant, the ratio of the medians to stock, whether the min-max ranges
# overlap and a two-sided Mann-Whitney U test against stock.  Guest time
# under -icount counts instructions (1 ns each).
#
# A full run (no CASE, every variant) also rewrites the tables in
# docs/benchmarks.md between the architecture's markers (bench-cs for
# x86_64, bench-cs-ARCH for the others), with the kernels' build hashes
# and the repository commit beside them.
#
#   CASE=NAME            run only that case (names: csbench's output, e.g.
#                        null, pingpong, yield-8), default 1 run, no docs
#   BENCH_VARIANTS=...   rerun only some variants; the others come from
#                        their last run (build/bench/cs/VARIANT.txt), and
#                        the docs are written if those had as many boots
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
case_=${CASE:-}
runs=${1:-}
if [ -z "$runs" ]; then
	runs=10
	[ -z "$case_" ] || runs=1
fi
. "$top/scripts/lib/paths.sh"
paths_arch || exit 2
out=$P_BUILD/bench/cs
docs=$top/docs/benchmarks.md
mkdir -p "$out"

die() {
	echo "bench-cs: $*" >&2
	exit 1
}

[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"
[ -z "$case_" ] || [[ "$case_" =~ ^[a-z0-9-]+$ ]] || die "bad CASE '$case_'"

all=(stock patched patched-opt)
read -r -a variants <<< "${BENCH_VARIANTS:-${all[*]}}"
start=$SECONDS
for v in "${variants[@]}"; do
	k=${v%-opt}
	paths_variant "$k" || exit 2
	[ -r "$P_IMAGE" ] || die "no $P_IMAGE; make kernel kernel-stock first"
	args=()
	[ "$v" = patched-opt ] && args+=(--append rseq_optimize=1)
	[ -n "$case_" ] && args+=(--append "bench.case=$case_")
	for ((i = 0; i < runs; i++)); do
		date=$(printf '%04d-%02d-01T00:00:00' $((2024 + i / 12)) $((1 + i % 12)))
		"$top/tests/vm/run-vm.sh" --variant "$k" --plan bench-cs \
			--icount --rtc "$date" --out "$out/$v-$i" --label "bench-$v-$i" \
			"${args[@]}" > "$out/$v-$i.tap" || { cat "$out/$v-$i.tap" >&2; exit 1; }
		tr -d '\r' < "$out/$v-$i/output.txt" | sed "s/^/$v /"
	done > "$out/$v.txt"
	[ -s "$out/$v.txt" ] || die "no results for $v${case_:+ (unknown CASE $case_?)}"
done
elapsed=$((SECONDS - start))
for v in "${all[@]}"; do
	[ -r "$out/$v.txt" ] || die "no results for $v; run it"
	cat "$out/$v.txt"
done > "$out/results.txt"

tables=$out/tables.md
awk -f "$top/scripts/lib/bench-stats.awk" "$out/results.txt" > "$tables"
cat "$tables"
echo "bench-cs: ${#variants[@]} variant(s) x $runs run(s) in ${elapsed} s" >&2

# The docs get a full run, or a rerun of some variants (BENCH_VARIANTS)
# whose other variants' last results have as many boots.
[ -z "$case_" ] || exit 0
for v in "${all[@]}"; do
	[ "$(wc -l < "$out/$v.txt")" = "$(wc -l < "$out/${variants[0]}.txt")" ] ||
		die "$v's last results have another number of boots; not writing ${docs#"$top"/}"
done
howlong="${elapsed} s for the whole run"
[ "${#variants[@]}" = 3 ] ||
	howlong="${elapsed} s for ${variants[*]}, rerun; the others from their last run"

# Where the numbers come from: the build hashes of the kernels
# (scripts/kernel-build.sh: source, series, config fragments), the
# repository commit and the config fragments.
commit=$(git -C "$top" rev-parse --short=12 HEAD)
git -C "$top" diff --quiet HEAD -- kernel scripts tests || commit+=" (with uncommitted changes)"
block=$out/docs-block.md
marker=bench-cs cmd="make bench"
[ "$P_ARCH" = x86_64 ] || marker+="-$P_ARCH" cmd="make ARCH=$P_ARCH bench"
{
	echo "<!-- $marker begin: written by scripts/bench-cs.sh, do not edit -->"
	echo "Measured $(date -u +%Y-%m-%d) by \`$cmd\` ($runs boots per variant, RTC dates"
	echo "2024-01-01 on, monthly; $howlong) at commit $commit."
	for k in stock patched; do
		paths_variant "$k"
		frags="base.config + arch/$P_ARCH.config"
		if [ "$k" = patched ]; then
			frags+=" + patched.config ($(grep -v '^#' "$top/kernel/config/patched.config" | tr '\n' ' '| sed 's/ $//'))"
			[ -z "$P_BOOT_FRAG" ] || frags+=" + $P_BOOT_FRAG"
		fi
		echo "$k kernel: build hash \`$(cat "$P_KOUT/stamp")\`, .config sha256"
		echo "\`$(sha256sum < "$P_KOUT/config" | cut -c1-16)\` (tinyconfig + kernel/config/ $frags)."
	done
	echo "The series: kernel/series, sha256 \`$(cat "$top/kernel/series" "$top"/kernel/patches/*.patch | sha256sum | cut -c1-16)\`."
	echo
	cat "$tables"
	echo "<!-- $marker end -->"
} > "$block"
if ! grep -q "^<!-- $marker begin" "$docs" || ! grep -q "^<!-- $marker end" "$docs"; then
	die "no $marker markers in $docs"
fi
awk -v block="$block" -v begin="<!-- $marker begin" -v end="<!-- $marker end" '
index($0, begin) == 1 { while ((getline l < block) > 0) print l; skip = 1; next }
index($0, end) == 1 { skip = 0; next }
!skip' "$docs" > "$docs.tmp" && mv "$docs.tmp" "$docs"
echo "bench-cs: tables written to ${docs#"$top"/}" >&2
