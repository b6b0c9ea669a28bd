#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# [GUEST_CC="COMPILER [FLAGS]"] build.sh OUTDIR
#
# Build the rseq selftests of the 6.12 source (tools/testing/selftests/rseq)
# as static binaries for the test VM, the way their Makefile builds them
# (same -D variants), but with rseq.c linked in instead of librseq.so.
# run_param_test.sh is copied unchanged; it needs bash, which the
# initramfs carries.  GUEST_CC (default gcc) picks a cross compiler.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
. "$top/scripts/lib/paths.sh"
src=$P_SELFTESTS_SRC
rel=tools/testing/selftests/rseq

if [ ! -r "$tarball" ]; then
	echo "selftests: $tarball missing; run 'make deps'" >&2
	exit 2
fi

stamp=$( { stat -c '%s %Y' "$tarball"; cat "$0"; } | sha256sum | cut -c1-16)
if [ ! -f "$src/.stamp" ] || [ "$(cat "$src/.stamp")" != "$stamp" ]; then
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1 --wildcards \
		"*/$rel" "*/tools/include" \
		"*/tools/testing/selftests/kselftest.h"
	echo "$stamp" > "$src/.stamp"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$src/$rel"
cflags=(-O2 -Wall -g -static -pthread -I. -I"$src/tools/include")

# binary name, source, extra defines (as in the selftest Makefile)
while read -r bin source defs; do
	if [ "$out/$bin" -nt "$source" ] && [ "$out/$bin" -nt "$0" ]; then
		continue
	fi
	# shellcheck disable=SC2086 # GUEST_CC may carry flags
	${GUEST_CC:-gcc} "${cflags[@]}" $defs "$source" rseq.c -o "$out/$bin"
done <<'LIST'
basic_test basic_test.c
basic_percpu_ops_test basic_percpu_ops_test.c
basic_percpu_ops_mm_cid_test basic_percpu_ops_test.c -DBUILDOPT_RSEQ_PERCPU_MM_CID
param_test param_test.c
param_test_benchmark param_test.c -DBENCHMARK
param_test_compare_twice param_test.c -DRSEQ_COMPARE_TWICE
param_test_mm_cid param_test.c -DBUILDOPT_RSEQ_PERCPU_MM_CID
param_test_mm_cid_benchmark param_test.c -DBUILDOPT_RSEQ_PERCPU_MM_CID -DBENCHMARK
param_test_mm_cid_compare_twice param_test.c -DBUILDOPT_RSEQ_PERCPU_MM_CID -DRSEQ_COMPARE_TWICE
LIST
install -m 0755 run_param_test.sh "$out/run_param_test.sh"
install -m 0755 "$top/tests/selftests/param-matrix.sh" "$out/param-matrix.sh"
echo "selftests: built in ${out#"$top"/}"
