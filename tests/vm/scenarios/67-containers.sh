# SPDX-License-Identifier: GPL-2.0
# The permission model: a container sees the namespaces its user namespace
# owns and nothing else, with nsids and pids as it knows them.
#
#   host: ctA (ip netns add); veth ct-h <-> ct-c, ct-c moved into C
#   C:    uid 65534, then unshare -Urnm (own user, net and mount namespace)
#         C/inner: unshare -n in C;  C/named: ip netns add in C, nsid 7
#   C2:   unshare -Urnpm in C (nested user namespace, own pid namespace)
#         C2/inner: unshare -n in C2
# Oracles: stat of each namespace file, the pids /proc shows in each pid
# namespace, ip netns list-id in C.

[ -w /proc/sys/kernel/unprivileged_userns_clone ] &&
	echo 1 >/proc/sys/kernel/unprivileged_userns_clone

# The host pid of the newest process whose command line is exactly $*.
pid_of() { pgrep -nxf "$*"; }
# Wait (bounded) for a process started in the background to be in place.
wait_pid_of() {
	local i pid
	for i in $(seq 200); do
		pid=$(pid_of "$@") && { echo "$pid"; return 0; }
		sleep 0.05
	done
	return 1
}
# Run a command as the root of a container, from the host: its user,
# network, mount and pid namespaces, uid 0 in them, no host capability.
in_ns() {
	local pid=$1
	shift
	nsenter -t "$pid" -U -n -m -p -- "$@"
}
# Fails, saying "no such namespace" (as for a namespace that never was).
no_such() {
	local err
	err=$("$@" 2>&1 >/dev/null) && return 1
	grep -q 'no such namespace' <<<"$err" && return 0
	echo "    said: $err" >&2
	return 1
}
alive_inodes() { jq -r '.[] | select(.state == "alive") | .inode' | sort -n | tr '\n' ' '; }
sorted() { printf '%s\n' "$@" | sort -n | tr '\n' ' '; }

host_ino=$(ino /proc/self/ns/net)
ip netns add ctA
ctA_ino=$(ino /run/netns/ctA)

setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -Urnm sleep 3600 </dev/null >/dev/null 2>&1 &
c=$(wait_pid_of sleep 3600)
in_ns "$c" unshare -n sleep 3601 </dev/null >/dev/null 2>&1 &
c_inner=$(wait_pid_of sleep 3601)
in_ns "$c" sh -c 'mount -t tmpfs tmpfs /run/netns && ip netns add cnamed &&
	ip netns set cnamed 7'
in_ns "$c" unshare -Urnpm --fork --mount-proc sleep 3602 </dev/null >/dev/null 2>&1 &
c2=$(wait_pid_of sleep 3602)
in_ns "$c2" unshare -n sleep 3603 </dev/null >/dev/null 2>&1 &
c2_inner=$(wait_pid_of sleep 3603)
ip link add ct-h type veth peer name ct-c
ip link set ct-c netns "$c"

c_ino=$(ino /proc/$c/ns/net)
c_inner_ino=$(ino /proc/$c_inner/ns/net)
named_ino=$(in_ns "$c" stat -L -c %i /run/netns/cnamed)
c2_ino=$(ino /proc/$c2/ns/net)
c2_inner_ino=$(ino /proc/$c2_inner/ns/net)
c_sees=$(sorted "$c_ino" "$c_inner_ino" "$named_ino" "$c2_ino" "$c2_inner_ino")
c2_sees=$(sorted "$c2_ino" "$c2_inner_ino")

check "container: setup made five distinct namespaces" \
	eq "$(sorted $c_sees "$host_ino" "$ctA_ino" | wc -w)" 7

check "container: list shows exactly the namespaces its user namespace owns" \
	eq "$(in_ns "$c" "$NSTRACK" list -j | alive_inodes)" "$c_sees"
check "nested container: list shows exactly its own namespaces" \
	eq "$(in_ns "$c2" "$NSTRACK" list -j | alive_inodes)" "$c2_sees"
check "host: list shows the containers' namespaces too" \
	eq "$("$NSTRACK" list -j | jq "[.[] | .inode] | contains([$c_ino, $c2_inner_ino, $host_ino, $ctA_ino])")" true

# Hidden and missing are the same answer; "no such namespace" either way.
check "nested container: init_net by inode is 'no such namespace'" \
	no_such in_ns "$c2" "$NSTRACK" show "inode:$host_ino"
check "nested container: ctA by inode is 'no such namespace'" \
	no_such in_ns "$c2" "$NSTRACK" show "inode:$ctA_ino"
check "nested container: C's namespace (its parent's) by inode is 'no such namespace'" \
	no_such in_ns "$c2" "$NSTRACK" show "inode:$c_ino"
# C has no pid namespace of its own: pid 1 is the host's init.
check "container: the namespace of the host's pid 1 is 'no such namespace'" \
	no_such in_ns "$c" "$NSTRACK" show pid:1
err_missing=$(in_ns "$c" "$NSTRACK" show inode:4026000000 2>&1 >/dev/null)
err_hidden=$(in_ns "$c" "$NSTRACK" show "inode:$ctA_ino" 2>&1 >/dev/null)
check "container: a hidden namespace's error reads like a missing one's" \
	eq "${err_hidden//$ctA_ino/N}" "${err_missing//4026000000/N}"
devs=$(in_ns "$c" "$NSTRACK" devices -j)
check "container: devices are only in its namespaces, lo in each of them" \
	eq "$(jq -r '.[] | select(.name == "lo") | .netns_inode' <<<"$devs" | sort -n | tr '\n' ' ')" "$c_sees"
check "container: devices from no other namespace" \
	eq "$(jq -r '[.[] | .netns_inode] | unique | .[]' <<<"$devs" | sort -n | tr '\n' ' ')" "$c_sees"
check "container: the veth end moved in is listed in C" \
	eq "$(jq -r '.[] | select(.name == "ct-c") | .netns_inode' <<<"$devs")" "$c_ino"
check "container: sockets for exactly its namespaces" \
	eq "$(in_ns "$c" "$NSTRACK" sockets -j | jq -r '.[].inode' | sort -n | tr '\n' ' ')" "$c_sees"

hist=$(in_ns "$c" "$NSTRACK" history -j)
check "container: history only names its namespaces" \
	eq "$(jq -r '[.[] | (.netns, .from, .to) | select(. != null) | .inode] | unique | map(tostring) | .[]' <<<"$hist" |
		while read -r i; do grep -qw "$i" <<<"$c_sees" || echo "$i"; done)" ""
check "container: its namespaces' creation is in its history" \
	eq "$(jq -r '.[] | select(.type == "netns_new") | .netns.inode' <<<"$hist" | sort -n | tr '\n' ' ')" "$c_sees"
check "container: the veth moved in from the host has no 'from', 'to' is C" \
	eq "$(jq -c '.[] | select(.type == "dev_move" and .to.name == "ct-c") | [.from, .to.inode]' <<<"$hist")" "[null,$c_ino]"
check "host: the same move shows both sides" \
	eq "$("$NSTRACK" history -j | jq -c '.[] | select(.type == "dev_move" and .to.name == "ct-c") | [.from.inode, .to.inode]')" \
	   "[$host_ino,$c_ino]"
check "container: history of a hidden namespace is 'no such namespace'" \
	no_such in_ns "$c" "$NSTRACK" history "inode:$ctA_ino"

# nsid: C's own view (ip netns set in C), not the host's.
check "container: nsid is the one C assigned (ip netns list-id in C)" \
	eq "$(in_ns "$c" "$NSTRACK" show -j cnamed | jq -r .nsid)" \
	   "$(in_ns "$c" ip -j netns list-id | jq -r '.[] | select(.name == "cnamed") | .nsid')"
check "host: the same namespace has no nsid in init_net" \
	eq "$("$NSTRACK" show -j "inode:$named_ino" | jq -r .nsid)" null

# pids: translated into the requester's pid namespace, absent if outside.
inner_pid_in_c2=$(in_ns "$c2" pgrep -nxf 'sleep 3603')
check "nested container: creator pid is the one its /proc shows" \
	eq "$(in_ns "$c2" "$NSTRACK" show -j "inode:$c2_inner_ino" | jq -r .creator.pid)" "$inner_pid_in_c2"
check "host: creator pid of the same namespace is the host pid" \
	eq "$("$NSTRACK" show -j "inode:$c2_inner_ino" | jq -r .creator.pid)" "$c2_inner"
check "nested container: a creator outside its pid namespace has no pid, but a comm" \
	eq "$(in_ns "$c2" "$NSTRACK" show -j "inode:$c2_ino" | jq -r '"\(.creator.pid) \(.creator.comm)"')" "null unshare"
check "nested container: event pids are its own too" \
	eq "$(in_ns "$c2" "$NSTRACK" history -j | jq -r ".[] | select(.type == \"netns_new\" and .netns.inode == $c2_inner_ino) | .task.pid")" \
	   "$inner_pid_in_c2"

# INFO: sizes for everyone, machine-wide figures only for the host.
check "container: INFO has the version but no machine-wide counter" \
	eq "$(in_ns "$c" "$REPO/tests/vm/scenarios/genl-probe.py" info | jq -c '[has("version"), has("event_history_size"), has("event_last"), has("netns_records"), has("notify_failed")]')" \
	   "[true,true,false,false,false]"
check "host: INFO has the machine-wide counters" \
	eq "$("$REPO/tests/vm/scenarios/genl-probe.py" info | jq -c '[has("event_last"), has("netns_records"), has("notify_failed")]')" \
	   "[true,true,true]"

ip link del ct-h 2>/dev/null
# SIGKILL: the init of a pid namespace ignores SIGTERM from its parent.
kill -KILL "$c2_inner" "$c2" "$c_inner" "$c" 2>/dev/null
ip netns del ctA
# The named one goes with C's mount namespace, the others with their tasks.
for i in $c_sees "$ctA_ino"; do
	check "container gone: namespace $i reaches dead" wait_state "inode:$i" dead
done
