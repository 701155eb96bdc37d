#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS (Debian's dkms): "make dkms-install" adds the sources and installs
# the module for the 6.1 kernel, "dkms build" and "dkms install" do the
# same for 6.12, "make dkms-uninstall" takes it all back.  Every tree dkms
# writes to (sources, its own tree, the module tree) is a scratch one and
# depmod is not run, so the host is left as it was; the checks say so.
set -u
. "$(dirname "$0")/lib/common.sh"

version=$(sed -n 's/^#define NSTRACK_VERSION "\(.*\)"/\1/p' "$REPO/kmod/version.h")
if [ "$(set +u; . "$REPO/dkms.conf" 2>/dev/null; echo "$PACKAGE_VERSION")" = "$version" ]; then
	pass "dkms: dkms.conf PACKAGE_VERSION is kmod/version.h's ($version)"
else
	fail "dkms: dkms.conf PACKAGE_VERSION is kmod/version.h's ($version)"
fi

t=$(mktemp -d)
mok_before=$(ls /var/lib/dkms/mok.key /var/lib/dkms/mok.pub 2>/dev/null)
host_state() {
	ls -d /usr/src/nstrack-* /var/lib/dkms/nstrack 2>/dev/null
	find /lib/modules/*/updates -name 'nstrack.ko*' 2>/dev/null
}
before=$(host_state)
cleanup() {
	dkms remove --sourcetree "$t/src" --dkmstree "$t/dkms" --installtree "$t/modules" \
		--no-depmod "nstrack/$version" --all >/dev/null 2>&1
	rm -rf "$t"
	# dkms makes a signing key the first time it signs: only ours goes
	[ -z "$mok_before" ] && rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
}
trap cleanup EXIT
mkdir -p "$t/src" "$t/dkms"
vars=(DKMS_SOURCETREE="$t/src"
      DKMS_FLAGS="--dkmstree $t/dkms --installtree $t/modules --no-depmod")
flags=(--sourcetree "$t/src" --dkmstree "$t/dkms" --installtree "$t/modules" --no-depmod)

# installed KVER: the module dkms put for KVER is built for it, is ours,
# and dkms status says installed
installed() {
	local ko
	ko=$(ls "$t/modules/$1/updates/dkms/nstrack.ko"* 2>/dev/null) &&
		modinfo -F vermagic "$ko" | grep -q "^$1 " &&
		[ "$(modinfo -F version "$ko")" = "$version" ] &&
		dkms status "${flags[@]}" "nstrack/$version" -k "$1" 2>/dev/null | grep -q ': installed$'
}

ran=0
for kver in $(nstrack_kernels); do
	mkdir -p "$t/modules/$kver"
	if [ $ran -eq 0 ]; then
		what="make dkms-install KDIR=$kver"
		nice -n 10 make -C "$REPO" -s dkms-install KDIR="/lib/modules/$kver/build" \
			"${vars[@]}" >"$t/log" 2>&1
	else
		what="dkms build and dkms install -k $kver"
		nice -n 10 dkms build "${flags[@]}" "nstrack/$version" -k "$kver" >"$t/log" 2>&1 &&
			dkms install "${flags[@]}" "nstrack/$version" -k "$kver" >>"$t/log" 2>&1
	fi
	if installed "$kver"; then
		pass "dkms: $what: module for $kver installed under updates/dkms"
	else
		tail -n 30 "$t/log"
		fail "dkms: $what: module for $kver installed under updates/dkms"
	fi
	ran=$((ran + 1))
done
[ $ran -ge 2 ] || fail "dkms: headers of two kernels (6.1 and 6.12) to build for"

# the sources dkms got are those the module's build needs, and no more
want=$(cd "$REPO" && { ls Makefile Kbuild dkms.conf kmod/*.[ch]; find include -type f; } | sort)
got=$(cd "$t/src/nstrack-$version" && find . -type f | sed 's|^\./||' | sort)
if [ "$got" = "$want" ]; then
	pass "dkms: make dkms-install copies Makefile, Kbuild, dkms.conf, kmod/ and include/"
else
	diff <(echo "$want") <(echo "$got")
	fail "dkms: make dkms-install copies Makefile, Kbuild, dkms.conf, kmod/ and include/"
fi

make -C "$REPO" -s dkms-uninstall "${vars[@]}" >"$t/log" 2>&1
if [ -z "$(dkms status "${flags[@]}" nstrack 2>/dev/null)" ] &&
   [ ! -e "$t/src/nstrack-$version" ] &&
   [ -z "$(find "$t/modules" -name 'nstrack.ko*')" ]; then
	pass "dkms: make dkms-uninstall removes the module of every kernel and the sources"
else
	cat "$t/log"
	fail "dkms: make dkms-uninstall removes the module of every kernel and the sources"
fi

if [ "$(host_state)" = "$before" ]; then
	pass "dkms: the host's /usr/src, /var/lib/dkms and /lib/modules are untouched"
else
	host_state
	fail "dkms: the host's /usr/src, /var/lib/dkms and /lib/modules are untouched"
fi
