#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: install what is missing, build, run every suite, and end with
# one line "N passed, N failed".  Exits non-zero on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

out=$REPO/tests/out
mkdir -p "$out"
log=$out/check.log
: >"$log"

# step NAME COMMAND...: run one suite, keep its output in the log and on
# stdout; a suite that fails without saying which check failed counts once.
step() {
	local name=$1 rc
	shift
	echo "=== $name" | tee -a "$log"
	"$@" 2>&1 | tee "$out/$name.log" | tee -a "$log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$out/$name.log"; then
		fail "$name (exit $rc)" | tee -a "$log"
	fi
}

step deps "$here/deps.sh"
step build bash -c "make -s -C '$REPO' tool && echo 'PASS: tool builds with -Werror'"
step style "$here/style.sh"
step sparse "$here/sparse.sh"
step unit make -s -C "$REPO/tests/unit" check
step fuzz make -s -C "$REPO/tests/fuzz" check
step ynl "$here/ynl/check.sh"
step manage-links "$here/manage/links.sh"
step manage-netns "$here/manage/netns.sh"
step manage-connect "$here/manage/connect.sh"
step docs "$here/docs/check.sh"
step install "$here/install.sh"
step kunit "$here/kunit/run.sh"
step vm "$here/vm/check.sh"
step bench env BENCH_SMALL=1 "$here/bench/run.sh"

passed=$(grep -c '^PASS: ' "$log")
failed=$(grep -c '^FAIL: ' "$log")
if [ "$failed" -ne 0 ]; then
	echo "failed checks:"
	grep '^FAIL: ' "$log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
