# SPDX-License-Identifier: GPL-2.0
# holders: a namespace held by (a) a process, (b) only an open fd, (c) only
# a bind mount in another mount namespace, (d) only a socket in a process
# outside it.  Each holder is named by "holders", checked against /proc;
# once released the namespace dies and its timeline shows the teardown.

work=/tmp/holders
mkdir -p "$work"

# JSON of "holders" for a namespace given by inode
holders_of() { "$NSTRACK" holders -j "inode:$1"; }

# after the last holder goes: dead, and a timeline ending in the teardown
check_released() {
	local what=$1 cookie=$2 tl
	check "$what: dead once released" wait_state "cookie:$cookie" dead
	tl=$("$NSTRACK" show -j --timeline "cookie:$cookie")
	check "$what: timeline runs from netns_new to netns_exit" \
		eq "$(jq -r '[.timeline[0].type, .timeline[-1].type] | join(" ")' <<<"$tl")" \
		   "netns_new netns_exit"
	check "$what: timeline is the namespace's history" \
		eq "$(jq -c '[.timeline[] | del(.offset_ns, .delta_ns)]' <<<"$tl")" \
		   "$("$NSTRACK" history -j "cookie:$cookie" | jq -c .)"
	check "$what: timeline offsets from creation, deltas from the previous step" \
		eq "$(jq -r '.timeline | . as $t | [range(length)] | all(. as $i |
			$t[$i].offset_ns == $t[$i].time_ns - $t[0].time_ns and
			$t[$i].delta_ns == $t[$i].time_ns - $t[([$i - 1, 0] | max)].time_ns)' <<<"$tl")" true
	check "$what: text timeline states how long the teardown took" \
		bash -c "'$NSTRACK' show --timeline 'cookie:$cookie' | grep -q '^teardown (pre_exit to exit) took '"
}

# (a) a process: every thread of it is named, with its comm and uid
pid=$(spawn_netns_holder unshare -n)
ino_a=$(ino /proc/$pid/ns/net)
cookie_a=$(field "inode:$ino_a" .cookie)
h=$(holders_of "$ino_a")
check "(a) process: holders names its pid and tid" \
	eq "$(jq -c '[.tasks[] | select(.pid == '"$pid"') | [.tid, .comm, .uid]]' <<<"$h")" \
	   "[[$pid,\"sleep\",0]]"
check "(a) process: no fd, mount or socket holder" \
	eq "$(jq -c '[(.fds | length), (.mounts | length), (.sockets.held | length)]' <<<"$h")" "[0,0,0]"
check "(a) process: loopback listed among its devices" \
	eq "$(jq -r '[.devices[].name] | join(" ")' <<<"$h")" lo
kill "$pid"; wait "$pid" 2>/dev/null
check_released "(a) process" "$cookie_a"

# (b) only an fd: the name is deleted, a process outside keeps the file open
ip netns add hold-b
ino_b=$(ino /run/netns/hold-b)
cookie_b=$(field hold-b .cookie)
exec {nsfd}</run/netns/hold-b
sleep 3600 &
fdpid=$!
exec {nsfd}<&-
ip netns del hold-b
h=$(holders_of "$ino_b")
check "(b) fd: holders names the process and fd, as /proc shows it" \
	eq "$(jq -c '[.fds[] | select(.pid == '"$fdpid"') | .fd]' <<<"$h")" \
	   "[$(for f in /proc/$fdpid/fd/*; do [ "$(stat -L -c %i "$f")" = "$ino_b" ] && echo "${f##*/}"; done | paste -sd,)]"
check "(b) fd: no task and no mount holds it" \
	eq "$(jq -c '[(.tasks | length), (.mounts | length)]' <<<"$h")" "[0,0]"
kill "$fdpid"; wait "$fdpid" 2>/dev/null
check_released "(b) fd" "$cookie_b"

# (c) only a bind mount, made in a mount namespace of its own
pid=$(spawn_netns_holder unshare -n)
ino_c=$(ino /proc/$pid/ns/net)
cookie_c=$(field "inode:$ino_c" .cookie)
touch "$work/mnt-c"
unshare -m --propagation private sh -c \
	"mount --bind /proc/$pid/ns/net '$work/mnt-c' && exec sleep 3600" &
mntpid=$!
for i in $(seq 100); do
	grep -q "net:\[$ino_c\]" /proc/$mntpid/mountinfo 2>/dev/null && break
	sleep 0.1
done
kill "$pid"; wait "$pid" 2>/dev/null
h=$(holders_of "$ino_c")
check "(c) bind mount: not visible in our own mount namespace" \
	bash -c "! grep -q 'net:\[$ino_c\]' /proc/self/mountinfo"
check "(c) bind mount: holders finds it in the other mount namespace" \
	eq "$(jq -c '[.mounts[] | [.mntns, .path]] | unique' <<<"$h")" \
	   "[[$(ino /proc/$mntpid/ns/mnt),\"$work/mnt-c\"]]"
check "(c) bind mount: no task, fd or socket holds it" \
	eq "$(jq -c '[(.tasks | length), (.fds | length), (.sockets.held | length)]' <<<"$h")" "[0,0,0]"
kill "$mntpid"; wait "$mntpid" 2>/dev/null
check_released "(c) bind mount" "$cookie_c"

# (d) only a socket, held by a process that lives elsewhere
ip netns add hold-d
ino_d=$(ino /run/netns/hold-d)
cookie_d=$(field hold-d .cookie)
rm -f "$work/sock-d"
"$REPO/tests/vm/scenarios/holders-socket.py" /run/netns/hold-d "$work/sock-d" &
sockpid=$!
for i in $(seq 200); do [ -e "$work/sock-d" ] && break; sleep 0.1; done
ip netns del hold-d
h=$(holders_of "$ino_d")
check "(d) socket: holders names the process and the socket's fd" \
	eq "$(jq -c '[.sockets.held[] | [.pid, .fd]]' <<<"$h")" "[[$(tr ' ' , <"$work/sock-d")]]"
check "(d) socket: the held socket's inode is the one /proc shows" \
	eq "$(jq -r '.sockets.held[0].inode' <<<"$h")" \
	   "$(stat -L -c %i /proc/$sockpid/fd/$(cut -d' ' -f2 "$work/sock-d"))"
check "(d) socket: counted among the namespace's sockets" \
	eq "$(jq -r '.sockets.total >= 1' <<<"$h")" true
check "(d) socket: no task, fd or mount holds it" \
	eq "$(jq -c '[(.tasks | length), (.fds | length), (.mounts | length)]' <<<"$h")" "[0,0,0]"
kill "$sockpid"; wait "$sockpid" 2>/dev/null
check_released "(d) socket" "$cookie_d"

# a dead namespace: nothing to scan, and the teardown time is given
h=$("$NSTRACK" holders -j "cookie:$cookie_d")
check "dead namespace: state dead, teardown time, no holder" \
	eq "$(jq -c '[.netns.state, (.netns.teardown_ns > 0), (.tasks + .fds + .mounts | length)]' <<<"$h")" \
	   '["dead",true,0]'
rm -rf "$work"
