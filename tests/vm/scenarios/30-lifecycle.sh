# SPDX-License-Identifier: GPL-2.0
# A deleted namespace goes alive -> dying -> dead and keeps its times; the
# module holds no reference that would keep it from dying.

ip netns add doomed
cookie=$(ip netns exec doomed "$COOKIE_ORACLE")
inode=$(ino /run/netns/doomed)
check "lifecycle: new namespace alive" eq "$(field "cookie:$cookie" .state)" alive
check "lifecycle: no teardown times while alive" \
	eq "$(field "cookie:$cookie" '"\(.pre_exit_ns) \(.exit_ns)"')" "null null"
ip netns del doomed
check "lifecycle: deleted namespace reaches dead" wait_state "cookie:$cookie" dead
rec=$("$NSTRACK" show -j "cookie:$cookie")
check "lifecycle: created <= pre_exit <= exit" \
	bash -c 'jq -e ".created_ns <= .pre_exit_ns and .pre_exit_ns <= .exit_ns" >/dev/null' <<<"$rec"
check "lifecycle: dead namespace still in the list" \
	eq "$("$NSTRACK" list -j | jq --argjson c "$cookie" '[.[] | select(.cookie == $c)] | length')" 1
check "lifecycle: dead namespace found by its old inode" \
	eq "$(field "inode:$inode" .cookie)" "$cookie"
check "lifecycle: text show of a dead namespace gives teardown time" \
	bash -c "\"$NSTRACK\" show cookie:$cookie | grep -q teardown"
