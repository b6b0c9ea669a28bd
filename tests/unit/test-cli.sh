#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rseqctl's host-side unit tests (tests/unit/cli/*.c), built with
# AddressSanitizer and UBSan against the CLI's sources (all but main, as
# cli/Makefile names them).  The Prometheus text they leave is checked
# with promtool, their JSON documents against docs/rseqctl-schema.json.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/unit/tap.sh"
out=$top/build/unit
mkdir -p "$out"
pkgs="libmnl jansson"
srcs=$(make -s --no-print-directory -C "$top/cli" srcs)
if ! gcc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -pthread -I"$top/include" -I"$top/cli" \
	$(pkg-config --cflags $pkgs) "$top"/tests/unit/cli/*.c \
	$(printf "$top/cli/%s " $srcs) $(pkg-config --libs $pkgs) \
	-o "$out/cli_test" 2> "$out/cli_test.log"; then
	echo "not ok test-cli: build"
	sed 's/^/#   /' "$out/cli_test.log" | head -20
	exit 1
fi
rm -f "$out"/*.prom "$out"/*.json
"$out/cli_test" "$out" || tap_failed=$((tap_failed + 1))

for f in stats.prom stats-norseq.prom; do
	if ! command -v promtool > /dev/null; then
		fail "promtool check metrics $f" "promtool missing (Debian package prometheus, make deps)"
	elif lint=$(promtool check metrics < "$out/$f" 2>&1); then
		pass "promtool check metrics $f"
	else
		fail "promtool check metrics $f" "$lint"
	fi
done
cat "$out"/stats.json "$out"/mm.json > "$out/docs.txt" 2>/dev/null
PATH=/usr/bin:$PATH python3 "$top/tests/cli/check-json.py" --schema-only \
	"$out/docs.txt" "$top/docs/rseqctl-schema.json" || tap_failed=$((tap_failed + 1))
tap_done
