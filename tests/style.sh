#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict on every kernel source file; prints one result line.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

tree=$(nstrack_kernel_tree)
cd "$REPO"
checkpatch() {
	"$tree/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES "$@"
}
# compat.h is the one place that must compare kernel versions.
if checkpatch -f $(ls kmod/*.[ch] | grep -v compat.h) \
	include/uapi/linux/nstrack.h &&
   checkpatch --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f kmod/compat.h; then
	pass "checkpatch --strict"
else
	fail "checkpatch --strict"
	exit 1
fi
