#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds the module with sparse (C=2) and -W1 for every supported kernel;
# any compiler or sparse warning fails.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

cd "$REPO"
status=0
for kver in $(nstrack_kernels); do
	log=$(mktemp)
	if make --no-print-directory module KDIR="/lib/modules/$kver/build" \
		C=2 W=1 >"$log" 2>&1 && ! grep -E "warning:|error:" "$log"; then
		pass "module builds clean (W=1, sparse) on $kver"
	else
		cat "$log"
		fail "module builds clean (W=1, sparse) on $kver"
		status=1
	fi
	rm -f "$log"
done
exit $status
