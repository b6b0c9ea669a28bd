#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# series-git.sh import|export
#
# Edit the kernel series as commits.  'import' makes build/linux-git, a
# git tree of the pristine 6.12 source with one base commit, and applies
# kernel/series on top with 'git am'.  'export' writes the commits above
# the base back as kernel/patches/*.patch (git format-patch) and rewrites
# kernel/series to match.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
tree=$top/build/linux-git
series=$top/kernel/series
patchdir=$top/kernel/patches

die() {
	echo "series-git: $*" >&2
	exit 2
}

g() {
	git -C "$tree" "$@"
}

import() {
	[ -r "$tarball" ] || die "$tarball missing; run 'make deps'"
	[ -e "$tree" ] && die "$tree exists; export or remove it first"
	mkdir -p "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1
	# Debian's .gitignore ignores every top-level entry ("/*"), which
	# would hide new files from 'git add'; drop that stanza in the base.
	sed -i '/^# Debian packaging/,/^!\/debian\//d' "$tree/.gitignore"
	g init -q
	# Stable index lines in exported patches, whatever the object count.
	g config core.abbrev 9
	g -c user.name=base -c user.email=base@localhost add -A
	g -c user.name=base -c user.email=base@localhost commit -q -m "Linux $(basename "$tarball" .tar.xz) (Debian)"
	g tag base
	while read -r p _; do
		case "$p" in ''|'#'*) continue ;; esac
		g am -q --keep-cr "$patchdir/$p" || die "git am failed on $p; see $tree"
	done < "$series"
	echo "series-git: $(g rev-list --count base..HEAD) patches applied in ${tree#"$top"/}"
}

export_series() {
	[ -d "$tree/.git" ] || die "no $tree; run 'make kernel-git' first"
	[ -z "$(g status --porcelain)" ] || die "uncommitted changes in $tree; commit them first"
	rm -f "$patchdir"/*.patch
	mkdir -p "$patchdir"
	g format-patch -q --no-signature --zero-commit --no-numbered -o "$patchdir" base..HEAD
	{
		echo "# Applied in order to Debian's linux-source-6.12 (quilt format)."
		(cd "$patchdir" && ls -- *.patch 2>/dev/null || true)
	} > "$series"
	echo "series-git: wrote $(grep -vc '^#' "$series") patches to kernel/patches"
}

case "${1:-}" in
import) import ;;
export) export_series ;;
*) die "usage: series-git.sh import|export" ;;
esac
