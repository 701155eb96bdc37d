# SPDX-License-Identifier: GPL-2.0
# nstrack monitor: the live event stream, against a hand-written
# expectation built from stat of the nsfs files, history -j (the same
# events, as the same objects) and list -j (the state the stream implies).
#
#   (a) ns mA, ns mB; init_net: veth mv0 <-> mv1; mv1 -> mB,
#       mv0 -> mA renamed mx0; mA deleted, then mB.  One monitor sees the
#       16 events in order; "monitor mB --type dev" only mB's 4 device events
#   (b) churn: nschurn, 4 workers x 1250 unshare(CLONE_NEWNET) cycles
#       (5 events each), under a monitor
#   (c) slow reader: the same, 4 x 500 cycles, with the monitor stopped
#       (SIGSTOP) and a 64 KiB receive buffer: with the default history
#       (4096 events: some lost, a resync) and with event_history_size=65536
#       (every missed event read back from the history)
#
# Every monitor starts with --since S+1 (S: the newest seq) before the
# step's first action, so it cannot miss the start.  NSTRACK_KEEP=1 keeps
# the monitors' output and the oracles' input in $NSTRACK_OUT/65-monitor.

NSCHURN=$REPO/tests/out/bin/nschurn
STREAM=$REPO/tests/vm/scenarios/monitor-stream.py
t=$(mktemp -d)

newest_seq() { "$NSTRACK" history -j | jq '.[-1].seq // 0'; }

# Bounded wait (not an assertion) until no namespace is dying and no event
# has come for a second: teardown left over from earlier scenarios would
# otherwise show up among the events a step expects.
quiesce() {
	local last=-1 now _
	for _ in $(seq 120); do
		now=$(newest_seq)
		if [ "$now" = "$last" ] &&
		   "$NSTRACK" list -j 2>/dev/null | jq -e 'all(.[]; .state != "dying")' >/dev/null; then
			return 0
		fi
		last=$now
		sleep 1
	done
}

# settled N: bounded wait until no namespace is dying and N are alive, as
# before the churn.  A namespace nschurn has dropped stays alive until the
# kernel's cleanup work gets to it, so "none dying" alone is not enough.
settled() {
	local _
	for _ in $(seq 600); do
		"$NSTRACK" list -j 2>/dev/null | jq -e --argjson n "$1" \
			'all(.[]; .state != "dying") and ([.[] | select(.state == "alive")] | length) == $n' \
			>/dev/null && return 0
		sleep 0.5
	done
	echo "    namespaces still dying or alive: $("$NSTRACK" list -j |
		jq -c 'group_by(.state) | map({(.[0].state): length}) | add')" >&2
	return 1
}

# joined PID: bounded wait until process PID has a generic netlink socket
# that joined a multicast group (nstrack's "events", the only one the
# monitor joins), as /proc/net/netlink shows it: columns Eth (16 is
# NETLINK_GENERIC), Groups (the first 32 groups) and Inode.
joined() {
	local pid=$1 inodes _
	for _ in $(seq 600); do
		inodes=$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null |
			tr -dc '0-9\n')
		if [ -n "$inodes" ] && awk -v want="$inodes" '
			BEGIN { n = split(want, w, "\n"); for (i = 1; i <= n; i++) s[w[i]] = 1 }
			$2 == 16 && $4 != "00000000" && ($10 in s) { found = 1 }
			END { exit !found }' /proc/net/netlink; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "    process $pid never joined a generic netlink group" >&2
	return 1
}

# reaches FILE SEQ PID: wait until the monitor PID has printed (to FILE)
# an event or a resync with a seq of at least SEQ; bounded: it gives up
# once the output has not moved for a minute, or the monitor is gone.
reaches() {
	local got last='' moved=$SECONDS
	while [ $((SECONDS - moved)) -lt 60 ]; do
		got=$(tail -n 2 "$1" | jq -R 'fromjson? | .seq' 2>/dev/null | sort -n | tail -n 1)
		[ "${got:-0}" -ge "$2" ] && return 0
		kill -0 "$3" 2>/dev/null || break
		[ "$got" != "$last" ] && moved=$SECONDS
		last=$got
		sleep 0.5
	done
	echo "    monitor output ends at seq ${got:-none} (want $2), $(wc -l <"$1") lines;" \
		"monitor $(ps -o stat=,wchan= -p "$3" 2>/dev/null || echo gone)" >&2
	sed -n '1,5s/^/    monitor stderr: /p' "${1%.out}.err" >&2
	return 1
}

# end_monitor PID: SIGTERM (the monitor ends as on --timeout), SIGKILL if it
# is still there 10 seconds later, so that a hung monitor cannot hang the
# scenario.
end_monitor() {
	local _
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# finish PID SECONDS: the exit status of PID, waited for at most SECONDS
# (then SIGKILL): a monitor that overran its --timeout must not hang the
# scenario.
finish() {
	local end=$((SECONDS + $2))
	while kill -0 "$1" 2>/dev/null && [ $SECONDS -lt $end ]; do
		sleep 0.2
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}

# nschurn with its summary line indented, like the other notes in the log.
run_churn() {
	"$NSCHURN" -w 4 -n "$1" | sed 's/^/    /'
	return "${PIPESTATUS[0]}"
}

# churn NAME CYCLES STOP [MONITOR OPTIONS...]: 4 x CYCLES namespaces under
# "monitor -j --since S+1"; STOP=stop holds the monitor with SIGSTOP from
# the moment it joined the events group until the churn is over and every
# namespace it made is torn down.  Then
# checks the stream with monitor-stream.py; sets s0 (S), e (the newest seq
# once every namespace made is gone) and facts (the oracle's findings).
churn() {
	local name=$1 cycles=$2 stop=$3 mon alive start=$SECONDS
	shift 3
	quiesce
	"$NSTRACK" list -j >"$t/$name.before"
	alive=$(jq '[.[] | select(.state == "alive")] | length' "$t/$name.before")
	s0=$(newest_seq)
	"$NSTRACK" -j monitor --since $((s0 + 1)) --timeout 3600 "$@" \
		>"$t/$name.out" 2>"$t/$name.err" &
	mon=$!
	if [ "$stop" = stop ]; then
		check "$name: monitor joined the events group before SIGSTOP" joined "$mon"
		kill -STOP "$mon"
	fi
	check "$name: nschurn -w 4 -n $cycles" run_churn "$cycles"
	# Teardown runs later, in the kernel's cleanup work: the monitor stays
	# stopped until it is over, so that all the step's events (not only
	# the creations) come while it is not reading.
	check "$name: every namespace nschurn made is torn down" settled "$alive"
	[ "$stop" = stop ] && kill -CONT "$mon"
	e=$(newest_seq)
	"$NSTRACK" list -j >"$t/$name.after"
	"$NSTRACK" devices -j >"$t/$name.devices"
	"$NSTRACK" history -j >"$t/$name.history"
	check "$name: the monitor prints up to the newest seq $e" reaches "$t/$name.out" "$e" "$mon"
	check "$name: the monitor is still running (nothing ended it early)" kill -0 "$mon"
	end_monitor "$mon"

	facts=$("$STREAM" "$s0" "$t/$name.out" "$t/$name.err" "$t/$name.before" \
		"$t/$name.history" "$t/$name.after" "$t/$name.devices")
	echo "    $name: $((SECONDS - start)) s, seq $((s0 + 1))..$e: $(jq -c 'del(.alive)' <<<"$facts")"
	sed -n '1,5s/^/    monitor stderr: /p' "$t/$name.err"
	check "$name: every stdout line is an event or a resync" eq "$(fact .bad)" 0
	check "$name: event seqs strictly increasing and above any earlier resync's seq (none twice)" eq "$(fact .increasing)" true
	check "$name: events printed + lost = E - S" \
		eq "$(fact '.events + .lost')" "$((e - s0))"
	check "$name: stderr's \"lost N\" lines add up to the resyncs' lost" \
		eq "$(fact .stderr_lost)" "$(fact .lost)"
	check "$name: no silent gap: each resync's lost is exactly the seqs skipped since the one before" \
		eq "$(fact .accounted)" true
	check "$name: printed events still in the history equal their history -j element" \
		eq "$(fact '"\(.mismatched) of \(.compared), some compared: \(.compared > 0)"')" \
		"0 of $(fact .compared), some compared: true"
	check "$name: the alive namespaces the stream implies equal list -j's" \
		eq "$(fact '.alive | join(" ")')" \
		"$(jq -r '[.[] | select(.state == "alive") | .cookie] | sort | join(" ")' "$t/$name.after")"
}
fact() { jq -r "$1" <<<"$facts"; }

# (a) the scripted sequence -------------------------------------------------
quiesce
init_ino=$(ino /proc/self/ns/net)
s0=$(newest_seq)
"$NSTRACK" -j monitor --since $((s0 + 1)) --count 16 --timeout 120 >"$t/a.out" 2>"$t/a.err" &
mon=$!
"$NSTRACK" monitor --since $((s0 + 1)) --count 16 --timeout 120 >"$t/text.out" 2>"$t/text.err" &
mont=$!
ip netns add mA
ip netns add mB
a_ino=$(ino /run/netns/mA)
b_ino=$(ino /run/netns/mB)
b_dev_ino=$(stat -L -c '%d:%i' /run/netns/mB)
a_cookie=$(field mA .cookie)
b_cookie=$(field mB .cookie)
# started once mB exists, to look its name up; --since replays the start
"$NSTRACK" -j monitor mB --type dev --since $((s0 + 1)) --count 4 --timeout 120 \
	>"$t/b.out" 2>"$t/b.err" &
monb=$!
ip link add mv0 type veth peer name mv1
ip link set mv1 netns mB
ip link set mv0 netns mA name mx0
ip netns del mA
wait_state "cookie:$a_cookie" dead >/dev/null
# An open file of mB (its nsfs inode) would keep mB alive: no teardown,
# so no teardown events for any monitor to see.
check "monitor mB holds no file of mB (it must not keep mB alive)" \
	eq "$(stat -L -c '%d:%i' "/proc/$monb/fd/"* 2>/dev/null | grep -cx "$b_dev_ino")" 0
ip netns del mB
wait_state "cookie:$b_cookie" dead >/dev/null
finish "$mon" 150
rc=$?
finish "$monb" 150
rcb=$?
finish "$mont" 150
rct=$?

check "monitor --count 16: exits 0" eq "$rc" 0
# The same order on 6.1 and 6.12.  veth registers the peer (mv1) first.
# mA's teardown (cleanup_net) runs nstrack's pre_exit, then the device
# exits: the veth end in mA goes (netns-exit) and takes its peer in mB
# with it (unregister: mB is alive), then lo; then nstrack's exit.
show='if .type | startswith("netns") then "\(.type) \(.netns.inode)"
	else "\(.type) \(.name) \(.from.inode // "-") \(.to.inode // "-") \(.reason)" end'
want_a=$(cat <<EOF
netns_new $a_ino
dev_register lo - $a_ino register
netns_new $b_ino
dev_register lo - $b_ino register
dev_register mv1 - $init_ino register
dev_register mv0 - $init_ino register
dev_move mv1 $init_ino $b_ino user
dev_move mx0 $init_ino $a_ino user
netns_pre_exit $a_ino
dev_unregister mx0 $a_ino - netns-exit
dev_unregister mv1 $b_ino - unregister
dev_unregister lo $a_ino - netns-exit
netns_exit $a_ino
netns_pre_exit $b_ino
dev_unregister lo $b_ino - netns-exit
netns_exit $b_ino
EOF
)
check "monitor: the script's 16 events in order (type, device, from, to, reason)" \
	eq "$(jq -r "$show" "$t/a.out" 2>&1)" "$want_a"
check "monitor: the move into mA with a rename reads mv0 -> mx0" \
	eq "$(jq -r 'select(.type == "dev_move" and .to.inode == '"$a_ino"') |
		"\(.from.name) -> \(.to.name), name \(.name)"' "$t/a.out" 2>&1)" "mv0 -> mx0, name mx0"
check "monitor: every line equals the history -j element of its seq" \
	eq "$(jq -S -c . "$t/a.out" 2>&1)" \
	   "$("$NSTRACK" history -j | jq -S -c --argjson s "$s0" '.[] | select(.seq > $s)')"
check "monitor (text) --count 16: exits 0" eq "$rct" 0
check "monitor (text): one line per event, the same 16 in the same order" \
	eq "$(grep -oE '(netns|dev)_[a-z_]+' "$t/text.out" | paste -sd, -) $(wc -l <"$t/text.out")" \
	   "$(cut -d' ' -f1 <<<"$want_a" | paste -sd, -) 16"
check "monitor mB --type dev --count 4: exits 0" eq "$rcb" 0
check "monitor mB --type dev: mB's device events, as history -j has them" \
	eq "$(jq -S -c . "$t/b.out" 2>&1)" \
	   "$("$NSTRACK" history -j | jq -S -c --argjson s "$s0" --argjson c "$b_cookie" \
		'.[] | select(.seq > $s and (.type | startswith("dev_")) and
			      (.from.cookie == $c or .to.cookie == $c))')"
check "monitor mB --type dev: lo registered, mv1 moved in, mv1 and lo unregistered" \
	eq "$(jq -r '"\(.type) \(.name)"' "$t/b.out" 2>&1 | paste -sd, -)" \
	   "dev_register lo,dev_move mv1,dev_unregister mv1,dev_unregister lo"

# (b) churn with a monitor that keeps up (or resyncs) ------------------------
check "nschurn is built (make -C tests/tools)" test -x "$NSCHURN"
if [ -x "$NSCHURN" ]; then
	churn churn 1250 run

	# (c) a stopped monitor with a small receive buffer ------------------
	churn slow-4096 500 stop --rcvbuf 65536
	check "slow-4096: the overflow is reported on stderr" \
		grep -qE '^nstrack: monitor: (receive queue overflowed|lost [0-9]+ event)' "$t/slow-4096.err"
	check "slow-4096: events lost (10000 > 4096 in history) and a resync printed" \
		eq "$(fact '.lost > 0 and .resyncs > 0')" true
	check "slow-4096: resync arrays have the keys of list -j and devices -j" \
		eq "$(fact .resync_keys)" true

	nstrack_unload
	check "reload with event_history_size=65536" nstrack_load event_history_size=65536
	churn slow-65536 500 stop --rcvbuf 65536
	check "slow-65536: the overflow is reported on stderr" \
		grep -q '^nstrack: monitor: receive queue overflowed' "$t/slow-65536.err"
	check "slow-65536: nothing lost, no resync (all read back from the history)" \
		eq "$(fact '"lost \(.lost), resyncs \(.resyncs), stderr lost \(.stderr_lost)"')" \
		   "lost 0, resyncs 0, stderr lost 0"
	check "slow-65536: every event S+1..E printed, in order" \
		eq "$(fact '"\(.events) \(.accounted)"')" "$((e - s0)) true"
	nstrack_unload
	nstrack_load
fi
if [ -n "${NSTRACK_KEEP:-}" ] && [ -n "${NSTRACK_OUT:-}" ]; then
	rm -rf "$NSTRACK_OUT/65-monitor"
	cp -r "$t" "$NSTRACK_OUT/65-monitor"
fi
rm -rf "$t"
