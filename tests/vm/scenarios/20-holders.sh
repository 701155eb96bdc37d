# SPDX-License-Identifier: GPL-2.0
# Namespaces that "ip netns" cannot see: held by a process only, by an open
# fd only, and owned by a child user namespace.

pid=$(spawn_netns_holder unshare -n)
rec=$(record_by_inode "$(ino /proc/$pid/ns/net)")
check "unshare -n: held by a process, listed alive" eq "$(jq -r .state <<<"$rec")" alive
check "unshare -n: creator pid and comm" \
	eq "$(jq -r '"\(.creator.pid)/\(.creator.comm)"' <<<"$rec")" "$pid/unshare"
check "unshare -n: no names" eq "$(jq -r '.names | length' <<<"$rec")" 0
check "unshare -n: lsns shows the same namespace" \
	eq "$(lsns -t net -n -o NS -p "$pid" | tr -d ' ')" "$(jq -r .inode <<<"$rec")"

# Keep only an fd on it, then let the process go.
exec 7<"/proc/$pid/ns/net"
kill "$pid"
wait "$pid" 2>/dev/null
fd_ino=$(ino /proc/self/fd/7)
rec=$(record_by_inode "$fd_ino")
cookie=$(jq -r .cookie <<<"$rec")
check "held only by an open fd: still listed alive" eq "$(jq -r .state <<<"$rec")" alive
check "held only by an open fd: no process of it left for lsns" \
	eq "$(lsns -t net -n -o NS | grep -cw "$fd_ino")" 0
check "show by fd path /proc/self/fd/N finds it" \
	eq "$(field "/proc/$BASHPID/fd/7" .cookie)" "$cookie"
exec 7<&-
check "fd closed: namespace reaches dead" wait_state "cookie:$cookie" dead

# A namespace owned by a child user namespace made by uid 65534.
[ -e /proc/sys/kernel/unprivileged_userns_clone ] &&
	echo 1 >/proc/sys/kernel/unprivileged_userns_clone
pid=$(spawn_netns_holder setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn)
rec=$(record_by_inode "$(ino /proc/$pid/ns/net)")
check "unshare -Urn: owner uid is the creating user" eq "$(jq -r .owner_uid <<<"$rec")" 65534
check "unshare -Urn: owner user namespace is the child's" \
	eq "$(jq -r .owner_userns <<<"$rec")" "$(ino /proc/$pid/ns/user)"
check "unshare -Urn: owner user namespace is not the initial one" \
	bash -c "[ $(jq -r .owner_userns <<<"$rec") != $(ino /proc/self/ns/user) ]"
kill "$pid"
wait "$pid" 2>/dev/null
