#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# possible-dtb.sh OUT.dtb POSSIBLE QEMU MACHINE-ARGS...
#
# arm64 and riscv64 VMs with more possible than online CPUs.  QEMU's virt
# machines describe only the CPUs they start (-smp N) in the device tree,
# and a guest's possible CPUs are the DT's cpu nodes.  So: dump the tree
# QEMU would pass (QEMU MACHINE-ARGS with dumpdtb=), add cpu nodes up to
# POSSIBLE, drop cpu-map (which would not list the new ones), and write
# OUT.dtb for -dtb.  arm64: MPIDR as virt numbers them with GICv3 (16 per
# cluster), PSCI enable method.  riscv64: copies of cpu@0 (ISA string,
# MMU type, its interrupt controller) without phandles, hart ID = CPU
# number; OpenSBI disables the nodes of harts it cannot manage (its
# hart mask: 128 in Debian 12's build), so riscv64 gets at most 128.
# Boot it with maxcpus=N on the kernel command line: the added CPUs stay
# possible and present but offline (bringing one up would fail, QEMU has
# no vCPU behind it).  Needs dtc (device-tree-compiler).
set -euo pipefail

out=${1:?usage: possible-dtb.sh OUT.dtb POSSIBLE QEMU MACHINE-ARGS...}
possible=${2:?usage: possible-dtb.sh OUT.dtb POSSIBLE QEMU MACHINE-ARGS...}
shift 2
command -v dtc >/dev/null || { echo "possible-dtb: dtc missing (apt-get install device-tree-compiler)" >&2; exit 2; }
qemu=("$@")
# Turn "-M virt,..." into "-M virt,...,dumpdtb=FILE".
for i in "${!qemu[@]}"; do
	if [ "${qemu[$i]}" = -M ]; then
		qemu[i + 1]="${qemu[i + 1]},dumpdtb=$out.base"
	fi
done
"${qemu[@]}" -display none > "$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
dtc -q -I dtb -O dts -o "$out.dts" "$out.base"
awk -v possible="$possible" '
	# Drop the cpu-map node (its depth is tracked by braces).
	/^\t\tcpu-map {/ { skip = 1 }
	skip { depth += gsub(/{/, "{"); depth -= gsub(/}/, "}"); if (depth == 0) skip = 0; next }
	/^\t\tcpu@[0-9a-f]* {/ { n++ }
	# riscv64: cpu@0 is the template of the added nodes.
	/^\t\tcpu@0 {/ { tmpl = 1 }
	tmpl && !/phandle = / { cpu0 = cpu0 $0 "\n" }
	tmpl && /^\t\t};/ { tmpl = 0 }
	# Before the closing brace of /cpus, after the last cpu node.
	/^\t};/ && incpus && cpu0 ~ /riscv,isa/ {
		for (i = n; i < possible; i++) {
			node = cpu0
			sub(/cpu@0 {/, sprintf("cpu@%x {", i), node)
			sub(/reg = <0x00>;/, sprintf("reg = <0x%x>;", i), node)
			printf "%s\n", node
		}
		incpus = 0
	}
	/^\t};/ && incpus {
		for (i = n; i < possible; i++) {
			mpidr = int(i / 16) * 256 + i % 16
			printf "\t\tcpu@%x {\n\t\t\treg = <0x%x>;\n", mpidr, mpidr
			printf "\t\t\tenable-method = \"psci\";\n\t\t\tcompatible = \"arm,arm-v8\";\n"
			printf "\t\t\tdevice_type = \"cpu\";\n\t\t};\n\n"
		}
		incpus = 0
	}
	/^\tcpus {/ { incpus = 1 }
	{ print }
' "$out.dts" > "$out.new.dts"
dtc -q -I dts -O dtb -o "$out" "$out.new.dts"
rm -f "$out.base" "$out.dts" "$out.new.dts" "$out.log"
