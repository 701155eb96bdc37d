# SPDX-License-Identifier: GPL-2.0
#
# make                 module for KDIR (default: the running kernel) and tool
# make KDIR=/lib/modules/<release>/build   module for another kernel
# make check           every test suite (installs what it needs first)
# make kunit           the module's KUnit suites under UML
# make check-debug     churn and fuzz scenarios on a debug kernel (KASAN,
#                      lockdep, kmemleak), built once into NSTRACK_CACHE, then
#                      proof that each instrument catches a broken nstrack
# make demo            the tutorial topology in a VM, host kernel untouched
# make bench           benchmarks in a VM on every supported kernel, written to
#                      docs/BENCHMARKS.md (BENCH_SMALL=1: small, to tests/out/bench)
# make style           checkpatch --strict on the kernel sources
# make sparse          sparse on the module for every supported kernel
# make install         module to /lib/modules/<release>/updates, tool to PREFIX
#                      (NSTRACK_SIGN=1 signs it with the kernel tree's key)

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=
NSTRACK_CACHE ?= /var/cache/nstrack
export NSTRACK_CACHE

KVER = $(shell awk -F'"' '/UTS_RELEASE/ { print $$2 }' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MODDIR = $(CURDIR)/build/$(KVER)
KMOD_FILES = $(wildcard kmod/*.c kmod/*.h)

all: module tool

# Each kernel gets its own build tree of symlinks, so builds for several
# kernels never share object files.
module:
	@if [ -z "$(KVER)" ]; then \
		echo "nstrack: no kernel build tree at $(KDIR): install the headers of that kernel or set KDIR" >&2; \
		exit 1; \
	fi
	@mkdir -p $(MODDIR)/kmod
	@rm -f $(MODDIR)/kmod/*.[ch]
	@ln -sf $(CURDIR)/Kbuild $(MODDIR)/Kbuild
	@ln -sfn $(CURDIR)/include $(MODDIR)/include
	@for f in $(KMOD_FILES); do ln -sf $(CURDIR)/$$f $(MODDIR)/$$f; done
	$(MAKE) -C $(KDIR) M=$(MODDIR) $(if $(C),C=$(C)) $(if $(W),W=$(W)) modules

tool:
	$(MAKE) -C user

style:
	tests/style.sh

sparse:
	tests/sparse.sh

check:
	tests/check.sh

kunit:
	tests/kunit/run.sh

check-debug:
	tests/debug/check.sh
	tests/debug/selftest.sh

demo:
	tests/vm/demo.sh

bench:
	tests/bench/run.sh

# docs/lifecycle.md, regenerated from a run in the VM
lifecycle-doc:
	tests/vm/lifecycle.sh

install: install-module install-tool

install-module: module
	$(MAKE) -C $(KDIR) M=$(MODDIR) INSTALL_MOD_DIR=updates \
		$(if $(NSTRACK_SIGN),,CONFIG_MODULE_SIG_ALL=) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

install-tool: tool
	$(MAKE) -C user install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	rm -rf build tests/out
	$(MAKE) -C user clean
	-$(MAKE) -C tests/unit clean

.PHONY: all module tool style sparse check check-debug kunit demo bench lifecycle-doc install install-module \
	install-tool clean
