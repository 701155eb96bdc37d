#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side: load the module, run every scenario in order, unload.
# Prints one PASS/FAIL line per check; exits 1 if any check failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
modprobe -q veth 2>/dev/null || true

# The scenario of namespaces that exist before the first load.
ip netns add before
pre_pid=$(spawn_netns_holder unshare -n)

{
	check "insmod $KO" nstrack_load
	check "pre-existing named namespace listed, creator unknown" \
		eq "$(record_by_inode "$(ino /run/netns/before)" | jq -r '"\(.preexisting) \(.creator) \(.created_ns) \(.names[0])"')" \
		   "true null null before"
	check "pre-existing process namespace listed" \
		eq "$(record_by_inode "$(ino /proc/$pre_pid/ns/net)" | jq -r .state)" alive
	ip netns add after
	check "namespace made after load is not pre-existing" \
		eq "$(record_by_inode "$(ino /run/netns/after)" | jq -r .preexisting)" false
	ip netns del before
	ip netns del after
	kill "$pre_pid"
	wait "$pre_pid" 2>/dev/null

	# NSTRACK_SCENARIOS="45 50" runs only those (when debugging one).
	for scenario in "$here"/[0-9]*.sh; do
		name=${scenario##*/}
		if [ -n "${NSTRACK_SCENARIOS:-}" ] &&
		   [[ " $NSTRACK_SCENARIOS " != *" ${name%%-*} "* ]]; then
			continue
		fi
		echo "--- ${scenario##*/}"
		(. "$scenario")
	done

	check "rmmod at the end" nstrack_unload
} 2>&1 | tee "${NSTRACK_OUT:-/tmp}/results.txt"

! grep -q '^FAIL:' "${NSTRACK_OUT:-/tmp}/results.txt"
