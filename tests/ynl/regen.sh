#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make regen: include/uapi/linux/nstrack.h from docs/netlink/nstrack.yaml.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
. "$here/lib.sh"

hdr=$REPO/include/uapi/linux/nstrack.h
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
nstrack_ynl_gen "$tmp"
if cmp -s "$tmp" "$hdr"; then
	echo "regen: ${hdr#"$REPO"/} is up to date"
else
	cp "$tmp" "$hdr"
	echo "regen: wrote ${hdr#"$REPO"/}"
fi
