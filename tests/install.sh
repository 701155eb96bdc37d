#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install into a staging DESTDIR puts the module under updates/, the
# tool under PREFIX/sbin, the man pages under PREFIX/share/man and the bash
# completion under PREFIX/share/bash-completion; make uninstall with the
# same variables leaves no file behind.  The host's own trees are never
# touched (the VM scenario 58-install does the real install and modprobe).
# Then tests/dkms.sh.
set -u
. "$(dirname "$0")/lib/common.sh"

stage=$(mktemp -d)
trap 'rm -rf "$stage" "$stage.log"' EXIT
kver=$(nstrack_kernels | tail -n1)
vars=(KDIR="/lib/modules/$kver/build" DESTDIR="$stage" PREFIX=/usr)

if make -s -C "$REPO" install "${vars[@]}" >"$stage.log" 2>&1 &&
   ko=$(ls "$stage/lib/modules/$kver/updates/nstrack.ko"* 2>/dev/null) &&
   [ -x "$stage/usr/sbin/nstrack" ] &&
   modinfo -F vermagic "$ko" | grep -q "^$kver "; then
	pass "make install DESTDIR= stages module (updates/) and tool"
else
	cat "$stage.log"
	find "$stage" -type f
	fail "make install DESTDIR= stages module (updates/) and tool"
fi

# the staged files are the repository's, byte for byte
same() { cmp -s "$REPO/$1" "$stage/$2"; }
if same docs/nstrack.8 usr/share/man/man8/nstrack.8 &&
   same docs/nstrack.ko.4 usr/share/man/man4/nstrack.ko.4 &&
   MANWIDTH=80 man -l "$stage/usr/share/man/man8/nstrack.8" 2>/dev/null | grep -q 'nstrack metrics'; then
	pass "make install stages nstrack.8 and nstrack.ko.4 under PREFIX/share/man"
else
	find "$stage" -type f
	fail "make install stages nstrack.8 and nstrack.ko.4 under PREFIX/share/man"
fi
if same completion/nstrack.bash usr/share/bash-completion/completions/nstrack &&
   bash -c ". '$stage/usr/share/bash-completion/completions/nstrack' && complete -p nstrack" |
	grep -q -- '-F _nstrack nstrack'; then
	pass "make install stages the bash completion, which registers _nstrack"
else
	fail "make install stages the bash completion, which registers _nstrack"
fi
if [ "$("$stage/usr/sbin/nstrack" --version 2>/dev/null | head -n1)" = \
     "nstrack $(sed -n 's/^#define NSTRACK_VERSION "\(.*\)"/\1/p' "$REPO/kmod/version.h")" ]; then
	pass "the installed tool's --version is kmod/version.h's"
else
	fail "the installed tool's --version is kmod/version.h's"
fi

if make -s -C "$REPO" uninstall "${vars[@]}" >"$stage.log" 2>&1 &&
   [ -z "$(find "$stage" ! -type d)" ]; then
	pass "make uninstall DESTDIR= removes every file make install put"
else
	cat "$stage.log"
	find "$stage" ! -type d
	fail "make uninstall DESTDIR= removes every file make install put"
fi

# PREFIX alone moves the tool, man pages and completion
rm -rf "$stage" && mkdir -p "$stage"
make -s -C "$REPO" install-tool install-docs DESTDIR="$stage" PREFIX=/opt/nst \
	>"$stage.log" 2>&1
n=$(find "$stage" -type f | grep -c '^'"$stage"'/opt/nst/')
if [ "$n" -eq 4 ] && [ "$(find "$stage" -type f | wc -l)" -eq 4 ]; then
	pass "PREFIX=/opt/nst puts the 4 files of tool and docs under it"
else
	find "$stage" -type f
	fail "PREFIX=/opt/nst puts the 4 files of tool and docs under it"
fi

# DKMS, in scratch trees
"$(dirname "$0")/dkms.sh"
