#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# madt.py NR_CPUS OUT
#
# Write the body of an ACPI MADT (everything after the 36-byte table
# header, which QEMU's -acpitable adds) that describes NR_CPUS enabled
# local APICs and the pc machine's I/O APIC and interrupt overrides.
#
# Why: under TCG, QEMU 7.2 marks the CPUs beyond -smp as disabled MADT
# entries, and 6.12 counts disabled entries as possible CPUs only when
# it detects a hypervisor (acpi_is_processor_usable()), which TCG is
# not.  Booted with acpi_apic_instance=2 the kernel takes this second
# MADT instead, and maxcpus=S brings up only the S CPUs QEMU has: the
# others stay present and possible but offline, like a server booted
# with maxcpus=.  nr_cpu_ids becomes NR_CPUS, which is what sizes every
# per-CPU structure the series and the module report.
import struct
import sys

LAPIC, IOAPIC, OVERRIDE, LAPIC_NMI = 0, 1, 2, 4
ENABLED = 1
PCAT_COMPAT = 1
# QEMU pc: ISA IRQ 0 on GSI 2; the PCI link IRQs level-triggered, high.
PCI_IRQS = (5, 9, 10, 11)
PCI_FLAGS = 0xd


def madt_body(nr_cpus):
    body = struct.pack('<II', 0xFEE00000, PCAT_COMPAT)
    for cpu in range(nr_cpus):
        body += struct.pack('<BBBBI', LAPIC, 8, cpu, cpu, ENABLED)
    body += struct.pack('<BBBBII', IOAPIC, 12, 0, 0, 0xFEC00000, 0)
    body += struct.pack('<BBBBIH', OVERRIDE, 10, 0, 0, 2, 0)
    for irq in PCI_IRQS:
        body += struct.pack('<BBBBIH', OVERRIDE, 10, 0, irq, irq, PCI_FLAGS)
    body += struct.pack('<BBBHB', LAPIC_NMI, 6, 0xff, 0, 1)
    return body


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit('usage: madt.py NR_CPUS OUT')
    nr_cpus = int(sys.argv[1])
    # APIC ID 0xff is the xAPIC broadcast ID: 255 CPUs at most.
    if not 1 <= nr_cpus <= 255:
        sys.exit('madt.py: NR_CPUS must be 1..255 (xAPIC IDs)')
    with open(sys.argv[2], 'wb') as f:
        f.write(madt_body(nr_cpus))


if __name__ == '__main__':
    main()
