#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-config.sh catches options that olddefconfig dropped, the
# way SCHED_MM_CID silently disappears without CGROUPS.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check=$top/scripts/check-config.sh

printf 'CONFIG_RSEQ=y\nCONFIG_NR_CPUS=64\n# CONFIG_SLUB_TINY is not set\n' > "$tmp/config"
printf '# comment\nCONFIG_RSEQ=y\nCONFIG_NR_CPUS=64\nCONFIG_SLUB_TINY=n\n' > "$tmp/ok.frag"
printf 'CONFIG_SCHED_MM_CID=y\n' > "$tmp/dropped.frag"
printf 'CONFIG_NR_CPUS=8\n' > "$tmp/value.frag"
printf 'CONFIG_RSEQ=n\n' > "$tmp/off.frag"

"$check" "$tmp/config" "$tmp/ok.frag" 2>/dev/null
expect_eq "satisfied fragment passes" 0 "$?"
err=$("$check" "$tmp/config" "$tmp/dropped.frag" 2>&1)
expect_eq "dropped option fails" 1 "$?"
expect_match "dropped option named" 'CONFIG_SCHED_MM_CID=y, got CONFIG_SCHED_MM_CID unset' "$err"
err=$("$check" "$tmp/config" "$tmp/value.frag" 2>&1)
expect_match "changed value named" 'wants CONFIG_NR_CPUS=8, got CONFIG_NR_CPUS=64' "$err"
"$check" "$tmp/config" "$tmp/off.frag" 2>/dev/null
expect_eq "option wanted off but on fails" 1 "$?"

tap_done
