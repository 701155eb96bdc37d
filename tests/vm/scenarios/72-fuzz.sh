# SPDX-License-Identifier: GPL-2.0
# The family under fuzzing: genlfuzz (tests/tools/genlfuzz.c) sends
# generated and mutated requests as root and as uid 65534 with no
# capabilities, and checks that each gets exactly the answer the netlink
# core and the family owe it (as uid 65534: EPERM for every command, unless
# the core refuses the message before the permission check).  Then the
# kernel log since the start must be clean, and the module must still
# answer correctly, against stat, SO_NETNS_COOKIE and /proc.
#
#   init_net ── fz0: lo, fz-a ──veth── fz-b, lo :fz1     (so dumps have content)
#
# NSTRACK_FUZZ_COUNT (default 100000) messages per run, NSTRACK_FUZZ_SEED
# (default 72; the unprivileged run uses the next one).  The runs' output
# goes to $NSTRACK_OUT/72-fuzz-root.log and 72-fuzz-user.log.

FUZZ=$REPO/tests/out/bin/genlfuzz
fuzz_count=${NSTRACK_FUZZ_COUNT:-100000}
fuzz_seed=${NSTRACK_FUZZ_SEED:-72}
fuzz_log=${NSTRACK_OUT:-/tmp}/72-fuzz

# Alive namespaces as nstrack lists them, inodes sorted.
listed_alive() {
	"$NSTRACK" list -j | jq -r '.[] | select(.state == "alive") | .inode' | sort -n
}

# The independent count: every network namespace a thread is in, an open
# file refers to, or an nsfs file is mounted from, in any mount namespace.
proc_alive() {
	{
		find /proc/[0-9]*/task/[0-9]*/ns/net /proc/[0-9]*/fd -maxdepth 1 \
			-printf '%l\n' 2>/dev/null
		cat /proc/[0-9]*/mountinfo 2>/dev/null | awk '/ - nsfs / { print $4 }'
	} | sed -n 's/^net:\[\([0-9]*\)\]$/\1/p' | sort -un
}

# run_fuzz LOG ARGS...: one genlfuzz run; its summary lines are shown.
run_fuzz() {
	local log=$1 rc start
	shift
	start=$SECONDS
	"$FUZZ" --count "$fuzz_count" "$@" >"$log" 2>&1
	rc=$?
	sed -n 's/^genlfuzz: /    /p' "$log" | grep -v '^    FAIL: ' | head -n 24
	grep '^genlfuzz: FAIL: ' -A 3 "$log" | head -n 24 | sed 's/^/    /'
	echo "    ($((SECONDS - start)) s)"
	return $rc
}

ip netns add fz0
ip netns add fz1
ip link add fz-a type veth peer name fz-b
ip link set fz-a netns fz0
ip link set fz-b netns fz1
ip -n fz0 link set lo up
ip -n fz1 link set fz-b up

echo "fuzz-72: start" >/dev/kmsg
check "genlfuzz as root: $fuzz_count requests, each answered as owed" \
	run_fuzz "$fuzz_log-root.log" --seed "$fuzz_seed"
check "genlfuzz as uid 65534 without capabilities: $fuzz_count requests, EPERM for every command" \
	run_fuzz "$fuzz_log-user.log" --seed "$((fuzz_seed + 1))" --uid 65534 --expect-eperm

problems=$(dmesg | sed -n '/fuzz-72: start/,$p' |
	grep -E 'WARNING|BUG|Oops|KASAN|UBSAN|Call Trace|general protection|refcount_t|nstrack')
check "kernel log clean while fuzzing" eq "$problems" ""

# Still answering, and correctly.
ip netns add fzafter
check "after fuzzing: a new namespace is shown with its inode" \
	eq "$("$NSTRACK" show -j fzafter | jq -r '"\(.inode) \(.state)"')" \
	   "$(ino /run/netns/fzafter) alive"
check "after fuzzing: its cookie is SO_NETNS_COOKIE inside it" \
	eq "$("$NSTRACK" show -j fzafter | jq -r .cookie)" \
	   "$(ip netns exec fzafter "$COOKIE_ORACLE")"
check "after fuzzing: devices of fz1 listed as ip shows them" \
	eq "$("$NSTRACK" devices -j fz1 | jq -r '[.[] | "\(.ifindex):\(.name)"] | sort | join(",")')" \
	   "$(ip -n fz1 -j link | jq -r '[.[] | "\(.ifindex):\(.ifname)"] | sort | join(",")')"

# Teardowns of earlier scenarios run in a work queue: bounded wait (not an
# assertion) until nothing is dying, then compare.
for _ in $(seq 60); do
	"$NSTRACK" list -j | jq -e 'all(.[]; .state != "dying")' >/dev/null &&
		[ "$(listed_alive)" = "$(proc_alive)" ] && break
	sleep 1
done
check "after fuzzing: alive namespaces listed are those /proc shows ($(proc_alive | wc -l))" \
	eq "$(listed_alive | tr '\n' ' ')" "$(proc_alive | tr '\n' ' ')"

ip netns del fzafter
ip netns del fz0
ip netns del fz1
