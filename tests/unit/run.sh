#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every host-side unit test (tests/unit/test-*) and pass its TAP lines
# through.  A test program that exits non-zero without reporting a failure
# is reported as one.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
rc=0
for t in "$dir"/test-*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	status=$?
	printf '%s\n' "$out"
	if [ "$status" != 0 ]; then
		rc=1
		if ! printf '%s\n' "$out" | grep -q '^not ok '; then
			echo "not ok $(basename "$t"): exited $status"
		fi
	fi
done
exit $rc
