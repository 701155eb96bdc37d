# SPDX-License-Identifier: GPL-2.0
# Device inventory and device history, against ip -j link and stat.
#
#   init_net: veth dv-a <-> dv-b, moved: dv-a -> ns devA, dv-b -> ns devB
#   devB: dummy cx0 (index 50); init_net: dummy mv0 (index 50) -> devB
#   devB: dummy dup0; init_net: dummy dup0 -> devB renamed dup1 (collision)
#   init_net: dummy rn0 -> devB renamed rn1 (no collision: move, then rename)
#   devA: bridge br-a, veth end dv-a; devA deleted -> netns-exit
#   eth0 (second NIC) -> devC; devC deleted -> back to init_net, netns-exit

# The events of "nstrack history -j" matching a jq filter, as JSON lines.
events() { "$NSTRACK" history -j | jq -c ".[] | select($1)"; }
init_ino=$(ino /proc/self/ns/net)

ip netns add devA
ip netns add devB
a_ino=$(ino /run/netns/devA)
b_ino=$(ino /run/netns/devB)
ip link add dv-a type veth peer name dv-b
ip link set dv-a netns devA
ip link set dv-b netns devB

mv=$(events '.type == "dev_move" and .to.name == "dv-a"')
check "veth move to devA recorded once" eq "$(wc -l <<<"$mv")" 1
check "veth move to devA: source init_net, target devA, reason user, task ip" \
	eq "$(jq -r '"\(.from.inode) \(.to.inode) \(.reason) \(.task.comm)"' <<<"$mv")" \
	"$init_ino $a_ino user ip"
check "veth move to devA: ifindex after equals ip -n devA link" \
	eq "$(jq -r .to.ifindex <<<"$mv")" "$(ip -n devA -j link show dv-a | jq '.[0].ifindex')"
mv=$(events '.type == "dev_move" and .to.name == "dv-b"')
check "veth move to devB: source init_net, target devB" \
	eq "$(jq -r '"\(.from.inode) \(.to.inode) \(.reason)"' <<<"$mv")" "$init_ino $b_ino user"
check "veth creation recorded as dev_register in init_net" \
	eq "$(events '.type == "dev_register" and .name == "dv-a"' | jq -r '"\(.to.inode) \(.reason)"')" \
	"$init_ino register"

# ifindex collision: devB already has ifindex 50.
ip -n devB link add cx0 index 50 type dummy
ip link add mv0 index 50 type dummy
ip link set mv0 netns devB
mv=$(events '.type == "dev_move" and .from.name == "mv0"')
new_index=$(ip -n devB -j link show mv0 | jq '.[0].ifindex')
check "ifindex collision: move keeps the old ifindex 50 as source" eq "$(jq -r .from.ifindex <<<"$mv")" 50
check "ifindex collision: target ifindex is the new one ip reports" \
	eq "$(jq -r .to.ifindex <<<"$mv") $([ "$new_index" != 50 ] && echo differs)" "$new_index differs"

# name collision: devB already has dup0; the move renames to dup1.
ip -n devB link add dup0 type dummy
ip link add dup0 type dummy
ip link set dup0 netns devB name dup1
mv=$(events '.type == "dev_move" and .from.name == "dup0"')
check "name collision: move records dup0 -> dup1" eq "$(jq -r '"\(.from.name) \(.to.name) \(.to.inode)"' <<<"$mv")" "dup0 dup1 $b_ino"
check "name collision: ip -n devB shows dup1 and the old dup0" \
	eq "$(ip -n devB -j link | jq -r '[.[].ifname | select(startswith("dup"))] | sort | join(" ")')" "dup0 dup1"

# rename on move without collision: the kernel moves, then renames.
ip link add rn0 type dummy
ip link set rn0 netns devB name rn1
mv=$(events '.type == "dev_move" and .from.name == "rn0"')
check "rename on move: move record carries the final name" eq "$(jq -r .to.name <<<"$mv")" rn1

# devices of one namespace and the device count, against ip -n devB link.
want=$(ip -n devB -j -d link | jq -r '.[] | "\(.ifindex) \(.ifname) \(.linkinfo.info_kind // (if .link_type == "loopback" then "loopback" else "physical" end)) \(.address)"' | sort)
got=$("$NSTRACK" devices -j devB | jq -r '.[] | "\(.ifindex) \(.name) \(.kind) \(.mac)"' | sort)
check "devices devB equals ip -n devB link (ifindex, name, kind, mac)" eq "$got" "$want"
check "devices count of devB equals ip -n devB link" \
	eq "$(field devB .devices)" "$(ip -n devB -j link | jq length)"
check "list -j has a device count for every namespace" \
	eq "$("$NSTRACK" list -j | jq '[.[] | select(.state == "alive") | .devices | numbers] | length')" \
	   "$("$NSTRACK" list -j | jq '[.[] | select(.state == "alive")] | length')"

# devA (veth end + bridge) is deleted: its virtual devices go with it.
ip -n devA link add br-a type bridge
a_cookie=$(field devA .cookie)
ip netns del devA
wait_state "cookie:$a_cookie" dead >/dev/null
gone=$(events ".type == \"dev_unregister\" and .from.cookie == $a_cookie" | jq -r '"\(.name) \(.reason)"' | sort)
check "deleted namespace: veth end, bridge and lo unregistered with reason netns-exit" \
	eq "$gone" "$(printf '%s netns-exit\n' br-a dv-a lo | sort)"
check "history NS shows the namespace's whole life, new to exit" \
	eq "$("$NSTRACK" history -j "cookie:$a_cookie" | jq -r '[.[] | select(.type | startswith("netns"))] | map(.type) | join(" ")')" \
	"netns_new netns_pre_exit netns_exit"
check "history --dev follows one device" \
	eq "$("$NSTRACK" history -j --dev dv-a | jq -r 'map(.type) | join(" ")')" \
	"dev_register dev_move dev_unregister"

# A physical NIC moved into a namespace that is then deleted comes back.
if ip link show eth0 >/dev/null 2>&1; then
	mac=$(ip -j link show eth0 | jq -r '.[0].address')
	ip netns add devC
	c_ino=$(ino /run/netns/devC)
	ip link set eth0 netns devC
	c_cookie=$(field devC .cookie)
	ip netns del devC
	wait_state "cookie:$c_cookie" dead >/dev/null
	for _ in $(seq 100); do ip link show eth0 >/dev/null 2>&1 && break; sleep 0.1; done
	back=$(events ".type == \"dev_move\" and .from.cookie == $c_cookie")
	check "physical NIC returned to init_net on netns exit, reason netns-exit" \
		eq "$(jq -r '"\(.from.inode) \(.to.inode) \(.reason)"' <<<"$back")" "$c_ino $init_ino netns-exit"
	check "physical NIC listed in init_net again, kind physical, same MAC" \
		eq "$("$NSTRACK" devices -j | jq -r --argjson i "$init_ino" '.[] | select(.netns_inode == $i and .mac == "'"$mac"'") | "\(.kind)"')" physical
	dev_name=$(ip -j link | jq -r --arg m "$mac" '.[] | select(.address == $m) | .ifname')
	check "physical NIC back under the name ip reports" \
		eq "$(jq -r .to.name <<<"$back")" "$dev_name"
else
	check "second NIC present in the VM" false
fi
ip netns del devB

# 1000 devices across 100 namespaces: the union of ip -n NS link.
for n in $(seq 1 100); do echo "netns add dv$n"; done | ip -batch -
for n in $(seq 1 100); do
	for d in $(seq 1 9); do echo "link add d$d type dummy"; done | ip -n "dv$n" -batch -
done
want=$(for n in $(seq 1 100); do
	i=$(ino "/run/netns/dv$n")
	ip -n "dv$n" -j link | jq -r --arg i "$i" '.[] | "\($i) \(.ifindex) \(.ifname) \(.address)"'
done | sort)
got=$("$NSTRACK" devices -j | jq -r '.[] | "\(.netns_inode) \(.ifindex) \(.name) \(.mac)"' | sort |
	grep -F -f <(for n in $(seq 1 100); do echo "$(ino "/run/netns/dv$n") "; done))
check "1000 devices in 100 namespaces: devices -j equals the union of ip -n NS link" \
	eq "$(wc -l <<<"$got") $([ "$got" = "$want" ] && echo same)" "1000 same"
for n in $(seq 1 100); do echo "netns del dv$n"; done | ip -batch -
