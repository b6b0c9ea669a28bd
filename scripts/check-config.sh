#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-config.sh DOTCONFIG FRAGMENT...
# Fail when an option requested by a fragment did not survive olddefconfig.
set -eu
dotconfig=$1
shift
bad=0
for frag in "$@"; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n)
			opt=${line%%=*}
			if grep -q "^$opt=" "$dotconfig"; then
				echo "config: $opt requested off by $frag but is on" >&2
				bad=1
			fi
			;;
		CONFIG_*=*)
			if ! grep -qx "$line" "$dotconfig"; then
				opt=${line%%=*}
				have=$(grep "^$opt=" "$dotconfig" || echo "$opt unset")
				echo "config: $frag wants $line, got $have" >&2
				bad=1
			fi
			;;
		esac
	done < "$frag"
done
exit $bad
