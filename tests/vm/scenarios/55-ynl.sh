# SPDX-License-Identifier: GPL-2.0
# The family through the kernel's generic client, tools/net/ynl/cli.py,
# driven by docs/netlink/nstrack.yaml alone: none of our parsing code is
# involved, so its answers are checked against the tool's (nstrack list,
# devices and sockets -j), and against stat and SO_NETNS_COOKIE.
#
#   init ns: lo, ynlb (veth)      ynla: lo, ynla0 (veth peer of ynlb)
#   ynlq: lo; both clients query from here, so that their own netlink
#         sockets are counted in no namespace whose counts are compared
#   ynle1..: made while the events listener (init ns) is subscribed
#
# The ynl tools come from the cache (tests/ynl/check.sh unpacks them on
# the host before the VM runs; the guest's root is read-only).

ynl_dir=$(NSTRACK_CACHE=${NSTRACK_CACHE:-/var/cache/nstrack} &&
	. "$REPO/tests/ynl/lib.sh" && nstrack_ynl_dir 2>/dev/null)
ynl_tmp=$(mktemp -d)
export PYTHONDONTWRITEBYTECODE=1

# ynl ARGS...: cli.py with the spec, from the namespace ynlq.
ynl() {
	ip netns exec ynlq /usr/bin/python3 "$ynl_dir/tools/net/ynl/cli.py" \
		--spec "$REPO/docs/netlink/nstrack.yaml" \
		--schema "$ynl_dir/Documentation/netlink/genetlink-legacy.yaml" \
		--output-json "$@"
}

# Namespace records in one form: the tool's JSON ...
norm_tool_netns='map({serial, cookie, inode, nsid, state, devices,
	owner_uid, owner_userns, created_ns, preexisting, seen_ns,
	pre_exit_ns, exit_ns, creator_pid: .creator.pid,
	creator_comm: .creator.comm}) | sort_by(.serial)'
# ... and the spec's attribute names as cli.py decodes them.
norm_ynl_netns='map({serial, cookie, inode, nsid, state, devices,
	owner_uid: ."owner-uid", owner_userns: ."owner-userns",
	created_ns: ."created-ns",
	preexisting: ((.flags // []) | index("preexisting") != null),
	seen_ns: ."seen-ns", pre_exit_ns: ."pre-exit-ns",
	exit_ns: ."exit-ns", creator_pid: ."creator-pid",
	creator_comm: ."creator-comm"}) | sort_by(.serial)'
norm_tool_dev='map({netns_cookie, netns_inode, ifindex, name, kind, mac})
	| sort_by(.netns_cookie, .ifindex)'
norm_ynl_dev='map({netns_cookie: ."netns-cookie",
	netns_inode: ."netns-inode", ifindex, name, kind, mac: .address})
	| sort_by(.netns_cookie, .ifindex)'
# The sockets of ynlq itself are the clients' own, different in each.
norm_tool_sk='map(select(.inode != $q) | {cookie, inode, total,
	tcp_time_wait, by_protocol}) | sort_by(.cookie)'
norm_ynl_sk='map(select(.inode != $q) | {cookie, inode,
	total: .sockets.total, tcp_time_wait: .sockets."tcp-time-wait",
	by_protocol: ((.sockets.proto // []) | map({key: .name, value: .inuse})
		| from_entries)}) | sort_by(.cookie)'

# same_dump WHAT TOOLCMD NORM_TOOL YNLOP NORM_YNL: the tool's answer,
# cli.py's, then the tool's again; namespaces still being torn down from
# earlier scenarios can change the registry between two dumps, so a pair
# is only compared when the tool's answers before and after agree.
same_dump() {
	local what=$1 tcmd=$2 ntool=$3 op=$4 nynl=$5 q i
	q=$(ino /run/netns/ynlq)
	for i in $(seq 20); do
		ip netns exec ynlq "$NSTRACK" "$tcmd" -j |
			jq -S --argjson q "$q" "$ntool" >"$ynl_tmp/t1" || return 1
		ynl --dump "$op" >"$ynl_tmp/y.raw" || return 1
		jq -S --argjson q "$q" "$nynl" "$ynl_tmp/y.raw" >"$ynl_tmp/y" || return 1
		ip netns exec ynlq "$NSTRACK" "$tcmd" -j |
			jq -S --argjson q "$q" "$ntool" >"$ynl_tmp/t2" || return 1
		cmp -s "$ynl_tmp/t1" "$ynl_tmp/t2" || continue
		[ "$(jq length "$ynl_tmp/y")" -gt 0 ] || {
			echo "    cli.py --dump $op: empty" >&2
			return 1
		}
		diff -u "$ynl_tmp/t1" "$ynl_tmp/y" >&2 && return 0
		echo "    $what: cli.py differs from nstrack $tcmd -j" >&2
		return 1
	done
	echo "    $what: the registry never held still" >&2
	return 1
}

# hold_sockets: a process in ynla holding sockets of three kinds and the
# closing side of a loopback TCP connection in TIME_WAIT, so that the
# counts compared are not all zero.
hold_sockets() {
	cat >"$ynl_tmp/hold.py" <<'PY'
import socket
import time

held = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3)]
held.append(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
held.append(srv)
c = socket.create_connection(srv.getsockname())
a, _ = srv.accept()
c.close()  # the side that closes first is the one left in TIME_WAIT
a.close()
print("ready", flush=True)
time.sleep(3600)
PY
	ip netns exec ynla /usr/bin/python3 "$ynl_tmp/hold.py" \
		>"$ynl_tmp/hold.out" 2>&1 &
	holder=$!
	for _ in $(seq 600); do
		grep -q ready "$ynl_tmp/hold.out" && return 0
		kill -0 "$holder" 2>/dev/null || break
		sleep 0.1
	done
	cat "$ynl_tmp/hold.out" >&2
	return 1
}

# sockstat: cli.py's counts of ynla against its /proc/net/sockstat.
sockstat() {
	local c got want
	c=$(ip netns exec ynla "$COOKIE_ORACLE")
	got=$(ynl --dump sockets-get --json "{\"cookie\": $c}" |
		jq -r '.[] | "\(.sockets.total) \(.sockets."tcp-time-wait")"')
	want=$(ip netns exec ynla awk '/^sockets:/ { u = $3 }
		/^TCP:/ { for (i = 2; i < NF; i++) if ($i == "tw") t = $(i + 1) }
		END { print u, t }' /proc/net/sockstat)
	eq "$got" "$want" && [ "${want%% *}" -ge 5 ]
}

# do_by_inode: NETNS_GET do with the inode of ynla, against stat and the
# SO_NETNS_COOKIE oracle.
do_by_inode() {
	local i c got
	i=$(ino /run/netns/ynla)
	c=$(ip netns exec ynla "$COOKIE_ORACLE")
	got=$(ynl --do netns-get --json "{\"inode\": $i}" |
		jq -r '"\(.inode) \(.cookie) \(.state) \(.devices)"')
	eq "$got" "$i $c alive 2"
}

# bad_attr: a selector the do does not take; the module's extack message
# and the attribute it points at come back through cli.py.
bad_attr() {
	local out rc
	out=$(ynl --do netns-get --json '{"serial": 1}' 2>&1)
	rc=$?
	[ "$rc" -ne 0 ] || { echo "    cli.py exited 0: $out" >&2; return 1; }
	grep -q "'msg': 'attribute is not a namespace selector'" <<<"$out" &&
	grep -q "'bad-attr': '.serial'" <<<"$out" && return 0
	echo "    $out" >&2
	return 1
}

# events: cli.py subscribed to the events group for a few seconds while
# namespaces are made; each netns-new it got for one of them must carry
# the namespace's inode (stat) and cookie (oracle), and match the
# history's record of the same sequence number.
events() {
	local pid n=0 bad=0 seen=0 seq i c ev hist
	/usr/bin/python3 "$ynl_dir/tools/net/ynl/cli.py" \
		--spec "$REPO/docs/netlink/nstrack.yaml" \
		--schema "$ynl_dir/Documentation/netlink/genetlink-legacy.yaml" \
		--output-json --subscribe events --sleep 6 >"$ynl_tmp/ntf" 2>&1 &
	pid=$!
	# Not a timing assertion: namespaces are made until the listener is
	# done, so some are made while it is subscribed however slow it is.
	while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 60 ]; do
		n=$((n + 1))
		ip netns add "ynle$n"
		ip netns exec "ynle$n" "$COOKIE_ORACLE" >"$ynl_tmp/cookie$n"
		stat -L -c %i "/run/netns/ynle$n" >"$ynl_tmp/inode$n"
		cat "$ynl_tmp/cookie$n" >>"$ynl_tmp/made"
	done
	wait "$pid" || { cat "$ynl_tmp/ntf" >&2; return 1; }
	jq -c '.[] | select(.name == "event-ntf") | .msg
		| select(.type == "netns-new")' "$ynl_tmp/ntf" >"$ynl_tmp/new"
	ynl --dump history-get >"$ynl_tmp/hist" || return 1
	for i in $(seq "$n"); do
		ev=$(jq -c --argjson ino "$(cat "$ynl_tmp/inode$i")" \
			'select(.netns.inode == $ino)' "$ynl_tmp/new")
		[ -n "$ev" ] || continue
		seen=$((seen + 1))
		c=$(jq -r .netns.cookie <<<"$ev")
		if [ "$c" != "$(cat "$ynl_tmp/cookie$i")" ]; then
			echo "    ynle$i: event cookie $c, oracle $(cat "$ynl_tmp/cookie$i")" >&2
			bad=1
		fi
		seq=$(jq -r .seq <<<"$ev")
		hist=$(jq -c --argjson s "$seq" '.[] | select(.seq == $s)
			| {type, netns}' "$ynl_tmp/hist")
		if [ "$hist" != "$(jq -c '{type, netns}' <<<"$ev")" ]; then
			echo "    seq $seq: event $ev, history $hist" >&2
			bad=1
		fi
	done
	for i in $(seq "$n"); do ip netns del "ynle$i"; done
	if [ "$seen" -eq 0 ]; then
		echo "    none of $n namespaces was notified:" >&2
		head -c 2000 "$ynl_tmp/ntf" >&2
		return 1
	fi
	[ "$bad" -eq 0 ]
}

# all_dead: every namespace the scenario made has been torn down, so the
# next scenario starts from a registry where none of them still changes.
# A bounded wait, not a timing assertion: teardown runs in a work queue.
all_dead() {
	local made left i
	made=$(jq -s -c . "$ynl_tmp/made")
	for i in $(seq 600); do
		left=$("$NSTRACK" list -j | jq --argjson m "$made" \
			'[.[] | select(.cookie as $c | $m | index($c))
			 | select(.state != "dead")] | length')
		[ "$left" = 0 ] && return 0
		sleep 0.2
	done
	echo "    $left of the scenario's namespaces never died" >&2
	return 1
}

if [ -z "$ynl_dir" ]; then
	check "ynl tools in the cache (run tests/ynl/check.sh on the host)" false
else
	ip netns add ynlq
	ip netns add ynla
	ip link add ynlb type veth peer name ynla0 netns ynla
	ip -n ynla link set lo up
	check "ynl: sockets held in ynla" hold_sockets

	check "ynl: cli.py --dump netns-get = nstrack list -j" \
		same_dump netns list "$norm_tool_netns" netns-get "$norm_ynl_netns"
	check "ynl: cli.py --dump dev-get = nstrack devices -j" \
		same_dump devices devices "$norm_tool_dev" dev-get "$norm_ynl_dev"
	check "ynl: cli.py --dump sockets-get = nstrack sockets -j" \
		same_dump sockets sockets "$norm_tool_sk" sockets-get "$norm_ynl_sk"
	check "ynl: cli.py --dump sockets-get of one namespace = its /proc/net/sockstat" \
		sockstat
	check "ynl: cli.py --do netns-get by inode (stat, SO_NETNS_COOKIE)" \
		do_by_inode
	check "ynl: cli.py gets the extack message of a bad attribute" bad_attr
	check "ynl: cli.py --subscribe events gets netns-new (stat, SO_NETNS_COOKIE, history)" \
		events

	for ns in ynla ynlq; do
		ip netns exec "$ns" "$COOKIE_ORACLE" >>"$ynl_tmp/made"
	done
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	ip link del ynlb
	ip netns del ynla
	ip netns del ynlq
	check "ynl: the scenario's namespaces are all dead" all_dead
fi
rm -rf "$ynl_tmp"
