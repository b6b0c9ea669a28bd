# shellcheck shell=bash disable=SC2154 # $top comes from the sourcing script
# SPDX-License-Identifier: GPL-2.0
#
# kernel-source.sh: sourced, not run.  The one place that turns Debian's
# linux-source-6.12 tarball and kernel/series into a source tree, shared
# by kernel-build.sh (the VM kernels), build-matrix.sh (the
# cross-architecture builds) and series-bisect.sh (every prefix).  Expects $top (the repository) to be set;
# honours LINUX_SOURCE_TARBALL.

tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}

# kernel_source_check PROG: fail with a one-line hint when the tarball is missing.
kernel_source_check() {
	if [ ! -r "$tarball" ]; then
		echo "$1: $tarball missing; run 'make deps' (as root) to install linux-source-6.12" >&2
		exit 2
	fi
}

# kernel_series_patches ARRAY: the patches of kernel/series, in order,
# as paths into the named array.
kernel_series_patches() {
	local -n _ksp_out=$1
	local _ksp_p _ksp_rest
	_ksp_out=()
	[ -f "$top/kernel/series" ] || return 0
	while read -r _ksp_p _ksp_rest; do
		case "$_ksp_p" in ''|'#'*) continue ;; esac
		if [ ! -f "$top/kernel/patches/$_ksp_p" ]; then
			echo "kernel/series names missing patch $_ksp_p" >&2
			exit 2
		fi
		_ksp_out+=("$top/kernel/patches/$_ksp_p")
	done < "$top/kernel/series"
}

# kernel_source_hash PATCH...: a short hash of the tarball version and
# the patches, which names the content of a source tree.
kernel_source_hash() {
	local srcver p
	srcver=$(stat -c '%s %Y' "$tarball")
	if command -v dpkg-query >/dev/null; then
		srcver="$srcver $(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)"
	fi
	{ echo "$srcver"; for p in "$@"; do basename "$p"; cat "$p"; done; } |
		sha256sum | cut -c1-16
}

# kernel_source_tree TREE LABEL HASH PATCH...: make TREE the tarball with
# the patches applied, unless its .src-hash already says HASH.  A
# previously applied series is reversed first (so make rebuilds only
# what changed); if that fails, the tarball is extracted afresh.
kernel_source_tree() {
	local tree=$1 label=$2 hash=$3 p
	shift 3
	if [ -f "$tree/.src-hash" ] && [ "$(cat "$tree/.src-hash")" = "$hash" ]; then
		return 0
	fi
	if [ ! -d "$tree" ] || ! _kernel_source_unapply "$tree"; then
		echo "$label: extracting $(basename "$tarball")"
		rm -rf "$tree"
		mkdir -p "$tree"
		tar -xf "$tarball" -C "$tree" --strip-components=1
		mkdir -p "$tree/.series"
		: > "$tree/.series/series"
	fi
	for p in "$@"; do
		_kernel_source_apply "$tree" "$label" "$p"
	done
	echo "$hash" > "$tree/.src-hash"
}

# kernel_source_extend TREE LABEL HASH PATCH: apply one more patch on top
# of the series TREE holds (touching only the files it changes, so make
# stays incremental) and record HASH as the content of the result.
kernel_source_extend() {
	_kernel_source_apply "$1" "$2" "$4"
	echo "$3" > "$1/.src-hash"
}

# Apply one patch and record it in TREE/.series; exit on failure.
_kernel_source_apply() {
	local tree=$1 label=$2 p=$3 name
	name=$(basename "$p")
	echo "$label: applying $name"
	if ! patch -d "$tree" -p1 -s -N --no-backup-if-mismatch < "$p"; then
		echo "$label: $name does not apply to $(basename "$tarball")" >&2
		rm -f "$tree/.src-hash"
		exit 1
	fi
	cp "$p" "$tree/.series/$name"
	echo "$name" >> "$tree/.series/series"
}

# Take back whatever series was applied before.
_kernel_source_unapply() {
	local tree=$1 p
	[ -f "$tree/.series/series" ] || return 1
	while read -r p; do
		patch -d "$tree" -p1 -R -s -f --no-backup-if-mismatch < "$tree/.series/$p" >/dev/null || return 1
	done < <(tac "$tree/.series/series")
	rm -f "$tree/.series/"*.patch
	: > "$tree/.series/series"
}
