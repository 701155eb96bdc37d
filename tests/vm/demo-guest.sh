#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make demo": the classic two-namespace veth tutorial with
# nstrack watching.  Addresses are only inside the namespaces made here.
#
#   [blue] veth-blue 10.200.0.1/24 <----> veth-red 10.200.0.2/24 [red]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/scenarios/lib.sh"

run() { echo "# $*"; "$@"; }

modprobe veth
run insmod "$KO"
run ip netns add blue
run ip netns add red
run ip link add veth-blue type veth peer name veth-red
run ip link set veth-blue netns blue
run ip link set veth-red netns red
run ip -n blue addr add 10.200.0.1/24 dev veth-blue
run ip -n red addr add 10.200.0.2/24 dev veth-red
run ip -n blue link set veth-blue up
run ip -n red link set veth-red up
run ip netns exec blue ping -c 1 -W 5 10.200.0.2
run "$NSTRACK" list
run ip netns del red
for _ in $(seq 300); do
	"$NSTRACK" list -j | jq -e '[.[] | select(.state == "dead")] | length > 0' >/dev/null && break
	sleep 0.1
done
run "$NSTRACK" list
run "$NSTRACK" show blue
run ip netns del blue
run rmmod nstrack
