#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build the module for the newest supported kernel, boot it in a
# VM and run the tutorial; the host kernel is never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

"$here/../deps.sh"
kver=$(nstrack_kernels | tail -n1)
make -s -C "$REPO" tool
make -s -C "$REPO" module KDIR="/lib/modules/$kver/build" >/dev/null
echo "booting $kver in a VM (software emulation, a few seconds)..."
"$here/boot.sh" --kver "$kver" -- "$here/demo-guest.sh"
