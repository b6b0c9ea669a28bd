#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# series-bisect.sh [FIRST [LAST]]
#
# Prove that every prefix of kernel/series builds and boots.  For
# k = FIRST..LAST (default 1..N) the first k patches are applied to one
# tree, build/linux-bisect, one patch after the other so that make only
# rebuilds what each patch touches; the patched tiny config (tinyconfig +
# base.config + arch/x86_64.config + patched.config, options a prefix
# does not know yet are dropped) is built and the bzImage booted under
# QEMU with the patched initramfs and 255 possible CPUs, as make test
# boots the patched kernel:
#   boot, rseq_abi   on every prefix: the VM comes up and the rseq ABI
#                    keeps 6.12's outcomes (the plan passes on stock too)
#   mm_cid           once the prefix has strict CID ownership including
#                    the affinity tracking
#   rseq             once the prefix has the whole rseq rework (its
#                    statistics and the rseq_optimize switch)
# Module plans never run: the module needs the export of a later patch
# and is built against the final kernel.  Needs 'make kernel initramfs-patched'.
#
# Prints one TAP line per prefix and writes a table of the results and
# times to build/logs/series-bisect/summary.txt; the logs of each prefix
# are in build/logs/series-bisect/K/.  JOBS sets make's -j.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/kernel-source.sh"
. "$top/scripts/lib/paths.sh"
kernel_source_check series-bisect.sh
paths_arch x86_64
paths_variant patched
paths_kcc

tree=$P_BUILD/linux-bisect
logs=$P_BUILD/logs/series-bisect
initrd=$P_INITRD
jobs=${JOBS:-$(nproc)}
# The plans check possible_255 (the VM has 255 possible CPUs, 4 online),
# so they run as tests/run-tests.sh runs them on the patched kernel.
vm_opts=(--maxcpus 255)
# The patched VM kernel's fragments (scripts/kernel-build.sh) without
# the one that boots systemd from a disk: the prefixes boot the initramfs.
# Only the first two are checked: patched.config's options come with
# later patches.
frags=("$top/kernel/config/base.config" "$P_FRAGS" "$top/kernel/config/patched.config")

# PLAN FILE STRING: run PLAN on a prefix whose FILE contains STRING.
feature_plans=(
	"mm_cid kernel/sched/core.c mm_cid_update_cpus_allowed"
	"rseq kernel/rseq.c rseq_optimize_all"
)

die() {
	echo "series-bisect: $*" >&2
	exit 2
}

patches=()
kernel_series_patches patches
n=${#patches[@]}
[ "$n" -gt 0 ] || die "kernel/series lists no patches"
first=${1:-1}
last=${2:-$n}
for v in "$first" "$last"; do
	case "$v" in ''|*[!0-9]*) die "'$v' is not a patch number (1..$n)" ;; esac
done
if [ "$first" -lt 1 ] || [ "$last" -gt "$n" ] || [ "$first" -gt "$last" ]; then
	die "prefixes $first..$last outside 1..$n"
fi
[ -f "$initrd" ] || die "no $initrd; run 'make kernel initramfs-patched'"
command -v "$P_QEMU" >/dev/null || die "$P_QEMU missing (make deps)"

kmake() {
	paths_kmake "$tree" -s -j"$jobs" CC="$P_KCC" HOSTCC="$P_KHOSTCC" "$@"
}

# Make the tree hold the first K patches: one more patch if it holds
# K-1 of them, else reverse whatever it holds and apply all K.
prefix_tree() {
	local k=$1 hash prev
	hash=$(kernel_source_hash "${patches[@]:0:k}")
	prev=$(kernel_source_hash "${patches[@]:0:k-1}")
	if [ -f "$tree/.src-hash" ] && [ "$(cat "$tree/.src-hash")" = "$prev" ]; then
		kernel_source_extend "$tree" "bisect $k" "$hash" "${patches[k-1]}"
	else
		kernel_source_tree "$tree" "bisect $k" "$hash" "${patches[@]:0:k}"
	fi
}

prefix_build() {
	kmake tinyconfig >/dev/null &&
		(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null) &&
		kmake olddefconfig >/dev/null &&
		"$top/scripts/check-config.sh" "$tree/.config" "${frags[@]:0:2}" &&
		kmake "$P_IMAGE_NAME"
}

mkdir -p "$logs"
summary=$logs/summary.txt
printf '| # | patch | build s | plans (VM s) | result |\n|---|---|---|---|---|\n' > "$summary"
echo "1..$((last - first + 1))"
failed=0
for ((k = first; k <= last; k++)); do
	name=$(basename "${patches[k-1]}" .patch)
	dir=$logs/$k
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! prefix_tree "$k" > "$dir/apply.log" 2>&1; then
		echo "Bail out! prefix $k ($name) does not apply: see ${dir#"$top"/}/apply.log"
		exit 2
	fi

	t0=$SECONDS
	if ! prefix_build > "$dir/build.log" 2>&1; then
		err=$(grep -m1 -E 'error|Error|undefined reference' "$dir/build.log")
		echo "not ok $((k - first + 1)) - prefix $k ($name) # build failed: ${err:-see $dir/build.log}"
		echo "| $k | $name | $((SECONDS - t0)) | - | build FAIL |" >> "$summary"
		failed=$((failed + 1))
		continue
	fi
	build_s=$((SECONDS - t0))

	plans=(boot rseq_abi)
	for f in "${feature_plans[@]}"; do
		read -r plan file string <<< "$f"
		grep -qs -- "$string" "$tree/$file" && plans+=("$plan")
	done
	t0=$SECONDS
	bad=()
	for plan in "${plans[@]}"; do
		"$top/tests/vm/run-vm.sh" --kernel "$tree/arch/$P_KARCH/boot/$P_IMAGE_NAME" \
			--initrd "$initrd" --plan "$plan" --out "$dir/$plan" "${vm_opts[@]}" \
			--label "prefix-$k-$plan" > "$dir/$plan.tap" 2>&1 && continue
		# The plan and the names of its failed tests (run-vm.sh's TAP
		# lines "not ok LABEL: NAME # why").
		tests=$(sed -n 's/^not ok [^:]*: \(.*\)$/\1/p' "$dir/$plan.tap" |
			sed 's/ *#.*//' | paste -sd, - | sed 's/,/, /g')
		bad+=("$plan (${tests:-run-vm.sh failed, see $plan.tap})")
	done
	vm_s=$((SECONDS - t0))
	if [ ${#bad[@]} -eq 0 ]; then
		echo "ok $((k - first + 1)) - prefix $k ($name): ${plans[*]}"
		result=ok
	else
		bad_s=$(printf '%s; ' "${bad[@]}")
		bad_s=${bad_s%; }
		echo "not ok $((k - first + 1)) - prefix $k ($name) # failed: $bad_s (see ${dir#"$top"/})"
		result="FAIL: $bad_s"
		failed=$((failed + 1))
	fi
	echo "| $k | $name | $build_s | ${plans[*]} ($vm_s) | $result |" >> "$summary"
done
echo "# $failed of $((last - first + 1)) prefixes failed; table in ${summary#"$top"/}"
[ "$failed" -eq 0 ]
