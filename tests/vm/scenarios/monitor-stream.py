#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# The oracle for a stream of "nstrack -j monitor --since S+1": reads what
# the monitor printed (stdout, stderr) and what the module says afterwards
# (history -j, list -j, devices -j), and prints one JSON object of facts
# that 65-monitor.sh checks one by one:
#
#   bad           lines on stdout that are neither an event nor a resync
#   events        events printed
#   increasing    event seqs strictly increasing, and above the seq of
#                 any resync before them (so none twice)
#   accounted     every seq after S up to the last one printed is either
#                 printed as an event or counted in the "lost" of the
#                 first resync after it: a resync's lost equals the gaps
#                 between the events printed since the previous resync
#                 (or S) plus the seqs from the last one printed up to
#                 its own "seq", which is not below any printed seq; no
#                 gap is left unreported at the end
#   last          the highest seq printed (event or resync)
#   resyncs, lost resync lines and the sum of their "lost"
#   stderr_lost   the sum of N over stderr's "nstrack: monitor: lost N"
#   overflows     stderr's "nstrack: monitor: receive queue overflowed"
#   compared, mismatched
#                 printed events still in the history, and how many of
#                 them differ from the history -j element with their seq
#   resync_keys   every resync's netns and devices elements have the keys
#                 of list -j and devices -j (null if there is no resync)
#   alive         cookies of the alive namespaces according to the stream:
#                 the last resync's netns array (without one, the list -j
#                 taken at seq S), with every later event applied
#
# usage: monitor-stream.py SINCE OUT ERR BASE_LIST HISTORY LIST DEVICES
#   SINCE is S: the monitor was started with --since S+1.
import json
import re
import sys

STATE = {"netns_new": "alive", "netns_pre_exit": "dying", "netns_exit": "dead"}


def load(path):
    with open(path) as f:
        return json.load(f)


def keysets(objs):
    return {tuple(sorted(o)) for o in objs}


def main():
    since = int(sys.argv[1])
    out, err = sys.argv[2], sys.argv[3]
    base, history, after, devices = (load(p) for p in sys.argv[4:8])

    facts = {"bad": 0, "events": 0, "increasing": True, "accounted": True,
             "last": None, "resyncs": 0, "lost": 0,
             "stderr_lost": 0, "overflows": 0, "compared": 0,
             "mismatched": 0, "resync_keys": None}
    by_seq = {e["seq"]: e for e in history}
    state = {ns["cookie"]: ns["state"] for ns in base}
    covered = since  # the highest seq printed as an event or resync
    gaps = 0  # seqs skipped by events since the last resync
    list_keys, dev_keys = keysets(after), keysets(devices)

    with open(out) as f:
        for line in f:
            try:
                obj = json.loads(line)
                seq = obj["seq"]
                typ = obj["type"]
            except (ValueError, KeyError, TypeError):
                facts["bad"] += 1
                continue
            if typ == "resync":
                facts["resyncs"] += 1
                facts["lost"] += obj["lost"]
                if seq < covered or obj["lost"] != gaps + seq - covered:
                    facts["accounted"] = False
                covered, gaps = seq, 0
                state = {ns["cookie"]: ns["state"] for ns in obj["netns"]}
                ok = (keysets(obj["netns"]) <= list_keys and
                      keysets(obj["devices"]) <= dev_keys)
                facts["resync_keys"] = ok and facts["resync_keys"] is not False
            else:
                facts["events"] += 1
                if seq <= covered:
                    facts["increasing"] = False
                if seq > covered + 1:
                    gaps += seq - covered - 1
                covered = max(covered, seq)
                if seq in by_seq:
                    facts["compared"] += 1
                    if obj != by_seq[seq]:
                        facts["mismatched"] += 1
                if typ in STATE:
                    state[obj["netns"]["cookie"]] = STATE[typ]
            facts["last"] = max(seq, facts["last"] or 0)

    if gaps:
        facts["accounted"] = False

    with open(err) as f:
        for line in f:
            m = re.match(r"nstrack: monitor: lost (\d+) event", line)
            if m:
                facts["stderr_lost"] += int(m.group(1))
            if line.startswith("nstrack: monitor: receive queue overflowed"):
                facts["overflows"] += 1

    facts["alive"] = sorted(c for c, s in state.items() if s == "alive")
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
