# SPDX-License-Identifier: GPL-2.0
# "nstrack show" by every NS form returns the same namespace, and every
# malformed or unknown NS is one line on stderr and a non-zero exit.

ip netns add green
pid=$(spawn_netns_holder nsenter --net=/run/netns/green)
cookie=$(ip netns exec green "$COOKIE_ORACLE")
inode=$(ino /run/netns/green)
for sel in green /run/netns/green "/proc/$pid/ns/net" "pid:$pid" "inode:$inode" "cookie:$cookie"; do
	check "show $sel: the namespace named green" eq "$(field "$sel" .cookie)" "$cookie"
done
check "show: JSON object carries the names" eq "$(field green '.names[0]')" green
check "show: text output names the cookie" bash -c "\"$NSTRACK\" show green | grep -q $cookie"
kill "$pid"
wait "$pid" 2>/dev/null
ip netns del green

# expect_error NS PATTERN: non-zero exit, exactly one stderr line matching.
expect_error() {
	local err rc=0
	err=$("$NSTRACK" show "$1" 2>&1 >/dev/null) || rc=$?
	[ "$rc" -ne 0 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -qiE "$2" <<<"$err" && return 0
	echo "    rc=$rc stderr='$err'" >&2
	return 1
}
check "show: unknown name is an error" expect_error nosuchname "no such"
check "show: unknown inode is an error" expect_error inode:4000000000 "no such namespace"
check "show: unknown cookie is an error" expect_error cookie:18446744073709551615 "no such namespace"
check "show: unknown pid is an error" expect_error pid:4000000 "no process|no such"
check "show: malformed inode is an error" expect_error inode:12x "malformed"
check "show: a file that is no namespace is an error" expect_error /etc/passwd "not a network namespace"
