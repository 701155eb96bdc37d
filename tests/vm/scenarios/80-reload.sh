# SPDX-License-Identifier: GPL-2.0
# rmmod and insmod while namespaces are alive: unload works and leaves
# nothing behind, reload finds every live namespace again as pre-existing.

ip netns add keep1
ip netns add keep2
pid=$(spawn_netns_holder unshare -n)
nstrack_unload
check "rmmod with namespaces alive succeeds" bash -c "! grep -qw ^nstrack /proc/modules"
err=$("$NSTRACK" list 2>&1 >/dev/null) && rc=0 || rc=$?
check "module not loaded: one line that says how to load it" \
	bash -c "[ $rc -ne 0 ] && [ \$(wc -l <<<'$err') -eq 1 ] && grep -q modprobe <<<'$err'"
ip netns add while_unloaded
ip netns del while_unloaded
nstrack_load
for f in /run/netns/keep1 /run/netns/keep2 "/proc/$pid/ns/net"; do
	rec=$(record_by_inode "$(ino "$f")")
	check "reload: $f found again, pre-existing" \
		eq "$(jq -r '"\(.state) \(.preexisting) \(.creator) \(.created_ns)"' <<<"$rec")" "alive true null null"
done
check "reload: init_net is listed as pre-existing" \
	eq "$(record_by_inode "$(ino /proc/1/ns/net)" | jq -r .preexisting)" true
check "reload: live namespaces equal /run/netns + process namespaces" \
	eq "$("$NSTRACK" list -j | jq '[.[] | select(.state == "alive")] | length')" \
	   "$( (for f in /run/netns/*; do ino "$f"; done; lsns -t net -n -o NS) | sort -u | wc -l)"
ip netns del keep1
ip netns del keep2
kill "$pid"
wait "$pid" 2>/dev/null
for i in 1 2 3; do nstrack_unload && nstrack_load; done
check "rmmod/insmod loop leaves the module working" bash -c "\"$NSTRACK\" list -j | jq -e 'length >= 1' >/dev/null"
