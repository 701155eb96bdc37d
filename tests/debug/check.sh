#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug: the churn and fuzz scenarios on a debug kernel.
#
# Builds (or takes from the cache) the debug kernel (build-kernel.sh), builds
# nstrack against it, boots it in the VM (tests/vm/boot.sh --kernel) and runs
# guest.sh there: the scenarios through tests/vm/scenarios/run.sh, then two
# kmemleak scans after nstrack is unloaded. One PASS/FAIL line per check:
# the scenarios' own, the instruments (kmemleak and lockdep on from start to
# end, kmemleak finding a deliberate leak), kmemleak reports that involve
# nstrack, and each kind of kernel report in the log (KASAN, lockdep,
# refcount and reference trackers, list and object debugging, hung tasks,
# anything else). Exits non-zero on any failure.
#
# Environment:
#   NSTRACK_DEBUG_SCENARIOS  scenario numbers to run ("72 88"); "none": only
#                            run.sh's own load, namespace and unload steps
#   NSTRACK_DEBUG_TIMEOUT    seconds before the VM is killed (5400)
#   NSTRACK_DEBUG_MEM        guest memory in MB (4096)
#   NSTRACK_DEBUG_OUT        keep the VM's logs there (default: a temporary
#                            directory, removed when every check passed)
#   NSTRACK_DEBUG_KERNEL     "KDIR IMAGE MODROOT": use that kernel instead of
#                            building one (to try this script on another
#                            kernel; its checks assume the debug kernel)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"

scenarios=${NSTRACK_DEBUG_SCENARIOS:-72 88}
timeout=${NSTRACK_DEBUG_TIMEOUT:-5400}
mem=${NSTRACK_DEBUG_MEM:-4096}
status=0

check() {
	local what=$1
	shift
	if "$@"; then
		pass "debug: $what"
	else
		fail "debug: $what"
		status=1
	fi
}

# --- the kernel -------------------------------------------------------------
t0=$SECONDS
kdir='' kver='' image='' modroot=''
if [ -n "${NSTRACK_DEBUG_KERNEL:-}" ]; then
	read -r kdir image modroot <<<"$NSTRACK_DEBUG_KERNEL"
	kver=$(awk -F'"' '/UTS_RELEASE/ { print $2 }' "$kdir/include/generated/utsrelease.h")
else
	blog=$(mktemp "${TMPDIR:-/tmp}/nstrack-debug-build.XXXXXX")
	if ! vars=$("$here/build-kernel.sh" 2>"$blog"); then
		cat "$blog"
		rm -f "$blog"
		fail "debug: kernel built from linux-source-6.12 (build-kernel.sh)"
		exit 1
	fi
	rm -f "$blog"
	for v in $(tail -n 1 <<<"$vars"); do
		case $v in
		kdir=* | kver=* | image=* | modroot=*) declare "$v" ;;
		esac
	done
fi
pass "debug: kernel $kver built or cached ($((SECONDS - t0)) s)"

# Which module can this kernel load? Only the kmemleak sample (all else is
# built in) and nstrack: the attribution of unsymbolized addresses below
# relies on it.
mods=$(cd "$modroot/lib/modules/$kver" && find . -name '*.ko*' -printf '%f\n' | sort | paste -sd' ')
check "the debug kernel has no loadable module but the kmemleak sample" \
	[ "$mods" = kmemleak-test.ko ]

# --- what runs in the guest ----------------------------------------------------
if ! make -s -C "$REPO" module KDIR="$kdir" >/dev/null; then
	fail "debug: module builds against $kver"
	exit 1
fi
pass "debug: module builds against $kver"
make -s -C "$REPO" tool >/dev/null || { fail "debug: tool builds"; exit 1; }
make -s -C "$REPO/tests/tools" >/dev/null || { fail "debug: tests/tools build"; exit 1; }

run=
for n in $scenarios; do
	[ "$n" = none ] && continue
	f=$(compgen -G "$REPO/tests/vm/scenarios/$n-*.sh" | head -n 1)
	if [ -n "$f" ]; then
		run="$run $n"
	else
		fail "debug: scenario $n: no tests/vm/scenarios/$n-*.sh in this tree"
		status=1
	fi
done
run=${run# }
# run.sh runs every scenario when NSTRACK_SCENARIOS is empty: with none of
# ours present, only its own load and unload checks run.
[ -n "$run" ] || run=none

# --- the VM ---------------------------------------------------------------------
# NSTRACK_DEBUG=1 tells the scenarios they run on the debug kernel (much
# slower than the stock one, KASAN and lockdep under TCG), should they
# scale down.
if [ -n "${NSTRACK_DEBUG_OUT:-}" ]; then
	out=$NSTRACK_DEBUG_OUT
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-debug.XXXXXX")
fi
rm -f "$out"/results.txt "$out"/debug-state.txt "$out"/kmemleak-*.txt
t1=$SECONDS
# One vCPU: with two, TCG once let a vCPU run a breakpoint the kernel's
# live code patching (text_poke_bp) had already taken out again, an "Oops:
# int3" in sched_clock_idle_wakeup_event at boot, before nstrack was loaded.
"$REPO/tests/vm/boot.sh" --kver "$kver" --kernel "$image" --modules "$modroot" \
	--mem "$mem" --smp 1 --nic2 --timeout "$timeout" --out "$out" \
	--append "log_buf_len=16M" -- \
	env NSTRACK_SCENARIOS="$run" NSTRACK_DEBUG=1 NSTRACK_DEBUG_MODROOT="$modroot" \
	"$here/guest.sh" >"$out/host.log" 2>&1
brc=$?
echo "debug: the VM ran $((SECONDS - t1)) s (scenarios: $run); logs in $out"

grep -E '^(PASS|FAIL): ' "$out/results.txt" 2>/dev/null
grep -q '^FAIL: ' "$out/results.txt" 2>/dev/null && status=1
check "the guest ran to its end (exit code recorded)" \
	grep -qE '^[0-9]+$' "$out/exit-code"

# --- the instruments --------------------------------------------------------------
st() { sed -n "s/^$1=//p" "$out/debug-state.txt" 2>/dev/null; }
check "kmemleak on at boot" [ "$(st kmemleak-start)" = on ]
check "kmemleak still on after the run" [ "$(st kmemleak-end)" = on ]
check "lockdep on at boot" [ "$(st lockdep-start)" = 1 ]
check "lockdep still on after the run (no report, no table overflow turned it off)" \
	[ "$(st lockdep-end)" = 1 ]
check "nstrack unloaded before the leak scans" [ "$(st nstrack-unloaded)" = yes ]

# --- kmemleak ----------------------------------------------------------------------
# The second scan's list, one record per "unreferenced object". A record
# involves nstrack when its backtrace has a frame in nstrack ("[nstrack]")
# or an address no symbol covers: nstrack is gone by the scan, and the only
# other module ever loaded (the sample) stays loaded, so its frames keep
# their names. (The task name is no criterion: the nstrack tool's own
# system calls are the kernel's code.) Every other record is the kernel's
# own business, a leak of the kernel itself or one of kmemleak's false
# positives: it does not fail the check, it is counted and kept.
leaks=$out/kmemleak-2.txt
awk -v dir="$out" '
	function flush() {
		if (rec == "")
			return
		if (rec ~ /kmemleak_test/)
			kind = "control"
		else if (rec ~ /\[nstrack\]/ || rec ~ /\n +(\[<[0-9a-f]+>\] )?0x[0-9a-f]+\n/)
			kind = "nstrack"
		else
			kind = "other"
		n[kind]++
		printf "%s", rec > (dir "/kmemleak-" kind ".txt")
		rec = ""
	}
	/^unreferenced object/ { flush() }
	{ rec = rec $0 "\n" }
	END {
		flush()
		printf "%d %d %d\n", n["control"], n["nstrack"], n["other"]
	}' "$leaks" 2>/dev/null >"$out/kmemleak-counts" ||
	echo "0 0 0" >"$out/kmemleak-counts"
read -r n_control n_nstrack n_other <"$out/kmemleak-counts"
check "kmemleak finds the kmemleak sample's deliberate leaks ($n_control reports)" \
	[ "${n_control:-0}" -gt 0 ]
no_nstrack_leak() { [ -f "$leaks" ] && [ "${n_nstrack:-0}" -eq 0 ]; }
check "kmemleak: no report involves nstrack ($n_nstrack; $n_other of the kernel's own, in kmemleak-other.txt)" \
	no_nstrack_leak
[ "${n_nstrack:-0}" -eq 0 ] || head -n 60 "$out/kmemleak-nstrack.txt"

# --- the kernel log ------------------------------------------------------------------
# dmesg.txt is the ring buffer at the end (16 MB), console.log the serial
# console (warnings and worse, from the first line). Each kind of report is
# one check; the last catches whatever else boot.sh would call a problem.
klog() { cat "$out/dmesg.txt" "$out/console.log" 2>/dev/null; }
known=
no_report() {
	local what=$1 re=$2 hits
	hits=$(klog | grep -E "$re" | { if [ -n "$known" ]; then grep -vE "$known"; else cat; fi; } |
		sort -u | head -n 10)
	known=${known:+$known|}$re
	if [ -z "$hits" ]; then
		pass "debug: no $what in the kernel log"
	else
		fail "debug: no $what in the kernel log"
		sed 's/^/    /' <<<"$hits"
		status=1
	fi
}
no_report "KASAN report" 'BUG: KASAN|KASAN:'
no_report "lockdep or RCU-lockdep report" \
	'possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|bad unlock balance|held lock freed|lock held when returning to user space|lock held at task exit|possible irq lock inversion|BUG: MAX_LOCKDEP|BUG: key [0-9a-f]+ has not been registered|DEBUG_LOCKS_WARN_ON|trying to register non-static key|looking up invalid subclass'
no_report "refcount or reference tracker report" \
	'refcount_t: |ref_tracker: |unregister_netdevice: waiting for|leaked reference'
no_report "list corruption (DEBUG_LIST)" 'list_[a-z_]+ (corruption|double add)|corrupted list'
no_report "debug objects report (ODEBUG)" 'ODEBUG: '
no_report "hung task" 'blocked for more than [0-9]+ seconds|hung_task'
# Whatever boot.sh calls a problem that none of the above explains (the
# call traces that follow the reports above are theirs).
no_report "other warning, oops or BUG" \
	'BUG:|WARNING:|Oops|kernel BUG|general protection fault|UBSAN|unreferenced object'
check "boot.sh's verdict on the run (exit $brc)" [ "$brc" -eq 0 ]

if [ "$status" -eq 0 ] && [ -z "${NSTRACK_DEBUG_OUT:-}" ]; then
	rm -rf "$out"
elif [ "$status" -ne 0 ]; then
	echo "debug: logs kept in $out"
	grep -vE '^(PASS|FAIL): ' "$out/host.log" | tail -n 30
fi
exit $status
