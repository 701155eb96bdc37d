#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make demo": the classic tutorial topology, built with
# nstrack's own commands, with nstrack watching.  Addresses are only
# inside the namespaces made here and on the guest's demo bridge.
#
#   [blue] eth0 10.200.0.2/24 ── vh-blue ┐
#                                        ├─ br-demo 10.200.0.1/24 (guest)
#   [red]  eth0 10.200.0.3/24 ── vh-red ─┘
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/scenarios/lib.sh"

run() { echo "# $*"; "$@"; }

modprobe veth
modprobe bridge
run insmod "$KO"
run "$NSTRACK" add blue
run "$NSTRACK" connect blue --bridge br-demo --addr 10.200.0.2/24
run "$NSTRACK" connect red --bridge br-demo --addr 10.200.0.3/24
run "$NSTRACK" exec blue ping -c 1 -W 5 10.200.0.3
run "$NSTRACK" list
run "$NSTRACK" devices
run "$NSTRACK" disconnect red --del
for _ in $(seq 300); do
	"$NSTRACK" list -j | jq -e '[.[] | select(.state == "dead")] | length > 0' >/dev/null && break
	sleep 0.1
done
run "$NSTRACK" list
run "$NSTRACK" history
run "$NSTRACK" show blue
run "$NSTRACK" disconnect blue
run "$NSTRACK" del blue
run rmmod nstrack
