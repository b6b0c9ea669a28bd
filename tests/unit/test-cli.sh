#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rseqctl's host-side unit tests (tests/unit/cli/cli_test.c), built with
# AddressSanitizer and UBSan against the CLI's sources.
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/unit
mkdir -p "$out"
pkgs="libmnl jansson"
if ! gcc -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-I"$top/include" -I"$top/cli" $(pkg-config --cflags $pkgs) \
	"$top/tests/unit/cli/cli_test.c" "$top"/cli/{args,output,parse}.c \
	$(pkg-config --libs $pkgs) -o "$out/cli_test" 2> "$out/cli_test.log"; then
	echo "not ok test-cli: build"
	sed 's/^/#   /' "$out/cli_test.log" | head -20
	exit 1
fi
exec "$out/cli_test"
