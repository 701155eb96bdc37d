#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build, once, the debug kernel of `make check-debug` from Debian's
# linux-source-6.12: x86_64_defconfig plus tests/debug/debug.config (KASAN,
# lockdep, kmemleak, debug lists and objects, the net refcount trackers,
# and everything the VM harness needs built in).
#
# usage: build-kernel.sh [--cache DIR] [--jobs N] [--cached]
#   --cache DIR   ${NSTRACK_CACHE:-/var/cache/nstrack}/debug-kernel by default
#   --jobs N      parallel make jobs (the number of CPUs)
#   --cached      build nothing: succeed (and print as below) only if the
#                 kernel of this fragment is in the cache already
#
# The kernel lives in CACHE/VERSION-HASH/, VERSION being the source
# package's and HASH that of the config fragment and of this recipe, so a
# change to either builds a new one and a second run with neither changed
# returns at once. The directory keeps the whole build tree (`make -C
# CACHE/VERSION-HASH/tree M=...` builds external modules against it), the
# modules' root (modroot/lib/modules/KVER, for modprobe and depmod), and a
# `done` stamp written last: a half-built kernel is never used, and the next
# run picks the interrupted build up where it stopped.
#
# On success the last lines on stdout are, for eval:
#   kdir=TREE kver=RELEASE image=TREE/vmlinux modroot=DIR
# Progress goes to stderr, the build's output to CACHE/VERSION-HASH/build.log.
set -eu

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=$here/debug.config
tarball=/usr/src/linux-source-6.12.tar.xz
srcpkg=linux-source-6.12

usage() {
	sed -n '/^# usage:/,/^#$/{/^#$/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() {
	echo "build-kernel: $*" >&2
	exit 1
}
say() { echo "build-kernel: $*" >&2; }

cache=${NSTRACK_CACHE:-/var/cache/nstrack}/debug-kernel
jobs=$(nproc)
cached_only=
while [ $# -gt 0 ]; do
	case $1 in
	--cache | --jobs)
		[ $# -ge 2 ] || usage
		case $1 in
		--cache) cache=$2 ;;
		--jobs) jobs=$2 ;;
		esac
		shift 2
		;;
	--cached) cached_only=1; shift ;;
	-h | --help) usage ;;
	*) echo "build-kernel: unknown option: $1" >&2; usage ;;
	esac
done
case $jobs in '' | *[!0-9]* | 0) die "--jobs takes a positive number" ;; esac

[ -r "$tarball" ] || die "no $tarball (apt-get install $srcpkg)"
srcver=$(dpkg-query -W -f='${Version}' "$srcpkg" 2>/dev/null) ||
	die "$srcpkg is not installed"

# The recipe: what, besides the fragment, decides what gets built. Bump it
# when the steps below change in a way that changes the result.
recipe="x86_64_defconfig+fragment olddefconfig bzImage modules r1"
key=$( { printf '%s\n' "$recipe"; cat "$fragment"; } | sha256sum | cut -c1-12)
dir=$cache/${srcver//[^A-Za-z0-9.+_-]/_}-$key
tree=$dir/tree
modroot=$dir/modroot

result() {
	local kver
	kver=$(cat "$dir/kver")
	printf 'kdir=%s kver=%s image=%s modroot=%s\n' "$tree" "$kver" "$tree/vmlinux" "$modroot"
}

if [ -n "$cached_only" ]; then
	[ -f "$dir/done" ] || { say "not in the cache: $dir"; exit 1; }
	result
	exit 0
fi

# What a kernel build needs beyond build-essential (tests/deps.sh installs
# the same list).
missing=
for p in bc bison flex libelf-dev libssl-dev xz-utils kmod cpio; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] || die "missing build dependencies: apt-get install$missing"
mkdir -p "$cache"
# One build at a time; a second caller waits and then finds it done.
exec 9>"$cache/.lock"
if ! flock -n 9; then
	say "another build holds $cache/.lock, waiting"
	flock 9
fi

if [ -f "$dir/done" ]; then
	say "cached: $dir"
	result
	exit 0
fi

start=$SECONDS
mkdir -p "$dir"
log=$dir/build.log
if [ ! -f "$tree/.nstrack-unpacked" ]; then
	say "unpacking $tarball ($srcpkg $srcver) into $tree"
	rm -rf "$tree" "$dir/unpack"
	mkdir -p "$dir/unpack"
	tar -xJf "$tarball" -C "$dir/unpack"
	top=$(find "$dir/unpack" -mindepth 1 -maxdepth 1 -type d)
	if [ -z "$top" ] || [ ! -f "$top/Makefile" ]; then
		die "unexpected layout of $tarball"
	fi
	mv "$top" "$tree"
	rmdir "$dir/unpack"
	touch "$tree/.nstrack-unpacked"
fi

# The configuration: defconfig, the fragment merged over it, olddefconfig
# for the rest. Redone on every unfinished run (cheap); make only rebuilds
# what a changed .config touches.
cd "$tree"
say "configuring (log: $log)"
{
	make defconfig
	scripts/kconfig/merge_config.sh -m .config "$fragment"
	make olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuration failed"; }

# Every line of the fragment must have survived olddefconfig as written:
# an option whose dependencies are missing is dropped silently otherwise.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		if ! grep -qxF -- "$line" .config; then
			say "requested $line, got: $(grep -E "^(# )?${line%%=*}[= ]" .config || echo 'nothing')"
			bad=1
		fi
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" .config; then
			say "requested $opt off, got: $(grep "^$opt=" .config)"
			bad=1
		fi
		;;
	esac
done <"$fragment"
[ "$bad" = 0 ] || die "the configuration differs from $fragment (see above)"
say "configuration checked: every option of ${fragment##*/} is as requested"

say "building with $jobs jobs (log: $log); this takes a long while the first time"
if ! make -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "kernel build failed"
fi
kver=$(make -s kernelrelease)
rm -rf "$modroot"
make INSTALL_MOD_PATH="$modroot" modules_install >>"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "modules_install failed"; }
# depmod writes these even when every module is built in: modprobe then
# answers "builtin" for them, as the initramfs and the scenarios expect.
[ -f "$modroot/lib/modules/$kver/modules.builtin" ] || die "no modules.builtin in $modroot"
for f in vmlinux Module.symvers include/generated/utsrelease.h; do
	[ -s "$tree/$f" ] || die "the build left no $f"
done
echo "$kver" >"$dir/kver"
touch "$dir/done"
say "built $kver in $((SECONDS - start)) s: $dir"
result
