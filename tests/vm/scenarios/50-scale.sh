# SPDX-License-Identifier: GPL-2.0
# 1000 namespaces are listed completely (the dump spans many messages and
# resumes after the last one sent), each with its name.

seq 1 1000 | sed 's/^/netns add scale/' | ip -batch -
want=$(for f in /run/netns/scale*; do echo "$(ino "$f") ${f##*/}"; done | sort)
got=$("$NSTRACK" list -j | jq -r '.[] | select(.state == "alive") | select(.names | length > 0) |
	"\(.inode) \(.names[0])"' | grep ' scale' | sort)
check "1000 namespaces: every one listed with its name" eq "$(wc -l <<<"$got")" 1000
check "1000 namespaces: inodes and names equal stat of /run/netns" eq "$got" "$want"
check "1000 namespaces: ip netns list agrees" \
	eq "$(ip -j netns list | jq '[.[] | select(.name | startswith("scale"))] | length')" 1000
check "1000 namespaces: text list has a row each" \
	eq "$("$NSTRACK" list | grep -c ' scale')" 1000
seq 1 1000 | sed 's/^/netns del scale/' | ip -batch -
