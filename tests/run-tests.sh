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
# 'run-tests.sh --list' names them.  --arm64-full runs the whole VM suite
# on arm64 instead ('make test-arm64'; a plain run has only arm64-smoke).
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

# The x86_64 suites run with ARCH unset or x86_64; a build step or suite
# for another architecture names it (arm64:kernel-patched, --arch arm64).
export ARCH=x86_64
. "$top/scripts/lib/paths.sh"
paths_variant stock
stock_tree=$P_SRC
vm="$top/tests/vm/run-vm.sh"
a64=arm64:kernel-patched,arm64:guest,arm64:initramfs-patched
# arm64 under TCG runs the plans several times slower than the x86_64
# VM their per-test limits were sized on.
a64_vm="$vm --arch arm64 --timeout-scale 3"
vm64="$a64_vm --variant patched"
rv64=riscv64:kernel-patched,riscv64:guest,riscv64:initramfs-patched
# The cross compiles of a plain run: the two configurations no VM kernel
# of it builds, an architecture without the exit work (armhf: the
# !HAVE_RSEQ_EXIT_WORK code) and generic entry with TIF_RSEQ aliased
# (riscv64).  'make check-cross' compiles every architecture.
matrix_cells="armhf riscv64"

# name | needs (comma separated build steps) | command
suites=(
	"unit||$top/tests/unit/run.sh"
	"model||$top/model/check.sh quick"
	"matrix||$top/scripts/build-matrix.sh compile $matrix_cells"
	"style|kernel-stock|$top/tests/style/run.sh $stock_tree"
	"patched-selftests|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan selftests --label patched"
	"stock-rseq_abi|kernel-stock,guest,initramfs-stock|$vm --variant stock --plan rseq_abi --label stock-rseq_abi --maxcpus 255"
	"patched-rseq_abi|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan rseq_abi --label patched-rseq_abi --maxcpus 255"
	"patched-rseq|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan rseq --label patched-rseq --maxcpus 255"
	"patched-selftests-debug|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan selftests-param --label patched-selftests-debug --append rseq_debug=1 --append rseq_optimize=1"
	"patched-mm_cid|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan mm_cid --label patched-mm_cid --maxcpus 255"
	"patched-module|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan module --label patched-module --maxcpus 255"
	"patched-module-nodebugfs|kernel-patched,guest,initramfs-patched|$vm --variant patched --plan module-nodebugfs --label patched-module-nodebugfs --maxcpus 255 --append debugfs=off"
	"patched-cli|kernel-patched,guest,initramfs-patched|$top/tests/cli/vm-cli.sh"
	"patched-shell|kernel-patched,guest,initramfs-patched|$top/tests/vm/shell-smoke.sh"
	"deb|kernel-stock,kernel-patched|$top/tests/deb/deb-tests.sh"
	"install|kernel-patched|$top/tests/install/install-test.sh --quick"
	"patched-ynl|kernel-stock,kernel-patched,guest,initramfs-ynl|$vm --variant patched --initrd $P_INITRD_YNL --plan ynl --label patched-ynl --maxcpus 255"
	"debug|kernel-debug,guest,initramfs-debug|$vm --variant debug --plan debug --label debug --timeout 1800"
	"arm64-smoke|$a64|$top/tests/cli/vm-cli.sh --arch arm64 --plan smoke --label arm64-smoke --maxcpus 255"
)

# The whole VM suite on the arm64 kernels: 'make test-arm64'
# (run-tests.sh --arm64-full), or by name.  Not part of a plain run.
a64s=arm64:kernel-stock,arm64:guest,arm64:initramfs-stock
a64d=arm64:kernel-debug,arm64:guest,arm64:initramfs-debug
arm64_suites=(
	"arm64-stock-rseq_abi|$a64s|$vm --arch arm64 --variant stock --plan rseq_abi --label arm64-stock-rseq_abi --maxcpus 255"
	"arm64-selftests|$a64|$vm64 --plan selftests --label arm64-selftests --timeout 3600"
	"arm64-rseq_abi|$a64|$vm64 --plan rseq_abi --label arm64-rseq_abi --maxcpus 255"
	"arm64-rseq|$a64|$vm64 --plan rseq --label arm64-rseq --maxcpus 255"
	"arm64-selftests-debug|$a64|$vm64 --plan selftests --label arm64-selftests-debug --timeout 3600 --append rseq_debug=1 --append rseq_optimize=1"
	"arm64-mm_cid|$a64|$vm64 --plan mm_cid --label arm64-mm_cid --maxcpus 255"
	"arm64-module|$a64|$vm64 --plan module --label arm64-module --timeout 1800 --maxcpus 255"
	"arm64-module-nodebugfs|$a64|$vm64 --plan module-nodebugfs --label arm64-module-nodebugfs --maxcpus 255 --append debugfs=off"
	"arm64-cli|$a64|$top/tests/cli/vm-cli.sh --arch arm64"
	"arm64-debug|$a64d|$a64_vm --variant debug --plan debug --label arm64-debug --timeout 3600"
)

# Not part of a plain run, for time (docs/testing.md, stage times), each
# behind its own make target:
# - the whole install test (a Debian 12 root filesystem, installing the
#   packages, booting them with systemd, purging; a plain run has its
#   --quick part, the install suite): 'make test-install';
# - the riscv64 kernel and its smoke plan, the TIF_RSEQ alias on generic
#   entry (the matrix compiles riscv64 in a plain run): 'make test-riscv64';
# - the selftests on the stock kernel (stock-rseq_abi keeps the stock
#   kernel's ABI outcomes in a plain run): 'make test-stock'.
extra_suites=(
	"install-vm|kernel-patched|$top/tests/install/install-test.sh"
	"riscv64-smoke|$rv64|$vm --arch riscv64 --variant patched --plan smoke-noshell --label riscv64-smoke --maxcpus 128"
	"stock-selftests|kernel-stock,guest,initramfs-stock|$vm --variant stock --plan selftests --label stock"
)

if [ "${1:-}" = --list ]; then
	for s in "${suites[@]}" "${arm64_suites[@]}" "${extra_suites[@]}"; do echo "${s%%|*}"; done
	exit 0
fi

declare -A wanted=()
run=("${suites[@]}")
if [ "${1:-}" = --arm64-full ]; then
	shift
	run=("${arm64_suites[@]}")
	for s in "${arm64_suites[@]}"; do wanted[${s%%|*}]=1; done
elif [ $# -gt 0 ]; then
	run+=("${arm64_suites[@]}" "${extra_suites[@]}")
fi
for w in "$@"; do
	found=0
	for s in "${run[@]}"; do [ "${s%%|*}" = "$w" ] && found=1; done
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

# A build step, [ARCH:]STEP: one TAP line, its log kept in build/logs.
build() {
	local step=$1 rc start=$SECONDS arch=x86_64 what log
	[ -n "${built[$step]:-}" ] && return "${built[$step]}"
	what=${step#*:}
	[ "$what" != "$step" ] && arch=${step%%:*}
	log=build-${step/:/-}.log
	case "$what" in
	kernel-*) ARCH=$arch "$top/scripts/kernel-build.sh" "${what#kernel-}" ;;
	guest) make -C "$top" --no-print-directory ARCH="$arch" guest ;;
	initramfs-*) make -C "$top" --no-print-directory ARCH="$arch" "$what" ;;
	esac > "$logs/$log" 2>&1
	rc=$?
	built[$step]=$rc
	stage_time "build $step" "$start"
	if [ "$rc" = 0 ]; then
		echo "ok build: $step" | count
	else
		{ echo "not ok build: $step # see build/logs/$log"
		  tail -n 20 "$logs/$log" | sed 's/^/#   /'; } | count
	fi
	return "$rc"
}

for s in "${run[@]}"; do
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
