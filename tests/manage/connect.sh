#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect and disconnect against the running kernel, with iproute2, nft
# and a python3 UDP listener as oracles.  Runs as root; touches only
# namespaces it makes itself, all named $P-*, and never configures the
# current namespace: every connect runs inside $P-host (nsenter --net,
# so the names it makes reach this mount namespace), which plays the
# host, with $P-out as the outside world behind it.
#
#   $P-a eth0 10.78.0.2/24 ─┐
#                           ├ br0 10.78.0.1/24 ┐
#   $P-b eth0 10.78.0.3/24 ─┘  (--nat for b:   │  $P-host
#                               10.78.0.0/24)  ├ up0 10.78.255.1/24 ─veth─ o0 10.78.255.2/24  $P-out
#   $P-c eth0 10.79.0.2/24 ─── br1 10.79.0.1/24┘                           (route to 10.79.0.0/24 only)
#
# Every check prints "PASS: manage: ..." or "FAIL: manage: ..."; the exit
# status is 1 if any failed.  NSTRACK= names the tool.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

NSTRACK=${NSTRACK:-$REPO/user/nstrack}
P=nstc$$
HOST=$P-host OUT=$P-out
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-connect.XXXXXX")

cleanup() {
	local ns
	[ -n "${listener:-}" ] && kill "$listener" 2>/dev/null
	for ns in $(ip netns list | awk '{ print $1 }'); do
		case $ns in "$P"-*) ip netns del "$ns" ;; esac
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass "manage: connect: $1"; }
ko() {
	fail "manage: connect: $1"
	failed=1
	shift
	[ $# -gt 0 ] && printf '    %s\n' "$@" >&2
	return 0
}
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else ko "$name" "failed: $*"; fi
}
eq() {
	[ "$1" = "$2" ] && return 0
	printf '    got  %s\n    want %s\n' "$1" "$2" >&2
	return 1
}

for m in veth bridge nf_tables nft_masq nft_chain_nat nf_nat; do
	modprobe -q "$m" 2>/dev/null || true
done

# in the host namespace: H CMD...; the tool there: run ARGS...
H() { nsenter --net="/run/netns/$HOST" "$@"; }
run() {
	H "$NSTRACK" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
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

# Everything connect may touch: links of the host namespace (name, kind,
# master, alias, up), its addresses, its nft ruleset and forwarding, our
# names under /run/netns and their mounts, the links of each of them.
state() {
	local ns
	H ip -d -j link show | jq -c '[.[] | {n: .ifname, k: .linkinfo.info_kind,
		m: .master, a: .ifalias, up: (.flags | index("UP") != null)}] | sort_by(.n)'
	H ip -j addr show | jq -c '[.[] | {n: .ifname, a: [.addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"]}]'
	H nft -j list ruleset | jq -c '[.nftables[] | select(.table or .chain or .rule) | del(.[].handle)]'
	H cat /proc/sys/net/ipv4/ip_forward
	ls /run/netns | grep "^$P-" || true
	grep -c "/run/netns/$P-" /proc/self/mountinfo || true
	for ns in $(ls /run/netns | grep "^$P-" | grep -v -e "^$HOST\$" -e "^$OUT\$"); do
		echo "$ns: $(ip -n "$ns" -j link show 2>&1 | jq -c '[.[].ifname]' 2>&1)"
	done
}

# refuses NAME REGEX ARGS...: exit 1, nothing on stdout, one stderr line
# "nstrack: <cmd>: ..." matching REGEX, and nothing changed.
refuses() {
	local name=$1 want=$2 before after
	shift 2
	before=$(state)
	run "$@"
	after=$(state)
	if [ "$rc" -ne 1 ] || [ -n "$out" ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] ||
	   ! printf '%s\n' "$err" | grep -Eq "^nstrack: (dis)?connect: $want\$"; then
		ko "refuses: $name" "nstrack $*: exit $rc" "stderr: $err" "want: $want"
	elif [ "$before" != "$after" ]; then
		ko "refuses: $name: nothing changed" "before: $before" "after:  $after"
	else
		ok "refuses: $name (nothing changed)"
	fi
}

quiet() { "$@" >/dev/null 2>&1; }

# The source address a UDP datagram from namespace $1 to the outside
# shows there.
source_seen() {
	local from=$1 dst=$2
	ip netns exec "$OUT" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 5555)); s.settimeout(10)
open(sys.argv[1], "w").close()
print(s.recvfrom(100)[1][0])' "$tmp/ready" >"$tmp/seen" 2>&1 &
	listener=$!
	for _ in $(seq 100); do [ -e "$tmp/ready" ] && break; sleep 0.05; done
	ip netns exec "$from" python3 -c '
import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", (sys.argv[1], 5555))' "$dst"
	wait "$listener"
	listener=
	rm -f "$tmp/ready"
	cat "$tmp/seen"
}

mounts_before=$(grep -c /run/netns/ /proc/self/mountinfo)
links_before=$(ip -j link show | jq -c '[.[].ifname] | sort')
rules_before=$(nft -j list ruleset 2>/dev/null | jq -c '[.nftables[] | select(.table)]')

# the host and the outside, made with iproute2
ip netns add "$HOST"
ip netns add "$OUT"
ip -n "$HOST" link add up0 type veth peer name o0 netns "$OUT"
ip -n "$HOST" addr add 10.78.255.1/24 dev up0
ip -n "$OUT" addr add 10.78.255.2/24 dev o0
ip -n "$HOST" link set up0 up
ip -n "$OUT" link set o0 up
ip -n "$OUT" route add 10.79.0.0/24 via 10.78.255.1
H sysctl -qw net.ipv4.ip_forward=0

# ---- two namespaces on one bridge ----
succeeds "connect: a new namespace on a new bridge" \
	connect "$P-a" --bridge br0 --addr 10.78.0.2/24
check "connect: the name exists, as ip netns sees it" quiet ip -n "$P-a" link show lo
check "connect: eth0 up with its address in the namespace" \
	eq "$(ip -n "$P-a" -j addr show dev eth0 | jq -r '.[0] | "\(.operstate != "DOWN") \([.addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(","))"')" "true 10.78.0.2/24"
check "connect: lo up" eq "$(ip -n "$P-a" -j link show lo | jq -r '.[0].flags | index("UP") != null')" true
check "connect: default route via the gateway" \
	eq "$(ip -n "$P-a" -j route show default | jq -r '.[0] | "\(.gateway) \(.dev)"')" "10.78.0.1 eth0"
check "connect: the bridge, up, with the gateway address and nstrack's alias" \
	eq "$(H ip -d -j addr show dev br0 | jq -r '.[0] | "\(.linkinfo.info_kind) \(.flags | index("UP") != null) \(.ifalias) \([.addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(","))"')" \
	   "bridge true nstrack connect 10.78.0.1/24"
check "connect: vh-NS is a port of the bridge" \
	eq "$(H ip -j link show "vh-$P-a" | jq -r '.[0].master')" br0
succeeds "connect: a second namespace on the same bridge, with --nat" \
	connect "$P-b" --bridge br0 --addr 10.78.0.3/24 --nat
check "connect: the bridge's address is reused" \
	eq "$(H ip -j addr show dev br0 | jq -c '[.[0].addr_info[] | select(.family == "inet") | .local]')" '["10.78.0.1"]'
check "ping: a reaches b over the bridge" quiet ip netns exec "$P-a" ping -c 1 -W 5 10.78.0.3
check "ping: b reaches a" quiet ip netns exec "$P-b" ping -c 1 -W 5 10.78.0.2
check "nat: nft shows nstrack's table with b's masquerade rule" \
	eq "$(H nft -j list ruleset | jq -r '[.nftables[] | select(.rule) | .rule | "\(.table) \(.chain) \(.comment)"] | join(",")')" \
	   "nstrack postrouting nstrack connect $P-b"
check "nat: forwarding turned on" eq "$(H cat /proc/sys/net/ipv4/ip_forward)" 1
check "nat: the outside sees the host's uplink address" \
	eq "$(source_seen "$P-b" 10.78.255.2)" 10.78.255.1

# ---- without --nat: the namespace's own address ----
succeeds "connect: a third namespace on a second bridge, no --nat" \
	connect "$P-c" --bridge br1 --addr 10.79.0.2/24 --gw 10.79.0.1
check "no nat: the outside sees the namespace's own address" \
	eq "$(source_seen "$P-c" 10.78.255.2)" 10.79.0.2

# ---- bad input: one line, nothing changed ----
long=$(printf 'n%.0s' $(seq 256))
refuses "no namespace given" "missing argument \(try 'nstrack connect --help'\)" \
	connect --bridge br0 --addr 10.78.0.9/24
refuses "no --addr" "--addr is required \(try 'nstrack connect --help'\)" \
	connect "$P-x" --bridge br0
refuses "already connected" "netns $P-a is already connected \(vh-$P-a exists in the current netns\)" \
	connect "$P-a" --bridge br0 --addr 10.78.0.9/24
refuses "invalid CIDR" "invalid address '10.78.0.300/24': .*" \
	connect "$P-x" --bridge br0 --addr 10.78.0.300/24
refuses "CIDR without prefix" "invalid address '10.78.0.9': .*" \
	connect "$P-x" --bridge br0 --addr 10.78.0.9
refuses "the subnet's own address" "invalid address '10.78.0.0/24': a subnet's own address, not a host address" \
	connect "$P-x" --bridge br0 --addr 10.78.0.0/24
refuses "gateway outside the subnet" "invalid gateway '10.1.0.1': the gateway is not in the subnet of the address" \
	connect "$P-x" --bridge br0 --addr 10.78.0.9/24 --gw 10.1.0.1
refuses "device in use as the bridge" "up0: not a bridge in the current netns \(veth\)" \
	connect "$P-x" --bridge up0 --addr 10.78.0.9/24
refuses "bridge name too long" "br-0123456789abc: name too long \(at most 15 characters\)" \
	connect "$P-x" --bridge br-0123456789abc --addr 10.78.0.9/24
refuses "namespace name too long" "invalid name 'n+\.\.\.': .*" \
	connect "$long" --bridge br0 --addr 10.78.0.9/24
refuses "disconnect: not connected" "netns $P-x is not connected \(no vh-$P-x in the current netns, no NAT rule\)" \
	disconnect "$P-x"

# ---- disconnect ----
succeeds "disconnect: b" disconnect "$P-b"
check "disconnect: b's veth is gone" eq "$(H ip -j link show | jq -c "[.[] | select(.ifname == \"vh-$P-b\")]")" "[]"
check "disconnect: the bridge stays while a is on it" quiet H ip link show br0
check "disconnect: no nft table left" eq "$(H nft -j list ruleset | jq -c '[.nftables[] | select(.table)]')" "[]"
check "disconnect: forwarding back off" eq "$(H cat /proc/sys/net/ipv4/ip_forward)" 0
check "disconnect: the name stays without --del" quiet ip -n "$P-b" link show lo

# ---- rollback ----
# the namespace's end name is taken there: the new bridge goes again
ip netns add "$P-r"
ip -n "$P-r" link add eth0 type veth peer name eth1
before=$(state)
run connect "$P-r" --bridge br2 --addr 10.80.0.2/24
check "rollback: eth0 taken in the namespace: refused in one line" \
	eq "$rc $(printf '%s\n' "$err" | wc -l) $err" "1 1 nstrack: connect: eth0: name already exists in netns $P-r"
check "rollback: the new bridge is gone, the namespace stays as it was" \
	eq "$(state)" "$before"
# the NAT step fails (a table of that name the tool cannot use): the
# veth, the new bridge and the new namespace all go again
ip netns del "$P-r"
H nft add table ip nstrack
H nft add chain ip nstrack postrouting '{ type filter hook postrouting priority 0; }'
before=$(state)
run connect "$P-r" --bridge br2 --addr 10.80.0.2/24 --nat
check "rollback: NAT step fails: refused, one line" \
	eq "$rc $(printf '%s\n' "$err" | grep -c .)" "1 1"
check "rollback: veth, bridge and namespace undone" eq "$(state)" "$before"
# an existing bridge gets the gateway address; undone too
H ip link add br3 type bridge
before=$(state)
run connect "$P-r" --bridge br3 --addr 10.81.0.2/24 --nat
check "rollback: the gateway address added to an existing bridge is removed" \
	eq "$rc $(state)" "1 $before"
H nft delete table ip nstrack
H ip link del br3

succeeds "disconnect --del: a" disconnect "$P-a" --del
check "disconnect: the bridge connect made goes with its last port" \
	eq "$(H ip -j link show | jq -c '[.[] | select(.ifname == "br0")]')" "[]"
check "disconnect --del: the name is gone" test ! -e "/run/netns/$P-a"
# del takes back NS's NAT rule too
succeeds "connect: d with --nat" connect "$P-d" --bridge br1 --addr 10.79.0.3/24 --nat
succeeds "del: d" del "$P-d"
check "del: d's NAT rule and the table are gone" \
	eq "$(H nft -j list ruleset | jq -c '[.nftables[] | select(.table)]')" "[]"
succeeds "disconnect --del: c" disconnect "$P-c" --del
succeeds "del: b" del "$P-b"
check "teardown: only the uplink is left in the host" \
	eq "$(H ip -j link show | jq -c '[.[].ifname] | sort')" '["lo","up0"]'

ip netns del "$HOST"
ip netns del "$OUT"
check "teardown: no name of ours left" eq "$(ls /run/netns | grep -c "^$P-")" 0
check "teardown: no bind mount left" eq "$(grep -c /run/netns/ /proc/self/mountinfo)" "$mounts_before"
check "teardown: the current namespace's links untouched" \
	eq "$(ip -j link show | jq -c '[.[].ifname] | sort')" "$links_before"
check "teardown: the current namespace's nft tables untouched" \
	eq "$(nft -j list ruleset 2>/dev/null | jq -c '[.nftables[] | select(.table)]')" "$rules_before"

if [ "$failed" -ne 0 ]; then
	echo "connect.sh: some checks failed" >&2
	exit 1
fi
