# SPDX-License-Identifier: GPL-2.0
#
# rseq / MM CID backport for Linux 6.12: build, run and test.
#
#   make run     build what is needed, boot the patched kernel, run the demo
#   make test    every test: host unit tests, stock + patched kernels in QEMU
#                (within the CI budget; the longer suites below)
#   make shell   boot the patched kernel with an interactive shell
#   make check-matrix  full vmlinux links: every architecture, config variants
#   make check-cross   the series' objects compiled for every architecture
#   make check-series  every prefix of the kernel series builds and boots
#   make soak DURATION=SECONDS  the debug kernel under load (docs/testing.md)
#   make bench [RUNS=n] [CASE=name]  stock vs patched under -icount; a full
#                run rewrites the tables in docs/benchmarks.md
#   make test-arm64    the whole VM suite on the arm64 patched kernel (long)
#   make test-install  install the packages in a Debian 12 VM (docs/install.md)
#   make test-riscv64  the riscv64 kernel and its smoke plan
#   make test-stock    the selftests on the stock kernel
#   make deb [KDEB=distro]  Debian packages into build/packages: rseqctl,
#                rseq-cid-dkms and the kernel's (vm config; distro: hours)
#   make ARCH=arm64 kernel|guest|module|initramfs-patched|shell
#                other architectures (x86_64 is the default; riscv64:
#                kernel, guest, initramfs-patched, no shell)
#
# Everything built lands in build/ (ignored by git); every path is derived
# from ARCH and the kernel variant in scripts/lib/paths.sh.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
B := $(TOP)/build
VARIANTS := stock patched debug
ARCH ?= x86_64
export ARCH

.PHONY: all run test shell deps kernel kernel-stock kernel-debug guest module \
	initramfs initramfs-stock initramfs-patched initramfs-debug initramfs-ynl \
	kernel-git kernel-export model model-full check-matrix check-series soak \
	check-cross test-arm64 test-install test-riscv64 test-stock deb bench \
	clean distclean help

all: kernel initramfs-patched

help:
	@sed -n 's/^#   //p' $(TOP)/Makefile

deps:
	@$(TOP)/scripts/deps.sh

kernel: deps
	@$(TOP)/scripts/kernel-build.sh patched

kernel-stock: deps
	@$(TOP)/scripts/kernel-build.sh stock

kernel-debug: deps
	@$(TOP)/scripts/kernel-build.sh debug

# Test binaries and rseqctl, which every kernel variant's VM carries.
guest: deps
	@$(TOP)/scripts/guest-build.sh

# The inspection module, built against the patched and debug kernels.
module-%: deps
	@$(TOP)/scripts/module-build.sh $*

module: module-patched

# One initramfs per kernel variant; patched and debug carry their own
# build of the module.
initramfs-stock: guest
	@$(TOP)/tests/vm/mkinitramfs.sh stock

initramfs-patched initramfs-debug: initramfs-%: guest module-%
	@$(TOP)/tests/vm/mkinitramfs.sh $*

# The patched VM with Python and the kernel's ynl CLI, for the ynl plan.
initramfs-ynl: guest module-patched kernel-stock
	@$(TOP)/tests/vm/mkinitramfs.sh --ynl patched

initramfs: $(addprefix initramfs-,$(VARIANTS))

run: kernel initramfs-patched
	@$(TOP)/scripts/demo.sh

test: deps
	@$(TOP)/tests/run-tests.sh

# Every arm64 suite (docs/testing.md); 'make test' runs only arm64-smoke.
test-arm64: deps
	@$(TOP)/tests/run-tests.sh --arm64-full

# The whole install test (docs/testing.md): make test has only its --quick
# part, the packages without a root filesystem or VM.
test-install: deps
	@$(TOP)/tests/run-tests.sh install-vm

# The riscv64 kernel and its smoke plan; make test compiles riscv64 only.
test-riscv64: deps
	@$(TOP)/tests/run-tests.sh riscv64-smoke

# The selftests on the stock kernel; make test runs its rseq_abi plan.
test-stock: deps
	@$(TOP)/tests/run-tests.sh stock-selftests

# The series' objects for every architecture (about 9 minutes; make test
# compiles armhf and riscv64).  CELLS="i386 s390x" picks some.
check-cross: deps
	@$(TOP)/scripts/build-matrix.sh compile $(CELLS)

# Full vmlinux links for every architecture and config variant (hours;
# docs/testing.md).  CELLS="mips64el amd64:rt" picks some.
check-matrix: deps
	@$(TOP)/scripts/build-matrix.sh link $(CELLS)

# The soak run of the debug kernel (docs/testing.md): collision detector,
# churn, hotplug, storms, netlink and module reloads for DURATION seconds.
DURATION ?= 900
soak: kernel-debug initramfs-debug
	@$(TOP)/tests/vm/soak.sh $(DURATION)

# Build and boot every prefix of kernel/series, one TAP line each (tens of
# minutes; docs/testing.md).  FIRST=k LAST=m pick prefixes.  The
# initramfs carries the module, which is built against the patched kernel.
check-series: deps kernel initramfs-patched
	@$(TOP)/scripts/series-bisect.sh $(or $(FIRST),1) $(LAST)

# The Debian packages of docs/install.md: rseqctl, rseq-cid-dkms and the
# patched kernel's linux-image and linux-headers, into build/packages.
# KDEB=vm (default): the make test kernel, which boots systemd under QEMU;
# KDEB=distro: Debian's config plus the series, about 7 hours.
KDEB ?= vm
deb: deps
	@$(TOP)/scripts/deb-userland.sh
	@$(TOP)/scripts/kernel-deb.sh $(KDEB)

# The stock vs patched comparison (docs/benchmarks.md), RUNS boots per
# kernel variant; CASE=name runs one case once, for a quick check.
bench: kernel kernel-stock initramfs-stock initramfs-patched
	@CASE=$(CASE) $(TOP)/scripts/bench-cs.sh $(RUNS)

shell: kernel initramfs-patched
	@$(TOP)/tests/vm/run-vm.sh --variant patched --plan shell

# Developer workflow: edit the series as git commits and back.
kernel-git: deps
	@$(TOP)/scripts/series-git.sh import

kernel-export:
	@$(TOP)/scripts/series-git.sh export

# The MM CID protocol model (docs/model.md): the quick check that 'make
# test' runs, and the exhaustive 3 tasks x 3 CPUs runs (about 10 minutes,
# up to 3 GiB).
model: deps
	@$(TOP)/model/check.sh quick

model-full: deps
	@$(TOP)/model/check.sh full

clean:
	rm -rf $(B)/vm $(B)/guest $(B)/logs

distclean:
	rm -rf $(B)
