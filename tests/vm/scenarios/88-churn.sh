# SPDX-License-Identifier: GPL-2.0
# Churn (issue #9): all at once for NSTRACK_CHURN_SECONDS (default 180),
# then the state at rest against /proc and ip.
#
#   ns workers 1, 2  ip netns add c1-N / c2-N, a window of 6 names, a random
#                    one deleted each turn; worker 2 hands every third
#                    name it deletes to a "sleep" that keeps the namespace
#                    open (alive, no name; the last 2 are kept)
#   ns workers 3, 4  "unshare -n sleep" holders, a window of 4, a random one
#                    killed each turn, and an "unshare -n true" (a
#                    namespace made and dropped at once)
#   mover            a veth pair in init_net, its ends moved into two of
#                    the names, then one end on from there to a third
#   dumper           nstrack list -j, devices -j, sockets -j in turn, each
#                    under dumpcount.so (its dumps and the interrupted ones,
#                    as the wire shows them)
#   monitor          nstrack -j monitor --timeout 3..12, started again and
#                    again
#   reloader         rmmod (repeated while the module is busy), a pause,
#                    insmod, 2..5 s loaded; it stops (loaded) a sixth of
#                    the time before the others, so that both namespaces
#                    made before the last insmod and after it are left
#
# Then, with every worker stopped: no kernel warning since the start, each
# worker's record (below), and at rest list -j's live namespaces equal the
# oracle exactly (threads, open files and nsfs mounts in /proc), the
# pre-existing flag of those whose birth is known relative to the last
# insmod, devices -j equal to ip -j link in init_net and every name.
# NSTRACK_KEEP=1 keeps the workers' logs in $NSTRACK_OUT/88-churn.

churn_seconds=${NSTRACK_CHURN_SECONDS:-180}
# Ballast: names that stay through the run, so that list -j and devices
# -j span several messages and the churn can interrupt them in between.
ballast=${NSTRACK_CHURN_BALLAST:-300}
DUMPCOUNT=$REPO/tests/out/bin/dumpcount.so
t=$(mktemp -d)
init_ino=$(ino /proc/self/ns/net)

# The one message the tool may end with while the module is away: the
# family is gone, went between the lookup and the request (ENOENT), or the
# module is on its way out (a dump cannot take a module reference:
# EPROTONOSUPPORT); user/nl.c says "not loaded" for all three.
NOT_LOADED='nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)'
WARNED_RE='^nstrack: warning: namespaces kept changing during the dump \([0-9]+ attempts\); the result may be inconsistent$'

# The live network namespaces by nsfs inode, from /proc alone: the
# namespace of every thread (and lsns's view of it), every open nsfs file
# of a network namespace, every nsfs mount of one in the mount namespace
# of any process.  One inode per line, sorted.  (Sockets would hold one
# too; none of this scenario's outlives its process.)
oracle_netns() {
	{
		find /proc/[0-9]*/task/[0-9]*/ns/net -maxdepth 0 -printf '%l\n' 2>/dev/null
		lsns -t net -n -o NS 2>/dev/null | sed 's/.*/net:[&]/'
		# an open file reads as net:[N] only if it was opened through
		# /proc/PID/ns/net (through a name: its path, "/" once
		# unmounted); so every nsfs file that setns() takes as a
		# network namespace
		find -L /proc/[0-9]*/fd -maxdepth 1 -fstype nsfs -printf '%p %i\n' 2>/dev/null |
			while read -r f i; do
				nsenter --net="$f" true 2>/dev/null && echo "net:[$i]"
			done
		cat /proc/[0-9]*/mountinfo 2>/dev/null | awk '{
			for (i = 7; i < NF; i++)
				if ($i == "-") {
					if ($(i + 1) == "nsfs")
						print $4
					break
				}
		}'
	} | sed -n 's/^net:\[\([0-9]*\)\]$/\1/p' | sort -un
}

# The names under /run/netns that are nsfs mounts: their namespace exists.
mounted_names() {
	awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "nsfs") print $5; break } }' \
		/proc/self/mountinfo | sed -n 's|^/run/netns/||p' | sort
}

stopping() { [ -e "$t/stop" ]; }

# ns workers 1, 2: names, made and deleted
worker_names() {
	local w=$1 n=0 k epoch fd name names=() held=()
	while ! stopping; do
		n=$((n + 1))
		read -r epoch <"$t/epoch"
		if ip netns add "c$w-$n" 2>>"$t/errors"; then
			echo "c$w-$n $epoch" >>"$t/names.made"
			names+=("c$w-$n")
		fi
		[ ${#names[@]} -gt 6 ] || continue
		k=$((RANDOM % ${#names[@]}))
		name=${names[k]}
		names=("${names[@]:0:k}" "${names[@]:k+1}")
		if [ "$w" = 2 ] && [ $((n % 3)) = 0 ] &&
		   exec {fd}<"/run/netns/$name"; then
			sleep 100000 <&"$fd" &
			held+=("$! $name")
			exec {fd}<&-
			if [ ${#held[@]} -gt 2 ]; then
				kill "${held[0]%% *}"
				wait "${held[0]%% *}" 2>/dev/null
				held=("${held[@]:1}")
			fi
		fi
		ip netns del "$name" 2>>"$t/errors" && echo "$name" >>"$t/names.deleted"
	done
	[ ${#held[@]} -gt 0 ] && printf '%s\n' "${held[@]}" >>"$t/fdheld.live"
}

# ns workers 3, 4: processes in namespaces of their own
worker_unshare() {
	local w=$1 k epoch pids=()
	while ! stopping; do
		read -r epoch <"$t/epoch"
		unshare -n sleep 100000 </dev/null >/dev/null 2>>"$t/errors" &
		pids+=("$! $epoch")
		echo "$w" >>"$t/holders.made"
		unshare -n true 2>>"$t/errors" && echo "$w" >>"$t/unshare.done"
		[ ${#pids[@]} -gt 4 ] || continue
		k=$((RANDOM % ${#pids[@]}))
		kill "${pids[k]%% *}"
		wait "${pids[k]%% *}" 2>/dev/null
		pids=("${pids[@]:0:k}" "${pids[@]:k+1}")
		echo "$w" >>"$t/holders.killed"
	done
	printf '%s\n' "${pids[@]}" >>"$t/holders.live"
}

# mover: veth ends into the names and on between them; a name may go
# at any moment, so failures are expected and only the moves done count.
worker_mover() {
	local m=0 a b c names
	while ! stopping; do
		names=(/run/netns/c[12]-*)
		[ ${#names[@]} -ge 3 ] || { sleep 0.2; continue; }
		m=$((m + 1))
		a=${names[RANDOM % ${#names[@]}]##*/}
		b=${names[RANDOM % ${#names[@]}]##*/}
		c=${names[RANDOM % ${#names[@]}]##*/}
		ip link add "cva$m" type veth peer name "cvb$m" 2>/dev/null || continue
		ip link set "cva$m" netns "$a" 2>/dev/null && echo "cva$m" >>"$t/moves"
		ip link set "cvb$m" netns "$b" 2>/dev/null && echo "cvb$m" >>"$t/moves"
		ip -n "$a" link set "cva$m" netns "$c" 2>/dev/null && echo "cva$m" >>"$t/moves"
		# an end that could not move (its name went) stays: delete it
		ip link del "cva$m" 2>/dev/null || ip link del "cvb$m" 2>/dev/null
	done
}

# dumper: one line per run in dumps.log: command, exit status, JSON
# consistent (1/0), stderr (ok, warned, unloaded, bad), the number
# of dumps sent and of interrupted ones.
declare -A consistent=(
	[list]='type == "array" and (map(.cookie) | length == (unique | length)) and
		all(.[]; .state == "alive" or .state == "dying" or .state == "dead")'
	[devices]='type == "array" and (map([.netns_cookie, .ifindex]) | length == (unique | length)) and
		(map([.netns_cookie, .name]) | length == (unique | length))'
	[sockets]='type == "array" and (map(.cookie) | length == (unique | length))'
)
worker_dumper() {
	local cmd rc json class line
	while ! stopping; do
		for cmd in list devices sockets; do
			: >"$t/dc"
			NSTRACK_DUMPCOUNT=$t/dc LD_PRELOAD=$DUMPCOUNT \
				"$NSTRACK" "$cmd" -j >"$t/d.out" 2>"$t/d.err"
			rc=$?
			json=0
			[ $rc = 0 ] && jq -e "${consistent[$cmd]}" "$t/d.out" >/dev/null 2>&1 && json=1
			class=ok
			while IFS= read -r line; do
				if [ "$line" = "$NOT_LOADED" ]; then
					class=unloaded
				elif [[ $line =~ $WARNED_RE ]] && [ $class = ok ]; then
					class=warned
				else
					class=bad
					echo "$cmd (exit $rc): $line" >>"$t/dumper.bad"
				fi
			done <"$t/d.err"
			echo "$cmd $rc $json $class $(awk '{ print $2, $4; n++ } END { if (!n) print "- -" }' "$t/dc")" \
				>>"$t/dumps.log"
		done
	done
}

# monitor: runs of --timeout 3..12 s; per run its stdout, stderr and a
# line "RUN STATUS" in monitors.log
worker_monitor() {
	local j=0
	while ! stopping; do
		j=$((j + 1))
		"$NSTRACK" -j monitor --timeout $((3 + RANDOM % 10)) >"$t/m$j.out" 2>"$t/m$j.err"
		echo "$j $?" >>"$t/monitors.log"
	done
}

# reloader: rmmod until it goes (busy while a dump holds the module),
# insmod; the epoch file counts the loads done
worker_reloader() {
	local epoch=0 tries
	while [ ! -e "$t/stop-reload" ]; do
		sleep $((2 + RANDOM % 4))
		tries=0
		until rmmod nstrack 2>>"$t/rmmod.err"; do
			tries=$((tries + 1))
			[ $tries -lt 600 ] || { echo "rmmod gave up" >>"$t/reload.bad"; return; }
			sleep 0.1
		done
		echo "$tries" >>"$t/rmmod.retries"
		sleep "0.$((RANDOM % 10))"
		mounted_names >"$t/names.before-insmod"
		if ! insmod "$KO" 2>>"$t/reload.bad"; then
			echo "insmod failed" >>"$t/reload.bad"
			return
		fi
		epoch=$((epoch + 1))
		mv -f "$t/names.before-insmod" "$t/names.before-last-insmod"
		echo "$epoch" >"$t/epoch.new"
		mv -f "$t/epoch.new" "$t/epoch"
	done
}

count() { cat "$@" 2>/dev/null | wc -l; }

# --- the run ----------------------------------------------------------------
check "dumpcount.so is built (make -C tests/tools)" test -r "$DUMPCOUNT"
old_hung=$(cat /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null)
check "hung task detection on, 30 s" sysctl -q -w kernel.hung_task_timeout_secs=30
seq 1 "$ballast" | sed 's/^/netns add ballast-/' | ip -batch -
echo "nstrack-churn: start" >/dev/kmsg
echo 0 >"$t/epoch"
: >"$t/names.before-last-insmod"
start=$SECONDS

declare -a pids
worker_names 1 & pids+=($!)
worker_names 2 & pids+=($!)
worker_unshare 3 & pids+=($!)
worker_unshare 4 & pids+=($!)
worker_mover & pids+=($!)
worker_dumper & pids+=($!)
worker_monitor & pids+=($!)
worker_reloader &
reloader=$!
reload_for=$((churn_seconds - churn_seconds / 6))
sleep "$reload_for"
touch "$t/stop-reload"
wait "$reloader"
sleep $((churn_seconds - reload_for))
touch "$t/stop"
for p in "${pids[@]}"; do wait "$p"; done
grep -qw '^nstrack' /proc/modules || nstrack_load
elapsed=$((SECONDS - start))
[ -n "$old_hung" ] && sysctl -q -w kernel.hung_task_timeout_secs="$old_hung"

final_epoch=$(<"$t/epoch")
echo "    $elapsed s: $(count "$t/names.made") names made, $(count "$t/names.deleted") deleted;" \
	"$(count "$t/holders.made") unshare holders started, $(count "$t/holders.killed") killed;" \
	"$(count "$t/unshare.done") unshare -n true; $(count "$t/moves") veth moves;" \
	"$final_epoch reloads ($(awk '{ n += $1 } END { print n + 0 }' "$t/rmmod.retries" 2>/dev/null) rmmod retries while busy)"

# --- the record of the run ----------------------------------------------------
problems=$(dmesg | sed -n '/nstrack-churn: start/,$p' |
	grep -E 'BUG|WARNING|Oops|Call Trace|KASAN|UBSAN|refcount_t|general protection|hung_task|blocked for more than|nstrack.*(leak|error|fail)' |
	grep -v 'module verification failed')
check "kernel log since the start: the marker is there, no warning, hung task or nstrack error" \
	eq "$(dmesg | grep -c 'nstrack-churn: start') ${problems:-none}" "1 none"
check "reloader: every rmmod went eventually, every insmod worked" \
	eq "$(cat "$t/reload.bad" 2>/dev/null)" ""
sed -n '1,3s/^/    rmmod said: /p' <(sort -u "$t/rmmod.err" 2>/dev/null)
check "namespace workers: no ip netns add/del or unshare failed" \
	eq "$(sort "$t/errors" | uniq -c | head -n 5)" ""

# the dumper
summary=$(awk '{ runs[$1]++; class[$4]++; if ($4 == "ok" || $4 == "warned") { dumps += $5; intr += $6 } }
	END { printf "%d list, %d devices, %d sockets; %d ok, %d warned, %d unloaded, %d bad; " \
		"%d dumps sent by the successful runs, %d interrupted",
		runs["list"], runs["devices"], runs["sockets"], class["ok"], class["warned"],
		class["unloaded"], class["bad"], dumps, intr }' "$t/dumps.log")
echo "    dumper: $summary"
sed -n '1,5s/^/    dumper stderr: /p' "$t/dumper.bad" 2>/dev/null
check "dumper: every run exited 0 with consistent JSON, or non-zero saying the module is away" \
	eq "$(awk '!((($4 == "ok" || $4 == "warned") && $2 == 0 && $3 == 1) ||
		    ($4 == "unloaded" && $2 != 0 && $2 < 128))' "$t/dumps.log" | head -n 3)" ""
# (whether a run also meets the module away depends on the pace: counted
# in the summary above, not required)
check "dumper: some runs saw the module loaded and succeeded" \
	eq "$(awk '$4 == "ok" { ok = 1 } END { print ok + 0 }' "$t/dumps.log")" 1
# The tool repeats an interrupted dump, up to 5 times (user/nl.c): a
# successful run sent one dump more than it saw interrupted, or 6, all
# interrupted, and then says so.
check "dumper: each successful run repeated exactly its interrupted dumps (6 at most, then a warning)" \
	eq "$(awk '($4 == "ok" || $4 == "warned") &&
		   !(($6 < 6 && $5 == $6 + 1 && $4 == "ok") || ($6 == 6 && $5 == 6 && $4 == "warned"))' \
		"$t/dumps.log" | head -n 3)" ""
check "dumper: the churn interrupted some dumps, and they were repeated" \
	eq "$(awk '($4 == "ok" || $4 == "warned") && $6 > 0 && $5 > $6 { n++ } END { print (n > 0) }' "$t/dumps.log")" 1

# the monitors
mon_bad=$(while read -r j rc; do
	err=$(grep -vE '^nstrack: monitor: (lost [0-9]+ events|receive queue overflowed|[0-9]+ undelivered events|events [0-9]+ to [0-9]+ are no longer)' "$t/m$j.err")
	if [ "$rc" -ge 128 ]; then
		echo "run $j: killed by signal $((rc - 128))"
	elif [ "$rc" = 1 ]; then
		[ "$err" = "$NOT_LOADED" ] || echo "run $j: exit 1: $err"
	elif [ "$rc" != 0 ] || [ -n "$err" ]; then
		echo "run $j: exit $rc: $err"
	fi
	jq -s -e 'all(.[]; type == "object" and (.seq | type) == "number") and
		(. as $v | all(range(1; length); . as $i |
			if $v[$i].type == "resync" then $v[$i].seq >= $v[$i - 1].seq
			else $v[$i].seq > $v[$i - 1].seq end))' "$t/m$j.out" >/dev/null 2>&1 ||
		echo "run $j: stdout is not JSON events in sequence order"
done <"$t/monitors.log" | head -n 5)
echo "    monitor: $(count "$t/monitors.log") runs, $(awk '$2 == 0' "$t/monitors.log" | wc -l) ran to their timeout," \
	"$(awk '$2 == 1' "$t/monitors.log" | wc -l) ended saying the module is away;" \
	"$(cat "$t"/m*.out 2>/dev/null | wc -l) events printed"
check "monitor: never killed by a signal; ran to its --timeout (exit 0) or ended with the module-away message; JSON in order" \
	eq "$mon_bad" ""
check "monitor: some run printed events" test "$(cat "$t"/m*.out 2>/dev/null | wc -l)" -gt 0

# --- at rest ------------------------------------------------------------------
# Bounded wait (not a timing assertion) for the kernel's cleanup work: a
# namespace whose last holder went is alive to nstrack until it runs.
at_rest() {
	local end=$((SECONDS + 240)) extra missing i
	while [ $SECONDS -lt $end ]; do
		if "$NSTRACK" list -j >"$t/list" 2>/dev/null &&
		   jq -e 'all(.[]; .state != "dying")' "$t/list" >/dev/null; then
			jq -r '.[] | select(.state == "alive") | .inode' "$t/list" | sort -un >"$t/list.alive"
			oracle_netns >"$t/oracle"
			cmp -s "$t/list.alive" "$t/oracle" && return 0
		fi
		sleep 2
	done
	extra=$(comm -23 "$t/list.alive" "$t/oracle" | paste -sd' ')
	missing=$(comm -13 "$t/list.alive" "$t/oracle" | paste -sd' ')
	echo "    dying: $(jq '[.[] | select(.state == "dying")] | length' "$t/list");" \
	     "alive in list -j only: ${extra:-none}; in the oracle only: ${missing:-none}" >&2
	for i in $extra; do
		jq -c --argjson i "$i" '.[] | select(.inode == $i)' "$t/list" | sed 's/^/    list -j: /' >&2
		"$NSTRACK" holders -j "inode:$i" 2>&1 | jq -c 'del(.devices)' 2>&1 | sed 's/^/    holders: /' >&2
	done
	return 1
}
check "at rest: list -j's live namespaces equal the oracle's (threads, nsfs files and mounts) by inode, none dying" at_rest
# The same question to a module loaded now, with nothing moving: what the
# kernel still has, whatever the churn did to the records.
nstrack_unload && nstrack_load
check "at rest: a fresh load lists the same live namespaces" \
	eq "$("$NSTRACK" list -j | jq -r '.[] | select(.state == "alive") | .inode' | sort -un | paste -sd' ')" \
	   "$(paste -sd' ' "$t/list.alive")"
echo "    at rest: $(jq '[.[] | select(.state == "alive")] | length' "$t/list") alive," \
	"$(jq '[.[] | select(.state == "alive" and .preexisting)] | length' "$t/list") of them pre-existing"

# Pre-existing: a name mounted before the last insmod began is; one (or a
# holder) made after the last insmod had returned is not.  The others
# were made during that insmod and are left out.
classify() {
	local name epoch pid f
	# the ballast is made before the reloader's first insmod; the workers'
	# own names from before the last one may all be gone by now
	for f in /run/netns/ballast-*; do
		[ -e "$f" ] && echo "$(ino "$f") true"
	done
	while read -r name epoch; do
		f=/run/netns/$name
		[ -e "$f" ] || f=$(awk -v n="$name" '$2 == n { print "/proc/" $1 "/fd/0" }' "$t/fdheld.live" 2>/dev/null)
		[ -n "$f" ] && [ -e "$f" ] || continue
		if grep -qx "$name" "$t/names.before-last-insmod"; then
			echo "$(ino "$f") true"
		elif [ "$epoch" = "$final_epoch" ]; then
			echo "$(ino "$f") false"
		fi
	done <"$t/names.made"
	while read -r pid epoch; do
		[ "$epoch" = "$final_epoch" ] && [ -e "/proc/$pid/ns/net" ] &&
			echo "$(ino "/proc/$pid/ns/net") false"
	done <"$t/holders.live"
}
want=$(classify | sort -u)
# the list's "inode preexisting" of each inode of $want (empty if not
# there), in $want's order: one jq and a join, not a jq per namespace
got=$(join -a 1 -o '1.1,2.2' -e '' <(cut -d' ' -f1 <<<"$want") \
	<(jq -r '.[] | select(.state == "alive") | "\(.inode) \(.preexisting)"' "$t/list" | sort -u))
echo "    pre-existing checked: $(grep -c ' true$' <<<"$want") made before the last insmod, $(grep -c ' false$' <<<"$want") after"
check "at rest: pre-existing exactly for the namespaces made before the last insmod" \
	eq "$got" "$want"
check "at rest: both kinds were left (made before the last insmod, and after)" \
	test "$(grep -c ' true$' <<<"$want")" -gt 0 -a "$(grep -c ' false$' <<<"$want")" -gt 0

# devices: init_net and every name, against ip -j link
devs=$("$NSTRACK" devices -j)
# ip writes the 4-byte hardware address of an IPv4 tunnel (sit0, present
# in every namespace when sit is built in, as on the debug kernel) as a
# dotted quad; nstrack writes every address in hex: compare the bytes.
links() {
	jq -r --arg i "$1" '
		def hex: [(. / 16 | floor), (. % 16)] | map("0123456789abcdef"[.:. + 1]) | add;
		def bytes: if test("^[0-9]+([.][0-9]+){3}$")
			then split(".") | map(tonumber | hex) | join(":") else . end;
		.[] | "\($i) \(.ifindex) \(.ifname) \(.address | bytes)"'
}
want=$( {
	ip -j link | links "$init_ino"
	for f in /run/netns/c[12]-* /run/netns/ballast-1; do
		[ -e "$f" ] && ip -n "${f##*/}" -j link | links "$(ino "$f")"
	done
} | sort -u)
got=$(jq -r '.[] | "\(.netns_inode) \(.ifindex) \(.name) \(.mac)"' <<<"$devs" |
	grep -F -f <(echo "$init_ino "; for f in /run/netns/c[12]-* /run/netns/ballast-1; do
		[ -e "$f" ] && echo "$(ino "$f") "; done) | sort -u)
echo "    devices compared: $(wc -l <<<"$want") in init_net and $(ls -d /run/netns/c[12]-* 2>/dev/null | wc -l) + 1 names"
check "at rest: devices -j equals ip -j link in init_net and in every name (ifindex, name, mac)" \
	eq "$got" "$want"

# A monitor started now sees a namespace come and go.
# --since replays from S + 1 (S: the newest seq now), so it cannot miss
# the start.
mon_out=$t/final-monitor
s0=$("$NSTRACK" history -j | jq '.[-1].seq // 0')
"$NSTRACK" -j monitor --type netns --since $((s0 + 1)) --count 3 --timeout 120 >"$mon_out" 2>&1 &
mon=$!
ip netns add c-final
final_ino=$(ino /run/netns/c-final)
ip netns del c-final
wait "$mon"
check "after the churn: a new monitor sees netns_new, pre_exit and exit of a new namespace" \
	eq "$(jq -r '"\(.type) \(.netns.inode)"' "$mon_out" 2>&1 | paste -sd,)" \
	   "netns_new $final_ino,netns_pre_exit $final_ino,netns_exit $final_ino"

# --- cleanup --------------------------------------------------------------------
for p in $(cut -d' ' -f1 "$t/holders.live" "$t/fdheld.live" 2>/dev/null); do
	kill "$p" 2>/dev/null
done
for f in /run/netns/c*; do
	[ -e "$f" ] && ip netns del "${f##*/}"
done
seq 1 "$ballast" | sed 's/^/netns del ballast-/' | ip -batch -
ip -j link | jq -r '.[].ifname | select(test("^cv[ab][0-9]+$"))' | while read -r d; do
	ip link del "$d" 2>/dev/null
done
# bounded wait (not an assertion) until the teardown is over
end=$((SECONDS + 120))
while [ $SECONDS -lt $end ]; do
	"$NSTRACK" list -j | jq -e 'all(.[]; .state != "dying")' >/dev/null &&
		[ "$("$NSTRACK" list -j | jq '[.[] | select(.state == "alive")] | length')" = "$(oracle_netns | wc -l)" ] &&
		break
	sleep 2
done
if [ -n "${NSTRACK_KEEP:-}" ] && [ -n "${NSTRACK_OUT:-}" ]; then
	rm -rf "$NSTRACK_OUT/88-churn"
	cp -r "$t" "$NSTRACK_OUT/88-churn"
fi
rm -rf "$t"
