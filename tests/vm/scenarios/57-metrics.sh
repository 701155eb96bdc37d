# SPDX-License-Identifier: GPL-2.0
# "nstrack metrics": promtool accepts the output, and every value equals
# what list -j, devices -j, sockets -j and history -j say, with ip and
# /run/netns as the oracle for the devices and names.
#
#   me-a [lo, va] ==veth== [lo, vb] me-b     me"q\x (a name to escape)
#   me-gone: made and deleted (a dead record)

mdir=$(mktemp -d)
ip netns add me-a
ip netns add me-b
ip netns add 'me"q\x'
ip netns add me-gone
ip -n me-a link add va type veth peer name vb netns me-b
ip netns del me-gone
# ip netns del returns before the namespace is gone: wait (bounded)
for _ in $(seq 200); do
	"$NSTRACK" list -j | jq -e 'any(.[]; .state == "dying")' >/dev/null || break
	sleep 0.1
done

"$NSTRACK" metrics >"$mdir/m.prom" 2>"$mdir/err"
check "metrics: exit 0, nothing on stderr" \
	eq "$?:$(cat "$mdir/err")" "0:"
check "metrics: promtool check metrics accepts the output" \
	promtool check metrics <"$mdir/m.prom"
"$NSTRACK" list -j >"$mdir/list.json"
"$NSTRACK" devices -j >"$mdir/devices.json"
"$NSTRACK" sockets -j >"$mdir/sockets.json"

# value NAME LABELS: the sample of that series, "" if absent
value() {
	awk -v k="$1$2" '$1 == k { print $2 }' "$mdir/m.prom"
}

for st in alive dying dead; do
	check "metrics: namespaces in state $st as in list -j" \
		eq "$(value nstrack_namespaces "{state=\"$st\"}")" \
		   "$(jq --arg s "$st" 'map(select(.state == $s)) | length' "$mdir/list.json")"
done
check "metrics: a dead record exists (me-gone)" \
	test "$(value nstrack_namespaces '{state="dead"}')" -ge 1

# the series one would expect from the JSON, label escaping done by jq
cat >"$mdir/want.jq" <<'JQ'
def esc: gsub("\\\\"; "\\\\") | gsub("\""; "\\\"") | gsub("\n"; "\\n");
def labels: "{netns=\"\(.inode)\",cookie=\"\(.cookie)\",names=\"\(.names | map(esc) | join(","))\"}";
$list[0] | map(select(.state != "dead")) | sort_by(.cookie)[]
| . as $ns
| "nstrack_namespace_devices\(labels) \($dev[0] | map(select(.netns_cookie == $ns.cookie)) | length)",
  (($sk[0] | map(select(.cookie == $ns.cookie)))[0] as $s
   | if $s then "nstrack_namespace_sockets\($ns | labels) \($s.total)" else empty end)
JQ
jq -r -n --slurpfile list "$mdir/list.json" --slurpfile dev "$mdir/devices.json" \
	--slurpfile sk "$mdir/sockets.json" -f "$mdir/want.jq" | sort >"$mdir/want"
grep -E '^nstrack_namespace_(devices|sockets)\{' "$mdir/m.prom" | sort >"$mdir/got"
check "metrics: per-namespace devices and sockets equal devices -j and sockets -j" \
	eq "$(diff "$mdir/want" "$mdir/got")" ""

# independent of the tool's own JSON: ip counts the devices, stat the inode
ia=$(ino /run/netns/me-a)
check "metrics: me-a has as many devices as ip link shows (lo, va)" \
	eq "$(grep -E "^nstrack_namespace_devices\{netns=\"$ia\",cookie=\"[0-9]+\",names=\"me-a\"\} " "$mdir/m.prom" | awk '{ print $2 }')" \
	   "$(ip -n me-a -o link show | wc -l)"
iq=$(ino '/run/netns/me"q\x')
check "metrics: a name with a quote and a backslash is escaped" \
	grep -qF "netns=\"$iq\",cookie=" "$mdir/m.prom"
check "metrics: ... as \\\" and \\\\" \
	grep -qF 'names="me\"q\\x"}' "$mdir/m.prom"

check "metrics: events_total is the newest sequence number of history -j" \
	eq "$(value nstrack_events_total '')" \
	   "$("$NSTRACK" history -j | jq '[.[].seq] | max // 0')"
check "metrics: no notification lost" eq "$(value nstrack_events_lost_total '')" 0

"$NSTRACK" metrics -j >"$mdir/j.out" 2>"$mdir/j.err"
check "metrics -j: refused, one line on stderr, nothing on stdout" \
	eq "$?:$(wc -l <"$mdir/j.err"):$(wc -c <"$mdir/j.out")" "1:1:0"

ip netns del me-a
ip netns del me-b
ip netns del 'me"q\x'
rm -rf "$mdir"
