# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the host-side shell tests: TAP output with a prefix naming
# the test file, and assertions that print one line each.

tap_prefix=$(basename "$0" .sh)
tap_failed=0

pass() {
	echo "ok $tap_prefix: $1"
}

fail() {
	echo "not ok $tap_prefix: $1"
	shift
	for why in "$@"; do
		echo "#   $why"
	done
	tap_failed=$((tap_failed + 1))
}

# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "want: $2" "got:  $3"
	fi
}

# expect_match DESC REGEX TEXT
expect_match() {
	if printf '%s\n' "$3" | grep -qE -- "$2"; then
		pass "$1"
	else
		fail "$1" "want match: $2" "got: $3"
	fi
}

tap_done() {
	[ "$tap_failed" = 0 ]
}
