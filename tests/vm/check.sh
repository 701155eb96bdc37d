#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: for every supported kernel, build the module against its
# headers, boot it in a VM, run the scenarios, and print their result
# lines plus one line for the VM run itself (guest exit and kernel log).
# The kernels run side by side, one virtual CPU each: under TCG that uses
# both host cores better than one VM with two.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

status=0
kernels=$(nstrack_kernels)
for series in 6.1 6.12; do
	grep -q "^$series\." <<<"$kernels" || { fail "a $series kernel with headers is installed"; status=1; }
done

make -s -C "$REPO/tests/tools" >/dev/null || { fail "tests/tools build (nschurn, genlfuzz, dumpcount)"; status=1; }
# Scenario 55 drives the family with the kernel's own YNL client, which the
# guest finds in the cache (read-only there): unpack it here.
. "$REPO/tests/ynl/lib.sh"
nstrack_ynl_dir >/dev/null || { fail "the kernel's YNL tools unpacked for scenario 55"; status=1; }
declare -A out pid
for kver in $kernels; do
	if ! make -s -C "$REPO" module KDIR="/lib/modules/$kver/build" >/dev/null; then
		fail "$kver: module build"
		status=1
		continue
	fi
	out[$kver]=$(mktemp -d)
	"$here/boot.sh" --kver "$kver" --out "${out[$kver]}" --nic2 --smp 1 \
		--timeout 3600 -- \
		"$REPO/tests/vm/scenarios/run.sh" >"${out[$kver]}/host.log" 2>&1 &
	pid[$kver]=$!
done

for kver in "${!pid[@]}"; do
	wait "${pid[$kver]}"
	rc=$?
	o=${out[$kver]}
	# The guest's own result lines, then the verdict on the run as a whole.
	grep -E '^(PASS|FAIL): ' "$o/results.txt" 2>/dev/null
	if [ $rc -eq 0 ]; then
		pass "$kver: VM run clean (guest exit 0, kernel log free of warnings)"
	else
		fail "$kver: VM run clean (guest exit 0, kernel log free of warnings)"
		grep -vE '^(PASS|FAIL): ' "$o/host.log" | tail -n 40
		status=1
	fi
	rm -rf "$o"
done
exit $status
