#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make lifecycle-doc": walks a namespace through its life
# and the veth/bridge/NAT tutorial, and keeps what each command printed in
# $NSTRACK_OUT/lifecycle/NAME.txt for docs/lifecycle.md.in to quote.
# Addresses are only inside namespaces made here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/scenarios/lib.sh"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

cap=$NSTRACK_OUT/lifecycle
mkdir -p "$cap"

# capture NAME CMD...: run CMD, keep "# CMD" and its output under NAME
# (appended, so that one capture can hold several commands)
capture() {
	local name=$1
	shift
	{ echo "# ${*/#$REPO\/user\//}"; "$@" 2>&1 || echo "(exit status $?)"; } >>"$cap/$name.txt"
}
nstrack() { "$NSTRACK" "$@"; }
newest() { nstrack history -j | jq '.[-1].seq // 0'; }

for m in veth bridge nf_tables nft_chain_nat nft_masq; do
	modprobe -q "$m" 2>/dev/null || true
done
rm -f "$cap"/*.txt
nstrack_load

# 1. creation: the pernet inits, nstrack's before loopback's
s=$(newest)
capture create ip netns add demo
capture create nstrack monitor --since $((s + 1)) --count 2 --timeout 60
capture show nstrack show demo

# 2. what holds it: the name (a bind mount), then also a process
capture holders-name nstrack holders demo
ip netns exec demo sleep 600 &
holder=$!
while [ "$(ino /proc/$holder/ns/net)" != "$(ino /run/netns/demo)" ]; do sleep 0.1; done
demo_ino=$(ino /run/netns/demo)
demo_cookie=$(field demo .cookie)
capture holders-both nstrack holders demo

# 3. deleting the name is not the end while a process is in it
capture del-held ip netns del demo
capture del-held nstrack show "cookie:$demo_cookie"
capture del-held nstrack holders "cookie:$demo_cookie"
kill "$holder"
wait "$holder" 2>/dev/null || true
wait_state "cookie:$demo_cookie" dead
capture timeline nstrack show --timeline "cookie:$demo_cookie"

# 4. devices at teardown: a veth is deleted, a physical NIC goes home
nic=$(ip -j link show | jq -r '[.[] | select(.ifname != "lo" and (.link_type == "ether")) | .ifname][0] // empty')
ip netns add phys
phys_cookie=$(field phys .cookie)
ip -n phys link add pv0 type veth peer name pv1
[ -n "$nic" ] && ip link set "$nic" netns phys
capture devices-in nstrack devices phys
ip netns del phys
wait_state "cookie:$phys_cookie" dead
capture devices-out nstrack show --timeline "cookie:$phys_cookie"

# 5. the tutorial: two namespaces on a bridge, one behind NAT
s=$(newest)
capture tutorial nstrack add blue
capture tutorial nstrack add red
capture tutorial nstrack connect blue --bridge br0 --addr 10.200.0.2/24 --nat
capture tutorial nstrack connect red --bridge br0 --addr 10.200.0.3/24
capture tutorial-ping nstrack exec blue ping -c 1 -W 5 10.200.0.3
capture tutorial-list nstrack list
capture tutorial-devices nstrack devices
capture tutorial-history nstrack history
capture tutorial-nft nft list table ip nstrack
capture tutorial-down nstrack disconnect blue
capture tutorial-down nstrack disconnect red
capture tutorial-down nstrack del blue
capture tutorial-down nstrack del red
capture tutorial-down ip link show br0

nstrack_unload
