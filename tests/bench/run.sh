#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build the module for every supported kernel, boot each in a
# VM (side by side, one virtual CPU each), run tests/bench/guest.sh there,
# and turn the raw figures into a report.
#
#   BENCH_SIZE=full (default)  the sizes of the issue; writes docs/bench/
#                              and docs/BENCHMARKS.md
#   BENCH_SIZE=medium          smaller, same outputs (what fits a slow host)
#   BENCH_SMALL=1              (= BENCH_SIZE=small) the same code at a small
#                              size, for make check: writes tests/out/bench/
#                              only, never the docs
#   BENCH_SERIAL=1             one VM after the other instead of side by side
#   BENCH_KERNELS="KVER..."    only these kernels
#
# Prints the guests' PASS/FAIL lines (sanity checks, never timing ones) and
# one line per VM run; exits non-zero if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

size=${BENCH_SIZE:-full}
[ -n "${BENCH_SMALL:-}" ] && [ "${BENCH_SMALL}" != 0 ] && size=small
case $size in
small)
	env=(BENCH_CHURN_N=30 BENCH_PAIRS=2 "BENCH_LIST_SIZES=12 24 48" BENCH_REPS=2
	     BENCH_SOCK_N=10 BENCH_LOOP_REPS=1 BENCH_RATES=20 BENCH_RATE_SECS=2
	     "BENCH_TOP=2 30" BENCH_TEARDOWN_K=10)
	mem=2048 timeout=900
	outdir=$REPO/tests/out/bench doc=$outdir/BENCHMARKS.md
	;;
medium)
	env=(BENCH_CHURN_N=500 BENCH_PAIRS=3 "BENCH_LIST_SIZES=100 1000 3000" BENCH_REPS=5
	     BENCH_SOCK_N=200 BENCH_LOOP_REPS=2 "BENCH_RATES=25 50 100 200" BENCH_RATE_SECS=5
	     "BENCH_TOP=4 250" BENCH_TEARDOWN_K=100)
	mem=4096 timeout=5400
	outdir=$REPO/docs/bench doc=$REPO/docs/BENCHMARKS.md
	;;
full)
	env=(BENCH_CHURN_N=2000 BENCH_PAIRS=2 "BENCH_LIST_SIZES=100 1000 10000" BENCH_REPS=5
	     BENCH_SOCK_N=1000 BENCH_LOOP_REPS=3 "BENCH_RATES=25 50 100 200 400 800"
	     BENCH_RATE_SECS=10 "BENCH_TOP=4 500" BENCH_TEARDOWN_K=200)
	mem=6144 timeout=36000
	outdir=$REPO/docs/bench doc=$REPO/docs/BENCHMARKS.md
	;;
*)
	echo "bench: BENCH_SIZE is small, medium or full, not $size" >&2
	exit 2
	;;
esac

status=0
kernels=${BENCH_KERNELS:-$(nstrack_kernels)}
[ -n "$kernels" ] || { fail "bench: a supported kernel with headers is installed"; exit 1; }
make -s -C "$REPO" tool >/dev/null || { fail "bench: tool builds"; exit 1; }
make -s -C "$REPO/tests/tools" >/dev/null || { fail "bench: tests/tools build"; exit 1; }

work=$(mktemp -d)
declare -A pid
run_one() {
	local kver=$1
	"$here/../vm/boot.sh" --kver "$kver" --out "$work/$kver" --smp 1 --mem "$mem" \
		--icount --no-slub-debug \
		--timeout "$timeout" -- env "${env[@]}" "$REPO/tests/bench/guest.sh" \
		>"$work/$kver.log" 2>&1
}
for kver in $kernels; do
	if ! make -s -C "$REPO" module KDIR="/lib/modules/$kver/build" >/dev/null; then
		fail "bench: $kver: module build"
		status=1
		continue
	fi
	if [ -n "${BENCH_SERIAL:-}" ]; then
		run_one "$kver"
		echo $? >"$work/$kver.rc"
	else
		run_one "$kver" &
		pid[$kver]=$!
	fi
done
for kver in "${!pid[@]}"; do
	wait "${pid[$kver]}"
	echo $? >"$work/$kver.rc"
done

mkdir -p "$outdir"
runs=()
for kver in $kernels; do
	[ -f "$work/$kver.rc" ] || continue
	o=$work/$kver
	grep -E '^(PASS|FAIL): ' "$o/guest.log" 2>/dev/null
	grep -q '^FAIL: ' "$o/guest.log" 2>/dev/null && status=1
	if [ "$(cat "$work/$kver.rc")" = 0 ] && [ -s "$o/results.csv" ]; then
		pass "bench: $kver: VM run clean (guest exit 0, kernel log free of warnings)"
		cp "$o/results.csv" "$outdir/$kver.csv"
		cp "$o/meta.json" "$outdir/$kver.json"
		runs+=("$kver")
	else
		fail "bench: $kver: VM run clean (guest exit 0, kernel log free of warnings)"
		tail -n 40 "$work/$kver.log"
		status=1
	fi
done

if [ ${#runs[@]} -gt 0 ]; then
	if python3 "$here/report.py" --size "$size" --out "$doc" --data "$outdir" "${runs[@]}"; then
		pass "bench: report written ($doc)"
	else
		fail "bench: report written ($doc)"
		status=1
	fi
fi
[ $status -eq 0 ] && rm -rf "$work"
exit $status
