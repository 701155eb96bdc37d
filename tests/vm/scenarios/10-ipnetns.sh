# SPDX-License-Identifier: GPL-2.0
# Namespaces made by "ip netns add", checked against stat of the bind
# mount, SO_NETNS_COOKIE inside the namespace, ip netns list-id and lsns.
#
#   init_net ── /run/netns/blue (nsid 7 from init_net)
#            └─ /run/netns/red  (and a second name, /run/netns/crimson)

ip netns add blue
ip netns add red
touch /run/netns/crimson
mount --bind /run/netns/red /run/netns/crimson
ip netns set blue 7

blue=$(record_by_inode "$(ino /run/netns/blue)")
red=$(record_by_inode "$(ino /run/netns/red)")

check "ip netns add: namespace listed under its name" \
	eq "$(jq -r '.names | join(",")' <<<"$blue")" blue
check "ip netns add: every name of one namespace listed" \
	eq "$(jq -r '.names | sort | join(",")' <<<"$red")" crimson,red
check "ip netns add: cookie equals SO_NETNS_COOKIE inside it" \
	eq "$(jq -r .cookie <<<"$blue")" \
	"$(ip netns exec blue "$COOKIE_ORACLE")"
check "ip netns add: state alive" eq "$(jq -r .state <<<"$blue")" alive
check "ip netns add: creator is ip" eq "$(jq -r .creator.comm <<<"$blue")" ip
check "ip netns add: not pre-existing, creation time known" \
	eq "$(jq -r '[.preexisting, (.created_ns > 0)] | join(",")' <<<"$blue")" false,true
check "ip netns add: owner is uid 0 in the initial user namespace" \
	eq "$(jq -r '"\(.owner_uid) \(.owner_userns)"' <<<"$blue")" "0 $(ino /proc/self/ns/user)"
check "nsid set by ip netns set is reported" eq "$(jq -r .nsid <<<"$blue")" 7
red_nsid=$(ip netns list | awk '$1 == "red" { gsub(/[()]/, "", $3); print $3 }')
check "nsid absent where ip netns list has none" \
	eq "$(jq -r .nsid <<<"$red")" "${red_nsid:-null}"

# lsns sees only namespaces with a process in them; each must be listed.
missing=0
for ns in $(lsns -t net -n -o NS); do
	[ -n "$(record_by_inode "$ns")" ] || { echo "    lsns ns $ns not listed" >&2; missing=1; }
done
check "every namespace lsns shows is listed" eq "$missing" 0

check "text table has every column" \
	eq "$("$NSTRACK" list | head -n1 | tr -s ' ')" "INODE COOKIE NSID NAMES OWNER AGE CREATOR DEVICES SOCKETS STATE"
check "text table shows the name" bash -c "\"$NSTRACK\" list | grep -qw crimson,red || \"$NSTRACK\" list | grep -qw red,crimson"

umount /run/netns/crimson && rm /run/netns/crimson
ip netns del blue
ip netns del red
