#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmemleak-check.sh: scan for leaks now and fail if kmemleak reports any.
# Needs CONFIG_DEBUG_KMEMLEAK; a scan only reports objects unreferenced
# for a while, so it scans twice with a pause.
km=/sys/kernel/debug/kmemleak
[ -w "$km" ] || { echo "kmemleak not available"; exit 1; }
echo scan > "$km"
sleep 6
echo scan > "$km"
if [ -s "$km" ]; then
	head -n 60 "$km"
	exit 1
fi
echo "kmemleak: no leaks"
