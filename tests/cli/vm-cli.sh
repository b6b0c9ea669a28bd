#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-cli.sh [--arch ARCH] [--plan PLAN --label LABEL [RUN-VM OPTIONS...]]
#
# Run a plan that uses tests/guest/cli-tests.sh on the patched kernel of
# ARCH (default x86_64), then check the JSON and Prometheus text it
# produced on the host.  TAP lines from both.
#
# Without --plan: the cli plan with 255 possible CPUs (a server's shape;
# run-vm.sh --maxcpus), every check of check-json.py.  With --plan (e.g.
# smoke, which runs part of
# cli-tests.sh): check-json.py --subset, the remaining options go to
# run-vm.sh.
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${ARCH:-x86_64}
if [ "${1:-}" = --arch ]; then
	arch=${2:-}
	shift 2
fi
plan=cli label=patched-cli opts=(--maxcpus 255) check=()
if [ "${1:-}" = --plan ]; then
	plan=${2:-} label=${4:-}
	[ "${3:-}" = --label ] && [ -n "$label" ] || {
		echo "vm-cli: --plan needs --label (see the header)" >&2
		exit 2
	}
	shift 4
	opts=("$@") check=(--subset)
fi
. "$top/scripts/lib/paths.sh"
paths_arch "$arch" || exit 2
rc=0
"$top/tests/vm/run-vm.sh" --arch "$arch" --variant patched --plan "$plan" \
	--label "$label" "${opts[@]}" || rc=1
output=$P_VM/$label/output.txt
PATH=/usr/bin:$PATH python3 "$top/tests/cli/check-json.py" "${check[@]}" \
	"$output" "$top/docs/rseqctl-schema.json" || rc=1
grep -a '^@@PERF' "$output" | tr -d '\r' | sed 's/^@@PERF /# perf: /'
exit $rc
