# SPDX-License-Identifier: GPL-2.0
# history_size bounds the dead namespaces kept: the oldest are evicted.

nstrack_unload
nstrack_load history_size=3
cookies=
for i in 1 2 3 4 5 6; do
	ip netns add hist$i
	cookies="$cookies $(ip netns exec hist$i "$COOKIE_ORACLE")"
	ip netns del hist$i
done
last=$(echo $cookies | awk '{ print $NF }')
wait_state "cookie:$last" dead >/dev/null
dead=$("$NSTRACK" list -j | jq -r '[.[] | select(.state == "dead") | .cookie] | sort | join(" ")')
check "history_size=3: exactly the three newest dead kept" \
	eq "$dead" "$(echo $cookies | tr ' ' '\n' | tail -n3 | sort -n | tr '\n' ' ' | sed 's/ $//')"
check "history_size is read-only at runtime" \
	eq "$(stat -c %a /sys/module/nstrack/parameters/history_size)" 444
nstrack_unload
nstrack_load
