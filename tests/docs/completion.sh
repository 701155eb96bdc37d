#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bash completion (completion/nstrack.bash), sourced in this shell:
# COMPREPLY for commands, a command's options, monitor --type, names under
# /run/netns (two real namespaces made here) and device names, each
# against an independent oracle (the usage text, ip).
#
#   eco-comp-a [lo, ecc0] ==veth== [lo, ecc1] eco-comp-b
set -u
. "$(dirname "$0")/../lib/common.sh"

tool=$REPO/user/nstrack
make -s -C "$REPO" tool >/dev/null || { fail "completion: tool builds"; exit 1; }
# shellcheck source=../../completion/nstrack.bash
. "$REPO/completion/nstrack.bash"

cleanup() {
	ip netns del eco-comp-a 2>/dev/null
	ip netns del eco-comp-b 2>/dev/null
}
trap cleanup EXIT
cleanup
ip netns add eco-comp-a && ip netns add eco-comp-b &&
	ip -n eco-comp-a link add ecc0 type veth peer name ecc1 netns eco-comp-b ||
	{ fail "completion: test namespaces made"; exit 1; }

# complete WORDS...: COMPREPLY for the last word, sorted, one per line
complete_line() {
	COMP_WORDS=("$tool" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_nstrack
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then
		pass "completion: $1"
	else
		printf '    got:  %s\n    want: %s\n' "$(echo $2)" "$(echo $3)"
		fail "completion: $1"
	fi
}

expect "'nstrack li' gives the commands starting with li" \
	"$(complete_line li)" \
	"$("$tool" help | awk '/^  li/ { print $1 }' | sort)"
expect "'nstrack ' gives every command of nstrack help" \
	"$(complete_line '')" \
	"$("$tool" help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' | sort)"
expect "'nstrack -' gives the global options, --version among them" \
	"$(complete_line - | grep -c -e '^--version$' -e '^-V$' -e '^--json$')" 3
expect "'nstrack monitor --t' gives --timeout and --type" \
	"$(complete_line monitor --t)" "$(printf -- '--timeout\n--type')"
expect "'nstrack history --' gives --dev and the common options" \
	"$(complete_line history -- | tr '\n' ' ')" "--dev --help --json --pretty "
expect "'nstrack monitor --type netns_new,dev_r' completes after the comma" \
	"$(complete_line monitor --type netns_new,dev_r)" "netns_new,dev_register"
expect "'nstrack help met' gives metrics" "$(complete_line help met)" metrics

# names: ip netns list is the oracle
names=$(ip netns list | awk '{ print $1 }' | grep '^eco-comp-' | sort)
expect "'nstrack show eco-comp' gives the names under /run/netns" \
	"$(complete_line show eco-comp)" "$names"
expect "'nstrack del ' lists every name ip netns list shows" \
	"$(complete_line del '' | grep -vE '^(pid|inode|cookie):$')" \
	"$(ip netns list | awk '{ print $1 }' | sort)"
expect "'nstrack show ' also offers pid:, inode:, cookie:" \
	"$(complete_line show '' | grep -cE '^(pid|inode|cookie):$')" 3
expect "'nstrack link veth a b --ns-b eco-comp-' gives the names" \
	"$(complete_line link veth a b --ns-b eco-comp-)" "$names"

# devices: ip -o link in the namespace is the oracle
expect "'nstrack addr add eco-comp-a ' gives the devices of eco-comp-a" \
	"$(complete_line addr add eco-comp-a '')" \
	"$(ip -n eco-comp-a -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort)"
expect "'nstrack link del --ns eco-comp-b ecc' gives ecc1" \
	"$(complete_line link del --ns eco-comp-b ecc)" ecc1
expect "'nstrack link del ' without --ns gives our devices" \
	"$(complete_line link del '')" \
	"$(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort)"
