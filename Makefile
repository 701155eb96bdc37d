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
# make regen           include/uapi/linux/nstrack.h from docs/netlink/nstrack.yaml
# make install         module to /lib/modules/<release>/updates (then depmod),
#                      tool, man pages and bash completion to PREFIX; DESTDIR
#                      stages it all (NSTRACK_SIGN=1 signs the module with
#                      the kernel tree's key)
# make uninstall       removes exactly what make install put
# make dkms-install    module sources to /usr/src/nstrack-VERSION, then dkms
#                      add and install for KDIR's kernel (and future ones)
# make dkms-uninstall  dkms remove --all, and the sources

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=
NSTRACK_CACHE ?= /var/cache/nstrack
export NSTRACK_CACHE
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install
VERSION := $(shell sed -n 's/^\#define NSTRACK_VERSION "\(.*\)"/\1/p' kmod/version.h)
DKMS ?= dkms
# where the sources go, and extra dkms options (tests use --dkmstree,
# --installtree and --no-depmod to keep the system untouched)
DKMS_SOURCETREE ?= /usr/src
DKMS_FLAGS ?=
DKMS_SRC = $(DKMS_SOURCETREE)/nstrack-$(VERSION)
DKMS_ARGS = --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS)

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

regen:
	tests/ynl/regen.sh

# docs/lifecycle.md, regenerated from a run in the VM
lifecycle-doc:
	tests/vm/lifecycle.sh

install: install-module install-tool install-docs

install-module: module
	$(MAKE) -C $(KDIR) M=$(MODDIR) INSTALL_MOD_DIR=updates \
		$(if $(NSTRACK_SIGN),,CONFIG_MODULE_SIG_ALL=) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

install-tool: tool
	$(MAKE) -C user install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

install-docs:
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man4 \
		$(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 0644 docs/nstrack.8 $(DESTDIR)$(MANDIR)/man8/nstrack.8
	$(INSTALL) -m 0644 docs/nstrack.ko.4 $(DESTDIR)$(MANDIR)/man4/nstrack.ko.4
	$(INSTALL) -m 0644 completion/nstrack.bash $(DESTDIR)$(COMPLETIONDIR)/nstrack

# KVER comes from KDIR, so uninstall needs the same KDIR as install; the
# module may have been compressed by modules_install
uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/nstrack.ko \
		$(DESTDIR)/lib/modules/$(KVER)/updates/nstrack.ko.xz \
		$(DESTDIR)/lib/modules/$(KVER)/updates/nstrack.ko.zst \
		$(DESTDIR)/lib/modules/$(KVER)/updates/nstrack.ko.gz
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C user uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	rm -f $(DESTDIR)$(MANDIR)/man8/nstrack.8 \
		$(DESTDIR)$(MANDIR)/man4/nstrack.ko.4 \
		$(DESTDIR)$(COMPLETIONDIR)/nstrack

# only what the module's build needs: the Makefile, Kbuild, kmod/, include/
dkms-src:
	rm -rf $(DKMS_SRC)
	$(INSTALL) -d $(DKMS_SRC)/kmod
	$(INSTALL) -m 0644 Makefile Kbuild dkms.conf $(DKMS_SRC)/
	$(INSTALL) -m 0644 $(KMOD_FILES) $(DKMS_SRC)/kmod/
	cp -R include $(DKMS_SRC)/

dkms-install: dkms-src
	@if [ -z "$(KVER)" ]; then \
		echo "nstrack: no kernel build tree at $(KDIR): install the headers of that kernel or set KDIR" >&2; \
		exit 1; \
	fi
	$(DKMS) add $(DKMS_ARGS) nstrack/$(VERSION)
	$(DKMS) install $(DKMS_ARGS) nstrack/$(VERSION) -k $(KVER)

dkms-uninstall:
	-$(DKMS) remove $(DKMS_ARGS) nstrack/$(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	rm -rf build tests/out
	$(MAKE) -C user clean
	-$(MAKE) -C tests/unit clean

.PHONY: all module tool style sparse regen check check-debug kunit demo bench lifecycle-doc install \
	install-module install-tool install-docs uninstall dkms-src dkms-install dkms-uninstall clean
