# SPDX-License-Identifier: GPL-2.0
# Shared by the test scripts: kernels under test, cache, result lines.

NSTRACK_CACHE=${NSTRACK_CACHE:-/var/cache/nstrack}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Every installed Debian kernel of the two supported series, by release.
nstrack_kernels() {
	local d
	for d in /lib/modules/6.1.*-amd64 /lib/modules/6.12.*-amd64; do
		[ -e "$d/build/include/generated/utsrelease.h" ] &&
		[ -e "/boot/vmlinuz-${d##*/}" ] && basename "$d"
	done
}

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

# The kernel's own checkpatch, taken from Debian's linux-source-6.12.
nstrack_kernel_tree() {
	local tree="$NSTRACK_CACHE/linux-source-6.12"
	if [ ! -e "$tree/.unpacked" ]; then
		local tarball
		tarball=$(ls /usr/src/linux-source-6.12.tar.* | head -n1)
		rm -rf "$tree" && mkdir -p "$tree"
		tar -xf "$tarball" -C "$tree" --strip-components=1
		touch "$tree/.unpacked"
	fi
	echo "$tree"
}
