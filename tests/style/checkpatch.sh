#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh KERNEL_TREE
#
# scripts/checkpatch.pl --strict of the 6.12 tree on every patch of the
# series and every C source of module/ and cli/, one TAP line each.
# Deliberate exceptions are listed in tests/style/exceptions as
# "FILE-GLOB<TAB>MESSAGE-REGEX" with a comment saying why; a report that
# matches one is not counted.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "${1:?usage: checkpatch.sh KERNEL_TREE}" && pwd) || exit 1
checkpatch=$tree/scripts/checkpatch.pl
exceptions=$top/tests/style/exceptions
rc=0

[ -x "$checkpatch" ] || { echo "not ok style: no $checkpatch"; exit 1; }
# spdxcheck.py needs the distribution's python3 with ply and git.
export PATH=/usr/bin:$PATH

check() {
	local file=$1 name=$2 mode=$3 out
	# Run inside the kernel tree: checkpatch looks at the current directory.
	out=$(cd "$tree" && "$checkpatch" --strict --no-summary --terse $mode "$file" 2>&1)
	status=$?
	# Any output that is not a report (a crash, a missing tool) fails too.
	if [ -n "$(printf '%s\n' "$out" | grep -vE ': (ERROR|WARNING|CHECK):' | grep -v '^$')" ] ||
	   { [ "$status" != 0 ] && [ -z "$out" ]; }; then
		echo "not ok style: $name # checkpatch did not run cleanly"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/#   /'
		rc=1
		return
	fi
	out=$(printf '%s\n' "$out" | grep -E ': (ERROR|WARNING|CHECK):' |
	      while IFS= read -r line; do
		      skip=0
		      while IFS=$'\t' read -r glob regex; do
			      case "$glob" in ''|'#'*) continue ;; esac
			      # shellcheck disable=SC2053
			      if [[ $name == $glob ]] && [[ $line =~ $regex ]]; then
				      skip=1
			      fi
		      done < "$exceptions"
		      [ "$skip" = 0 ] && echo "$line"
	      done)
	if [ -z "$out" ]; then
		echo "ok style: $name"
	else
		echo "not ok style: $name"
		printf '%s\n' "$out" | sed 's/^/#   /'
		rc=1
	fi
}

for p in "$top"/kernel/patches/*.patch; do
	[ -e "$p" ] || continue
	check "$p" "kernel/patches/$(basename "$p")" ""
done
for f in "$top"/module/*.[ch] "$top"/cli/*.[ch] "$top"/include/*.h; do
	[ -e "$f" ] || continue
	check "$f" "${f#"$top"/}" "-f"
done
exit $rc
