# SPDX-License-Identifier: GPL-2.0
# rmmod and insmod while namespaces are alive: unload works and leaves
# nothing behind, reload finds every live namespace again as pre-existing.

PROBE=$REPO/tests/vm/scenarios/genl-probe.py
# Objects of a slab cache allocated and not freed, summed over their
# allocation sites (debugfs alloc_traces): exact, unlike /proc/slabinfo's
# active_objs, because the VM boots with slub_debug=U for the module's
# caches (which also keeps them out of slab merging, so they exist under
# their own names).
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
slab_objs() {
	awk '$1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }' \
		"/sys/kernel/debug/slab/$1/alloc_traces"
}

ip netns add keep1
ip netns add keep2
pid=$(spawn_netns_holder unshare -n)
ip link add leak0 type dummy
ip link add leak1 type veth peer name leak2
ip link set leak2 netns keep1
# Namespaces of earlier scenarios may still be tearing down: compare once
# nothing moved between the two readings.
for i in $(seq 40); do
	info=$("$PROBE" info)
	ns_slab=$(slab_objs nstrack_netns)
	dev_slab=$(slab_objs nstrack_dev)
	[ "$info" = "$("$PROBE" info)" ] && break
	sleep 0.5
done
check "leaks: namespace records counted by the module equal nstrack_netns slab objects" \
	eq "$(jq -r .netns_records <<<"$info")" "$ns_slab"
check "leaks: device records counted by the module equal nstrack_dev slab objects" \
	eq "$(jq -r .dev_records <<<"$info")" "$dev_slab"
ip link del leak0
ip link del leak1
mark=$(dmesg | wc -l)
nstrack_unload
check "leaks: the module counts no record left at unload" \
	eq "$(dmesg | tail -n +$((mark + 1)) | grep -o 'unloaded: .*')" \
	   "unloaded: 0 namespace records, 0 device records left"
check "leaks: the module's slab caches are gone after rmmod" \
	eq "$(grep -c '^nstrack_' /proc/slabinfo; ls /sys/kernel/slab | grep -c '^nstrack_')" "0
0"
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
