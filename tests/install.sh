#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install into a staging DESTDIR puts the module under updates/ and
# the tool under PREFIX/sbin; make install-tool honours PREFIX.
set -u
. "$(dirname "$0")/lib/common.sh"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
kver=$(nstrack_kernels | tail -n1)
if make -s -C "$REPO" install KDIR="/lib/modules/$kver/build" DESTDIR="$stage" \
	PREFIX=/usr >"$stage.log" 2>&1 &&
   ko=$(ls "$stage/lib/modules/$kver/updates/nstrack.ko"* 2>/dev/null) &&
   [ -x "$stage/usr/sbin/nstrack" ] &&
   modinfo -F vermagic "$ko" | grep -q "^$kver "; then
	pass "make install DESTDIR= stages module (updates/) and tool"
else
	cat "$stage.log"
	find "$stage" -type f
	fail "make install DESTDIR= stages module (updates/) and tool"
fi
rm -f "$stage.log"
