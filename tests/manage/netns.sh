#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nstrack's named namespace commands (add, del, attach, exec, identify,
# pids, set, list-id) against iproute2 as the oracle, on the real
# /run/netns of this machine.  Run as root from anywhere:
#
#   bash tests/manage/netns.sh        (NSTRACK=path overrides the tool)
#
# Every check prints "PASS: manage: ..." or "FAIL: manage: ..."; the exit
# status is non-zero if any failed.  Only names starting with $P (below)
# are made, used and removed, so other users of /run/netns are left
# alone.  What needs all the names (del -a, exec -a) or a fresh /run
# (making /run/netns a shared mount, the lock, both tools racing) runs
# in a mount namespace of its own, on a tmpfs over /run.
#
# What is made here ($P = nm<pid>-):
#
#   $Pa   nstrack add; $Pa2 (nstrack attach) names it too
#         S1 (ip netns exec), S2 (nstrack exec): sleepers in it
#         veth $Pv0 (here) -- $Pv1 (in $Pa); /etc/netns/$Pa/hosts
#   $Pb   nstrack add; a python3 process here with one thread setns()'d
#         into $Pb
#   $Pc   ip netns add; S3 (nstrack exec) in it
#   $Ph   nstrack add, then ip netns set
#   $Pe, $Pf, $Pg   made and deleted while a slave mount namespace (U)
#         watches
#
# Failures half-way are made by an LD_PRELOAD shim (failshim.c), built
# here with cc.  Needs iproute2, util-linux (unshare, flock), python3,
# jq and a C compiler.
set -u
export LC_ALL=C

if [ "${1:-}" != --isolated ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	. "$here/../lib/common.sh"
	NST=${NSTRACK:-$REPO/user/nstrack}
	P=nm$$-
	export REPO NST P
fi

failed=0
ok() { pass "manage: $*"; }
bad() { fail "manage: $*"; failed=$((failed + 1)); }

# check WHAT COMMAND...: pass if the command succeeds
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

# same WHAT GOT WANT
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1"
		printf '    got:  %s\n    want: %s\n' "$2" "$3"
	fi
}

# run COMMAND...: sets out, err (text) and rc
run() {
	out=$("$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}

# refused WHAT RC ERR COMMAND...: exit status RC, nothing on stdout,
# exactly the one line ERR on stderr
refused() {
	local what=$1 want_rc=$2 want_err=$3
	shift 3
	run "$@"
	if [ "$rc" = "$want_rc" ] && [ -z "$out" ] && [ "$err" = "$want_err" ]; then
		ok "$what"
	else
		bad "$what"
		printf '    rc %s (want %s), stdout: %s\n    stderr: %s\n    want:   %s\n' \
			"$rc" "$want_rc" "$out" "$err" "$want_err"
	fi
}

# device:inode of a namespace file
ino() { stat -L -c %d:%i "$1" 2>/dev/null; }

# is PATH a mount point in the mount namespace of process PID?
mounted_in() { awk -v p="$2" '$5 == p { f = 1 } END { exit !f }' "/proc/$1/mountinfo"; }
# its file system type
fstype_of() { awk -v p="$1" '$5 == p { for (i = 7; $i != "-"; i++); t = $(i + 1) } END { print t }' /proc/self/mountinfo; }

# wait until the shell code CODE succeeds (5 s at most)
wait_for() {
	local i
	for i in $(seq 100); do
		eval "$1" && return 0
		sleep 0.05
	done
	return 1
}

# names of ip netns list (which complains of entries that are no namespace)
ip_names() { ip netns list 2>/dev/null | awk '{ print $1 }'; }
listed() { ip_names | grep -qxF "$1"; }

# our names under /run/netns
our_names() {
	local f
	for f in /run/netns/"$P"*; do
		if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\n' "${f##*/}"; fi
	done
}

# Our mark on the system: our names and every mount point except other
# people's names (they may come and go meanwhile).
state() {
	our_names
	awk -v p="$P" '$5 !~ "^/run/netns/" || index($5, "/run/netns/" p) == 1 { print $5 }' \
		/proc/self/mountinfo | sort
}

# ---- del -a and exec -a, in a mount namespace of their own ----------------

# the namespaces mounted on our own /run/netns (the mounts of the real
# /run are still in the table, hidden by ours)
our_nsfs_mounts() {
	awk 'NR == FNR { if ($5 == "/run/netns" && / - tmpfs nstrack-test /) id = $1; next }
	     $2 == id && / - nsfs / { print $5 }' /proc/self/mountinfo /proc/self/mountinfo
}

isolated() {
	local before names inodes x i n
	# a /run of our own, shared as under systemd: no /run/netns yet, as
	# on a fresh boot.  nstrack makes it a mount point in a peer group of
	# its own, so that what is mounted under it does not spread to /run's
	# peers (as current iproute2 does; 6.1 still leaves it in /run's)
	mount -t tmpfs nstrack-test /run || { bad "isolated: tmpfs on /run"; return; }
	mount --make-shared /run
	"$NST" add y0
	same "add: on a fresh /run: /run/netns becomes one mount point" \
		"$(awk '$5 == "/run/netns" && / - tmpfs nstrack-test /' /proc/self/mountinfo | wc -l)" 1
	check "add: on a fresh /run: /run/netns has shared propagation" \
		awk '$5 == "/run/netns" && / shared:.* - tmpfs nstrack-test / { f = 1 } END { exit !f }' \
		/proc/self/mountinfo
	check "add: on a fresh /run: /run/netns is not a peer of /run" test \
		"$(awk '$5 == "/run/netns" && / - tmpfs nstrack-test / { print $7 }' /proc/self/mountinfo)" != \
		"$(awk '$5 == "/run" && / - tmpfs nstrack-test / { print $7 }' /proc/self/mountinfo)"
	"$NST" del y0
	umount -R /run

	# both tools at once, from nothing: one mount point, and every name
	# (the flock keeps the bind mounts from piling up)
	mount -t tmpfs nstrack-test /run
	for i in 1 2 3 4 5 6; do
		"$NST" add "p$i" &
		ip netns add "q$i" &
	done
	wait
	n=$(awk '$5 == "/run/netns" && / - tmpfs nstrack-test /' /proc/self/mountinfo | wc -l)
	same "add: on a fresh /run, both tools at once: /run/netns is mounted once" "$n" 1
	same "add: on a fresh /run, both tools at once: every name" \
		"$(ls /run/netns | tr '\n' ' ')" "p1 p2 p3 p4 p5 p6 q1 q2 q3 q4 q5 q6 "
	same "add: on a fresh /run, both tools at once: every name is a namespace" \
		"$(our_nsfs_mounts | wc -l)" 12
	"$NST" del -a

	# the lock is iproute2's: a flock() of /run/netns, waited for
	for x in "$NST" "ip netns"; do
		rm -f "$tmp/locked"
		flock /run/netns -c "touch $tmp/locked; sleep 1" &
		wait_for '[ -e "$tmp/locked" ]'
		n=$(date +%s%N)
		$x add lk
		n=$((($(date +%s%N) - n) / 1000000))
		wait
		check "add: ${x##*/} waits while /run/netns is locked (${n} ms)" test "$n" -ge 500
		"$NST" del lk
	done

	"$NST" add x1 && ip netns add x2 && "$NST" add x3
	check "exec -a: every name is a namespace made here" \
		test "$(ls /run/netns | tr '\n' ' ')" = "x1 x2 x3 "

	# the same namespaces as ip -all netns exec, one block each, sorted
	run "$NST" exec -a -- sh -c 'stat -L -c %i /proc/self/ns/net'
	names=$(printf '%s\n' "$out" | sed -n 's/^netns: //p' | tr '\n' ' ')
	same "exec -a: a header per name, in name order" "$names" "x1 x2 x3 "
	inodes=$(printf '%s\n' "$out" | grep -E '^[0-9]+$' | sort)
	same "exec -a: runs in every namespace, as ip -all netns exec" "$inodes" \
		"$(ip -all netns exec sh -c 'stat -L -c %i /proc/self/ns/net' | grep -E '^[0-9]+$' | sort)"
	same "exec -a: the namespaces are the named ones" "$inodes" \
		"$(for x in x1 x2 x3; do stat -L -c %i /run/netns/$x; done | sort)"
	same "exec -a: exit status 0 when every command succeeds" "$rc" 0
	same "exec -a: the output format of ip -all netns exec" \
		"$(printf '%s\n' "$out" | head -n 2 | tr '\n' '|')" "|netns: x1|"
	run "$NST" exec -a -- sh -c '[ "$(stat -L -c %i /proc/self/ns/net)" != '"$(stat -L -c %i /run/netns/x2)"' ] || exit 3'
	same "exec -a: runs on after a failure, exit status of the failure" \
		"$rc:$(printf '%s\n' "$out" | grep -c '^netns: ')" "3:3"

	# del -a: every name, a stale file too; an entry that cannot go is
	# one line, the rest still goes
	touch /run/netns/stale
	mkdir /run/netns/dir
	refused "del -a: an entry that cannot be removed is one line" 1 \
		"nstrack: del: dir: cannot remove /run/netns/dir: Is a directory" \
		"$NST" del -a
	same "del -a: every other name is gone" "$(ls -A /run/netns)" dir
	same "del -a: ip netns list agrees" "$(ip_names | grep -v '^dir$')" ""
	same "del -a: no namespace is mounted under /run/netns any more" \
		"$(our_nsfs_mounts)" ""
	rmdir /run/netns/dir
	run "$NST" del -a
	same "del -a: nothing to delete is fine" "$rc:$out:$err" "0::"
	umount -R /run
}

if [ "${1:-}" = --isolated ]; then
	. "$REPO/tests/lib/common.sh"
	tmp=$(mktemp -d)
	isolated
	rm -rf "$tmp"
	exit $((failed != 0))
fi

# ---- setup ----------------------------------------------------------------

if [ "$(id -u)" -ne 0 ]; then
	echo "manage: needs root" >&2
	exit 1
fi
if [ ! -x "$NST" ] && ! make -s -C "$REPO" tool; then
	bad "the tool builds"
	exit 1
fi

tmp=$(mktemp -d /tmp/nstrack-manage.XXXXXX)
pids=
made_etc_netns=
cleanup() {
	local p n
	for p in $pids; do kill "$p" 2>/dev/null; done
	# and whatever else of ours is still in our namespaces
	for n in $(our_names); do
		for p in $("$NST" pids "$n" 2>/dev/null); do kill "$p"; done
	done
	wait 2>/dev/null
	for n in $(our_names); do
		umount -l "/run/netns/$n" 2>/dev/null
		rm -f "/run/netns/$n"
	done
	ip link del "${P}v0" 2>/dev/null
	rm -rf /etc/netns/"$P"*
	[ -n "$made_etc_netns" ] && rmdir /etc/netns 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

A=${P}a A2=${P}a2 B=${P}b C=${P}c
self_ns=$(ino /proc/self/ns/net)

shim=$tmp/failshim.so
if ! cc -Wall -Werror -D_GNU_SOURCE -shared -fPIC -o "$shim" \
	"$REPO/tests/manage/failshim.c" -ldl; then
	bad "the failure shim builds"
	shim=
fi

# ---- add, and each tool on the other's names ------------------------------

run "$NST" add "$A"
same "add: succeeds silently" "$rc:$out:$err" "0::"
check "add: ip netns list shows the name" listed "$A"
same "add: the name is a bind mount of an nsfs file" "$(fstype_of "/run/netns/$A")" nsfs
check "add: /run/netns is a mount point with shared propagation" \
	awk '$5 == "/run/netns" && / shared:/ { f = 1 } END { exit !f }' /proc/self/mountinfo
check "add: a namespace other than ours" test "$(ino "/run/netns/$A")" != "$self_ns"
check "add: nstrack stays in its namespace" test "$(ino /proc/self/ns/net)" = "$self_ns"
same "add: ip netns exec runs in it" \
	"$(ip netns exec "$A" stat -L -c %d:%i /proc/self/ns/net)" "$(ino "/run/netns/$A")"
same "add: it has only lo" "$(ip netns exec "$A" ip -o link show | awk -F': ' '{ print $2 }')" lo

ip netns add "$C"
same "ip netns add: nstrack exec runs in its namespace" \
	"$("$NST" exec "$C" -- stat -L -c %d:%i /proc/self/ns/net)" "$(ino "/run/netns/$C")"

# ---- exec ------------------------------------------------------------------

same "exec: runs in the namespace" \
	"$("$NST" exec "$A" -- stat -L -c %d:%i /proc/self/ns/net)" "$(ino "/run/netns/$A")"
same "exec: without --, the command's options are its own" \
	"$("$NST" exec "$A" ls -a /sys/class/net | tr '\n' ' ')" ". .. lo "
"$NST" exec "$A" -- sh -c 'exit 7'
same "exec: the exit status is the command's" "$?" 7
refused "exec: a command that does not exist: 127 and one line" 127 \
	"nstrack: exec: cannot run '${P}no-such-command': No such file or directory" \
	"$NST" exec "$A" "${P}no-such-command"

ip link add "${P}v0" type veth peer name "${P}v1" netns "$A"
same "exec: /sys shows the namespace's devices" \
	"$("$NST" exec "$A" ls /sys/class/net | tr '\n' ' ')" "lo ${P}v1 "
same "exec: /sys as ip netns exec shows it" \
	"$("$NST" exec "$A" ls /sys/class/net)" "$(ip netns exec "$A" ls /sys/class/net)"
check "exec: our /sys is still ours" test -e "/sys/class/net/${P}v0"

[ -d /etc/netns ] || made_etc_netns=1
mkdir -p "/etc/netns/$A"
echo "nstrack-test $P" >"/etc/netns/$A/hosts"
same "exec: /etc/netns/NAME/hosts is bound over /etc/hosts" \
	"$("$NST" exec "$A" cat /etc/hosts)" "nstrack-test $P"
same "exec: the same /etc as ip netns exec" \
	"$("$NST" exec "$A" cat /etc/hosts)" "$(ip netns exec "$A" cat /etc/hosts)"
check "exec: our /etc/hosts is untouched" test "$(cat /etc/hosts)" != "nstrack-test $P"
touch "/etc/netns/$A/${P}nothing-here"
run "$NST" exec "$A" cat /etc/hosts
same "exec: a file with nothing to cover is one warning line, and the command runs" \
	"$rc|$out|$err" \
	"0|nstrack-test $P|nstrack: warning: exec: cannot bind-mount /etc/netns/$A/${P}nothing-here on /etc/${P}nothing-here: No such file or directory"
rm "/etc/netns/$A/${P}nothing-here"

mnt_before=$(readlink /proc/self/ns/mnt; state)
check "exec: the command has a mount namespace of its own" \
	test "$("$NST" exec "$A" readlink /proc/self/ns/mnt)" != "$(readlink /proc/self/ns/mnt)"
if "$NST" exec "$A" -- sh -c 'mount -t tmpfs x /mnt && touch /mnt/x'; then
	check "exec: the command's mounts do not come back" test ! -e /mnt/x
else
	bad "exec: the command can mount in its mount namespace"
fi
same "exec: the caller's mount namespace is unchanged" \
	"$(readlink /proc/self/ns/mnt; state)" "$mnt_before"

# ---- identify --------------------------------------------------------------

ip netns exec "$A" sleep 1000 &
S1=$!
"$NST" exec "$A" sleep 1000 &
S2=$!
"$NST" exec "$C" sleep 1000 &
S3=$!
pids="$S1 $S2 $S3"
wait_for '[ "$(ino /proc/$S1/ns/net)" = "$(ino "/run/netns/$A")" ]' &&
wait_for '[ "$(ino /proc/$S2/ns/net)" = "$(ino "/run/netns/$A")" ]' &&
wait_for '[ "$(ino /proc/$S3/ns/net)" = "$(ino "/run/netns/$C")" ]' ||
	bad "the sleepers are in their namespaces"
same "exec: nstrack becomes the command (no process in between)" \
	"$(cat /proc/$S2/comm):$(cat /proc/$S3/comm)" "sleep:sleep"

same "identify: as ip netns identify, one name" "$("$NST" identify $S1)" "$(ip netns identify $S1)"
same "identify: as ip netns identify, on a name ip made" "$("$NST" identify $S3)" "$(ip netns identify $S3)"
same "identify: of the caller, as ip netns identify" "$("$NST" identify)" "$(ip netns identify)"
same "identify: of the caller inside, with ip netns exec" \
	"$(ip netns exec "$A" "$NST" identify)" "$A"

run "$NST" attach "$A2" $S1
same "attach: succeeds silently" "$rc:$out:$err" "0::"
check "attach: ip netns list shows the name" listed "$A2"
same "attach: names the process's namespace" "$(ino "/run/netns/$A2")" "$(ino /proc/$S1/ns/net)"
same "attach: ip netns exec runs in it" \
	"$(ip netns exec "$A2" stat -L -c %d:%i /proc/self/ns/net)" "$(ino "/run/netns/$A")"

# oracle: every entry of /run/netns on the namespace's nsfs inode
names_of() {
	local f want
	want=$(ino "/proc/$1/ns/net")
	for f in /run/netns/* /run/netns/.*; do
		[ "$(ino "$f")" = "$want" ] && echo "${f##*/}"
	done | sort
}
same "identify: every name, not only one" "$("$NST" identify $S1)" "$(printf '%s\n%s' "$A" "$A2")"
same "identify: the names found by stat-ing /run/netns" "$("$NST" identify $S2)" "$(names_of $S2)"
check "identify: ip netns identify's one name is among them" \
	grep -qxF "$(ip netns identify $S1)" <<<"$("$NST" identify $S1)"
same "identify -j: a JSON array of the names" \
	"$("$NST" -j identify $S1 | jq -c .)" "[\"$A\",\"$A2\"]"
refused "identify: a process that does not exist" 1 \
	"nstrack: identify: 2147483647: no such process" "$NST" identify 2147483647

# ---- pids ------------------------------------------------------------------

same "pids: as ip netns pids" "$("$NST" pids "$A")" "$(ip netns pids "$A" | sort -n)"
same "pids: the processes started by both tools" "$("$NST" pids "$A")" \
	"$(printf '%s\n' $S1 $S2 | sort -n)"
same "pids: as ip netns pids, on a name ip made" "$("$NST" pids "$C")" "$(ip netns pids "$C")"
same "pids -j: each process with its threads in the namespace" \
	"$("$NST" -j pids "$C" | jq -c .)" "[{\"pid\":$S3,\"tids\":[$S3]}]"

"$NST" add "$B"
cat >"$tmp/thread.py" <<'EOF'
# one thread joins the namespace given as argv[1]; the main one stays
import ctypes, os, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
fd = os.open(sys.argv[1], os.O_RDONLY)
def run():
    if libc.setns(fd, 0x40000000) != 0:
        os._exit(1)
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write("%d\n" % threading.get_native_id())
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    time.sleep(1000)
threading.Thread(target=run, daemon=True).start()
time.sleep(1000)
EOF
python3 "$tmp/thread.py" "/run/netns/$B" "$tmp/tid" &
PY=$!
pids="$pids $PY"
if wait_for '[ -s "$tmp/tid" ]'; then
	TID=$(cat "$tmp/tid")
	check "pids: the thread is in the namespace, its process is not" \
		test "$(ino /proc/$PY/task/$TID/ns/net)" = "$(ino "/run/netns/$B")" -a \
		"$(ino /proc/$PY/ns/net)" = "$self_ns"
	check "pids: ip netns pids does not see a process with only a thread in it" \
		test -z "$(ip netns pids "$B" | grep -x $PY)"
	same "pids: nstrack sees it" "$("$NST" pids "$B")" "$PY"
	same "pids -j: with the id of the thread that is in it" \
		"$("$NST" -j pids "$B" | jq -c .)" "[{\"pid\":$PY,\"tids\":[$TID]}]"
	same "identify: of a thread, as ip netns identify" "$("$NST" identify $TID)" \
		"$(ip netns identify $TID)"
	same "identify: of a thread, its own namespace" "$("$NST" identify $TID)" "$B"
else
	bad "pids: a python3 thread joins the namespace"
fi

# ---- set and list-id -------------------------------------------------------

listid_line() { grep -F "(iproute2 netns name: $1)"; }
ip_nsid() { ip -j netns list-id | jq -r --arg n "$1" '.[] | select(.name == $n) | .nsid'; }

# $A got an nsid from the kernel when its veth peer was made here
nsid_a=$(ip -j netns list-id |
	jq -r --arg a "$A" --arg b "$A2" '.[] | select(.name == $a or .name == $b) | .nsid')
check "list-id: the kernel gave an nsid to the namespace with a peer here" test -n "$nsid_a"

run "$NST" set "$B" auto
same "set auto: succeeds silently" "$rc:$out:$err" "0::"
nsid_b=$(ip_nsid "$B")
check "set auto: ip netns list-id shows an nsid" test -n "$nsid_b"
check "set auto: ip netns list shows it" grep -qxF "$B (id: $nsid_b)" <<<"$(ip netns list)"
# a free id, and not the one "auto" would pick: past the largest in use
nsid_c=$(( $(ip -j netns list-id | jq '[.[].nsid] | max') + 7 ))
run "$NST" set "$C" $nsid_c
same "set: an id of our choosing, on a name ip made" "$rc:$err:$(ip_nsid "$C")" "0::$nsid_c"
H=${P}h
"$NST" add "$H"
ip netns set "$H" auto
out=$("$NST" list-id)
for n in "$B" "$C" "$H"; do
	same "list-id: the line of $n as ip netns list-id's" \
		"$(listid_line "$n" <<<"$out")" "$(ip netns list-id | listid_line "$n")"
done
same "list-id: the id nstrack set" "$(listid_line "$C" <<<"$out")" \
	"nsid $nsid_c (iproute2 netns name: $C)"
same "list-id: one line per nsid, as ip" \
	"$(sed 's/ (.*//' <<<"$out")" "$(ip netns list-id | sed 's/ *(.*//; s/ *$//')"
same "list-id: both names of a namespace with two" \
	"$(grep "^nsid $nsid_a " <<<"$out")" \
	"nsid $nsid_a (iproute2 netns name: $A, $A2)"
# ip names one name per nsid: A's two are added to its answer
same "list-id -j: the nsids and names of ip -j netns list-id" \
	"$("$NST" -j list-id | jq -S -c --arg p "$P" \
		'[.[] | .names[] as $n | select($n | startswith($p)) | {nsid, name: $n}] | sort')" \
	"$(ip -j netns list-id | jq -S -c --arg p "$P" --arg a "$A" --arg a2 "$A2" \
		--argjson id "$nsid_a" \
		'[.[] | select(.name and (.name | startswith($p)))] +
		 [{nsid: $id, name: $a}, {nsid: $id, name: $a2}] | unique | sort')"
refused "set: a namespace that has an id already" 1 \
	"nstrack: set: $A: Peer netns already has a nsid assigned" "$NST" set "$A" 5
refused "set: an id in use" 1 \
	"nstrack: set: ${A}-x: The specified nsid is already used" \
	sh -c "'$NST' add '${A}-x' && '$NST' set '${A}-x' $nsid_c"
"$NST" del "${A}-x"

# ---- bad input: one line, nothing made --------------------------------------

long=$(printf "${P}%0300d" 0)
long_shown="${long:0:60}..."
before=$(state)
refused "add: an empty name" 1 "nstrack: add: invalid name '': a name cannot be empty" "$NST" add ""
refused "add: ." 1 "nstrack: add: invalid name '.': '.' and '..' are not names" "$NST" add .
refused "add: .." 1 "nstrack: add: invalid name '..': '.' and '..' are not names" "$NST" add ..
refused "add: /" 1 "nstrack: add: invalid name '/': a name cannot contain '/'" "$NST" add /
refused "add: a name with /" 1 "nstrack: add: invalid name '${P}x/y': a name cannot contain '/'" \
	"$NST" add "${P}x/y"
refused "add: a name too long" 1 \
	"nstrack: add: invalid name '$long_shown': longer than 255 bytes" "$NST" add "$long"
refused "attach: a name too long" 1 \
	"nstrack: attach: invalid name '$long_shown': longer than 255 bytes" "$NST" attach "$long" $S1
refused "add: an existing name" 1 "nstrack: add: $A: name already exists" "$NST" add "$A"
refused "add: an existing name ip made" 1 "nstrack: add: $C: name already exists" "$NST" add "$C"
refused "attach: an existing name" 1 "nstrack: attach: $A2: name already exists" "$NST" attach "$A2" $S3
refused "attach: a process that does not exist" 1 \
	"nstrack: attach: 2147483647: no such process" "$NST" attach "${P}x" 2147483647
refused "del: a missing name" 1 \
	"nstrack: del: ${P}x: no such network namespace name under /run/netns" "$NST" del "${P}x"
refused "del: .." 1 "nstrack: del: invalid name '..': '.' and '..' are not names" "$NST" del ..
refused "exec: a missing name (125)" 125 \
	"nstrack: exec: ${P}x: no such network namespace name under /run/netns" "$NST" exec "${P}x" true
refused "pids: a missing name" 1 \
	"nstrack: pids: ${P}x: no such network namespace name under /run/netns" "$NST" pids "${P}x"
refused "set: a missing name" 1 \
	"nstrack: set: ${P}x: no such network namespace name under /run/netns" "$NST" set "${P}x" 7
same "bad input: nothing is left in /run/netns or the mount table" "$(state)" "$before"
same "bad input: existing names still name their namespaces" \
	"$(ino "/run/netns/$A"):$(ino "/run/netns/$A2"):$(ino "/run/netns/$C")" \
	"$(ino /proc/$S1/ns/net):$(ino /proc/$S1/ns/net):$(ino /proc/$S3/ns/net)"

# ---- a step failing half-way: nothing left behind -----------------------

# halfway WHAT FAIL ERR COMMAND...: with the shim failing FAIL, the command
# is refused with ERR, and neither the name $X nor a mount is left
halfway() {
	local what=$1 step=$2 want_err=$3 before
	shift 3
	before=$(state)
	refused "$what" 1 "$want_err" env LD_PRELOAD="$shim" NSTRACK_FAIL="$step" "$@"
	check "$what: nothing is left" eval '[ ! -e "/run/netns/$X" ] && ! listed "$X" &&
		[ "$(state)" = "$before" ]'
}

if [ -n "$shim" ]; then
	X=${P}x
	halfway "add: the bind mount fails" bind \
		"nstrack: add: $X: cannot bind-mount the namespace on /run/netns/$X: Operation not permitted" \
		"$NST" add "$X"
	halfway "add: creating the namespace fails" unshare \
		"nstrack: add: $X: cannot create a network namespace: Operation not permitted" \
		"$NST" add "$X"
	halfway "add: /run/netns cannot be made shared" shared \
		"nstrack: add: cannot make /run/netns a shared mount: Operation not permitted" \
		"$NST" add "$X"
	halfway "attach: the bind mount fails" bind \
		"nstrack: attach: $X: cannot bind-mount the namespace on /run/netns/$X: Operation not permitted" \
		"$NST" attach "$X" $S1
	refused "exec: no sysfs for the namespace: 125, the command does not run" 125 \
		"nstrack: exec: $A: cannot mount the namespace's sysfs on /sys: Operation not permitted" \
		env LD_PRELOAD="$shim" NSTRACK_FAIL=sysfs "$NST" exec "$A" echo ran
fi

# ---- del, and its propagation to other mount namespaces ------------------

E=${P}e F=${P}f G=${P}g
unshare -m --propagation slave sleep 1000 &
U=$!
pids="$pids $U"
wait_for '[ "$(readlink /proc/$U/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ]' ||
	bad "a slave mount namespace to watch from"

"$NST" add "$E"
ip netns add "$F"
"$NST" add "$G"
check "add: the name reaches a slave mount namespace made before" mounted_in $U "/run/netns/$E"
check "ip netns add: its name reaches it too" mounted_in $U "/run/netns/$F"

run "$NST" del "$E"
same "del: succeeds silently" "$rc:$out:$err" "0::"
check "del: ip netns list no longer shows the name" eval '! listed "$E"'
check "del: the bind mount is gone here" eval '! mounted_in self "/run/netns/$E"'
check "del: the bind mount is gone in the other mount namespace" eval '! mounted_in $U "/run/netns/$E"'
check "del: the file is gone" test ! -e "/run/netns/$E"

"$NST" del "$F"
check "del: a name ip made, gone from ip netns list" eval '! listed "$F"'
check "del: a name ip made, gone in the other mount namespace too" \
	eval '! mounted_in self "/run/netns/$F" && ! mounted_in $U "/run/netns/$F"'
ip netns del "$G"
check "ip netns del: a name nstrack made, gone everywhere" \
	eval '! listed "$G" && ! mounted_in self "/run/netns/$G" && ! mounted_in $U "/run/netns/$G"'

# a name with a second namespace bound over it by hand goes at once
"$NST" add "$E"
mount --bind "/proc/$S3/ns/net" "/run/netns/$E"
run "$NST" del "$E"
same "del: a name with two mounts stacked on it" \
	"$rc:$err:$(test -e "/run/netns/$E" && echo left)" "0::"
check "del: a name with two mounts stacked on it: no mount is left" \
	eval '! mounted_in self "/run/netns/$E" && ! mounted_in $U "/run/netns/$E"'

# a file left behind (no mount) is removed too
touch "/run/netns/${P}stale"
run "$NST" del "${P}stale"
same "del: a file that is no namespace is removed" \
	"$rc:$err:$(test -e "/run/netns/${P}stale" && echo left)" "0::"
# a symlink is removed without unmounting its target
ln -s /sys "/run/netns/${P}link"
"$NST" del "${P}link"
check "del: a symlink is removed, its target stays mounted" \
	eval 'test ! -L "/run/netns/${P}link" && mounted_in self /sys'

for n in "$A" "$B" "$C" "$H"; do
	pids="$pids $("$NST" pids "$n" | tr '\n' ' ')"	# for cleanup
done
for n in "$A" "$A2" "$B" "$C" "$H"; do
	"$NST" del "$n" || bad "del $n"
done
same "del: none of our names is left" "$(our_names)" ""
check "del: none of our bind mounts is left" \
	eval '! grep -qF " /run/netns/$P" /proc/self/mountinfo /proc/$U/mountinfo'

# ---- del -a and exec -a, away from everybody else's names ---------------

iso=$(unshare -m --propagation private bash "$REPO/tests/manage/netns.sh" --isolated)
echo "$iso"
failed=$((failed + $(grep -c '^FAIL: ' <<<"$iso")))
grep -q '^PASS: ' <<<"$iso" || bad "del -a and exec -a in a mount namespace of their own"

exit $((failed != 0))
