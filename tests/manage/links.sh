#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The link, bridge, addr and route commands against the running kernel,
# each checked with iproute2 as the oracle (ip -j link/addr/route,
# bridge -j link).  Runs as root on any machine with veth and bridge
# support (built in or as modules); touches only namespaces it makes
# itself, all named $P-*, and removes them on exit, whatever happens.
#
#   $P-a                    $P-br                    $P-b
#   ea 10.77.0.1/24 ─veth─ pa ┐                ┌ pb ─veth─ eb 10.77.0.2/24
#   fd77::1/64                └──── br0 (up) ──┘           fd77::2/64
#   default via 10.77.0.254                                default via fd77::fe
#
#   $P-x: veths made, moved and deleted on their own.
#
# Every check prints "PASS: manage: ..." or "FAIL: manage: ..."; the exit
# status is 1 if any failed.  NSTRACK= names the tool (default: the one
# built in user/).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

NSTRACK=${NSTRACK:-$REPO/user/nstrack}
P=nstl$$
A=$P-a B=$P-b BR=$P-br X=$P-x
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-links.XXXXXX")

cleanup() {
	local ns
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
	for ns in $(ip netns list | awk '{ print $1 }'); do
		case $ns in "$P"-*) ip netns del "$ns" ;; esac
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass "manage: $1"; }
ko() {
	fail "manage: $1"
	failed=1
	shift
	[ $# -gt 0 ] && printf '    %s\n' "$@" >&2
	return 0
}

# check NAME COMMAND...: PASS if COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else ko "$name" "failed: $*"; fi
}

# run ARGS...: the tool (as the user "as" says, if set), with rc, out and
# err set.
as=()
run() {
	"${as[@]}" "$NSTRACK" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# succeeds NAME ARGS...: the command works and prints nothing at all.
succeeds() {
	local name=$1
	shift
	run "$@"
	if [ "$rc" -eq 0 ] && [ -z "$out" ] && [ -z "$err" ]; then
		ok "$name"
	else
		ko "$name" "nstrack $*: exit $rc" "stdout: $out" "stderr: $err"
	fi
}

# The state of everything the tool may touch: the links (name, kind,
# master, up or not), addresses and routes of our namespaces, and the
# links of the current namespace that have names this script uses (the
# rest of the machine may change meanwhile), without counters or timers.
# One jq for all (jq is slow to start).
OURS='^(ea|eb|pa|pb|xb|x[0-9]|n[0-9]|br[0-9])$'
L='[.[] | {ifname, ifindex, kind: .linkinfo.info_kind, master,
	   up: (.flags | index(["UP"]) != null)}] | sort_by(.ifname)'
ours='[.[] | select(.ifname | test($ours))]'
snapshot() {
	local ns
	{
		ip -d -j link show
		for ns in "$A" "$B" "$BR" "$X"; do
			ip -n "$ns" -d -j link show
			ip -n "$ns" -j addr show
			ip -n "$ns" -j route show table all
		done
	} | jq -c -s --arg ours "$OURS" "def L: $L; def O: $ours;"'
		def A: [.[] | {ifname, a: [.addr_info[] |
			"\(.local)/\(.prefixlen)"] | sort}] | sort_by(.ifname);
		def R: sort_by(.dst, .gateway, .table);
		. as $d | [$d[0] | O | L] + [range(1; length; 3) as $i |
			($d[$i] | L), ($d[$i + 1] | A), ($d[$i + 2] | R)] | .[]'
}

# Wait (up to 10 s) until no IPv6 address of our namespaces is tentative:
# the end of duplicate address detection adds routes by itself.
settle() {
	local ns i
	for i in $(seq 100); do
		for ns in "$A" "$B" "$BR" "$X"; do
			ip -n "$ns" -6 addr show | grep -q tentative && break
		done || return 0
		sleep 0.1
	done
}

# refuses NAME PATTERN ARGS...: exit 1, nothing on stdout, exactly one
# line on stderr, "nstrack: " and matching the extended regex PATTERN,
# and nothing changed anywhere.
refuses() {
	local name=$1 pattern=$2 before after
	shift 2
	before=$(snapshot)
	run "$@"
	after=$(snapshot)
	if [ "$rc" -ne 1 ]; then
		ko "$name" "nstrack $*: exit $rc, expected 1" "stderr: $err"
	elif [ -n "$out" ]; then
		ko "$name" "nstrack $*: printed on stdout: $out"
	elif [ "$(wc -l <"$tmp/err")" -ne 1 ] ||
	     ! grep -Eq "^nstrack: ($pattern)\$" "$tmp/err"; then
		ko "$name" "nstrack $*: stderr is not one line matching" \
		   "  nstrack: $pattern" "it is: $err"
	elif [ "$before" != "$after" ]; then
		ko "$name" "nstrack $*: something changed:" \
		   "$(diff <(echo "$before") <(echo "$after"))"
	else
		ok "$name"
	fi
}

# jq over "ip -n NS -d -j link show DEV" (empty if DEV is not there)
link_json() {
	ip -n "$1" -d -j link show dev "$2" 2>/dev/null | jq -c '.[0]'
}
link_is() {
	local j
	j=$(link_json "$1" "$2")
	[ -n "$j" ] && jq -e "$3" <<<"$j" >/dev/null
}
absent() { ! ip -n "$1" link show dev "$2" >/dev/null 2>&1; }
up='(.flags | index(["UP"]) != null)'

[ "$(id -u)" -eq 0 ] || { echo "links.sh: must run as root" >&2; exit 1; }
[ -x "$NSTRACK" ] || { echo "links.sh: no tool at $NSTRACK (make tool)" >&2; exit 1; }
modprobe -q veth 2>/dev/null || true
modprobe -q bridge 2>/dev/null || true

for ns in "$A" "$B" "$BR" "$X"; do
	ip netns add "$ns" || { echo "links.sh: cannot add netns $ns" >&2; exit 1; }
done
host_ours() { ip -d -j link show | jq -c --arg ours "$OURS" "$ours | $L"; }
check "none of our names in the current namespace before" \
	test "$(host_ours)" = "[]"

# ---- veth pairs ----

succeeds "link veth: ends in two namespaces" link veth ea pa --ns-a "$A" --ns-b "$BR"
check "link veth: A end is a veth, up, in its namespace" \
	link_is "$A" ea ".linkinfo.info_kind == \"veth\" and $up"
check "link veth: B end is a veth, up, in its namespace" \
	link_is "$BR" pa ".linkinfo.info_kind == \"veth\" and $up"
pa_index=$(link_json "$BR" pa | jq .ifindex)
check "link veth: the two ends are peers" \
	link_is "$A" ea ".link_index == $pa_index"
check "link veth: nothing of it in the current namespace" \
	eval '! ip link show dev ea >/dev/null 2>&1 && ! ip link show dev pa >/dev/null 2>&1'

# the namespace as a path and as pid:PID
ip netns exec "$B" sleep 300 &
holder=$!
for _ in $(seq 50); do
	[ "$(readlink "/proc/$holder/ns/net")" = "$(ip netns exec "$B" readlink /proc/self/ns/net)" ] && break
	sleep 0.1
done
succeeds "link veth: NS as a path and as pid:PID" \
	link veth eb pb --ns-a "pid:$holder" --ns-b "/run/netns/$BR"
check "link veth: pid:PID end in that process's namespace" \
	link_is "$B" eb ".linkinfo.info_kind == \"veth\" and $up"
check "link veth: path end in that namespace" link_is "$BR" pb "$up"

succeeds "link veth: both ends in one namespace" link veth x1 x2 --ns-a "$X" --ns-b "$X"
check "link veth: both ends there, up" \
	eval 'link_is "$X" x1 "$up" && link_is "$X" x2 "$up"'

# ---- moves and deletions ----

succeeds "link move: to another namespace" link move x2 "$A" --ns "$X"
check "link move: gone from the old namespace" absent "$X" x2
check "link move: in the new one, up again" link_is "$A" x2 "$up"
check "link move: still the peer of the other end" \
	link_is "$X" x1 ".link_index == $(link_json "$A" x2 | jq .ifindex)"
succeeds "link move: a device that was down stays down" link veth x3 x4 --ns-a "$X" --ns-b "$X"
ip -n "$X" link set x4 down
succeeds "link move: a down device" link move x4 "$B" --ns "$X"
check "link move: the down device is down there" link_is "$B" x4 "$up | not"

succeeds "link del: a veth end" link del x1 --ns "$X"
check "link del: the end is gone" absent "$X" x1
check "link del: its peer in the other namespace went with it" absent "$A" x2
succeeds "link del: the end of a moved pair" link del x4 --ns "$B"
check "link del: both ends of that pair are gone" \
	eval 'absent "$B" x4 && absent "$X" x3'

# ---- bridge ----

succeeds "bridge add" bridge add br0 --ns "$BR"
check "bridge add: a bridge, up" \
	link_is "$BR" br0 ".linkinfo.info_kind == \"bridge\" and $up"
succeeds "bridge attach: first port" bridge attach br0 pa --ns "$BR"
succeeds "bridge attach: second port" bridge attach br0 pb --ns "$BR"
ports=$(ip netns exec "$BR" bridge -j link show |
	jq -r '[.[] | select(.master == "br0") | .ifname] | sort | join(",")')
check "bridge attach: bridge link shows both ports on br0" \
	test "$ports" = "pa,pb"
check "bridge attach: ip link shows br0 as master" \
	link_is "$BR" pa '.master == "br0" and .linkinfo.info_slave_kind == "bridge"'
succeeds "bridge attach: again to the same bridge changes nothing" \
	bridge attach br0 pa --ns "$BR"

# ---- addresses ----

succeeds "addr add: IPv4 in A" addr add "$A" ea 10.77.0.1/24
succeeds "addr add: IPv4 in B" addr add "$B" eb 10.77.0.2/24
succeeds "addr add: IPv6" addr add "$A" ea fd77::1/64
succeeds "addr add: IPv6 in B" addr add "$B" eb fd77::2/64
addrs() {
	ip -n "$1" -j addr show dev "$2" | jq -r '[.[0].addr_info[] |
		select(.scope == "global") |
		"\(.local)/\(.prefixlen)\(if .broadcast then " brd \(.broadcast)" else "" end)"]
		| sort | join(",")'
}
check "addr add: ip addr shows both, with the IPv4 broadcast" \
	test "$(addrs "$A" ea)" = "10.77.0.1/24 brd 10.77.0.255,fd77::1/64"
check "addr add: the other namespace" \
	test "$(addrs "$B" eb)" = "10.77.0.2/24 brd 10.77.0.255,fd77::2/64"

# ---- routes ----

succeeds "route add: IPv4 default via a gateway" route add "$A" default via 10.77.0.254
check "route add: ip route shows it" \
	test "$(ip -n "$A" -j route show default |
		jq -r '.[0] | "\(.gateway) \(.dev) \(.protocol)"')" = "10.77.0.254 ea static"
succeeds "route add: IPv6 default via a gateway" route add "$B" default via fd77::fe
check "route add: ip -6 route shows it" \
	test "$(ip -n "$B" -6 -j route show default |
		jq -r '.[0] | "\(.gateway) \(.dev)"')" = "fd77::fe eb"
succeeds "route add: IPv6 link-local gateway with dev" \
	route add "$A" default via fe80::1 dev ea
check "route add: ip -6 route shows it on that device" \
	test "$(ip -n "$A" -6 -j route show default |
		jq -r '.[0] | "\(.gateway) \(.dev)"')" = "fe80::1 ea"

# ---- traffic: A and B on br0 (in $P-br) reach each other ----

quiet() { "$@" >/dev/null 2>&1; }
check "ping: A reaches B through the bridge" \
	quiet ip netns exec "$A" ping -c1 -W2 10.77.0.2
check "ping: B reaches A through the bridge" \
	quiet ip netns exec "$B" ping -c1 -W2 10.77.0.1

# ---- bad input: one error line, exit 1, nothing changed ----

succeeds "a second eb, in $X" link veth eb xb --ns-a "$X" --ns-b "$X"
succeeds "second bridge, for the in-use checks" bridge add br1 --ns "$BR"
settle

refuses "missing namespace" \
	"$P-nope: no such network namespace name under /run/netns" \
	link veth n1 n2 --ns-a "$A" --ns-b "$P-nope"
refuses "missing namespace (addr add)" \
	"$P-nope: no such network namespace name under /run/netns" \
	addr add "$P-nope" ea 10.77.0.9/24
refuses "missing namespace (pid:PID)" "pid:2147483647: no such process" \
	route add pid:2147483647 default via 10.77.0.254
refuses "existing name: first end" "ea: name already exists in netns $A" \
	link veth ea n2 --ns-a "$A" --ns-b "$B"
refuses "existing name: peer, first end not left behind" \
	"eb: name already exists in netns $B" \
	link veth n1 eb --ns-a "$A" --ns-b "$B"
refuses "existing name: as the user wrote the namespace" \
	"pb: name already exists in netns /run/netns/$BR" \
	link veth n1 pb --ns-a "$A" --ns-b "/run/netns/$BR"
refuses "existing name: bridge" "br0: name already exists in netns $BR" \
	bridge add br0 --ns "$BR"
refuses "existing name: move onto a taken name" "eb: name already exists in netns $B" \
	link move eb "$B" --ns "$X"
refuses "same name twice in one namespace" \
	"n1: both ends of a veth pair cannot have the same name in netns $X" \
	link veth n1 n1 --ns-a "$X" --ns-b "$X"
refuses "invalid CIDR: no prefix" \
	"10.77.0.9: invalid CIDR \(missing /PREFIX, e.g. 10.0.0.1/24\)" \
	addr add "$A" ea 10.77.0.9
refuses "invalid CIDR: bad address" \
	"10.77.0.300/24: invalid CIDR \(not an IPv4 or IPv6 address\)" \
	addr add "$A" ea 10.77.0.300/24
refuses "invalid CIDR: prefix out of range" \
	"fd77::9/129: invalid CIDR \(prefix must be a number from 0 to 128\)" \
	addr add "$A" ea fd77::9/129
refuses "existing address" "10.77.0.1/24: address already exists on ea in netns $A" \
	addr add "$A" ea 10.77.0.1/24
refuses "invalid gateway" \
	"10.77.0.0/24: invalid gateway address \(an address without /PREFIX is expected\)" \
	route add "$A" default via 10.77.0.0/24
refuses "existing default route" \
	"default via 10.77.0.253: a default route already exists in netns $A" \
	route add "$A" default via 10.77.0.253
refuses "unreachable gateway" \
	"default via 10.99.0.1: cannot add route in netns $B: .+" \
	route add "$B" default via 10.99.0.1
refuses "device in use: attach a port of another bridge" \
	"pa: device in use in netns $BR \(attached to br0\)" \
	bridge attach br1 pa --ns "$BR"
refuses "device in use: move a bridge port" \
	"pa: device in use in netns $BR \(attached to br0\)" \
	link move pa "$A" --ns "$BR"
refuses "not a bridge" "pa: not a bridge in netns $BR" \
	bridge attach pa br1 --ns "$BR"
refuses "bridge into a bridge" \
	"br1: cannot attach to br0 in netns $BR: .+" \
	bridge attach br0 br1 --ns "$BR"
refuses "bridges cannot change namespace" \
	"br1: cannot move from netns $BR to netns $A: .+" \
	link move br1 "$A" --ns "$BR"
refuses "loopback cannot be deleted" \
	"lo: cannot delete in netns $A: not a virtual device \(veth, bridge, \.\.\.\)" \
	link del lo --ns "$A"
refuses "name too long" "abcdefghijklmnop: name too long \(at most 15 characters\)" \
	link veth abcdefghijklmnop n2 --ns-a "$A" --ns-b "$B"
refuses "name too long (bridge)" "br-0123456789abc: name too long \(at most 15 characters\)" \
	bridge add br-0123456789abc --ns "$BR"
refuses "invalid name" "a/b: invalid device name \(contains '/'\)" \
	link veth a/b n2 --ns-a "$A"
refuses "no such device" "n1: no such device in netns $A" \
	link del n1 --ns "$A"
refuses "no such device (attach, other namespace)" "ea: no such device in netns $BR" \
	bridge attach br0 ea --ns "$BR"
refuses "no such device (addr add)" "n1: no such device in netns $B" \
	addr add "$B" n1 10.77.0.9/24
refuses "loopback cannot be attached" \
	"lo: a loopback device cannot be attached to a bridge" \
	bridge attach br1 lo --ns "$BR"
as=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
refuses "unprivileged: cannot enter the namespace" \
	"cannot enter netns $A: permission denied \(CAP_SYS_ADMIN is required\)" \
	link del ea --ns "$A"
refuses "unprivileged: cannot enter the namespace (addr add)" \
	"cannot enter netns $B: permission denied \(CAP_SYS_ADMIN is required\)" \
	addr add "$B" eb 10.77.0.9/24
as=()
refuses "unknown subcommand" "link: unknown subcommand 'add' \(try 'nstrack link --help'\)" \
	link add n1

check "none of our names in the current namespace after" \
	test "$(host_ours)" = "[]"

if [ "$failed" -ne 0 ]; then
	echo "links.sh: some checks failed" >&2
	exit 1
fi
