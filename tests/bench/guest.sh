#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make bench": runs every benchmark in one boot and writes
# the raw figures to $NSTRACK_OUT/results.csv (one row per measurement:
# bench,config,size,tool,metric,rep,value) and $NSTRACK_OUT/meta.json.
# Prints one PASS/FAIL line per sanity check; no check is about time.
#
# Sizes come from the environment (tests/bench/run.sh sets them):
#   BENCH_CHURN_N     create+destroy cycles per churn block
#   BENCH_PAIRS       A/B block pairs (A: module loaded, B: not loaded)
#   BENCH_LIST_SIZES  namespace counts for the listing benchmark
#   BENCH_REPS        repeats of each timed command
#   BENCH_SOCK_N      named namespaces for the socket-count benchmark
#   BENCH_LOOP_REPS   repeats of the ip-netns-exec loop (slow)
#   BENCH_RATES       paced churn rates (namespaces per second)
#   BENCH_RATE_SECS   seconds per paced step
#   BENCH_TOP         "WORKERS CYCLES" of the unpaced churn (top rate)
#   BENCH_TEARDOWN_K  rounds of the teardown latency benchmark
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../vm/scenarios/lib.sh"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

CHURN_N=${BENCH_CHURN_N:-2000}
PAIRS=${BENCH_PAIRS:-2}
LIST_SIZES=${BENCH_LIST_SIZES:-"100 1000 10000"}
REPS=${BENCH_REPS:-5}
SOCK_N=${BENCH_SOCK_N:-1000}
LOOP_REPS=${BENCH_LOOP_REPS:-3}
RATES=${BENCH_RATES:-"25 50 100 200 400 800"}
RATE_SECS=${BENCH_RATE_SECS:-10}
TOP=${BENCH_TOP:-"4 500"}
TEARDOWN_K=${BENCH_TEARDOWN_K:-200}

BIN=$REPO/tests/out/bin
NSBENCH=$BIN/nsbench
NSCHURN=$BIN/nschurn
PROBE=$REPO/tests/vm/scenarios/genl-probe.py
OUT=${NSTRACK_OUT:-/tmp}
CSV=$OUT/results.csv
t=$(mktemp -d)
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

echo "bench,config,size,tool,metric,rep,value" >"$CSV"
# rec BENCH CONFIG SIZE TOOL METRIC REP VALUE
rec() { local IFS=,; echo "$*" >>"$CSV"; }

# µs since the epoch, from bash itself: no exec around what is timed
now_us() { local n=$EPOCHREALTIME; echo "${n/./}"; }
# timed FILE CMD...: run CMD with stdout to FILE; sets took (seconds)
timed() {
	local f=$1 s e
	shift
	s=$(now_us)
	"$@" >"$f" 2>"$f.err"
	e=$(now_us)
	took=$(awk -v d=$((e - s)) 'BEGIN { printf "%.6f", d / 1e6 }')
}

loaded() { [ -d /sys/module/nstrack ]; }
load() { loaded || nstrack_load; }
unload() { ! loaded || nstrack_unload; }
nssync() { "$NSBENCH" sync; }

# syscalls CMD...: the number of system calls CMD makes (strace -c -f)
syscalls() {
	strace -f -c -o "$t/strace" "$@" >/dev/null 2>&1
	awk '$NF == "total" { print $4 }' "$t/strace"
}

# inside FILE_A FILE_B: how many lines of A are in B
inside() { sort -u "$1" >"$t/in.a"; sort -u "$2" >"$t/in.b"; comm -12 "$t/in.a" "$t/in.b" | wc -l; }

newest_seq() { "$NSTRACK" history -j | jq '.[-1].seq // 0'; }

info() { python3 "$PROBE" info; }
# Live objects of a cache: /proc/slabinfo counts every object outside the
# nodes' partial lists as in use, so the per-CPU slabs are flushed there
# first (shrink); the VM boots with slab_nomerge, so the cache is its own.
slab_live() {
	echo 1 >"/sys/kernel/slab/$1/shrink" 2>/dev/null
	awk -v c="$1" '$1 == c { print $2 }' /proc/slabinfo
}
slab_objsize() { awk -v c="$1" '$1 == c { print $4 }' /proc/slabinfo; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
jq -n --arg k "$KVER" --arg c "$cpu" --arg d "$(date -u '+%Y-%m-%d %H:%M UTC')" \
	--arg n "$(nproc)" --arg mem "$(awk '/MemTotal/ { print $2 }' /proc/meminfo)" \
	--arg sizes "churn=$CHURN_N pairs=$PAIRS list=$LIST_SIZES reps=$REPS sockets=$SOCK_N loop_reps=$LOOP_REPS rates=$RATES rate_secs=$RATE_SECS top=$TOP teardown=$TEARDOWN_K" \
	'{kernel: $k, cpu: $c, cpus: ($n | tonumber), mem_kib: ($mem | tonumber), date: $d, sizes: $sizes}' \
	>"$OUT/meta.json"

check "nsbench and nschurn are built (make -C tests/tools)" test -x "$NSBENCH" -a -x "$NSCHURN"
check "insmod $KO" load

# 1. churn cost -----------------------------------------------------------
echo "--- 1. churn: $PAIRS x A/B, $CHURN_N cycles each [${SECONDS}s]"
ipbatch=$t/ipbatch
for i in $(seq "$CHURN_N"); do echo "netns add bc$i"; echo "netns del bc$i"; done >"$ipbatch"
for pair in $(seq "$PAIRS"); do
	for cfg in A B; do
		if [ $cfg = A ]; then load; else unload; fi
		nssync
		s=$(now_us)
		caller=$("$NSCHURN" -n "$CHURN_N" | awk '{ print $(NF - 1) }')
		nssync
		e=$(now_us)
		rec churn $cfg "$CHURN_N" unshare caller_s "$pair" "$caller"
		rec churn $cfg "$CHURN_N" unshare total_s "$pair" "$(awk -v d=$((e - s)) 'BEGIN { print d / 1e6 }')"
		s=$(now_us)
		ip -batch "$ipbatch"
		ipc=$(now_us)
		nssync
		e=$(now_us)
		rec churn $cfg "$CHURN_N" ipnetns caller_s "$pair" "$(awk -v d=$((ipc - s)) 'BEGIN { print d / 1e6 }')"
		rec churn $cfg "$CHURN_N" ipnetns total_s "$pair" "$(awk -v d=$((e - s)) 'BEGIN { print d / 1e6 }')"
		echo "    block $pair$cfg: unshare caller ${caller}s, ip netns $(((ipc - s) / 1000))ms"
	done
done
load

# 5a. the history bound: with history_size=H and more than H namespaces
# dead since the load, exactly H dead records stay
unload
hist=16
check "insmod history_size=$hist" nstrack_load history_size=$hist
"$NSCHURN" -n $((3 * hist)) >/dev/null
nssync
dead=$("$NSTRACK" list -j | jq '[.[] | select(.state == "dead")] | length')
check "history: $((3 * hist)) namespaces dropped, dead records kept = history_size ($hist)" \
	eq "$dead" "$hist"
rec memory A 0 nstrack history_size 1 "$hist"
rec memory A 0 nstrack dropped 1 $((3 * hist))
rec memory A 0 nstrack dead_kept 1 "$dead"
unload
load

# 2. listing, and 5. memory at each size -----------------------------------
for size in $LIST_SIZES; do
	echo "--- 2. listing: $size namespaces [${SECONDS}s]"
	nssync
	"$NSBENCH" hold "$size" bl >"$t/hold" 2>"$t/hold.err" &
	holder=$!
	for _ in $(seq 3000); do
		grep -qx ready "$t/hold" && break
		kill -0 $holder 2>/dev/null || break
		sleep 0.2
	done
	if ! check "$size: nsbench hold made every namespace" grep -qx ready "$t/hold"; then
		cat "$t/hold.err" >&2
		kill $holder 2>/dev/null
		wait $holder
		continue
	fi
	awk '$2 != "" { print $1 }' "$t/hold" >"$t/made"
	nproc_made=$(grep -c ' process$' "$t/hold")
	nbind=$(grep -c ' bind$' "$t/hold")
	for rep in $(seq "$REPS"); do
		timed "$t/nstrack" "$NSTRACK" list -j
		rec list A "$size" nstrack wall_s "$rep" "$took"
		timed "$t/lsns" lsns -t net -J
		rec list A "$size" lsns wall_s "$rep" "$took"
		timed "$t/ip" ip -j netns list
		rec list A "$size" ip wall_s "$rep" "$took"
	done
	jq -r '.[] | select(.state == "alive") | .inode' "$t/nstrack" >"$t/seen.nstrack"
	jq -r '.namespaces[].ns' "$t/lsns" >"$t/seen.lsns"
	seen_n=$(inside "$t/made" "$t/seen.nstrack")
	seen_l=$(inside "$t/made" "$t/seen.lsns")
	seen_i=$(jq '[.[] | select(.name | startswith("bl"))] | length' "$t/ip")
	rec list A "$size" nstrack seen 1 "$seen_n"
	rec list A "$size" lsns seen 1 "$seen_l"
	rec list A "$size" ip seen 1 "$seen_i"
	rec list A "$size" nstrack syscalls 1 "$(syscalls "$NSTRACK" list -j)"
	rec list A "$size" lsns syscalls 1 "$(syscalls lsns -t net -J)"
	rec list A "$size" ip syscalls 1 "$(syscalls ip -j netns list)"
	echo "    seen: nstrack $seen_n, lsns $seen_l, ip $seen_i of $size"
	check "$size: nstrack list saw every namespace made" eq "$seen_n" "$size"
	check "$size: ip netns list saw exactly the bind-mounted third" eq "$seen_i" "$nbind"
	# lsns reads /proc/PID/ns: it must at least see the process-held ones
	check "$size: lsns saw at least the process-held third ($nproc_made)" \
		test "$seen_l" -ge "$nproc_made"

	# 5. memory, while the namespaces are held
	info >"$t/info"
	nrec=$(jq .netns_records "$t/info")
	drec=$(jq .dev_records "$t/info")
	nslab=$(slab_live nstrack_netns)
	dslab=$(slab_live nstrack_dev)
	alive=$("$NSTRACK" list -j | jq 'length')
	for k in netns_records dev_records netns_record_size dev_record_size event_record_size event_history_size netns_history_size; do
		rec memory A "$size" info "$k" 1 "$(jq ".$k // 0" "$t/info")"
	done
	rec memory A "$size" slab netns_live 1 "$nslab"
	rec memory A "$size" slab dev_live 1 "$dslab"
	rec memory A "$size" slab netns_objsize 1 "$(slab_objsize nstrack_netns)"
	rec memory A "$size" slab dev_objsize 1 "$(slab_objsize nstrack_dev)"
	check "$size: INFO's namespace records equal the records list -j shows" eq "$nrec" "$alive"
	check "$size: INFO's namespace records equal nstrack_netns live slab objects" eq "$nrec" "$nslab"
	check "$size: INFO's device records equal nstrack_dev live slab objects" eq "$drec" "$dslab"
	check "$size: a namespace record takes at most 512 bytes (INFO and slab)" \
		test "$(jq .netns_record_size "$t/info")" -le 512 -a "$(slab_objsize nstrack_netns)" -le 512

	kill $holder
	wait $holder
done

# 3. socket counts ---------------------------------------------------------
echo "--- 3. sockets: $SOCK_N named namespaces [${SECONDS}s]"
for i in $(seq "$SOCK_N"); do echo "netns add sk$i"; done | ip -batch -
sockloop() {
	local ns
	for ns in $(ip netns list | awk '{ print $1 }'); do
		ip netns exec "$ns" cat /proc/net/sockstat
	done
}
for rep in $(seq "$REPS"); do
	timed "$t/sock.nstrack" "$NSTRACK" sockets -j
	rec sockets A "$SOCK_N" nstrack wall_s "$rep" "$took"
done
for rep in $(seq "$LOOP_REPS"); do
	timed "$t/sock.loop" sockloop
	rec sockets A "$SOCK_N" loop wall_s "$rep" "$took"
done
stat -L -c %i /run/netns/sk* >"$t/sk.inodes"
jq -r '.[].inode' "$t/sock.nstrack" >"$t/sk.seen"
check "sockets: nstrack counted every named namespace" eq "$(inside "$t/sk.inodes" "$t/sk.seen")" "$SOCK_N"
check "sockets: the loop read one sockstat per named namespace" \
	eq "$(grep -c '^sockets:' "$t/sock.loop")" "$SOCK_N"
for i in $(seq "$SOCK_N"); do echo "netns del sk$i"; done | ip -batch -

# 4. events under churn ----------------------------------------------------
# watch NAME SIZE_LABEL CMD...: CMD under "monitor -j --since S+1" (monitor
# options in MONOPTS); records events, lost and whether they add up
watch() {
	local name=$1 label=$2 s0 e mon got last moved=$SECONDS
	shift 2
	nssync
	s0=$(newest_seq)
	# shellcheck disable=SC2086
	"$NSTRACK" -j monitor --since $((s0 + 1)) --timeout 3600 $MONOPTS \
		>"$t/mon.out" 2>"$t/mon.err" &
	mon=$!
	sleep 1
	"$@" >"$t/churn.out"
	nssync
	e=$(newest_seq)
	while [ $((SECONDS - moved)) -lt 60 ]; do
		got=$(tail -n 1 "$t/mon.out" | jq -R 'fromjson? | .seq // empty' 2>/dev/null)
		[ "${got:-0}" -ge "$e" ] && break
		kill -0 $mon 2>/dev/null || break
		[ "$got" != "${last:-}" ] && moved=$SECONDS
		last=$got
		sleep 0.5
	done
	kill $mon 2>/dev/null
	wait $mon 2>/dev/null
	local printed lost rate
	printed=$(jq -R --argjson s "$s0" --argjson e "$e" 'fromjson? |
		select(.type != "resync" and .seq > $s and .seq <= $e) | .seq' "$t/mon.out" | sort -un | wc -l)
	lost=$(jq -R 'fromjson? | select(.type == "resync") | .lost' "$t/mon.out" | awk '{ n += $1 } END { print n + 0 }')
	rate=$(awk '/^rate / { printf "%.2f", $2 / $3 } /^nschurn:/ { printf "%.2f", $(NF - 4) / $(NF - 1) }' "$t/churn.out")
	rec events "$name" "$label" monitor offered 1 "$((e - s0))"
	rec events "$name" "$label" monitor printed 1 "$printed"
	rec events "$name" "$label" monitor lost 1 "$lost"
	rec events "$name" "$label" monitor achieved_rate 1 "$rate"
	echo "    $name $label: $rate ns/s, events $((e - s0)), printed $printed, lost $lost"
	check "events $name $label: printed + lost = every event of the step ($((e - s0)))" \
		eq "$((printed + lost))" "$((e - s0))"
}
echo "--- 4. events under churn [${SECONDS}s]"
MONOPTS=
for r in $RATES; do
	watch paced "$r" "$NSBENCH" rate "$r" "$RATE_SECS"
done
read -r topw topn <<<"$TOP"
watch top-default "$topw"x"$topn" "$NSCHURN" -w "$topw" -n "$topn"
MONOPTS="--rcvbuf 16777216"
watch top-16MiB "$topw"x"$topn" "$NSCHURN" -w "$topw" -n "$topn"

# 6. teardown latency ------------------------------------------------------
echo "--- 6. teardown: $TEARDOWN_K rounds each, A then B [${SECONDS}s]"
# The A rounds' netns_exit events are matched to the rounds in order: the
# rounds run one after the other and the namespace work queue is ordered,
# so round k's exit is the first one with its inode after round k-1's.
# Exits of namespaces from before the rounds may come after S (nsbench
# sync returns when their teardown starts, not when it ends), hence the
# inode.  Read before the unload that B needs.
for cfg in A B; do
	if [ $cfg = A ]; then load; else unload; fi
	nssync
	s0=$(newest_seq 2>/dev/null || echo 0)
	"$NSBENCH" teardown "$TEARDOWN_K" >"$t/td.$cfg"
	awk -v c=$cfg '{ printf "teardown,%s,%d,kernel,delnsid_us,%d,%.1f\n", c, n, NR, ($3 - $2) / 1000 }' \
		n="$TEARDOWN_K" "$t/td.$cfg" >>"$CSV"
	check "teardown $cfg: every round saw its RTM_DELNSID" eq "$(wc -l <"$t/td.$cfg")" "$TEARDOWN_K"
	[ $cfg = A ] || continue
	nssync
	"$NSTRACK" history -j | jq -r --argjson s "$s0" \
		'.[] | select(.seq > $s and .type == "netns_exit") | "\(.netns.inode) \(.time_ns)"' >"$t/exits"
	# td.match: inode, close, RTM_DELNSID, exit's inode, exit's time
	awk 'NR == FNR { ino[NR] = $1; at[NR] = $2; n = NR; next }
		{ while (++p <= n && ino[p] != $1) ; if (p <= n) print $0, ino[p], at[p] }' \
		"$t/exits" "$t/td.A" >"$t/td.match"
	awk -v n="$TEARDOWN_K" '
		{ printf "teardown,A,%d,nstrack,netns_exit_us,%d,%.1f\n", n, NR, ($5 - $2) / 1000 }' \
		"$t/td.match" >>"$CSV"
	check "teardown A: one netns_exit event per round, same inode, after its close" \
		eq "$(awk '$1 == $4 && $5 > $2' "$t/td.match" | wc -l)" "$TEARDOWN_K"
done
load

check "rmmod at the end" nstrack_unload
echo "--- done [${SECONDS}s]"
rm -rf "$t"
