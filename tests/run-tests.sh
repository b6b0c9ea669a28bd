#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh [SUITE...]
#
# The whole test run behind 'make test': host unit tests, the kernel
# builds (stock, patched, debug), the style check, the guest binaries and
# initramfs, then every VM plan on the kernels it belongs to.  Each build step counts as one test;
# each suite contributes its own TAP lines.  A failed build turns the
# suites that need it into failures, not skips.  Ends with the line
# "N passed, N failed" and exits non-zero if anything failed.
#
# With SUITE names only those suites run (plus the builds they need);
# 'run-tests.sh --list' names them.
set -uo pipefail
# count() must update the totals of this shell, not of a pipeline subshell.
shopt -s lastpipe

top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/logs
mkdir -p "$logs"
: > "$logs/stage-times"
passed=0
failed=0
declare -A built=()

# name | needs (comma separated build steps) | command
suites=(
	"unit||$top/tests/unit/run.sh"
	"model||$top/model/check.sh quick"
	"matrix||$top/scripts/build-matrix.sh compile"
	"style|kernel-stock|$top/tests/style/run.sh $top/build/linux-stock"
	"stock-selftests|kernel-stock,guest,initramfs-stock|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/stock/bzImage --initrd $top/build/vm/stock/initramfs.cpio.gz --plan selftests --label stock"
	"patched-selftests|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan selftests --label patched"
	"stock-rseq_abi|kernel-stock,guest,initramfs-stock|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/stock/bzImage --initrd $top/build/vm/stock/initramfs.cpio.gz --plan rseq_abi --label stock-rseq_abi --maxcpus 255"
	"patched-rseq_abi|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan rseq_abi --label patched-rseq_abi --maxcpus 255"
	"patched-rseq|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan rseq --label patched-rseq --maxcpus 255"
	"patched-selftests-debug|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan selftests --label patched-selftests-debug --append rseq_debug=1 --append rseq_optimize=1"
	"patched-mm_cid|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan mm_cid --label patched-mm_cid --maxcpus 255"
	"patched-module|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan module --label patched-module --maxcpus 255"
	"patched-module-nodebugfs|kernel-patched,guest,initramfs-patched|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/patched/initramfs.cpio.gz --plan module-nodebugfs --label patched-module-nodebugfs --maxcpus 255 --append debugfs=off"
	"patched-cli|kernel-patched,guest,initramfs-patched|$top/tests/cli/vm-cli.sh"
	"patched-shell|kernel-patched,guest,initramfs-patched|$top/tests/vm/shell-smoke.sh"
	"deb|kernel-stock,kernel-patched|$top/tests/deb/deb-tests.sh"
	"patched-ynl|kernel-stock,kernel-patched,guest,initramfs-ynl|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/patched/bzImage --initrd $top/build/vm/ynl/initramfs.cpio.gz --plan ynl --label patched-ynl --maxcpus 255"
	"debug|kernel-debug,guest,initramfs-debug|$top/tests/vm/run-vm.sh --kernel $top/build/kernel/debug/bzImage --initrd $top/build/vm/debug/initramfs.cpio.gz --plan debug --label debug --timeout 1800"
)

if [ "${1:-}" = --list ]; then
	for s in "${suites[@]}"; do echo "${s%%|*}"; done
	exit 0
fi

declare -A wanted=()
for w in "$@"; do
	found=0
	for s in "${suites[@]}"; do [ "${s%%|*}" = "$w" ] && found=1; done
	if [ "$found" = 0 ]; then
		echo "run-tests: unknown suite '$w' (see --list)" >&2
		exit 2
	fi
	wanted[$w]=1
done

count() {
	local line
	while IFS= read -r line; do
		echo "$line"
		case "$line" in
		"ok "*) passed=$((passed + 1)) ;;
		"not ok "*) failed=$((failed + 1)) ;;
		esac
	done
}

# Wall time of each stage, for the table in docs/testing.md; also kept
# in build/logs/stage-times.
stage_time() {
	local what=$1 start=$2
	echo "# time $what: $((SECONDS - start)) s" | tee -a "$logs/stage-times"
}

# A build step: one TAP line, its log kept in build/logs.
build() {
	local step=$1 rc start=$SECONDS
	[ -n "${built[$step]:-}" ] && return "${built[$step]}"
	case "$step" in
	kernel-*) "$top/scripts/kernel-build.sh" "${step#kernel-}" ;;
	guest) make -C "$top" --no-print-directory guest ;;
	initramfs-*) make -C "$top" --no-print-directory "$step" ;;
	esac > "$logs/build-$step.log" 2>&1
	rc=$?
	built[$step]=$rc
	stage_time "build $step" "$start"
	if [ "$rc" = 0 ]; then
		echo "ok build: $step" | count
	else
		{ echo "not ok build: $step # see build/logs/build-$step.log"
		  tail -n 20 "$logs/build-$step.log" | sed 's/^/#   /'; } | count
	fi
	return "$rc"
}

for s in "${suites[@]}"; do
	IFS='|' read -r name needs cmd <<< "$s"
	if [ ${#wanted[@]} -gt 0 ] && [ -z "${wanted[$name]:-}" ]; then
		continue
	fi
	echo "# suite $name"
	ready=1
	for step in ${needs//,/ }; do
		build "$step" || ready=0
	done
	if [ "$ready" = 0 ]; then
		echo "not ok $name # a build it needs failed" | count
		continue
	fi
	before=$((passed + failed))
	before_failed=$failed
	start=$SECONDS
	# shellcheck disable=SC2086
	$cmd 2>&1 | count
	rc=${PIPESTATUS[0]}
	stage_time "suite $name" "$start"
	if [ "$rc" != 0 ] && [ "$failed" = "$before_failed" ]; then
		echo "not ok $name # exited $rc without a failing test" | count
	elif [ $((passed + failed)) = "$before" ]; then
		echo "not ok $name # reported no tests" | count
	fi
done

stage_time total 0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
