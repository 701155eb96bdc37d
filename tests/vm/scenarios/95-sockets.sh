# SPDX-License-Identifier: GPL-2.0
# Socket counts of many namespaces in one query, against what /proc/net/
# sockstat and /proc/net/protocols say inside each namespace (read by the
# holder process from inside, see sockets-hold.py).
#
#   sk0: no socket   sk1: one   sk500: 500 of mixed kinds
#   sc1..sc200: i mod 9 kinds each, all held by one process

hold_dir=$(mktemp -d)

# hold NAME:COUNT...: start the holder, wait until it is ready.
hold() {
	rm -f "$hold_dir/in" && mkfifo "$hold_dir/in"
	"$REPO/tests/vm/scenarios/sockets-hold.py" "$hold_dir/oracle.json" \
		$(printf '/run/netns/%s\n' "$@") \
		<"$hold_dir/in" >"$hold_dir/out" 2>&1 &
	holder=$!
	exec 8>"$hold_dir/in"
	for _ in $(seq 600); do
		grep -q ready "$hold_dir/out" && return 0
		kill -0 "$holder" 2>/dev/null || break
		sleep 0.1
	done
	cat "$hold_dir/out" >&2
	return 1
}
release() { exec 8>&-; wait "$holder"; }

# Every namespace of the oracle, compared with one "nstrack sockets -j".
mismatches() {
	"$NSTRACK" sockets -j >"$hold_dir/nstrack.json"
	jq -r -n --slurpfile o "$hold_dir/oracle.json" --slurpfile n "$hold_dir/nstrack.json" '
		($n[0] | map({key: (.inode | tostring), value: .}) | from_entries) as $ns
		| $o[0] | to_entries[] | .key as $i | .value as $v | $ns[$i] as $r
		| if $r == null then "\($i): not listed"
		  elif $r.total != $v.used then "\($i): total \($r.total), sockstat \($v.used)"
		  elif $r.tcp_time_wait != $v.tw then "\($i): tw \($r.tcp_time_wait), sockstat \($v.tw)"
		  else ($r.by_protocol | to_entries[] | select(.value != $v.protocols[.key])
			| "\($i): \(.key) \(.value), /proc/net/protocols \($v.protocols[.key])")
		  end'
}

ip netns add sk0
ip netns add sk1
ip netns add sk500
check "sockets: holder opened 0, 1 and 500 sockets" hold sk0:0 sk1:1 sk500:500
check "sockets: 0, 1 and 500 sockets match sockstat and protocols" eq "$(mismatches)" ""
check "sockets: 500 sockets counted" \
	bash -c "[ \$(jq '.[] | select(.names == [\"sk500\"]) | .total' '$hold_dir/nstrack.json') -ge 500 ]"
check "sockets: every protocol of the issue is reported" \
	eq "$(jq -r '.[0].by_protocol | keys | map(select(IN("TCP","UDP","RAW","TCPv6","UDPv6","UNIX","NETLINK","PACKET"))) | length' "$hold_dir/nstrack.json")" 8
check "sockets: list -j total equals sockets -j total" \
	eq "$(field sk500 .sockets)" "$(jq '.[] | select(.names == ["sk500"]) | .total' "$hold_dir/nstrack.json")"
check "sockets NS: one namespace only" \
	eq "$("$NSTRACK" sockets -j sk1 | jq -r 'map(.names[0]) | join(",")')" sk1
release
# Counts drop back once the sockets are closed (TCP leaves TIME_WAIT).
hold sk0:0 sk1:0 sk500:0
check "sockets: counts drop back after close, TIME_WAIT included" eq "$(mismatches)" ""
check "sockets: sk500 back to what sockstat says after close" \
	eq "$(jq '.[] | select(.names == ["sk500"]) | .total' "$hold_dir/nstrack.json")" \
	   "$(jq --arg i "$(ino /run/netns/sk500)" '.[$i].used' "$hold_dir/oracle.json")"
release
ip netns del sk0
ip netns del sk1
ip netns del sk500

# 200 namespaces, all different, in one query.
seq 1 200 | sed 's/^/netns add sc/' | ip -batch -
hold $(for i in $(seq 1 200); do echo "sc$i:$((i % 9))"; done)
check "sockets: 200 namespaces with different counts all correct in one query" eq "$(mismatches)" ""
check "sockets: the 200 namespaces do not all have the same count" \
	bash -c "[ \$(jq '[.[] | select(.names[0] // \"\" | startswith(\"sc\")) | .total] | unique | length' '$hold_dir/nstrack.json') -gt 3 ]"
release
seq 1 200 | sed 's/^/netns del sc/' | ip -batch -
rm -rf "$hold_dir"
