#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs from Debian's archive whatever the build and the tests need and
# is not yet installed.  Needs root on a machine without the packages.
set -eu

packages="build-essential pkg-config libmnl-dev libnftnl-dev libyajl-dev libjansson-dev
libcmocka-dev nftables dkms prometheus
valgrind sparse jq python3 python3-yaml python3-jsonschema iproute2 iputils-ping util-linux kmod xz-utils cpio
strace gnuplot-nox
busybox-static qemu-system-x86 linux-source-6.12
bc bison flex libelf-dev libssl-dev clang libclang-rt-14-dev
linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64"

missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# prometheus is only here for promtool: its server must not start, so
# maintainer scripts are told no (policy-rc.d) unless a policy is in place
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
	systemctl disable --now prometheus.service 2>/dev/null || true
fi
