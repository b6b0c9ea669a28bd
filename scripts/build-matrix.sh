#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-matrix.sh compile [--skip ARCH]... [ARCH...]
# build-matrix.sh link [CELL...]
# build-matrix.sh --list
#
# The series built for every architecture Debian ships 6.12 for, with
# Debian's cross compilers (kernel/config/matrix/arches).  One patched
# source tree (build/matrix/src, never configured in place) serves every
# cell through its own output directory (build/matrix/CELL).
#
# compile: per architecture, tinyconfig + matrix/common.config +
#   patched.config + matrix/ARCH.config, then only the objects built from
#   the .c files the series modifies or adds (read from the patches),
#   with -Werror.  One TAP line per architecture; `make check-cross` runs
#   every one, `make test` two (tests/run-tests.sh says which).
# link: a full vmlinux per cell.  A cell is ARCH (the compile config) or
#   ARCH:VARIANT (matrix/variant-VARIANT.config on top; the variant
#   "distro" starts from Debian's own config instead of tinyconfig).
#   Without CELLs: every ARCH, then amd64 with every variant.  A warning
#   in a file the series touches fails the cell as an error would.
#   `make check-matrix` runs this.
#
# A failing cell's TAP line carries the first compiler, linker or config
# error; the whole log is build/logs/matrix-CELL.log.  JOBS sets make's
# -j (default: nproc); cells run one after the other.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/kernel-source.sh"

cfg=$top/kernel/config/matrix
src=$top/build/matrix/src
logs=$top/build/logs
jobs=${JOBS:-$(nproc)}
distro_config=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz

usage() {
	echo "usage: build-matrix.sh compile [--skip ARCH]... [ARCH...] | link [ARCH[:VARIANT]...] | --list" >&2
	exit 2
}

declare -A karch=() triplet=()
arches=()
while read -r a k t; do
	case "$a" in ''|'#'*) continue ;; esac
	arches+=("$a")
	karch[$a]=$k
	triplet[$a]=$t
done < "$cfg/arches"

variants=()
for f in "$cfg"/variant-*.config; do
	f=${f##*/variant-}
	variants+=("${f%.config}")
done

if [ "${1:-}" = --list ]; then
	echo "architectures: ${arches[*]}"
	echo "variants: ${variants[*]}"
	exit 0
fi
mode=${1:-}
case "$mode" in compile|link) shift ;; *) usage ;; esac

declare -A skip=()
while [ "$mode" = compile ] && [ "${1:-}" = --skip ]; do
	[ -n "${2:-}" ] && [ -n "${karch[$2]:-}" ] || {
		echo "build-matrix.sh: --skip needs an architecture (${arches[*]})" >&2
		exit 2
	}
	skip[$2]=1
	shift 2
done
cells=("$@")
if [ ${#cells[@]} = 0 ]; then
	for a in "${arches[@]}"; do
		[ -n "${skip[$a]:-}" ] || cells+=("$a")
	done
	if [ "$mode" = link ]; then
		for v in "${variants[@]}"; do cells+=("amd64:$v"); done
	fi
fi
for c in "${cells[@]}"; do
	a=${c%%:*}
	v=${c#"$a"}
	if [ -z "${karch[$a]:-}" ]; then
		echo "build-matrix.sh: unknown architecture '$a' (${arches[*]})" >&2
		exit 2
	fi
	if [ -n "$v" ] && [ ! -f "$cfg/variant-${v#:}.config" ]; then
		echo "build-matrix.sh: unknown variant '${v#:}' (${variants[*]})" >&2
		exit 2
	fi
	if [ "$mode" = compile ] && [ -n "$v" ]; then
		echo "build-matrix.sh: compile takes architectures only, not '$c'" >&2
		exit 2
	fi
done

kernel_source_check build-matrix.sh
patches=()
kernel_series_patches patches
mkdir -p "$logs" "$top/build/matrix"
if ! kernel_source_tree "$src" matrix "$(kernel_source_hash "${patches[@]}")" "${patches[@]}" \
	> "$logs/matrix-source.log" 2>&1; then
	echo "not ok matrix source # $(grep -m1 . "$logs/matrix-source.log")"
	exit 1
fi

# The .c files the series modifies or adds (tools/ etc. are not kernel objects).
touched_c=$(sed -n 's|^+++ b/||p' "${patches[@]}" | grep '\.c$' |
	grep -Ev '^(tools|scripts|samples|Documentation)/' | sort -u)
# Every file it touches, to judge warnings in full links.
touched_all=$(sed -n 's|^+++ b/||p' "${patches[@]}" | sort -u)

# The settings of fragments in order, the last one winning: what
# check-config.sh holds the final .config to.
requested() {
	awk '/^CONFIG_[A-Za-z0-9_]*=/ { o = $0; sub(/=.*/, "", o); if (!(o in v)) k[n++] = o; v[o] = $0 }
	     END { for (i = 0; i < n; i++) print v[k[i]] }' "$@"
}

# The first line of a log that says what went wrong.  The linker names
# the object and function on the line before "undefined reference".
first_error() {
	local line
	line=$(awk '/(error|Error):|undefined reference|multiple definition|^config: / {
			if (prev ~ /: in function .*:$/) $0 = prev " " $0
			print; exit }
		{ prev = $0 }' "$1")
	[ -n "$line" ] || line=$(grep -m1 -E '\*\*\*|Error [0-9]' "$1") || line=$(tail -n 1 "$1")
	echo "${line:0:300}"
}

# cell_make OUT ARCH MAKEARGS...: make in the shared tree for one cell.
cell_make() {
	local out=$1 a=$2 cross=""
	shift 2
	[ "${triplet[$a]}" != - ] && cross=${triplet[$a]}-
	local cc=${cross}gcc hostcc=gcc
	if command -v ccache >/dev/null; then
		cc="ccache $cc"
		hostcc="ccache gcc"
	fi
	make -C "$src" O="$out" ARCH="${karch[$a]}" CROSS_COMPILE="$cross" \
		CC="$cc" HOSTCC="$hostcc" -s -j"$jobs" "$@"
}

# configure OUT ARCH VARIANT: the cell's .config, checked; skipped when
# the tree and every input are as last time.
configure() {
	local out=$1 a=$2 v=$3 frags=() stamp
	if [ "$v" = distro ]; then
		frags=("$top/kernel/config/patched.config" "$cfg/variant-distro.config")
	else
		frags=("$cfg/common.config" "$top/kernel/config/patched.config" "$cfg/$a.config")
		[ -n "$v" ] && frags+=("$cfg/variant-$v.config")
	fi
	stamp=$( { cat "$src/.src-hash" "${frags[@]}" "$top/scripts/check-config.sh"
		[ "$v" = distro ] && cat "$distro_config"; } | sha256sum | cut -c1-16)
	if [ -f "$out/.config" ] && [ "$(cat "$out/.matrix-config" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	mkdir -p "$out"
	rm -f "$out/.matrix-config"
	if [ "$v" = distro ]; then
		if [ ! -r "$distro_config" ]; then
			echo "config: $distro_config missing; run 'make deps' (as root) to install linux-config-6.12"
			return 1
		fi
		xz -dc "$distro_config" > "$out/.config" || return 1
	else
		cell_make "$out" "$a" tinyconfig || return 1
	fi
	(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "${frags[@]}") ||
		return 1
	cell_make "$out" "$a" olddefconfig || return 1
	requested "${frags[@]}" > "$out/requested.config"
	"$top/scripts/check-config.sh" "$out/.config" "$out/requested.config" 2>&1 || return 1
	echo "build-matrix: configured at $(date +%s)"
	echo "$stamp" > "$out/.matrix-config"
}

# objects OUT ARCH: the make targets that compile the touched .c files in
# this configuration.  Files this configuration does not build are named
# on stderr ("skip FILE (why)").
objects() {
	local out=$1 a=$2 srcarch f d b line gate incl
	srcarch=${karch[$a]}
	case "$srcarch" in x86_64|i386) srcarch=x86 ;; esac
	for f in $touched_c; do
		d=${f%/*}
		b=${f##*/}
		b=${b%.c}
		case "$f" in
		arch/"$srcarch"/*) ;;
		arch/*) continue ;;
		esac
		# The Makefile's logical line (continuations joined) naming b.o.
		line=""
		[ -f "$src/$d/Makefile" ] &&
			line=$(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$src/$d/Makefile" |
				grep -E "^[[:space:]]*obj-.*[[:space:]=]$b\.o([[:space:]]|$)" | head -n 1)
		if [ -n "$line" ]; then
			gate=$(sed -n 's/^[[:space:]]*obj-\$(\(CONFIG_[A-Za-z0-9_]*\)).*/\1/p' <<< "$line")
			if [ -n "$gate" ] && ! grep -q "^$gate=y" "$out/.config"; then
				echo "skip $f ($gate off)" >&2
				continue
			fi
			echo "$d/$b.o"
			continue
		fi
		# A file that another one of its directory #includes (kernel/sched).
		incl=$(grep -lE "^#[[:space:]]*include[[:space:]]+\"$b\.c\"" "$src/$d"/*.c 2>/dev/null |
			head -n 1)
		if [ -n "$incl" ]; then
			incl=${incl#"$src"/}
			echo "${incl%.c}.o"
			continue
		fi
		echo "skip $f (built through another directory's Makefile; covered by full links)" >&2
	done | sort -u
}

# cpu VAR: CPU seconds (user + sys) of this shell's finished children so
# far.  `times` must run in this shell: a subshell has no children yet.
cpu() {
	times > "$logs/.matrix-times"
	printf -v "$1" %d "$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, m, /[ms]/); t += m[1] * 60 + m[2] }
		printf "%d", t }' "$logs/.matrix-times")"
}

# compile_objects OUT ARCH OBJECT...: prepare without -Werror (the
# generated headers and offsets are not the series' code), then the
# objects with it.
compile_objects() {
	local out=$1 a=$2
	shift 2
	if [ $# = 0 ]; then
		echo "build-matrix: error: no objects to compile"
		return 1
	fi
	cell_make "$out" "$a" prepare || return 1
	echo "build-matrix: prepared at $(date +%s)"
	cell_make "$out" "$a" KCFLAGS=-Werror "$@"
}

# A tag for a cell: its directory under build/matrix and its log name.
cell_dir() {
	local c=$1
	echo "${c/:/-}"
}

failed=0
cpu0=0
cpu1=0
for c in "${cells[@]}"; do
	a=${c%%:*}
	v=""
	[ "$c" != "$a" ] && v=${c#*:}
	name=$(cell_dir "$c")
	out=$top/build/matrix/$name
	log=$logs/matrix-$mode-$name.log
	start=$(date +%s)
	cpu cpu0
	: > "$log"
	ok=1
	detail=""
	echo "build-matrix: started at $start" >> "$log"
	if ! configure "$out" "$a" "$v" >> "$log" 2>&1; then
		ok=0
	elif [ "$mode" = compile ]; then
		objs=$(objects "$out" "$a" 2>> "$log")
		# shellcheck disable=SC2086 # one word per object
		echo "build-matrix: objects:" $objs >> "$log"
		skipped=$(sed -n 's/^skip \([^ ]*\) .*/\1/p' "$log" | tr '\n' ' ')
		# shellcheck disable=SC2086
		compile_objects "$out" "$a" $objs >> "$log" 2>&1 || ok=0
		detail="$(wc -w <<< "$objs") objects"
		[ -n "$skipped" ] && detail="$detail; not in this config: ${skipped% }"
	else
		if ! cell_make "$out" "$a" vmlinux >> "$log" 2>&1; then
			ok=0
		else
			# A warning in a file of the series is an error here too.
			for f in $touched_all; do
				if w=$(grep -m1 -E "^([^ ]*/)?$f:[0-9]+:([0-9]+:)? warning:" "$log"); then
					echo "error: $w" >> "$log"
					ok=0
					break
				fi
			done
		fi
		[ "$ok" = 1 ] && detail="vmlinux $(stat -c %s "$out/vmlinux") bytes"
	fi
	cpu cpu1
	secs="$(($(date +%s) - start))s wall, $((cpu1 - cpu0)) CPU-s"
	if [ "$ok" = 1 ]; then
		echo "ok matrix $mode $c ($secs; $detail)"
	else
		failed=1
		echo "not ok matrix $mode $c # $secs; $(first_error "$log") (build/logs/${log##*/})"
	fi
done
exit $failed
