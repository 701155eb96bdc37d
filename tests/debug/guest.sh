#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make check-debug`, run by tests/vm/boot.sh on the debug
# kernel (tests/debug/check.sh starts it). It
#  1. makes this kernel's modules visible to modprobe (they live in the
#     cache, NSTRACK_DEBUG_MODROOT/lib/modules/KVER, not on the host's /lib),
#  2. scans for leaks twice and clears the list: what the boot leaked (or
#     kmemleak takes for a leak) is not reported again,
#  3. loads samples/kmemleak's module, which leaks on purpose and stays
#     loaded: the proof that kmemleak finds leaks in this VM at all,
#  4. runs the scenarios through tests/vm/scenarios/run.sh (which loads
#     nstrack first and unloads it at the end),
#  5. waits until every object nstrack may have leaked is older than
#     kmemleak's minimum age (5 s), scans, waits, scans again, and keeps
#     what each scan reports,
#  6. records whether lockdep and kmemleak were still on at the end.
# The host (check.sh) reads the files this leaves in $NSTRACK_OUT and
# decides; this script's exit status is run.sh's.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${NSTRACK_OUT:-/tmp}
kver=$(uname -r)
km=/sys/kernel/debug/kmemleak
state=$out/debug-state.txt
: >"$state"

note() { echo "$*" >>"$state"; }
scan() { { echo scan >"$km"; } 2>/dev/null; }

# 1. modprobe reads /lib/modules/KVER: point it at the cache. The guest's
# /lib is the host's, read-only, so a tmpfs goes over /lib/modules (the
# host kernels' modules are of no use to this kernel anyway).
if [ ! -d "/lib/modules/$kver" ] && [ -n "${NSTRACK_DEBUG_MODROOT:-}" ]; then
	mount -t tmpfs -o mode=755 nstrack-modules /lib/modules &&
		ln -s "$NSTRACK_DEBUG_MODROOT/lib/modules/$kver" "/lib/modules/$kver"
fi

# 2. The instruments, and a clean slate for kmemleak.
if [ -w "$km" ] && scan; then
	note "kmemleak-start=on"
	sleep 5
	scan
	cat "$km" >"$out/kmemleak-boot.txt" 2>/dev/null
	echo clear >"$km"
else
	note "kmemleak-start=off"
fi
note "lockdep-start=$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats 2>/dev/null)"

# 3. The positive control (a module built in the debug kernel's tree).
if modprobe kmemleak-test 2>"$out/kmemleak-test.err"; then
	note "kmemleak-test=loaded"
else
	note "kmemleak-test=failed"
fi

# 4. The scenarios.
"$repo/tests/vm/scenarios/run.sh"
rc=$?
# run.sh's last check unloads nstrack; if that failed, the leak scan would
# miss what the unload leaks, and check.sh says so.
if grep -qw '^nstrack' /proc/modules; then
	note "nstrack-unloaded=no"
	rmmod nstrack 2>/dev/null
else
	note "nstrack-unloaded=yes"
fi
cat /proc/modules >"$out/modules-end.txt"

# 5. Two scans a few seconds apart, the first once every object allocated
# before the unload is old enough to be reported. kmemleak reports an
# object only if its contents did not change since the scan before, so the
# second list is the stable one.
sleep 6
if scan; then
	cat "$km" >"$out/kmemleak-1.txt"
	sleep 5
	scan
	cat "$km" >"$out/kmemleak-2.txt"
	note "kmemleak-end=on"
else
	note "kmemleak-end=off"
fi

# 6. Did lockdep stay on? It turns itself off after its first report, or
# when it runs out of table space, and then checks nothing more.
note "lockdep-end=$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats 2>/dev/null)"
exit "$rc"
