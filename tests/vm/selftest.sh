#!/bin/bash
# Check the VM harness itself: boot.sh must pass a clean run and fail each
# of the broken ones. Takes roughly a minute per kernel.
#
# usage: selftest.sh [KVER...]   (default: every kernel with /boot/vmlinuz-*
#                                 and /lib/modules/KVER on this host)
# shellcheck disable=SC2016 # the guest commands are meant to expand in the guest
set -eu

vmdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
boot=$vmdir/boot.sh

if [ $# -eq 0 ]; then
	for k in /boot/vmlinuz-*; do
		k=${k#/boot/vmlinuz-}
		[ -d "/lib/modules/$k" ] && set -- "$@" "$k"
	done
fi
[ $# -gt 0 ] || { echo "selftest: no kernels found" >&2; exit 1; }

failed=0
# expect pass|fail DESCRIPTION -- boot.sh arguments
expect() {
	local want=$1 what=$2 log got out
	shift 3
	out=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-selftest.XXXXXX")
	log=$out.log
	if "$boot" --out "$out" "$@" >"$log" 2>&1; then got=pass; else got=fail; fi
	if [ "$got" = "$want" ]; then
		echo "ok   $kver: $what ($(grep -o '[0-9]*s)' "$log" | tail -n 1 | tr -d ')'))"
	else
		echo "FAIL $kver: $what: expected $want, got $got"
		sed 's/^/    /' "$log"
		failed=1
	fi
	rm -rf "$out" "$log"
}

for kver in "$@"; do
	expect pass "namespaces and modules" -- --kver "$kver" --nic2 -- sh -ec '
		test "$(uname -r)" = "$NSTRACK_KVER"
		test -w "$NSTRACK_OUT"
		test -f tests/vm/boot.sh
		modprobe veth
		modprobe bridge
		ip link add name va type veth peer name vb
		ip link add name br0 type bridge
		ip link set va master br0
		ip netns add x
		ip link set eth0 netns x
		ip -n x link show eth0 >/dev/null
		ip netns list | grep -qx "x (id: 0)"
		lsns -t net >/dev/null
		unshare --net --uts sh -c "hostname inner; nsenter -t 1 -u hostname" | grep -qx nstrack-vm'
	expect pass "arguments are passed verbatim" -- --kver "$kver" -- \
		sh -c 'test "$1" = "a '\''b'\'' \$c" && test $# = 1' sh "a 'b' \$c"
	expect fail "non-zero exit status" -- --kver "$kver" -- sh -c 'exit 3'
	expect fail "WARNING: in the kernel log" -- --kver "$kver" -- \
		sh -c 'echo "selftest: WARNING: not a real one" >/dev/kmsg'
	expect fail "Call Trace: in the kernel log" -- --kver "$kver" -- \
		sh -c 'echo l >/proc/sysrq-trigger'
	expect fail "kernel panic" -- --kver "$kver" -- sh -c 'echo c >/proc/sysrq-trigger'
	expect fail "timeout" -- --kver "$kver" --timeout 30 -- sleep 600
done
exit "$failed"
