# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest-side scenario runner and every scenario.
# Each check prints one "PASS: <kernel>: <what>" or "FAIL: ..." line.

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
KVER=${NSTRACK_KVER:-$(uname -r)}
NSTRACK=$REPO/user/nstrack
KO=$REPO/build/$KVER/nstrack.ko

# check "what" command...: runs the command, one result line.
check() {
	local what=$1
	shift
	if "$@"; then
		echo "PASS: $KVER: $what"
	else
		echo "FAIL: $KVER: $what"
	fi
}

# eq GOT WANT: equality that says what differed.
eq() {
	[ "$1" = "$2" ] && return 0
	echo "    got '$1', want '$2'" >&2
	return 1
}

# The independent oracle for a cookie: SO_NETNS_COOKIE on a socket opened
# inside the namespace; run it under ip netns exec or nsenter.
COOKIE_ORACLE=$REPO/tests/vm/scenarios/netns-cookie.py

# The nsfs inode of a namespace file, as stat sees it.
ino() { stat -L -c %i "$1"; }

nstrack_load() { insmod "$KO" "$@"; }
nstrack_unload() { rmmod nstrack; }

# One record of "nstrack list -j" by inode (live preferred), as JSON.
record_by_inode() {
	"$NSTRACK" list -j | jq -c --argjson i "$1" \
		'[.[] | select(.inode == $i)] | (map(select(.state != "dead")) + .) | .[0] // empty'
}

# The field of the record selected by NS (any form "nstrack show" takes).
field() { "$NSTRACK" show -j "$1" | jq -r "$2"; }

# Start "unshare -n sleep" in the background; prints its pid once the new
# namespace is in place.
spawn_netns_holder() {
	local pid self
	self=$(ino /proc/self/ns/net)
	"$@" sleep 3600 </dev/null >/dev/null 2>&1 &
	pid=$!
	while [ "$(ino /proc/$pid/ns/net 2>/dev/null || echo "$self")" = "$self" ] ||
	      [ "$(readlink /proc/$pid/exe)" != "$(readlink -f "$(command -v sleep)")" ]; do
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	echo "$pid"
}

# Bounded wait (not a timing assertion): teardown runs in a work queue.
wait_state() {
	local sel=$1 want=$2 i
	for i in $(seq 600); do
		[ "$(field "$sel" .state 2>/dev/null)" = "$want" ] && return 0
		sleep 0.2
	done
	echo "    $sel never reached $want" >&2
	return 1
}
